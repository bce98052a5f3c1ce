"""Power tuning: duration and cost per invocation across memory sizes.

A model of what AWS Lambda Power Tuning measures. The function takes
``duration_ms`` at the reference memory (by default the memory that buys one
vCPU); a ``cpu_fraction`` of that time is CPU-bound and shrinks as memory buys
more CPU (up to ``threads`` vCPUs the code can use); the rest (waiting on the
network) does not. Cost follows Power Tuning's formula,
``ceil(ms) × price per ms at 128 MB × memory / 128``, without request charges or
the free tier, and the picks follow its ``cost``, ``speed`` and ``balanced``
strategies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lambdaprep.calc.data import ARCHES, Arch, CalcData, CalcError
from lambdaprep.calc.pricing import D

if TYPE_CHECKING:
    from lambdaprep.content.models import PriceBook

DEFAULT_POWER_VALUES: tuple[int, ...] = (128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10240)
"""Memory sizes tried by default (Power Tuning's own default is 128,256,512,1024,1536,3008)."""
VCPU_IDS = ("limit-one-vcpu-memory", "full-vcpu-memory", "memory-per-vcpu")


@dataclass(frozen=True, slots=True)
class TuneInputs:
    duration_ms: float = 1000
    """Average duration at ``ref_memory_mb``."""
    cpu_fraction: float = 0.8
    """Share (0–1) of that duration that is CPU-bound."""
    arch: Arch = "x86_64"
    ref_memory_mb: float | None = None
    """Memory at which ``duration_ms`` was measured; None = the memory of one vCPU."""
    threads: float = 1
    """vCPUs the code can keep busy (1 for single-threaded code)."""
    power_values: tuple[int, ...] = DEFAULT_POWER_VALUES
    balanced_weight: float = 0.5
    """Power Tuning's balancedWeight: 0 = speed only, 1 = cost only."""


@dataclass(frozen=True, slots=True)
class TuneRow:
    memory_mb: int
    vcpus: float
    duration_ms: float
    cost: Decimal
    """USD per invocation (duration only)."""

    @property
    def per_million(self) -> Decimal:
        return self.cost * 1_000_000

    def as_dict(self) -> dict[str, Any]:
        return {
            "memory_mb": self.memory_mb,
            "vcpus": round(self.vcpus, 3),
            "duration_ms": round(self.duration_ms, 3),
            "cost_usd": float(self.cost),
            "per_million_usd": float(self.per_million),
        }


@dataclass(frozen=True, slots=True)
class TuneResult:
    inputs: TuneInputs
    rows: tuple[TuneRow, ...]
    cheapest: TuneRow
    fastest: TuneRow
    balanced: TuneRow
    mb_per_vcpu: float
    vcpu_source: str
    price_per_ms_128: Decimal
    region: str
    as_of: str

    def picks(self, row: TuneRow) -> list[str]:
        return [name for name, pick in (("cost", self.cheapest), ("speed", self.fastest), ("balanced", self.balanced)) if pick is row]

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "as_of": self.as_of,
            "architecture": self.inputs.arch,
            "price_per_ms_at_128mb_usd": float(self.price_per_ms_128),
            "mb_per_vcpu": self.mb_per_vcpu,
            "mb_per_vcpu_source": self.vcpu_source,
            "rows": [r.as_dict() | {"picks": self.picks(r)} for r in self.rows],
            "cheapest_mb": self.cheapest.memory_mb,
            "fastest_mb": self.fastest.memory_mb,
            "balanced_mb": self.balanced.memory_mb,
            "balanced_weight": self.inputs.balanced_weight,
        }


def price_per_ms_at_128(book: PriceBook, arch: Arch) -> Decimal:
    """Power Tuning's ``baseCost``: the first-tier price of 1 ms at 128 MB."""
    tier1 = book.architectures[arch].duration_tiers[0].price_per_gb_second
    return tier1 * Decimal(128) / Decimal(1024) / Decimal(1000)


def model_duration(memory_mb: float, inp: TuneInputs, mb_per_vcpu: float) -> float:
    """Modelled duration (ms) at ``memory_mb``."""
    ref = inp.ref_memory_mb if inp.ref_memory_mb is not None else mb_per_vcpu

    def speed(mem: float) -> float:
        return min(mem / mb_per_vcpu, inp.threads)

    f = inp.cpu_fraction
    return inp.duration_ms * ((1 - f) + f * speed(ref) / speed(memory_mb))


def tune(inp: TuneInputs, book: PriceBook, data: CalcData) -> TuneResult:
    if inp.arch not in ARCHES:
        raise CalcError(f"architecture must be x86_64 or arm64, not {inp.arch!r}", "arch")
    if inp.duration_ms <= 0:
        raise CalcError("duration must be positive", "duration_ms")
    if not 0 <= inp.cpu_fraction <= 1:
        raise CalcError("the CPU-bound share must be between 0% and 100%", "cpu_fraction")
    if inp.threads < 1:
        raise CalcError("threads must be at least 1", "threads")
    if not 0 <= inp.balanced_weight <= 1:
        raise CalcError("the balanced weight must be between 0 and 1", "balanced_weight")
    if not inp.power_values:
        raise CalcError("give at least one memory size", "power_values")
    for mem in inp.power_values:
        data.check_range(mem, "limit-memory", "MB", "memory", "power_values")
    vcpu = data.require(*VCPU_IDS, unit="MB", what="memory size of one vCPU")
    base = price_per_ms_at_128(book, inp.arch)
    rows = []
    for mem in sorted(set(inp.power_values)):
        ms = model_duration(mem, inp, vcpu.value)
        cost = D(math.ceil(ms - 1e-9)) * base * Decimal(mem) / Decimal(128)
        rows.append(TuneRow(mem, min(mem / vcpu.value, inp.threads), ms, cost))
    cheapest = min(rows, key=lambda r: (r.cost, r.duration_ms))
    fastest = min(rows, key=lambda r: (r.duration_ms, r.cost))
    max_cost = max(r.cost for r in rows) or Decimal(1)
    max_dur = max(r.duration_ms for r in rows) or 1.0
    w = inp.balanced_weight

    def score(r: TuneRow) -> float:
        return w * float(r.cost / max_cost) + (1 - w) * r.duration_ms / max_dur

    balanced = min(rows, key=lambda r: (score(r), r.cost))
    return TuneResult(
        inputs=inp,
        rows=tuple(rows),
        cheapest=cheapest,
        fastest=fastest,
        balanced=balanced,
        mb_per_vcpu=vcpu.value,
        vcpu_source=vcpu.cite,
        price_per_ms_128=base,
        region=book.region,
        as_of=book.as_of.isoformat() if book.as_of else "",
    )
