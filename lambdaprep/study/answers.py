"""Checking typed answers: unit-aware numbers and rubric keywords. No Textual here.

``check_quantity("15 min", 900, "s")`` is right, and so are ``"900 s"``, ``"900"``
(a bare number is read in the expected unit), ``"0.25 h"`` and ``"15 minutes"``.
``check_quantity("10,240 MB", 10, "GB")`` is right (Lambda's binary sizes).
Anything with the wrong number, or a unit of another dimension, is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lambdaprep.units import Dimension, Quantity, Unit, UnitError, format_quantity, parse_quantity, parse_unit

__all__ = ["Check", "check_number", "check_quantity", "extract_quantity", "keyword_hits", "matches_keywords"]

EXACT_TOL = 1e-6
"""Relative tolerance for "exact" answers (limits): only float noise is forgiven."""


@dataclass(frozen=True, slots=True)
class Check:
    """The verdict on one typed answer."""

    correct: bool
    expected: str
    """The expected answer, formatted (``"900 seconds"``)."""
    given: str
    """What was typed (stripped)."""
    value: float | None = None
    """The typed answer in the expected unit (None when it could not be read)."""
    message: str = ""
    """Why it is wrong or could not be read ("" when correct)."""


_LEADING_WORDS = re.compile(r"^(?:about|approx\.?|approximately|around|roughly|~|≈|=)\s*", re.IGNORECASE)


def _clean(text: str) -> str:
    t = text.strip().rstrip(".")
    t = _LEADING_WORDS.sub("", t)
    return t.strip()


def extract_quantity(text: str, unit: str) -> Quantity:
    """Read a typed answer as a quantity, a bare number taking ``unit``.

    Accepts ``"$12.34"`` for money and ``"1,000"`` thousands separators; raises
    :class:`~lambdaprep.units.UnitError` when it cannot be read.
    """
    expected = parse_unit(unit)
    t = _clean(text)
    if expected.dimension == Dimension.MONEY:
        t = t.replace("$", "").replace("USD", "").replace("usd", "").strip()
    if expected.dimension == Dimension.PERCENT and t.endswith("%"):
        t = t[:-1].strip() + " %"
    q = parse_quantity(t, default_unit=expected)
    if q.unit.dimension == Dimension.COUNT and expected.dimension != Dimension.COUNT:
        # "1k" with a time expected: the multiplier made it a count; keep the value in the expected unit
        q = Quantity(q.value, expected)
    return q


def check_quantity(text: str, expected_value: float, unit: str, *, rel_tol: float = EXACT_TOL, abs_tol: float = 0.0) -> Check:
    """Is ``text`` the quantity ``expected_value`` ``unit`` (within ``rel_tol`` of the expected value)?"""
    u = parse_unit(unit)
    expected = _show(expected_value, u)
    given = text.strip()
    if not given:
        return Check(False, expected, given, None, "no answer")
    q = None
    for candidate in _candidates(given):
        try:
            q = extract_quantity(candidate, u.symbol)
            break
        except UnitError:
            continue
    if q is None:
        return Check(False, expected, given, None, f"could not read {given!r} as a number with a unit")
    if q.unit.dimension != u.dimension:
        return Check(False, expected, given, None, f"{q.unit.symbol} is not a unit of {u.dimension}")
    value = q.to(u)
    # relative to the expected value (math.isclose would measure against the larger of the two)
    ok = abs(value - expected_value) <= max(rel_tol * abs(expected_value), abs_tol)
    return Check(ok, expected, given, value, "" if ok else f"{_show(value, u)} is not {expected}")


def _show(value: float, u: Unit) -> str:
    if u.symbol == "USD":
        return f"${value:,.2f}"
    return format_quantity(round(value, 4), u)


def _candidates(text: str) -> list[str]:
    """Where the number may be: the whole answer, its first line, its last line, after the last ``=``.

    So "$19.06" with the working out on the next lines, or "… = 24M GB-s × price = $19.06", both read.
    """
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    out = [text.strip()]
    if lines:
        out += [lines[0], lines[-1]]
        for sep in ("=", ":", "≈"):
            if sep in lines[-1]:
                out.append(lines[-1].rsplit(sep, 1)[1].strip())
            if sep in lines[0]:
                out.append(lines[0].split(sep, 1)[0].strip())
        out.append(re.split(r"[,;]\s", lines[0], maxsplit=1)[0].strip())
        out.append(re.sub(r"\(.*?\)", "", lines[0]).strip())  # "15 minutes (900 s)"
    return list(dict.fromkeys(c for c in out if c))


def check_number(text: str, expected_value: float, unit: str, *, tolerance: float) -> Check:
    """A calculation answer: right when within ``tolerance`` (relative, e.g. 0.05 = 5%)."""
    return check_quantity(text, expected_value, unit, rel_tol=tolerance, abs_tol=1e-9)


_WORD_RE = re.compile(r"[a-z0-9]+")


def _norm(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def matches_keywords(answer: str, keywords: list[str] | tuple[str, ...]) -> bool:
    """True when any keyword appears in ``answer`` (case, punctuation and spacing ignored).

    A keyword is matched as a word prefix: ``"concurren"`` matches "concurrency".
    """
    hay = " " + _norm(answer)
    for kw in keywords:
        needle = _norm(kw)
        if needle and (" " + needle) in hay:
            return True
    return False


def keyword_hits(answer: str, rubric_keywords: list[list[str]]) -> list[bool]:
    """For each rubric point's keyword list: is it pre-ticked by ``answer``?"""
    return [matches_keywords(answer, kws) for kws in rubric_keywords]
