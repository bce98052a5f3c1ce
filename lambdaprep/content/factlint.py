"""A lint for prose that restates a limit with a different number.

For every limits row, its aliases (and its name) are *triggers*. Wherever a trigger
appears in prose, the first number that follows it in the same clause is read with its
unit; if that unit measures the same thing as the row (a duration for a timeout, a size
for a payload, a bare number for a count) and the number matches none of the values the
rows with that trigger hold (value, minimum, default), the sentence contradicts the
limits table. Prose should then use a ``{limit:...}`` reference (see :mod:`factrefs`),
or the sentence goes on an allow-list when it deliberately quotes history.

Heuristic on purpose: it looks at the one number right after the trigger, so "5 batches,
then +300 a minute, up to 1,250" is read number by number only where a trigger sits in
front of each. No pydantic, no Textual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from lambdaprep.units import UNITS, Dimension, Unit, UnitError, parse_unit

WINDOW = 48
"""How many characters after a trigger may separate it from its number."""
MIN_TRIGGER = 5
"""Aliases shorter than this (``tmp``, ``pc``) are too ambiguous to lint on."""

_NUMBER = re.compile(r"(?<![\w.$-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|[A-Za-z/]+(?:/s)?)?")
_CLAUSE_END = re.compile(r"[;:()\n|]|\.\s|\bor\b|\band\b|\bthen\b|\bwhile\b|\bbut\b|\bvs\.?|—")


class Row(Protocol):
    id: str
    name: str
    value: float
    unit: str
    minimum: float | None
    default: float | None
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class Conflict:
    where: str
    """Item key and field, e.g. ``lambda/some-card back``."""
    trigger: str
    stated: str
    expected: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.where}: {self.stated!r} after {self.trigger!r}, but the limits table says {self.expected} — …{self.excerpt}…"


def _specific(phrase: str) -> bool:
    """Several words, or an API name such as ``MaximumConcurrency``: specific enough to lint on.

    Single everyday words (``timeout``, ``storage``, ``burst``) name configured values as
    often as limits, so they are not triggers.
    """
    if any(ch.isdigit() for ch in phrase) or len(phrase) < MIN_TRIGGER:
        return False
    words = phrase.split()
    if len(words) >= 2:
        return True
    return any(ch.isupper() for ch in phrase[1:]) and len(phrase) >= 8


def triggers(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Trigger phrase (lower-case) → the rows it names."""
    out: dict[str, list[Row]] = {}
    for row in rows:
        for phrase in [row.name, *row.aliases]:
            if not _specific(phrase.strip()):
                continue
            p = " ".join(phrase.lower().split())
            out.setdefault(p, [])
            if row not in out[p]:
                out[p].append(row)
    return out


def _unit_of(word: str | None) -> Unit | None:
    if not word:
        return UNITS["count"]
    try:
        return parse_unit(word)
    except UnitError:
        return UNITS["count"] if word.lower() not in _NOT_COUNTS else None


# Words that mark a sentence as quoting an old or different value on purpose.
_HISTORY = re.compile(
    r"\b(used to|was|were|before|until|older|earlier|old|formerly|previously|legacy|raised from|rose from|went from|instead of|not \d|myth|outdated|no longer)\b"
)

# A number (with an optional unit) written directly in front of a trigger.
_BEFORE = re.compile(r"(?<![\w.,$-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[ \t]*(%|[A-Za-z/]+(?:/s)?)?[ \t]+$")

# Words between a trigger and its number that make the number a chosen setting.
_SETTING = re.compile(r"\b(of|to|set|setting|configured|defaults?|at least|above|below|under|over|like|e\.g\.|about|around|roughly)\b|[=~≈]")

# Words after a number that make it something other than a count of the thing named.
_NOT_COUNTS = frozenset({"x", "times", "vcpu", "vcpus", "cores", "percent", "rps", "years", "year", "months", "weeks"})


def _acceptable(rows: list[Row], unit: Unit, number: float, setting: bool) -> tuple[bool, bool, str]:
    """(comparable, matches, expected-text) for ``number unit`` against the rows.

    A number matches a row's value, minimum or default. When the words between the
    trigger and the number say it is a *setting* ("reserved concurrency of 50", "a
    timeout of 20 seconds"), any number inside the row's range matches too.
    """
    comparable = False
    expected: list[str] = []
    for row in rows:
        ru = parse_unit(row.unit)
        if ru.dimension != unit.dimension:
            continue
        comparable = True
        values = [v for v in (row.value, row.minimum, row.default) if v is not None]
        converted = number * unit.factor / ru.factor
        if any(math.isclose(converted, v, rel_tol=0.02) for v in values):
            return True, True, ""
        low = row.minimum if row.minimum is not None else 0.0
        if setting and low <= converted <= row.value * 1.000001:
            return True, True, ""
        expected.append(f"{row.id} = {', '.join(_fmt(v) for v in values)} {row.unit}")
    return comparable, False, "; ".join(expected)


def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"


_FENCE = re.compile(r"```.*?```", re.DOTALL)
_YEAR = re.compile(r"^(19|20)\d\d$")


def check_text(where: str, text: str, table: dict[str, list[Row]], allow: Iterable[str] = ()) -> Iterator[Conflict]:
    """Conflicts in one text. Code blocks (sample logs, commands) are skipped."""
    text = _FENCE.sub(lambda f: " " * len(f.group(0)), text)
    low = text.lower()
    allowed = [a.lower() for a in allow]
    for phrase, rows in table.items():
        start = 0
        while True:
            i = low.find(phrase, start)
            if i < 0:
                break
            start = i + len(phrase)
            if (i > 0 and (low[i - 1].isalnum() or low[i - 1] == "_")) or (start < len(low) and (low[start].isalnum() or low[start] == "_")):
                continue
            tail = text[start : start + WINDOW]
            end = _CLAUSE_END.search(tail)
            clause = tail[: end.start()] if end else tail
            m = _NUMBER.search(clause)
            before = _BEFORE.search(text[max(0, i - 24) : i]) if len(phrase.split()) >= 3 else None
            if before is not None and (m is None or m.start() > 0):
                # "1,000 concurrent batches": the number written right in front of the trigger
                m, clause = before, before.group(0)
            if m is None:
                continue
            unit = _unit_of(m.group(2))
            if unit is None or unit.dimension in (Dimension.MONEY, Dimension.PERCENT):
                continue
            if _YEAR.match(m.group(1)) and not m.group(2):
                continue  # "the 2019 Hyperplane ENI change"
            number = float(m.group(1).replace(",", ""))
            setting = bool(_SETTING.search(clause[: m.start()]))
            comparable, ok, expected = _acceptable(rows, unit, number, setting)
            if not comparable or ok:
                continue
            excerpt = " ".join(text[max(0, i - 30) : start + 40].split())
            around = " ".join(low[max(0, i - 120) : start + 60].split())
            if _HISTORY.search(around) or any(a in around for a in allowed):
                continue
            yield Conflict(where, phrase, m.group(0).strip(), expected, excerpt)
