"""Unit-aware answer checking: equivalent spellings accepted, wrong numbers rejected."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambdaprep.study.answers import check_number, check_quantity, keyword_hits, matches_keywords
from lambdaprep.units import UNITS


@pytest.mark.parametrize(
    "typed, value, unit",
    [
        ("15 min", 900, "s"),
        ("900 s", 900, "s"),
        ("900", 900, "s"),
        ("900 seconds", 900, "s"),
        ("15 minutes", 900, "s"),
        ("0.25 h", 900, "s"),
        ("15m", 900, "s"),
        ("900000 ms", 900, "s"),
        ("10 GB", 10240, "MB"),
        ("10,240 MB", 10240, "MB"),
        ("10240", 10240, "MB"),
        ("10GB", 10240, "MB"),
        ("10 gb", 10240, "MB"),
        ("6 MB", 6, "MB"),
        ("6144 KB", 6, "MB"),
        ("4 KB", 4, "KB"),
        ("4096 bytes", 4, "KB"),
        ("5", 5, "count"),
        ("1,000", 1000, "count"),
        ("1k", 1000, "count"),
        ("about 900 s", 900, "s"),
        ("~15 min.", 900, "s"),
        ("$12.34", 12.34, "USD"),
        ("12.34", 12.34, "USD"),
        ("10,240 MB, the same as the memory limit", 10240, "MB"),
        ("900\nbecause 15 minutes", 900, "s"),
        ("15 minutes (900 s)", 900, "s"),
        ("30M × 0.8 s × 1 GB = 24M GB-s\n= $12.34", 12.34, "USD"),
    ],
)
def test_equivalent_spellings_are_accepted(typed: str, value: float, unit: str) -> None:
    check = check_quantity(typed, value, unit)
    assert check.correct, check


@pytest.mark.parametrize(
    "typed, value, unit",
    [
        ("14 min", 900, "s"),
        ("900 ms", 900, "s"),
        ("90", 900, "s"),
        ("10 MB", 10240, "MB"),
        ("10 GB", 10, "MB"),
        ("1000 MB", 1024, "MB"),  # binary sizes: 1 GB is 1,024 MB, not 1,000
        ("15 min", 10240, "MB"),  # wrong dimension
        ("lots", 5, "count"),
        ("", 5, "count"),
        ("6", 5, "count"),
    ],
)
def test_wrong_answers_are_rejected(typed: str, value: float, unit: str) -> None:
    check = check_quantity(typed, value, unit)
    assert not check.correct
    assert check.message


def test_verdict_says_what_was_expected() -> None:
    check = check_quantity("14 min", 900, "s")
    assert check.expected == "900 seconds"
    assert check.value == 840
    assert "840" in check.message


TIME_UNITS = ["ms", "s", "min", "h"]
SIZE_UNITS = ["B", "KB", "MB", "GB"]


def _spell(value: float) -> str:
    return repr(float(value))


@given(
    seconds=st.integers(min_value=1, max_value=10**6),
    unit=st.sampled_from(TIME_UNITS),
    expected_unit=st.sampled_from(TIME_UNITS),
)
def test_time_in_any_unit_equals_the_same_time(seconds: int, unit: str, expected_unit: str) -> None:
    typed = f"{_spell(seconds / UNITS[unit].factor)} {unit}"
    expected = seconds / UNITS[expected_unit].factor
    assert check_quantity(typed, expected, expected_unit).correct


@given(
    kb=st.integers(min_value=1, max_value=10**7),
    unit=st.sampled_from(SIZE_UNITS),
    expected_unit=st.sampled_from(SIZE_UNITS),
)
def test_size_in_any_unit_equals_the_same_size(kb: int, unit: str, expected_unit: str) -> None:
    size = kb * 1024
    typed = f"{_spell(size / UNITS[unit].factor)}{unit}"
    expected = size / UNITS[expected_unit].factor
    assert check_quantity(typed, expected, expected_unit).correct


@given(value=st.integers(min_value=1, max_value=10**9), unit=st.sampled_from(TIME_UNITS + SIZE_UNITS + ["count"]))
def test_a_bare_number_is_read_in_the_expected_unit(value: int, unit: str) -> None:
    assert check_quantity(f"{value:,}", value, unit).correct
    assert check_quantity(str(value), value, unit).correct


@given(
    value=st.floats(min_value=0.001, max_value=1e9, allow_nan=False, allow_infinity=False),
    factor=st.floats(min_value=0.5, max_value=2.0).filter(lambda f: abs(f - 1) > 1e-3),
    unit=st.sampled_from(TIME_UNITS + SIZE_UNITS + ["count", "USD"]),
)
def test_wrong_numbers_are_rejected(value: float, factor: float, unit: str) -> None:
    typed = _spell(value * factor)
    assert not check_quantity(typed, value, unit).correct


@given(
    value=st.floats(min_value=0.01, max_value=1e7, allow_nan=False, allow_infinity=False),
    off=st.floats(min_value=-0.049, max_value=0.049),
)
def test_calculation_answers_within_tolerance(value: float, off: float) -> None:
    assert check_number(_spell(value * (1 + off)), value, "USD", tolerance=0.05).correct
    assert not check_number(_spell(value * 1.2), value, "USD", tolerance=0.05).correct


@given(value=st.integers(min_value=1, max_value=10**6), other=st.sampled_from(["min", "GB", "count"]))
def test_a_quantity_of_another_dimension_is_rejected(value: int, other: str) -> None:
    expected_unit = {"min": "MB", "GB": "s", "count": "s"}[other]
    typed = f"{value} {other}" if other != "count" else f"{value} items"
    assert not check_quantity(typed, value, expected_unit).correct


def test_keywords_match_words_and_prefixes_ignoring_case_and_punctuation() -> None:
    answer = "Init runs once; Concurrency means another environment. Cold-start cost!"
    assert matches_keywords(answer, ["init"])
    assert matches_keywords(answer, ["concurren"])
    assert matches_keywords(answer, ["cold start"])
    assert not matches_keywords(answer, ["shutdown"])
    assert not matches_keywords(answer, ["nit"])  # not inside a word
    assert keyword_hits(answer, [["init"], ["shutdown"], []]) == [True, False, False]


def test_float_noise_is_forgiven() -> None:
    assert check_quantity(repr(0.1 + 0.2), 0.3, "s").correct
    assert math.isclose(check_quantity("0.25 h", 900, "s").value or 0, 900)
