"""Shared data for the calculator tests: the frozen sample pack plus calculator parameters."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

TESTS = Path(__file__).parent
CALC_PACK = TESTS / "data" / "calcpack"
SAMPLE_PACKS = TESTS / "data" / "packs"


@cache
def calc_catalog() -> Any:
    from lambdaprep.content import PackSource, load_catalog

    cat = load_catalog([PackSource(SAMPLE_PACKS, "builtin"), PackSource(CALC_PACK, "builtin")])
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


@cache
def calc_data() -> Any:
    from lambdaprep.calc.data import CalcData

    return CalcData.from_catalog(calc_catalog())


def data_without(*param_ids: str) -> Any:
    """The test data minus some parameters (to test how a missing one is handled)."""
    from lambdaprep.calc.data import CalcData

    full = calc_data()
    return CalcData(
        books=dict(full.books),
        profiles=dict(full.profiles),
        parameters={k: v for k, v in full.parameters.items() if k not in param_ids},
        limits=dict(full.limits),
    )
