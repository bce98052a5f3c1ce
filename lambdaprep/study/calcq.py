"""Calculation questions generated from the calculators with random realistic inputs.

Every question's expected answer is computed by :mod:`lambdaprep.calc` from the
content's price book and parameters, so the answer always agrees with the
Calculators screen. No Textual here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lambdaprep.units import format_number

if TYPE_CHECKING:
    from lambdaprep.calc.data import CalcData

__all__ = ["CalcQuestion", "TOLERANCE", "generate"]

TOLERANCE = {"price": 0.05, "concurrency": 0.05, "coldstart": 0.25, "tune": 0.0}
"""Relative tolerance per calculator (cold starts are estimates, so wider)."""

MEMORIES = (128, 256, 512, 1024, 1536, 2048, 3008)
DURATIONS = (50, 100, 200, 300, 500, 800, 1000)
REQUESTS = (1_000_000, 5_000_000, 10_000_000, 30_000_000, 100_000_000)
RATES = (20, 50, 100, 250, 500, 1000, 2000)


@dataclass(frozen=True, slots=True)
class CalcQuestion:
    calculator: str
    text: str
    """The question (Markdown)."""
    value: float
    unit: str
    tolerance: float
    explanation: str
    """How the calculator got there (Markdown)."""
    inputs: dict[str, object]


def _price(rng: random.Random, data: CalcData) -> CalcQuestion:
    from lambdaprep.calc.data import ARCHES
    from lambdaprep.calc.pricing import PriceInputs, price

    book = data.price_book()
    arch = rng.choice(ARCHES)
    inp = PriceInputs(
        memory_mb=rng.choice(MEMORIES), duration_ms=rng.choice(DURATIONS), requests=rng.choice(REQUESTS), arch=arch, free_tier=False
    )
    res = price(inp, book, data)
    text = (
        f"A function with **{format_number(inp.memory_mb)} MB** of memory on **{arch}** runs for "
        f"**{format_number(inp.duration_ms)} ms** on average and is invoked **{format_number(inp.requests)}** times a month "
        f"in {book.region} (default /tmp, no free tier). What is the monthly bill in USD?"
    )
    lines = [f"- {ln.label}: ${ln.usd} ({ln.detail})" if ln.detail else f"- {ln.label}: ${ln.usd}" for ln in res.lines]
    expl = "\n".join([f"Total **${res.total}** (price book {res.region}, as of {res.as_of}).", *lines])
    return CalcQuestion("price", text, float(res.total_exact), "USD", TOLERANCE["price"], expl,
                        {"memory_mb": inp.memory_mb, "duration_ms": inp.duration_ms, "requests": inp.requests, "arch": arch})


def _concurrency(rng: random.Random, data: CalcData) -> CalcQuestion:
    from lambdaprep.calc.concurrency import ConcurrencyInputs, concurrency

    inp = ConcurrencyInputs(rps=rng.choice(RATES), duration_ms=rng.choice(DURATIONS))
    res = concurrency(inp, data)
    text = (
        f"An API receives a steady **{format_number(inp.rps)} requests per second** and each invocation takes "
        f"**{format_number(inp.duration_ms)} ms**. How many concurrent executions does it need on average?"
    )
    expl = f"Concurrency = requests per second × duration in seconds = {format_number(inp.rps)} × {inp.duration_ms / 1000:g} = **{format_number(round(res.mean, 2))}**."
    return CalcQuestion("concurrency", text, float(res.mean), "count", TOLERANCE["concurrency"], expl,
                        {"rps": inp.rps, "duration_ms": inp.duration_ms})


def _coldstart(rng: random.Random, data: CalcData) -> CalcQuestion:
    from lambdaprep.calc.coldstart import ColdStartInputs, estimate

    if not data.profiles:
        return _concurrency(rng, data)
    profile = rng.choice(sorted(data.profiles.values(), key=lambda p: p.id))
    memory = rng.choice((512, 1024, 2048))
    inp = ColdStartInputs(runtime=profile.runtime, memory_mb=memory, package_mb=rng.choice((1, 5, 20)))
    res = estimate(inp, data)
    text = (
        f"Estimate the typical (p50) cold-start latency of a **{profile.label}** function with "
        f"**{memory} MB** memory and a **{format_number(inp.package_mb)} MB** zip package, outside a VPC. Answer in ms."
    )
    parts = [f"- {f.label}: {format_number(round(f.p50_ms))} ms" for f in res.factors]
    expl = "\n".join([f"The estimator gives about **{format_number(round(res.p50_ms))} ms** (within 25% counts).", *parts])
    return CalcQuestion("coldstart", text, float(res.p50_ms), "ms", TOLERANCE["coldstart"], expl,
                        {"runtime": profile.runtime, "memory_mb": memory, "package_mb": inp.package_mb})


def _tune(rng: random.Random, data: CalcData) -> CalcQuestion:
    from lambdaprep.calc.tuning import TuneInputs, tune

    inp = TuneInputs(duration_ms=rng.choice((200, 500, 1000, 2000)), cpu_fraction=rng.choice((0.2, 0.5, 0.9)))
    res = tune(inp, data.price_book(), data)
    text = (
        f"A single-threaded function takes **{format_number(inp.duration_ms)} ms** at one vCPU; "
        f"**{round(inp.cpu_fraction * 100)}%** of that time is CPU-bound. Which memory size is cheapest per invocation "
        f"(from {', '.join(str(r.memory_mb) for r in res.rows)} MB)?"
    )
    expl = f"The power-tuning model picks **{res.cheapest.memory_mb} MB** as cheapest ({res.fastest.memory_mb} MB is fastest)."
    return CalcQuestion("tune", text, float(res.cheapest.memory_mb), "MB", TOLERANCE["tune"], expl,
                        {"duration_ms": inp.duration_ms, "cpu_fraction": inp.cpu_fraction})


GENERATORS = {"price": _price, "concurrency": _concurrency, "coldstart": _coldstart, "tune": _tune}


def generate(calculator: str, rng: random.Random, data: CalcData) -> CalcQuestion:
    """One question for ``calculator`` (price, concurrency, coldstart, tune)."""
    return GENERATORS[calculator](rng, data)
