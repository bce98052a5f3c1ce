"""Recomputing the numbers a model answer declares (``calculations:``) with the calculators. No Textual here.

    value = recompute(calc, data)          # runs the named calculator on calc.inputs
    stated = stated_number(calc.stated)    # "180M GB-s" -> 180_000_000.0
    ok = abs(value - stated) <= calc.tolerance * abs(value)

``tests/test_mock_content.py`` checks every declared calculation of every pack this way,
so a model answer can never drift from the calculators (or its own inputs).
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.calc.data import CalcData
    from lambdaprep.content.models import DeclaredCalculation

__all__ = ["check_declared", "recompute", "result_value", "stated_number"]

_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|bn|[kmb](?![a-z]))?", re.IGNORECASE)


def stated_number(text: str) -> float:
    """The number in a stated figure: after the last ``=``/``≈`` if any, else the first number.

    ``"$3,000"`` → 3000, ``"180M GB-s"`` → 1.8e8, ``"~1,000"`` → 1000, ``"60 × 1 = 60"`` → 60.
    """
    tail = re.split(r"[=≈]", text)[-1]
    m = _NUM.search(tail)
    if m is None:
        raise ValueError(f"no number in {text!r}")
    value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value *= _MULT[m.group(2).lower()]
    return value


def result_value(result: Any, path: str) -> float:
    """Follow a dotted ``path`` through a calculator's JSON result.

    A list is indexed by an element's ``key`` or by its ``label`` written in snake case
    (``numbers.maximum_concurrency``).
    """
    node = result
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                raise KeyError(f"{part!r} not in {sorted(node)}")
            node = node[part]
        elif isinstance(node, list):
            hit = [
                x for x in node
                if isinstance(x, dict) and (x.get("key") == part or re.sub(r"\W+", "_", str(x.get("label", "")).lower()).strip("_") == part)
            ]
            if not hit:
                raise KeyError(f"no element {part!r}")
            node = hit[0]
        else:
            raise KeyError(f"cannot look up {part!r} in a {type(node).__name__}")
    return float(node)


def _inputs(cls: type, given: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(given) - names)
    if unknown:
        raise ValueError(f"{cls.__name__} has no {'field' if len(unknown) == 1 else 'fields'} {unknown}")
    return cls(**given)


def recompute(calc: DeclaredCalculation, data: CalcData) -> float:
    """Run ``calc.calculator`` on ``calc.inputs`` and return the number at ``calc.result``."""
    name = calc.calculator
    if name == "price":
        from lambdaprep.calc.pricing import PriceInputs, price

        res: Any = price(_inputs(PriceInputs, calc.inputs), data.price_book(), data)
    elif name == "concurrency":
        from lambdaprep.calc.concurrency import ConcurrencyInputs, concurrency

        res = concurrency(_inputs(ConcurrencyInputs, calc.inputs), data)
    elif name == "coldstart":
        from lambdaprep.calc.coldstart import ColdStartInputs, estimate

        res = estimate(_inputs(ColdStartInputs, calc.inputs), data)
    else:
        from lambdaprep.calc.tuning import TuneInputs, tune

        res = tune(_inputs(TuneInputs, calc.inputs), data.price_book(), data)
    return result_value(res.as_dict(), calc.result)


def check_declared(calc: DeclaredCalculation, data: CalcData) -> tuple[bool, float, float]:
    """``(agrees, recomputed, stated)`` for one declared calculation."""
    value = recompute(calc, data)
    stated = stated_number(calc.stated)
    return abs(value - stated) <= calc.tolerance * max(abs(value), 1e-12), value, stated
