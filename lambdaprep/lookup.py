"""Limits lookup: typo-tolerant search over every limit row, by words or by number.

Used by ``lambdaprep limits`` (the fast path: no Textual, no pydantic on a warm
cache) and by the TUI's Limits screen. Matching:

* words are matched against each row's name, aliases, display form, notes and table
  title with rapidfuzz (so "ephemral" still finds ephemeral storage), with exact and
  whole-word hits ranked above fuzzy ones;
* a query that reads as a number or a quantity ("900", "10240", "6 MB", "15 min") also
  matches rows whose value, minimum or default is that amount, unit-aware through
  :mod:`lambdaprep.units`.

Rows with more aliases break ties: aliases are written for the limits people ask about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lambdaprep.units import UnitError, format_quantity, parse_quantity, parse_unit

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.content.discovery import Problem
    from lambdaprep.content.source import PackSource

INDEX_VERSION = 1
MIN_SCORE = 66.0
"""Weighted score below which a row is not a match."""


@dataclass(frozen=True, slots=True)
class LimitEntry:
    """A limit row flattened for search and display (no pydantic needed)."""

    key: str
    pack: str
    table: str
    table_title: str
    topic: str
    id: str
    name: str
    value: float
    unit: str
    display: str
    adjustable: bool
    aliases: tuple[str, ...] = ()
    notes: str = ""
    source: str = ""
    as_of: str = ""
    minimum: float | None = None
    default: float | None = None
    tags: tuple[str, ...] = ()

    @property
    def quota(self) -> str:
        return "adjustable" if self.adjustable else "hard limit"

    @property
    def value_text(self) -> str:
        return format_quantity(self.value, self.unit)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        d["tags"] = list(self.tags)
        return d


@dataclass(frozen=True, slots=True)
class Match:
    entry: LimitEntry
    score: float
    why: str
    """What matched: ``alias``, ``name``, ``value``, ``notes``, …"""


def entries_from_catalog(catalog: Catalog) -> list[LimitEntry]:
    out: list[LimitEntry] = []
    for table in catalog.limit_tables.values():
        for row in table.rows:
            out.append(
                LimitEntry(
                    key=row.key,
                    pack=row.pack,
                    table=table.id,
                    table_title=table.title,
                    topic=table.topic,
                    id=row.id,
                    name=row.name,
                    value=row.value,
                    unit=row.unit,
                    display=row.display,
                    adjustable=row.adjustable,
                    aliases=tuple(row.aliases),
                    notes=row.notes.strip(),
                    source=row.source or table.source,
                    as_of=(row.as_of or table.as_of).isoformat() if (row.as_of or table.as_of) else "",
                    minimum=row.minimum,
                    default=row.default,
                    tags=tuple(dict.fromkeys([*table.tags, *row.tags])),
                )
            )
    return out


# ------------------------------------------------------------------ index cache


def load_entries(sources: Sequence[PackSource], cache_dir: Path | None) -> tuple[list[LimitEntry], list[Problem]]:
    """Every limit row of every pack, from a small JSON index when it is fresh (no YAML, no pydantic)."""
    from lambdaprep.content.derived import load_derived

    return load_derived(
        "limits-index",
        INDEX_VERSION,
        sources,
        cache_dir,
        lambda catalog: [e.to_dict() for e in entries_from_catalog(catalog)],
        _entries_from_json,
    )


_ENTRY_TYPES: dict[str, tuple[type, ...]] = {
    "key": (str,), "pack": (str,), "table": (str,), "table_title": (str,), "topic": (str,), "id": (str,),
    "name": (str,), "value": (int, float), "unit": (str,), "display": (str,), "adjustable": (bool,),
    "aliases": (list,), "notes": (str,), "source": (str,), "as_of": (str,), "minimum": (int, float, type(None)),
    "default": (int, float, type(None)), "tags": (list,),
}


def _entries_from_json(data: Any) -> list[LimitEntry]:
    """The stored index back as entries; raises ValueError on anything of the wrong shape."""
    if not isinstance(data, list):
        raise ValueError("the limits index is not a list")
    out = []
    for e in data:
        if not isinstance(e, dict) or set(e) != set(_ENTRY_TYPES):
            raise ValueError("a limits index entry has the wrong keys")
        for name, types in _ENTRY_TYPES.items():
            if not isinstance(e[name], types) or (name in ("value", "minimum", "default") and isinstance(e[name], bool)):
                raise ValueError(f"a limits index entry has a bad {name}")
        if not all(isinstance(x, str) for x in (*e["aliases"], *e["tags"])):
            raise ValueError("a limits index entry has a bad alias or tag")
        out.append(LimitEntry(**{**e, "aliases": tuple(e["aliases"]), "tags": tuple(e["tags"])}))
    return out


# ------------------------------------------------------------------ searching

_WORD_RE = re.compile(r"[a-z0-9]+")


def _norm(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


@dataclass
class LimitIndex:
    """Search over limit entries. Build once; :meth:`search` is cheap per keystroke."""

    entries: list[LimitEntry]
    _fields: list[list[tuple[str, float, str]]] = field(default_factory=list, init=False)

    # how much each field counts toward the score
    WEIGHTS = {"alias": 1.0, "name": 1.0, "display": 0.8, "table": 0.7, "notes": 0.6, "tag": 0.8}

    def __post_init__(self) -> None:
        for e in self.entries:
            fields = [(_norm(e.name), self.WEIGHTS["name"], "name")]
            fields += [(_norm(a), self.WEIGHTS["alias"], "alias") for a in e.aliases]
            fields += [(_norm(e.display), self.WEIGHTS["display"], "display"), (_norm(e.table_title), self.WEIGHTS["table"], "table")]
            fields += [(_norm(t.replace("-", " ")), self.WEIGHTS["tag"], "tag") for t in e.tags]
            if e.notes:
                fields.append((_norm(e.notes), self.WEIGHTS["notes"], "notes"))
            self._fields.append([f for f in fields if f[0]])

    def search(self, query: str, limit: int | None = None) -> list[Match]:
        q = _norm(query)
        if not q:
            if query.strip():  # only punctuation, a dash, an emoji: nothing to match, not everything
                return []
            return [Match(e, 0.0, "") for e in self.entries][:limit]
        from rapidfuzz import fuzz

        q = _drop_product_words(q, fuzz)

        number = _as_quantity(query)
        results: list[tuple[float, int, int, Match]] = []
        for order, (entry, fields) in enumerate(zip(self.entries, self._fields, strict=True)):
            best, why = 0.0, ""
            for text, weight, kind in fields:
                score = _text_score(q, text, fuzz) * weight
                if score > best:
                    best, why = score, kind
            if " " in q and best < 97.0:
                words_score = _words_score(q, fields, fuzz)
                if words_score > best:
                    best, why = words_score, "words"
            if number is not None:
                nscore = _number_score(number, entry)
                if nscore > best:
                    best, why = nscore, "value"
            if best >= MIN_SCORE:
                results.append((-best, -len(entry.aliases), order, Match(entry, round(best, 1), why)))
        results.sort(key=lambda r: r[:3])
        matches = [r[3] for r in results]
        return matches[:limit] if limit else matches

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Closest names for a query that matched nothing."""
        from rapidfuzz import fuzz, process

        choices = {e.name: e for e in self.entries}
        for e in self.entries:
            for a in e.aliases:
                choices.setdefault(a, e)
        found = process.extract(_norm(query), list(choices), scorer=fuzz.WRatio, processor=_norm, limit=n * 3, score_cutoff=55)
        names: list[str] = []
        for text, _score, _ in found:
            name = choices[text].name
            if name not in names:
                names.append(name)
        return names[:n]


def _text_score(q: str, text: str, fuzz: Any) -> float:
    if q == text:
        return 110.0
    words = text.split()
    qwords = q.split()
    if len(qwords) == 1 and q in words:
        return 100.0 - min(len(words), 10) * 0.5  # whole word: shorter texts rank higher
    if len(q) >= 3 and text.startswith(q):
        return 96.0
    if len(qwords) > 1 and all(w in words for w in qwords):
        return 98.0
    if len(q) >= 4 and q in text:
        return 92.0
    if len(q) < 3:
        # one or two letters, as while typing: words that start with them
        if text.startswith(q):
            return 86.0 - min(len(words), 10) * 0.5
        if any(w.startswith(q) for w in words):
            return 80.0 - min(len(words), 10) * 0.5
        return 0.0
    # Typo tolerance: compare against each window of as many words as the query. A
    # small bonus for covering more of the text ranks the row whose alias *is* the
    # misspelled word above rows where it is one word of several.
    n = len(qwords)
    best = fuzz.ratio(q, text)
    for i in range(max(1, len(words) - n + 1)):
        window = " ".join(words[i : i + n])
        best = max(best, fuzz.ratio(q, window) + 3.0 * len(window) / len(text))
    return min(best * 0.9, 95.0)


_PRODUCT_WORDS = ("lambda", "aws")


def _drop_product_words(q: str, fuzz: Any) -> str:
    """``lamda timeot`` → ``timeot``: every row is about Lambda, so the product name (even misspelt) says nothing."""
    words = q.split()
    kept = [w for w in words if not (len(w) >= 3 and any(fuzz.ratio(w, p) >= 80 for p in _PRODUCT_WORDS))]
    return " ".join(kept) if kept else q


def _words_score(q: str, fields: list[tuple[str, float, str]], fuzz: Any) -> float:
    """Each query word against the best word of the row's name, aliases, tags and table (not notes).

    ``payload size`` finds the row whose alias says *payload* and another alias says *size*,
    although no single field holds both words.
    """
    words = {w for text, _weight, kind in fields if kind != "notes" for w in text.split()}
    if not words:
        return 0.0
    whole = {text for text, _weight, kind in fields if kind in ("name", "alias")}
    total = 0.0
    for qw in q.split():
        if qw in whole:
            total += 102.0  # a query word that is a whole alias (``payload``) says most about the row
        elif qw in words:
            total += 100.0
        elif len(qw) >= 3 and any(w.startswith(qw) for w in words):
            total += 95.0
        elif len(qw) >= 4:
            total += max(fuzz.ratio(qw, w) for w in words) * 0.9
        else:
            return 0.0
    return total / len(q.split()) * 0.97


def _as_quantity(query: str) -> tuple[float, str | None] | None:
    """``(value, unit symbol or None)`` when the query reads as a number or a quantity."""
    text = query.strip()
    if not text or not any(c.isdigit() for c in text):
        return None
    try:
        q = parse_quantity(text)
    except UnitError:
        return None
    unit = None if q.unit.symbol == "count" and not re.search(r"[a-zA-Z]", text) else q.unit.symbol
    return q.value, unit


def _number_score(number: tuple[float, str | None], entry: LimitEntry) -> float:
    value, unit = number
    candidates = [v for v in (entry.value, entry.minimum, entry.default) if v is not None]
    try:
        row_unit = parse_unit(entry.unit)
    except UnitError:
        return 0.0
    for i, v in enumerate(candidates):
        if unit is None:
            if abs(v - value) < 1e-9:
                return 99.0 if i == 0 else 90.0
        else:
            q_unit = parse_unit(unit)
            if q_unit.dimension == row_unit.dimension and abs(v * row_unit.factor - value * q_unit.factor) <= 1e-9 * max(1.0, abs(value * q_unit.factor)):
                return 100.0 if i == 0 else 91.0
    return 0.0


def group_by_table(matches: Iterable[Match]) -> list[tuple[str, list[Match]]]:
    """Matches grouped by their table title, tables in order of their best match."""
    groups: dict[str, list[Match]] = {}
    for m in matches:
        groups.setdefault(m.entry.table_title, []).append(m)
    return list(groups.items())


def short_source(url: str) -> str:
    """``https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html`` → ``docs.aws…/gettingstarted-limits``."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html") or host
    frag = f"#{parts.fragment}" if parts.fragment else ""
    if host == "docs.aws.amazon.com":
        host = "docs.aws"
    return f"{host}/{tail}{frag}" if tail != host else host
