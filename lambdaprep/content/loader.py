"""Finding, reading and validating content packs.

A *pack* is a folder with a ``pack.yaml`` manifest and any number of ``*.yaml``
files of items. :func:`load_pack` reads one folder; :func:`discover` turns the
places packs can come from (built-in, the user packs folder, ``--pack`` and
``LAMBDAPREP_PACKS``) into pack folders. Every problem is a :class:`Problem`
that names ``file:line:column``, the field path and what was expected; all the
problems of a pack are collected before it is skipped.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lambdaprep.content import factrefs
from lambdaprep.content import models as m
from lambdaprep.content.discovery import PACK_MANIFEST, Problem, discover, outside, pack_files, yaml_files
from lambdaprep.content.kinds import INDEX_NOUNS, KINDS, PackFile, RefPath
from lambdaprep.content.source import PackSource

__all__ = ["Pack", "PackSource", "Problem", "discover", "load_pack", "pack_files"]
from lambdaprep.content.yamlsafe import MAX_NODES, MAX_PACK_NODES, Document, Mark, YamlError, read_file

MAX_FILES_PER_PACK = 2000
MAX_PROBLEMS_PER_FILE = 50
"""Problems listed for one file before checking it stops (each is one line of output)."""


@dataclass(frozen=True, slots=True)
class ExternalRef:
    """A ``pack-id/item-id`` reference to another pack, and where it is written."""

    ref: str
    kind: str
    """The index it must name an item of (``cards``, ``diagrams``, ``mock_prompts``; see ``kinds.INDEX_NOUNS``); ``step``: a mock format's random
    step (``ref`` is ``format-id#index``) that must match at least one prompt."""
    file: Path
    line: int | None
    column: int | None
    field: str


def _empty_sections() -> dict[str, list[Any]]:
    return {kind.section: [] for kind in KINDS}


@dataclass(slots=True)
class Pack:
    """A validated pack: its manifest and its items, in file order, by section (see :mod:`.kinds`)."""

    manifest: m.Manifest
    path: Path
    origin: str = "builtin"
    files: list[Path] = field(default_factory=list)
    items: dict[str, list[Any]] = field(default_factory=_empty_sections)
    """Section name (``cards``, ``quiz`` …) → that section's items."""
    external_refs: list[ExternalRef] = field(default_factory=list)
    """References to items of other packs, with where they are written (checked by the Catalog)."""

    @property
    def id(self) -> str:
        return self.manifest.id

    def __getattr__(self, name: str) -> list[Any]:
        """``pack.cards`` is ``pack.items["cards"]`` (any registered section)."""
        try:
            return object.__getattribute__(self, "items")[name]  # type: ignore[no-any-return]
        except (AttributeError, KeyError):
            raise AttributeError(name) from None

    def counts(self) -> dict[str, int]:
        """Item counts by each counted kind's ``count_key``."""
        return {k.count_key: k.count(self.items[k.section]) for k in KINDS if k.count_key}


# ------------------------------------------------------------------ loading


def load_pack(folder: Path, origin: str = "builtin") -> tuple[Pack | None, list[Problem]]:
    """Read and validate one pack folder. Returns ``(None, problems)`` when it has errors."""
    label = str(folder)
    problems: list[Problem] = []
    manifest_path = folder / PACK_MANIFEST
    manifest: m.Manifest | None = None
    manifest_nodes = 0
    try:
        doc = _read(manifest_path, folder)
    except YamlError as exc:
        problems.append(_yaml_problem(exc, manifest_path, label))
    else:
        manifest_nodes = doc.nodes
        manifest, errs = _validate(m.Manifest, doc, manifest_path, label)
        problems.extend(errs)

    try:
        files = list(yaml_files(folder))
    except OSError as exc:
        problems.append(Problem(f"cannot read the pack folder ({exc.strerror or exc})", file=folder, pack=label))
        return None, problems
    if len(files) > MAX_FILES_PER_PACK:
        problems.append(Problem(f"the pack has {len(files)} YAML files; the limit is {MAX_FILES_PER_PACK}", file=folder, pack=label))
        return None, problems

    pack = Pack(manifest=manifest or _placeholder_manifest(), path=folder, origin=origin, files=[manifest_path, *files])
    ids: dict[str, tuple[Path, Mark | None]] = {}  # every id in the pack (one id space)
    indexed: dict[str, set[str]] = {index: set() for index in INDEX_NOUNS}  # the ids of each kind
    # Refs to check after every file is read: (ref, file, mark, field path, target index)
    refs: list[tuple[str, Path, Mark | None, str, str]] = []
    # {limit:...} references in prose, checked once every limits row is known
    fact_refs: list[tuple[factrefs.Found, Path, Mark | None, str, bool]] = []

    budget = MAX_PACK_NODES - manifest_nodes
    for path in files:
        if budget <= 0:
            problems.append(Problem(f"the pack holds more than {MAX_PACK_NODES:,} values in all; split it", file=path, pack=label))
            break
        try:
            doc = _read(path, folder, max_nodes=min(MAX_NODES, budget))
        except YamlError as exc:
            problems.append(_yaml_problem(exc, path, label))
            if exc.too_big:
                budget -= min(MAX_NODES, budget)
            continue
        budget -= doc.nodes
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(
                    "a pack file must be a mapping with sections such as cards:, quiz: or limit_tables:",
                    file=path,
                    line=(doc.marks.get(()) or Mark(1, 1)).line,
                    column=(doc.marks.get(()) or Mark(1, 1)).column,
                    pack=label,
                )
            )
            continue
        _apply_defaults(doc)
        parsed, errs = _validate_file(doc, path, label)
        problems.extend(errs)
        for kind in KINDS:
            section = kind.section
            items = parsed.get(section, [])
            for index, item in items:
                _register_id(ids, item.id, path, doc.mark_for((section, index, "id")), problems, label, f"{section}[{index}].id")
                indexed[section].add(item.id)
                if kind.nested is not None:
                    for r, child in enumerate(getattr(item, kind.nested.field)):
                        where: RefPath = (section, index, kind.nested.field, r, "id")
                        _register_id(ids, child.id, path, doc.mark_for(where), problems, label, _field_path(where))
                        indexed[kind.nested.index].add(child.id)
                for ref_field in kind.refs:
                    for ref, at in ref_field.refs(item):
                        where = (section, index, *at)
                        refs.append((ref, path, doc.mark_for(where), _field_path(where), ref_field.target))
                if section == "mock_formats":  # random steps are matched against every loaded pack's prompts
                    for i, step in enumerate(item.steps):
                        if step.kind is not None:
                            where = (section, index, "steps", i, "kind")
                            mark = doc.mark_for(where)
                            pack.external_refs.append(
                                ExternalRef(f"{item.id}#{i}", "step", path, mark.line if mark else None, mark.column if mark else None, _field_path(where))
                            )
                fact_refs.extend(_fact_refs_of(doc, section, index, path))
            pack.items[section].extend(item for _, item in items)

    if manifest is None:
        return None, problems

    pack_id = manifest.id
    for ref, path, mark, fpath, target in refs:
        owner, _, item_id = ref.rpartition("/")
        if owner not in ("", pack_id):  # checked by the Catalog once every pack is loaded
            pack.external_refs.append(ExternalRef(ref, target, path, mark.line if mark else None, mark.column if mark else None, fpath))
        elif item_id not in indexed[target]:
            close = difflib.get_close_matches(item_id, sorted(indexed[target]), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            noun = INDEX_NOUNS[target]
            problems.append(_problem(f"refers to {ref!r}, which is not a {noun} in pack {pack_id!r}{hint}", path, mark, fpath, label))

    rows = {row.id: row for table in pack.items["limit_tables"] for row in table.rows}
    for found, path, mark, fpath, resolved_here in fact_refs:
        why = factrefs.problem_of(found, rows)
        if why is None and not resolved_here:
            why = f"{found.text}: limit references are resolved only in prose fields, not in {fpath.rsplit('.', 1)[-1]!r}"
        if why is not None:
            if found.row_id and "refers to no" in why:
                short = [r.removeprefix("limit-") for r in rows]
                close = difflib.get_close_matches(found.row_id.removeprefix("limit-"), short, n=1)
                why += f"; did you mean {{limit:{close[0]}}}?" if close else ""
            problems.append(_problem(why, path, mark, fpath, label))

    if problems:
        return None, problems
    _finish(pack)
    if fact_refs:
        _render_fact_refs(pack, rows)
    return pack, []


def _read(path: Path, folder: Path, *, max_nodes: int = MAX_NODES) -> Document:
    """:func:`read_file`, refusing a file that is (or links to) something outside the pack folder.

    A link out of the pack is refused before it is opened, so nothing of its content
    (``/etc/shadow``…) can reach an error message.
    """
    if outside(path, folder):
        raise YamlError("links to a file outside the pack folder; refused (it was not read)")
    return read_file(path, max_nodes=max_nodes)


def _fact_refs_of(doc: Document, section: str, index: int, path: Path) -> Iterator[tuple[factrefs.Found, Path, Mark | None, str, bool]]:
    raw = doc.data[section][index]
    for where, text, resolved_here in factrefs.strings_in(section, raw):
        if "{limit:" not in text:
            continue
        for found in factrefs.scan(text):
            full = (section, index, *where)
            yield found, path, doc.mark_for(full), _field_path(full), resolved_here


def _render_fact_refs(pack: Pack, rows: dict[str, Any]) -> None:
    """Replace every ``{limit:...}`` in prose fields with the row's value (checked already)."""
    for section, fields in factrefs.RESOLVED_FIELDS.items():
        for item in getattr(pack, section):
            if section == "limit_tables":
                item.description = factrefs.render(item.description, rows)
                for row in item.rows:
                    row.notes = factrefs.render(row.notes, rows)
                continue
            if section == "mock_prompts":
                for point in item.rubric:
                    point.point = factrefs.render(point.point, rows)
                fields = tuple(f for f in fields if f != "rubric")
            for name in fields:
                setattr(item, name, factrefs.render_value(getattr(item, name), rows))


def _placeholder_manifest() -> m.Manifest:
    return m.Manifest.model_construct(id="?", title="?", version="0", as_of=dt.date.min)


def _register_id(
    ids: dict[str, tuple[Path, Mark | None]],
    item_id: str,
    path: Path,
    mark: Mark | None,
    problems: list[Problem],
    label: str,
    fpath: str,
) -> None:
    if item_id in ids:
        first_path, first_mark = ids[item_id]
        first = f"{first_path}:{first_mark.line}" if first_mark else str(first_path)
        problems.append(_problem(f"duplicate id {item_id!r} (first defined at {first})", path, mark, fpath, label))
    else:
        ids[item_id] = (path, mark)


def _finish(pack: Pack) -> None:
    """Give every item its pack id and fill inherited values (as_of, table source)."""
    pack_id = pack.manifest.id
    pack_as_of = pack.manifest.as_of
    for kind in KINDS:
        for item in pack.items[kind.section]:
            item._pack = pack_id
            if getattr(item, "as_of", "n/a") is None:
                item.as_of = pack_as_of
            if kind.nested is not None:
                for child in getattr(item, kind.nested.field):
                    child._pack = pack_id
    table: m.LimitTable
    for table in pack.items["limit_tables"]:
        for row in table.rows:
            row._table = table.id
            row._topic = table.topic
            if row.source is None:
                row.source = table.source
            if row.as_of is None:
                row.as_of = table.as_of
            if row.verified is None:
                row.verified = table.verified


def _apply_defaults(doc: Document) -> None:
    """Copy ``defaults:`` into items that lack those keys, keeping positions for errors."""
    data = doc.data
    defaults = data.get("defaults")
    if not isinstance(defaults, dict):
        return
    for kind in KINDS:
        section, allowed = kind.section, kind.defaults
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for key in allowed:
                if key in defaults and key not in item:
                    item[key] = defaults[key]
                    mark = doc.marks.get(("defaults", key))
                    if mark is not None:
                        doc.marks[(section, index, key)] = mark


def _validate_file(doc: Document, path: Path, label: str) -> tuple[dict[str, list[tuple[int, Any]]], list[Problem]]:
    """Validate a pack file item by item, so that one bad item does not hide the others.

    Returns the valid items of each section with their index in the file.
    """
    data: dict[Any, Any] = doc.data
    problems: list[Problem] = []
    # The file's own shape first: known sections, each a list, and the defaults.
    shape = {k: (v if k == "defaults" else ([] if isinstance(v, list) else v)) for k, v in data.items()}
    _, errs = _validate(PackFile, doc, path, label, shape)
    problems.extend(errs)
    parsed: dict[str, list[tuple[int, Any]]] = {}
    for kind in KINDS:
        section, model = kind.section, kind.model
        items = data.get(section)
        if not isinstance(items, list):
            continue
        good: list[tuple[int, Any]] = []
        for index, raw in enumerate(items):
            if len(problems) >= MAX_PROBLEMS_PER_FILE:  # a hostile or generated file: do not list 100,000 errors
                mark = doc.mark_for((section, index))
                problems.append(
                    _problem(f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; checking stopped here", path, mark, "", label)
                )
                return parsed, problems
            try:
                good.append((index, model.model_validate(raw)))
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    located = {**err, "loc": (section, index, *err["loc"])}
                    problems.append(_from_pydantic(located, PackFile, doc, path, label))
        parsed[section] = good
    return parsed, problems


def _validate(
    model: type[BaseModel], doc: Document, path: Path, label: str, data: Any = None
) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(doc.data if data is None else data), []
    except ValidationError as exc:
        return None, [_from_pydantic(err, model, doc, path, label) for err in exc.errors(include_url=False)]


def _data_loc(raw: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Pydantic's error location as a path into the pack's data.

    Pydantic puts its own steps in a location (``function-after[…]``, ``tagged-union[…]``);
    those are dropped, but a key the pack really has is kept whatever its text (a
    hostile file may use ``(`` or ``[x]`` as a key). A key that is not in the data (a
    missing one) is kept too.
    """
    out: list[Any] = []
    node = data
    for part in raw:
        if isinstance(part, int):
            out.append(part)
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        elif isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif "[" in part or "(" in part:
            continue  # pydantic's own step
        else:
            out.append(part)
            node = None
    return tuple(out)


def _from_pydantic(err: Any, root: type[BaseModel], doc: Document, path: Path, label: str) -> Problem:
    loc = _data_loc(tuple(err["loc"]), doc.data)
    kind = err["type"]
    if kind in ("extra_forbidden", "missing") and not loc:  # nothing to point at: pydantic's words, the file's top
        return _problem(err["msg"], path, doc.mark_for(()), "", label)
    if kind == "extra_forbidden":
        key = loc[-1]
        parent = loc[:-1]
        owner = m.model_at(PackFile, parent) if root is PackFile else root
        names = m.field_names(owner) if owner is not None else []
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else (f" (expected one of: {', '.join(names)})" if names else "")
        message = f"unknown key {key!r}{hint}"
        mark = doc.key_marks.get(loc) or doc.mark_for(loc)
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
        mark = doc.mark_for(loc[:-1])
        # point at the mapping the key belongs in
    else:
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        given = err.get("input")
        if kind not in ("value_error", "assertion_error") and not isinstance(given, (dict, list)):
            message += f" (got {_short(given)})"
        mark = doc.mark_for(loc)
    return _problem(message, path, mark, _field_path(loc), label)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _problem(message: str, path: Path, mark: Mark | None, fpath: str, label: str) -> Problem:
    return Problem(
        message,
        file=path,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        field=fpath,
        pack=label,
    )


def _yaml_problem(exc: YamlError, path: Path, label: str) -> Problem:
    return _problem(exc.message, path, exc.mark, "", label)
