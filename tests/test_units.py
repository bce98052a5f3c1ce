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
    assert format_quantity(0.2, "USD") == "$0.2"


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.sampled_from(["ms", "s", "min", "h", "B", "KB", "MB", "GB"]))
def test_round_trip(value: float, unit: str) -> None:
    q = parse_quantity(f"{value!r} {unit}")
    assert math.isclose(q.value, value, rel_tol=1e-12)
    assert parse_quantity(f"{q.to('s' if q.unit.dimension == 'time' else 'B')!r} {'s' if q.unit.dimension == 'time' else 'B'}").same_as(q)
