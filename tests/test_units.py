"""Units: one truth for "15 min" == "900 s" == "900"."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambdaprep.units import UnitError, format_quantity, parse_number, parse_quantity, parse_unit


@pytest.mark.parametrize(
    ("a", "b", "default"),
    [
        ("15 min", "900 s", None),
        ("15 minutes", "900", "s"),
        ("10 GB", "10,240 MB", None),
        ("10GB", "10240MB", None),
        ("6 MB", "6144 KB", None),
        ("1 MB", "1024", "KB"),
        ("500ms", "0.5 s", None),
        ("1.5s", "1500 ms", None),
        ("2 h", "7200 s", None),
        ("1M", "1,000,000", None),
        ("2.5k", "2500", None),
    ],
)
def test_equivalent_quantities(a: str, b: str, default: str | None) -> None:
    qa, qb = parse_quantity(a, default), parse_quantity(b, default)
    assert qa.same_as(qb)


def test_m_means_minutes_when_a_time_is_expected() -> None:
    assert parse_quantity("15m", "s").to("s") == 900
    assert parse_quantity("1M").value == 1_000_000


def test_unit_errors() -> None:
    with pytest.raises(UnitError):
        parse_unit("parsecs")
    with pytest.raises(UnitError):
        parse_quantity("abc")
    with pytest.raises(UnitError):
        parse_quantity("5 MB").to("s")
    with pytest.raises(UnitError):
        parse_number("1e999")


def test_formatting() -> None:
    assert format_quantity(10240, "MB") == "10,240 MB"
    assert format_quantity(1, "s") == "1 second"
    assert format_quantity(900, "s") == "900 seconds"
    assert format_quantity(5, "count") == "5"
    assert format_quantity(0.2, "USD") == "$0.20"


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.sampled_from(["ms", "s", "min", "h", "B", "KB", "MB", "GB"]))
def test_round_trip(value: float, unit: str) -> None:
    q = parse_quantity(f"{value!r} {unit}")
    assert math.isclose(q.value, value, rel_tol=1e-12)
    assert parse_quantity(f"{q.to('s' if q.unit.dimension == 'time' else 'B')!r} {'s' if q.unit.dimension == 'time' else 'B'}").same_as(q)


# ------------------------------------------------------------------ one number formatter (issue 18)

from lambdaprep.units import format_count, format_duration, format_percent, format_size, format_usd, parse_in  # noqa: E402


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1488.75, "$1,488.75"), (0, "$0.00"), (0.2, "$0.20"), (9.6, "$9.60"), (999_999.99, "$999,999.99"),
     (120_000_834_993.67, "$120bn"), (1_488_750, "$1.489M"), (-5, "-$5.00")],
)
def test_money_is_one_form(value: float, expected: str) -> None:
    assert format_usd(value) == expected


def test_money_precise_and_exact() -> None:
    from decimal import Decimal

    assert format_usd(0.0000020833, precise=True) == "$0.00000208"
    assert format_usd(0.02591, precise=True) == "$0.0259"
    assert format_usd(3.2, precise=True) == "$3.20"
    assert format_usd(Decimal("0.0000166667"), exact=True) == "$0.0000166667"
    assert format_usd(Decimal("0.20"), exact=True) == "$0.20"
    assert format_usd(Decimal("1500"), exact=True) == "$1,500"


@pytest.mark.parametrize(
    ("ms", "expected"),
    [(83.0, "83 ms"), (100, "100 ms"), (25, "25 ms"), (0, "0 ms"), (0.0014, "0.0014 ms"), (83.4, "83.4 ms"),
     (999.7, "1 s"), (1500, "1.5 s"), (12_438_300, "3.46 h"), (900_000, "15 min"), (90_000, "1.5 min"), (363, "363 ms")],
)
def test_durations_are_one_form(ms: float, expected: str) -> None:
    assert format_duration(ms) == expected


def test_duration_in_other_units() -> None:
    assert format_duration(90, "s") == "1.5 min"
    assert format_duration(0.5, "s") == "500 ms"


@pytest.mark.parametrize(
    ("mb", "expected"),
    [(20480, "20,480 MB"), (10240, "10,240 MB"), (128, "128 MB"), (1.5, "1.5 MB"), (0.5, "512 KB"), (0, "0 MB"),
     (204_800, "200 GB"), (2_097_152, "2 TB")],
)
def test_sizes_are_one_form(mb: float, expected: str) -> None:
    assert format_size(mb) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(86_400, "86,400"), (12.0, "12"), (0.5, "0.5"), (1_000_000, "1M"), (2_920_000, "2.92M"), (86.4e9, "86.4bn"),
     (9e14, "900tn"), (-899_999_999_999_000, "-900tn"), (12.346, "12.3"), (0.0014, "0.0014")],
)
def test_counts_are_one_form(value: float, expected: str) -> None:
    assert format_count(value) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0, "0%"), (0.125, "12.5%"), (1, "100%"), (0.000014, "0.0014%"), (10.4062, "1,041%"), (0.0123, "1.23%")],
)
def test_percentages_are_one_form(share: float, expected: str) -> None:
    assert format_percent(share) == expected


_FINITE = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)


def _close(a: float, b: float, rel: float, abs_tol: float = 0.0) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


@given(_FINITE)
def test_count_format_reads_back_and_stays_short(value: float) -> None:
    text = format_count(value)
    assert "e" not in text.lower() and "nan" not in text and len(text) <= 9, text
    back = parse_in(text, "count") if not text.startswith("-") else -parse_in(text[1:], "count")
    assert _close(back, value, 5e-3, abs_tol=5e-3 if abs(value) >= 1e-3 else 1e-3), (value, text)


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_duration_format_reads_back_and_stays_short(ms: float) -> None:
    text = format_duration(ms)
    assert "e" not in text.replace("sec", "") and len(text) <= 11, text
    assert _close(parse_in(text, "ms"), ms, 5e-3, abs_tol=1e-3), (ms, text)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_size_format_reads_back(mb: float) -> None:
    text = format_size(mb)
    assert _close(parse_in(text, "MB"), mb, 5e-3, abs_tol=1e-3), (mb, text)


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.booleans())
def test_money_format_reads_back_and_stays_short(value: float, precise: bool) -> None:
    text = format_usd(value, precise=precise)
    sign = -1 if text.startswith("-") else 1
    assert text.lstrip("-").startswith("$") and "e" not in text and len(text.lstrip("-")) <= 15, text
    back = sign * parse_in(text.lstrip("-$"), "count")
    assert _close(back, value, 5e-3, abs_tol=0.005 if not precise else 1e-9 + abs(value) * 5e-3), (value, text)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_percent_format_reads_back(share: float) -> None:
    text = format_percent(share)
    assert text.endswith("%") and "e" not in text
    assert _close(parse_in(text, "percent") / 100, share, 5e-3, abs_tol=1e-6), (share, text)


def test_plural_spells_counts_out() -> None:
    from lambdaprep.units import plural

    assert plural(1, "card") == "1 card"
    assert plural(0, "card") == "0 cards"
    assert plural(1250, "review") == "1,250 reviews"
    assert plural(2, "index", "indexes") == "2 indexes" and plural(1, "index", "indexes") == "1 index"


def test_no_message_says_card_s() -> None:
    """Counts are spelt out with ``plural``: no string in the code writes "card(s)"."""
    import io
    import re
    import tokenize
    from pathlib import Path

    import lambdaprep

    found = []
    for path in Path(lambdaprep.__file__).parent.rglob("*.py"):
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            is_text = tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1)
            if is_text and not tok.string.startswith(('"""', "'''")) and re.search(r"[a-z]\(s\)", tok.string):
                found.append(f"{path.name}:{tok.start[0]}: {tok.string[:60]}")
    assert found == []
