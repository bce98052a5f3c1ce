"""Hardened YAML reading for content packs.

Packs are data written by people we do not control, so this module reads YAML
*defensively* and keeps the position of every value so that validation errors
can point at ``file:line:column``.

How it works: we drive libyaml's event parser (the C ``CParser`` when PyYAML
was built with it, the pure-Python parser otherwise) and build plain Python
objects from the event stream ourselves. Building from events rather than
calling ``yaml.load`` gives us, in one pass:

* **marks**: the line and column of every mapping key and value, keyed by the
  path to it (``("cards", 3, "front")``), which is exactly the ``loc`` that
  pydantic reports;
* **no code execution**: only the YAML core tags are accepted; ``!!python/…``
  and any other explicit tag is refused before anything is constructed;
* **no alias bombs**: anchors and aliases are refused at the first one, so
  "billion laughs" costs nothing;
* **bounded work**: a size cap (checked before reading), a nesting-depth cap
  and a node-count cap;
* **duplicate keys** reported instead of silently overwritten;
* **display-safe strings**: control characters (``ESC`` above all) that a
  quoted scalar can spell as ``"\\e"`` or ``"\\x1b"`` are made visible
  (:func:`lambdaprep.safe.safe_text`), so no pack string can drive a terminal.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml import events as ev

from lambdaprep.safe import safe_text

try:  # libyaml's C parser is ~20x faster; fall back to pure Python when PyYAML lacks libyaml
    from yaml import CSafeLoader as _Parser  # we only call its C get_event()

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _PyParser.__init__(self)

    HAVE_LIBYAML = False

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest YAML file accepted. The biggest shipped file is far below this."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted."""
MAX_NODES = 50_000
"""Most scalars + collections (keys count) accepted in one file. The biggest shipped file has
about 2,100; parsing stops at the cap, so a hostile file fails in a fraction of a second
(benchmarks/bench_hostile.py)."""
MAX_PACK_NODES = 100_000
"""Most values accepted in all the files of one pack together (the shipped pack has ~22,000)."""

Path_ = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
    "!",  # the non-specific tag on a quoted scalar
}


class Mark(NamedTuple):
    """A 1-based position in a file (a tuple: one is made per value, so it must be cheap)."""

    line: int
    column: int


class YamlError(Exception):
    """A file could not be read as safe pack YAML."""

    def __init__(self, message: str, mark: Mark | None = None, *, too_big: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.too_big = too_big
        """The file hit the value cap (reading stopped there)."""


@dataclass(slots=True)
class Document:
    """A parsed YAML document with the position of every value and key."""

    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    """Where each value starts, by path."""
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    """Where each mapping key starts, by the path of its value."""
    nodes: int = 0
    """How many values (scalars, keys and collections) the file holds."""

    def mark_for(self, path: Path_) -> Mark | None:
        """Best position for ``path``: the exact node, else the nearest parent."""
        p = tuple(path)
        while True:
            if p in self.marks:
                return self.marks[p]
            if not p:
                return None
            p = p[:-1]


_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()


def _mark(m: Any) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _scalar(event: ev.ScalarEvent) -> Any:
    tag = event.tag
    if tag is not None and tag not in _CORE_TAGS:
        raise YamlError(
            f"the YAML tag {tag!r} is not allowed in packs (only plain values, lists and mappings)",
            _mark(event.start_mark),
        )
    if tag is None or tag == "!":
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        if tag == "tag:yaml.org,2002:str":
            return safe_text(event.value)  # control characters made visible once, here
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            number = _constructor.construct_yaml_float(node)
            if not math.isfinite(number):
                raise YamlError(
                    f"{_short(event.value)} is not a finite number; packs hold plain numbers only (no .nan or .inf)",
                    _mark(event.start_mark),
                )
            return number
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:timestamp":
            value = _constructor.construct_yaml_timestamp(node)
            return value
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        raise YamlError(f"cannot read {event.value!r} as {tag.rsplit(':', 1)[-1]}: {exc}", _mark(event.start_mark)) from None
    raise YamlError(f"the YAML tag {tag!r} is not allowed in packs", _mark(event.start_mark))  # pragma: no cover


def _hashable_key(value: Any, mark: Mark) -> str | int | float | bool | None | _dt.date:
    if isinstance(value, (dict, list)):
        raise YamlError("mapping keys must be plain values, not lists or mappings", mark)
    return value


def _short(value: str, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]


_UNCLOSED = {
    "while parsing a flow sequence": "this '[' is never closed",
    "while parsing a flow mapping": "this '{' is never closed",
}


def _marked_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    """libyaml's error, placed where the broken construct *starts* when that is what went wrong.

    An unclosed bracket or quote is only noticed where the parser gives up — at the end of
    the file, or thousands of lines later — so the message names both places:
    ``5:12: this '[' is never closed (parser stopped at 6:9: …)``.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    start, stop = exc.context_mark, exc.problem_mark
    what = _UNCLOSED.get(exc.context or "")
    if start is not None and exc.context == "while scanning a quoted scalar":
        quote = text[start.index] if 0 <= start.index < len(text) else '"'
        what = f"this {quote} quote is never closed"
    if what is not None and start is not None and stop is not None:
        return YamlError(f"invalid YAML: {what} (parser stopped at {stop.line + 1}:{stop.column + 1}: {problem})", _mark(start))
    m = stop or start
    return YamlError(f"invalid YAML: {problem}", _mark(m) if m is not None else None)


def parse_text(text: str, *, max_nodes: int = MAX_NODES) -> Document:
    """Parse one YAML document from ``text`` safely.

    Raises :class:`YamlError` with a position for anything unsafe or malformed.
    An empty document yields ``data=None``.
    """
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise YamlError("the file contains a NUL byte; packs must be UTF-8 text", Mark(line, 1))
    doc = Document(None)
    marks = doc.marks
    key_marks = doc.key_marks
    # Each frame: [container, path, pending_key (for mappings), is_mapping, has_key]
    stack: list[list[Any]] = []
    nodes = 0
    documents = 0
    try:
        parser = _Parser(text)
        while True:
            event = parser.get_event()
            if event is None:
                break
            cls = type(event)
            if cls is ev.StreamStartEvent or cls is ev.StreamEndEvent or cls is ev.DocumentEndEvent:
                continue
            if cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError("a pack file holds one YAML document; found a second '---'", _mark(event.start_mark))
                continue
            if cls is ev.AliasEvent or getattr(event, "anchor", None) is not None:
                raise YamlError(
                    "YAML anchors and aliases (&name / *name) are not supported in packs; write the value out",
                    _mark(event.start_mark),
                )
            if cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                if stack:
                    _attach(stack[-1], value, marks, key_marks)
                else:
                    doc.data = value
                continue

            nodes += 1
            if nodes > max_nodes:
                raise YamlError(
                    f"more than {max_nodes:,} values; split it into smaller files or packs (parsing stopped here)",
                    _mark(event.start_mark),
                    too_big=True,
                )
            mark = _mark(event.start_mark)

            if cls is ev.ScalarEvent:
                value = _scalar(event)
                if stack:
                    parent = stack[-1]
                    if parent[3] and not parent[4]:  # this scalar is a mapping key
                        key = _hashable_key(value, mark)
                        if key in parent[0]:
                            raise YamlError(f"duplicate key {key!r} in the same mapping", mark)
                        parent[2] = key
                        parent[4] = True
                        key_marks[parent[1] + (key,)] = mark
                        continue
                    path = _child_path(parent)
                    marks[path] = mark
                    _attach(parent, value, marks, key_marks)
                else:
                    marks[()] = mark
                    doc.data = value
                continue

            if cls is ev.MappingStartEvent or cls is ev.SequenceStartEvent:
                tag = event.tag
                if tag is not None and tag not in _CORE_TAGS:
                    raise YamlError(f"the YAML tag {tag!r} is not allowed in packs", mark)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(f"values are nested more than {MAX_DEPTH} levels deep", mark)
                if stack:
                    parent = stack[-1]
                    if parent[3] and not parent[4]:
                        raise YamlError("mapping keys must be plain values, not lists or mappings", mark)
                    path = _child_path(parent)
                else:
                    path = ()
                marks[path] = mark
                is_map = cls is ev.MappingStartEvent
                stack.append([{} if is_map else [], path, None, is_map, False])
                continue
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, text) from None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        pos = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a byte"
        raise YamlError(f"invalid YAML: the character {char} is not allowed in YAML text", Mark(line, column)) from None
    except yaml.YAMLError as exc:
        raise YamlError("invalid YAML: " + " ".join(str(exc).split())) from None
    except RecursionError:  # pragma: no cover - the depth cap fires long before
        raise YamlError(f"values are nested more than {MAX_DEPTH} levels deep") from None
    doc.nodes = nodes
    return doc


def _child_path(frame: list[Any]) -> Path_:
    if frame[3]:
        return frame[1] + (frame[2],)
    return frame[1] + (len(frame[0]),)


def _attach(frame: list[Any], value: Any, marks: dict[Path_, Mark], key_marks: dict[Path_, Mark]) -> None:
    if frame[3]:
        frame[0][frame[2]] = value
        frame[4] = False
        frame[2] = None
    else:
        frame[0].append(value)


def read_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES, max_nodes: int = MAX_NODES) -> Document:
    """Read and parse a pack YAML file with every safety check applied."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(f"cannot read the file: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise YamlError(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew between stat and read
        raise YamlError(f"the file is over the {max_bytes:,}-byte limit")
    text = decode_utf8(raw)
    if not text.strip():
        raise YamlError("the file is empty")
    return parse_text(text, max_nodes=max_nodes)


def decode_utf8(raw: bytes) -> str:
    """Decode pack bytes as UTF-8 (a BOM is allowed), naming the position of a bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            Mark(line, column),
        ) from None
    return text.removeprefix("\ufeff")
