"""Numbers with units, normalised in one place.

Limits, calculators and the rapid-fire mock round all speak in quantities such as
"15 min", "900 s", "10 GB" or "6 MB". This module is the single truth for how a
unit is spelled, which dimension it measures and how it converts, so that
"15 min" == "900 s" == "900" (when the expected unit is seconds) everywhere.

Sizes follow Lambda's own convention: the console's "MB" is a binary megabyte,
so 10 GB == 10,240 MB and 1 MB == 1,024 KB.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = [
    "Dimension",
    "Quantity",
    "Unit",
    "UnitError",
    "UNITS",
    "format_count",
    "format_duration",
    "format_number",
    "format_percent",
    "format_quantity",
    "format_size",
    "format_usd",
    "parse_quantity",
    "parse_unit",
    "parse_number",
    "parse_in",
    "plural",
]


class UnitError(ValueError):
    """A unit or quantity could not be understood."""


class Dimension:
    TIME: Final = "time"
    SIZE: Final = "size"
    COUNT: Final = "count"
    RATE: Final = "rate"  # per second
    BANDWIDTH: Final = "bandwidth"  # bits per second
    MONEY: Final = "money"
    PERCENT: Final = "percent"


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    """Canonical spelling used in packs, e.g. ``MB``."""
    dimension: str
    factor: float
    """How many base units (seconds, bytes, items, per-second, bit/s, USD, %) one of this unit is."""
    singular: str
    plural: str

    def label(self, value: float) -> str:
        return self.singular if value == 1 else self.plural


def _u(symbol: str, dim: str, factor: float, singular: str, plural: str | None = None) -> Unit:
    return Unit(symbol, dim, factor, singular, plural if plural is not None else singular + "s")


UNITS: Final[dict[str, Unit]] = {
    u.symbol: u
    for u in (
        _u("ms", Dimension.TIME, 0.001, "millisecond"),
        _u("s", Dimension.TIME, 1.0, "second"),
        _u("min", Dimension.TIME, 60.0, "minute"),
        _u("h", Dimension.TIME, 3600.0, "hour"),
        _u("d", Dimension.TIME, 86400.0, "day"),
        _u("B", Dimension.SIZE, 1.0, "byte"),
        _u("KB", Dimension.SIZE, 1024.0, "KB", "KB"),
        _u("MB", Dimension.SIZE, 1024.0**2, "MB", "MB"),
        _u("GB", Dimension.SIZE, 1024.0**3, "GB", "GB"),
        _u("TB", Dimension.SIZE, 1024.0**4, "TB", "TB"),
        _u("count", Dimension.COUNT, 1.0, "", ""),
        _u("per_s", Dimension.RATE, 1.0, "per second", "per second"),
        _u("per_min", Dimension.RATE, 1 / 60, "per minute", "per minute"),
        _u("Mbps", Dimension.BANDWIDTH, 1e6, "Mbps", "Mbps"),
        _u("MBps", Dimension.BANDWIDTH, 8 * 1024.0**2, "MB/s", "MB/s"),
        _u("USD", Dimension.MONEY, 1.0, "USD", "USD"),
        _u("percent", Dimension.PERCENT, 1.0, "%", "%"),
    )
}

# Spellings people type, mapped to the canonical symbol (all lower-case keys).
_ALIASES: Final[dict[str, str]] = {
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "m": "min", "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
    "b": "B", "byte": "B", "bytes": "B",
    "k": "KB", "kb": "KB", "kib": "KB", "kbyte": "KB", "kilobyte": "KB", "kilobytes": "KB",
    "mb": "MB", "mib": "MB", "megabyte": "MB", "megabytes": "MB",
    "g": "GB", "gb": "GB", "gib": "GB", "gigabyte": "GB", "gigabytes": "GB",
    "tb": "TB", "tib": "TB", "terabyte": "TB", "terabytes": "TB",
    "count": "count", "x": "count", "": "count",
    "per_s": "per_s", "/s": "per_s", "rps": "per_s", "per second": "per_s", "per sec": "per_s",
    "per_min": "per_min", "/min": "per_min", "per minute": "per_min",
    "mbps": "Mbps", "mbit/s": "Mbps",
    "mb/s": "MBps", "mbytes/s": "MBps",
    "usd": "USD", "$": "USD", "dollars": "USD",
    "percent": "percent", "%": "percent", "pct": "percent",
}
# Case matters for one pair: "Mbps" (bits) vs "MBps" (bytes).
_CASE_SENSITIVE: Final[dict[str, str]] = {"Mbps": "Mbps", "MBps": "MBps", "MB/s": "MBps"}


def parse_unit(text: str) -> Unit:
    """Return the :class:`Unit` for a spelling such as ``"MB"``, ``"minutes"`` or ``"/s"``."""
    raw = text.strip()
    if raw in _CASE_SENSITIVE:
        return UNITS[_CASE_SENSITIVE[raw]]
    if raw in UNITS:
        return UNITS[raw]
    symbol = _ALIASES.get(raw.lower())
    if symbol is None:
        known = ", ".join(UNITS)
        raise UnitError(f"unknown unit {text!r} (known: {known})")
    return UNITS[symbol]


_MULTIPLIERS: Final[dict[str, float]] = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_NUMBER_RE = re.compile(r"^\s*([+-]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(.*?)\s*$", re.IGNORECASE)


def parse_number(text: str) -> float:
    """Parse a plain number with optional thousands separators and k/M/B suffix ("2.5k", "1M", "10,240")."""
    m = _NUMBER_RE.match(text)
    if not m:
        raise UnitError(f"not a number: {text!r}")
    value = _to_float(m.group(1), text)
    rest = m.group(2).lower()
    if rest:
        if rest not in _MULTIPLIERS:
            raise UnitError(f"not a number: {text!r}")
        value *= _MULTIPLIERS[rest]
    return value


def _to_float(digits: str, original: str) -> float:
    cleaned = digits.replace(",", "").replace("_", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise UnitError(f"not a number: {original!r}") from None
    if not math.isfinite(value):
        raise UnitError(f"not a finite number: {original!r}")
    return value


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: Unit

    @property
    def base(self) -> float:
        """The value in the dimension's base unit (seconds, bytes, items, …)."""
        return self.value * self.unit.factor

    def to(self, unit: Unit | str) -> float:
        target = parse_unit(unit) if isinstance(unit, str) else unit
        if target.dimension != self.unit.dimension:
            raise UnitError(f"cannot convert {self.unit.symbol} to {target.symbol}")
        return self.base / target.factor

    def same_as(self, other: Quantity, rel_tol: float = 1e-9) -> bool:
        return self.unit.dimension == other.unit.dimension and math.isclose(self.base, other.base, rel_tol=rel_tol)

    def __str__(self) -> str:
        return format_quantity(self.value, self.unit)


_MULTIPLIED_RATE_RE = re.compile(r"^(bn|[kmb])\s*(/\S+|rps|per .+)$", re.IGNORECASE)


def parse_quantity(text: str, default_unit: Unit | str | None = None) -> Quantity:
    """Parse ``"15 min"``, ``"900"`` (with ``default_unit``), ``"10,240 MB"``, ``"6MB"``, ``"1.5s"``.

    A bare number takes ``default_unit`` (or ``count``). Thousands separators and
    a k/M/B multiplier on count-like quantities are accepted ("1M" requests).
    """
    m = _NUMBER_RE.match(text)
    if not m or not m.group(1).strip():
        raise UnitError(f"expected a number with an optional unit, got {text!r}")
    value = _to_float(m.group(1), text)
    rest = m.group(2).strip()
    if not rest:
        unit = default_unit if default_unit is not None else UNITS["count"]
        return Quantity(value, parse_unit(unit) if isinstance(unit, str) else unit)
    # "1M" / "2.5k" as counts; "m" alone is ambiguous: minutes when a time is expected.
    low = rest.lower()
    du = parse_unit(default_unit) if isinstance(default_unit, str) else default_unit
    # Upper-case "B" is always bytes; "b"/"bn" is a billion.
    if low in _MULTIPLIERS and rest != "B" and not (low == "m" and du is not None and du.dimension == Dimension.TIME):
        unit = du if du is not None and du.dimension in (Dimension.COUNT, Dimension.RATE, Dimension.MONEY) else UNITS["count"]
        return Quantity(value * _MULTIPLIERS[low], unit)
    # "50k/s", "1.2M rps": a multiplier in front of a rate unit.
    m = _MULTIPLIED_RATE_RE.match(rest)
    if m and m.group(1).lower() in _MULTIPLIERS:
        rate: Unit | None
        try:
            rate = parse_unit(m.group(2))
        except UnitError:
            rate = None
        if rate is not None and rate.dimension == Dimension.RATE:
            return Quantity(value * _MULTIPLIERS[m.group(1).lower()], rate)
    return Quantity(value, parse_unit(rest))


_DIMENSION_WORDS: Final[dict[str, str]] = {
    Dimension.TIME: "a duration such as 500ms or 1.5s",
    Dimension.SIZE: "a size such as 512MB or 10GB",
    Dimension.COUNT: "a number such as 1M or 2.5k",
    Dimension.RATE: "a rate such as 100/s or 6000/min",
    Dimension.PERCENT: "a percentage such as 1%",
    Dimension.MONEY: "an amount such as $5",
    Dimension.BANDWIDTH: "a bandwidth such as 625 Mbps",
}


def parse_in(text: str, unit: Unit | str) -> float:
    """Parse ``text`` and return its value in ``unit`` (a bare number is already in ``unit``).

    ``parse_in("1.5s", "ms") == 1500``, ``parse_in("10GB", "MB") == 10240``,
    ``parse_in("1M", "count") == 1e6``, ``parse_in("6000/min", "per_s") == 100``.
    A count given for a rate ("100") is read as that rate. Errors say what was expected.
    """
    target = parse_unit(unit) if isinstance(unit, str) else unit
    want = _DIMENSION_WORDS.get(target.dimension, target.plural)
    if not text.strip():
        raise UnitError(f"expected {want}")
    try:
        q = parse_quantity(text, default_unit=target)
    except UnitError:
        raise UnitError(f"expected {want}, got {text.strip()!r}") from None
    if q.unit.dimension == Dimension.COUNT and target.dimension == Dimension.RATE:
        q = Quantity(q.value, target)
    if q.unit.dimension != target.dimension:
        raise UnitError(f"expected {want}, got {text.strip()!r}")
    return q.to(target)


def format_number(value: float) -> str:
    """``10240`` → ``"10,240"``; ``0.5`` → ``"0.5"``; no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def format_quantity(value: float, unit: Unit | str) -> str:
    """A value in its own unit with the unit spelled out: ``"900 seconds"``, ``"10,240 MB"``, ``"$0.20"``."""
    u = parse_unit(unit) if isinstance(unit, str) else unit
    label = u.label(value)
    if not label:
        return format_number(value)
    if u.symbol == "percent":
        return f"{format_number(value)}%"
    if u.symbol == "USD":
        return format_usd(value, exact=True)
    return f"{format_number(value)} {label}"


# ----------------------------------------------------------------- compact numbers
#
# One form for the numbers the calculators (CLI and app) print: money, durations, sizes,
# counts and percentages. Every form reads back with ``parse_in`` (``"1.5 s"``, ``"2.92M"``,
# ``"10,240 MB"``), keeps three or four significant digits, and stays short enough that a
# table column never has to wrap.

_COMPACT: Final[tuple[tuple[float, str], ...]] = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"))


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _significant(value: float, digits: int, max_decimals: int = 4) -> str:
    """``value`` (>= 0) to ``digits`` significant digits, thousands separators, no trailing zeros."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(value))
    decimals = min(max_decimals, max(0, digits - 1 - magnitude))
    return _trim(f"{value:,.{decimals}f}")


def _compact(value: float, digits: int = 4) -> str | None:
    """``2_920_000`` → ``"2.92M"``; None below a million (those are written in full)."""
    chosen = None
    for size, suffix in reversed(_COMPACT):
        if value >= size:
            chosen = size, suffix
    if chosen is None:
        return None
    index = [s for s, _ in reversed(_COMPACT)].index(chosen[0])
    size, suffix = chosen
    if float(f"{value / size:.{digits}g}") >= 1000 and index + 1 < len(_COMPACT):
        size, suffix = tuple(reversed(_COMPACT))[index + 1]
    return _significant(value / size, digits) + suffix


def _signed(value: float, text: str) -> str:
    return f"-{text}" if value < 0 and any(c in "123456789" for c in text) else text


def format_count(value: float | Decimal) -> str:
    """A count or a rate: ``"86,400"``, ``"12.5"``, ``"0.0014"``, ``"2.92M"``, ``"86.4bn"``, ``"900tn"``.

    Below a thousand, three significant digits; whole numbers below a million are written
    in full; from a million on, four significant
    digits with M, bn or tn (which ``parse_number`` reads back).
    """
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    v = abs(value)
    text = _compact(v)
    if text is None:
        if v >= 999.5 or float(v).is_integer():
            text = f"{round(v):,}"
        else:
            text = _significant(v, 3)
    return _signed(value, text)


def format_usd(value: float | Decimal, *, precise: bool = False, exact: bool = False) -> str:
    """Money, one form: ``"$1,488.75"``, ``"$0.20"``, ``"$1.489M"``, ``"$120bn"``.

    Amounts are in cents up to a million dollars, then four significant digits with M, bn
    or tn. ``precise`` keeps three significant digits below a dollar (per-invocation costs:
    ``"$0.00000208"``); ``exact`` prints a unit price as written (``"$0.0000166667"``).
    """
    if exact:
        d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
        text = f"{abs(d):f}"
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        if frac and len(frac) < 2:
            frac = frac.ljust(2, "0")
        body = f"{int(whole):,}" + (f".{frac}" if frac else "")
        return _signed(float(d), f"${body}")
    v = abs(float(value))
    if not math.isfinite(v):
        return f"${v}"
    amount = _compact(v)
    if amount is None:
        if precise and 0 < v < 1 and round(v, 2) != v:
            magnitude = math.floor(math.log10(v))
            amount = _trim(f"{v:.{min(12, 2 - magnitude)}f}")
            if amount in ("0", ""):
                amount = "0.00"
        else:
            amount = f"{v:,.2f}"
    return _signed(float(value), f"${amount}")


_TIME_STEPS: Final[tuple[tuple[float, str], ...]] = ((86_400_000, "d"), (3_600_000, "h"), (60_000, "min"), (1000, "s"))


def format_duration(value: float | Decimal, unit: Unit | str = "ms") -> str:
    """A duration in the largest fitting unit, three significant digits: ``"83 ms"``, ``"1.5 s"``, ``"15 min"``."""
    ms = Quantity(float(value), parse_unit(unit) if isinstance(unit, str) else unit).to("ms")
    if not math.isfinite(ms):
        return f"{ms} ms"
    v = abs(ms)
    for size, symbol in _TIME_STEPS:
        if float(f"{v:.3g}") >= size:
            scaled = v / size
            text = f"{round(scaled):,}" if scaled >= 999.5 else _significant(scaled, 3)
            return _signed(ms, f"{text} {symbol}")
    return _signed(ms, f"{_significant(v, 3)} ms")


def format_size(value: float | Decimal, unit: Unit | str = "MB") -> str:
    """A size, MB as Lambda's console writes them: ``"10,240 MB"``, ``"1.5 MB"``, ``"512 KB"``, ``"200 GB"``."""
    mb = Quantity(float(value), parse_unit(unit) if isinstance(unit, str) else unit).to("MB")
    if not math.isfinite(mb):
        return f"{mb} MB"
    v = abs(mb)
    if v == 0:
        return "0 MB"
    if v < 1:
        return _signed(mb, f"{_significant(v * 1024, 3)} KB")
    if v >= 1024**2:
        return _signed(mb, f"{_significant(v / 1024**2, 3)} TB")
    if v >= 100 * 1024:
        return _signed(mb, f"{_significant(v / 1024, 3)} GB")
    text = f"{round(v):,}" if v >= 1000 else _significant(v, 3)
    return _signed(mb, f"{text} MB")


def format_percent(share: float | Decimal) -> str:
    """A share (0.125) as a percentage: ``"12.5%"``, ``"100%"``, ``"0.0014%"``, ``"1,041%"``."""
    share = float(share)
    if not math.isfinite(share):
        return f"{share}%"
    v = abs(share) * 100
    text = f"{round(v):,}" if v >= 100 else _significant(v, 3)
    return _signed(share, f"{text}%")


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``"1 card"``, ``"2 cards"``, ``"1,250 reviews"``; ``many`` for irregular nouns (``"index", "indexes"``).

    The one way a count is written next to its noun, so no message says "card(s)".
    """
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"

