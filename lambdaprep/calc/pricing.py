"""Monthly Lambda cost, itemised, from a :class:`~lambdaprep.content.models.PriceBook`.

Money is :class:`~decimal.Decimal` throughout; each line is rounded to the cent
the way a bill (and AWS's worked examples) round it, and the total is the sum of
the rounded lines. docs/calculators.md explains each formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from lambdaprep.calc.data import ARCHES, Arch, CalcData, CalcError
from lambdaprep.units import format_count, format_duration, format_percent, format_size, format_usd

if TYPE_CHECKING:
    from lambdaprep.content.models import PriceBook

CENT = Decimal("0.01")
MB_PER_GB = Decimal(1024)
MILLION = Decimal(1_000_000)
HOURS_PER_MONTH = Decimal(730)
"""The billing convention for "a month" (365 × 24 / 12), used only to spread traffic over a month."""


def D(x: float | int | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class PriceInputs:
    """One function's monthly usage. Defaults mirror the AWS Pricing Calculator's."""

    memory_mb: float = 128
    duration_ms: float = 100
    """Average billed duration of one invocation (rounded up to the next ms)."""
    requests: float = 1_000_000
    """Invocations per month."""
    arch: Arch = "x86_64"
    ephemeral_mb: float = 512
    provisioned: int = 0
    """Provisioned concurrency: environments kept initialised."""
    provisioned_hours: float = 0
    """Hours per month provisioned concurrency is enabled (billed in the price book's increments)."""
    provisioned_requests: float | None = None
    """Invocations served by provisioned concurrency; None spreads traffic evenly over the month."""
    free_tier: bool = True
    init_ms: float = 0
    """INIT duration per cold start (billed at the duration rate since the price book's init_billed_since)."""
    cold_share: float = 0
    """Fraction of on-demand invocations that start cold (0–1)."""
    snapstart: bool = False
    runtime_family: str = ""
    """python, dotnet, java, …: decides whether SnapStart cache and restore are charged."""
    snapstart_hours: float | None = None
    """Hours the SnapStart version is active; None for the whole month."""
    restores: float | None = None
    """SnapStart restores per month; None uses the cold starts (requests × cold share)."""
    payload_kb: float = 0
    """Size of an asynchronous event; above the included size each chunk is billed as a request."""
    edge: bool = False
    """Lambda@Edge: its own request and duration prices, no free tier."""


@dataclass(frozen=True, slots=True)
class LineItem:
    key: str
    label: str
    quantity: Decimal
    unit: str
    usd_exact: Decimal
    detail: str = ""

    @property
    def usd(self) -> Decimal:
        return cents(self.usd_exact)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "quantity": float(self.quantity),
            "unit": self.unit,
            "usd": float(self.usd),
            "usd_exact": float(self.usd_exact),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class PriceResult:
    inputs: PriceInputs
    arch: Arch
    region: str
    as_of: str
    source: str
    lines: tuple[LineItem, ...]
    notes: tuple[str, ...] = ()
    free_tier_applied: bool = False

    @property
    def total(self) -> Decimal:
        """The bill: the sum of the cent-rounded lines."""
        return sum((line.usd for line in self.lines), Decimal(0))

    @property
    def total_exact(self) -> Decimal:
        return sum((line.usd_exact for line in self.lines), Decimal(0))

    @property
    def per_million(self) -> Decimal:
        """Cost per million invocations (exact total / requests × 1M)."""
        if self.inputs.requests <= 0:
            return Decimal(0)
        return self.total_exact / D(self.inputs.requests) * MILLION

    def line(self, key: str) -> LineItem | None:
        return next((item for item in self.lines if item.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "as_of": self.as_of,
            "source": self.source,
            "architecture": self.arch,
            "free_tier_applied": self.free_tier_applied,
            "lines": [item.as_dict() for item in self.lines],
            "total_usd": float(self.total),
            "total_usd_exact": float(self.total_exact),
            "per_million_usd": float(self.per_million),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- helpers


def tiered_cost(gb_seconds: Decimal, tiers: list[Any]) -> tuple[Decimal, list[tuple[Decimal, Decimal]]]:
    """Cost of ``gb_seconds`` through volume tiers; also ``[(GB-s in tier, price), …]``."""
    remaining = gb_seconds
    lower = Decimal(0)
    cost = Decimal(0)
    used: list[tuple[Decimal, Decimal]] = []
    for tier in tiers:
        if remaining <= 0:
            break
        upper = tier.up_to_gb_seconds
        take = remaining if upper is None else min(remaining, upper - lower)
        if take > 0:
            cost += take * tier.price_per_gb_second
            used.append((take, tier.price_per_gb_second))
            remaining -= take
        if upper is not None:
            lower = upper
    return cost, used


def async_chunks(payload_kb: float, book: PriceBook) -> int:
    """Extra billed requests for one asynchronous event of ``payload_kb``."""
    ap = book.async_payload
    if payload_kb > ap.max_kb:
        raise CalcError(f"an asynchronous event can be at most {format_size(ap.max_kb, 'KB')}", "payload_kb")
    if payload_kb <= ap.included_kb:
        return 0
    return math.ceil((payload_kb - ap.included_kb) / ap.chunk_kb)


def validate(inp: PriceInputs, data: CalcData | None = None) -> None:
    """Raise :class:`CalcError` (naming the field) for inputs Lambda would refuse."""
    if inp.arch not in ARCHES:
        raise CalcError(f"architecture must be x86_64 or arm64, not {inp.arch!r}", "arch")
    if inp.memory_mb <= 0:
        raise CalcError("memory must be positive", "memory_mb")
    if inp.duration_ms < 0:
        raise CalcError("duration cannot be negative", "duration_ms")
    if inp.requests < 0:
        raise CalcError("requests cannot be negative", "requests")
    if inp.provisioned < 0 or inp.provisioned_hours < 0:
        raise CalcError("provisioned concurrency cannot be negative", "provisioned")
    if not 0 <= inp.cold_share <= 1:
        raise CalcError("the cold-start share must be between 0% and 100%", "cold_share")
    if inp.init_ms < 0:
        raise CalcError("INIT time cannot be negative", "init_ms")
    if inp.payload_kb < 0:
        raise CalcError("payload size cannot be negative", "payload_kb")
    if inp.provisioned_requests is not None and not 0 <= inp.provisioned_requests <= inp.requests:
        raise CalcError("requests served by provisioned concurrency must be between 0 and the total", "provisioned_requests")
    if data is not None:
        data.check_range(inp.memory_mb, "limit-memory", "MB", "memory", "memory_mb")
        data.check_range(inp.ephemeral_mb, "limit-ephemeral-storage", "MB", "ephemeral storage", "ephemeral_mb")
        data.check_range(inp.duration_ms, "limit-timeout", "ms", "duration", "duration_ms", minimum=False)
    if inp.snapstart and inp.provisioned > 0:
        raise CalcError("SnapStart cannot be combined with provisioned concurrency", "snapstart")
    if inp.edge and inp.provisioned > 0:
        raise CalcError("Lambda@Edge does not support provisioned concurrency", "provisioned")
    if inp.edge and inp.snapstart:
        raise CalcError("Lambda@Edge does not support SnapStart", "snapstart")


# --------------------------------------------------------------------------- the bill


def price(inp: PriceInputs, book: PriceBook, data: CalcData | None = None) -> PriceResult:
    """Itemised monthly cost of one function on ``inp.arch``."""
    validate(inp, data)
    if inp.snapstart and inp.ephemeral_mb > float(book.ephemeral_free_mb):
        raise CalcError(f"SnapStart does not support ephemeral storage above {format_size(book.ephemeral_free_mb)}", "snapstart")
    if inp.edge:
        return _price_edge(inp, book)
    prices = book.architectures[inp.arch]
    lines: list[LineItem] = []
    notes: list[str] = []

    mem_gb = D(inp.memory_mb) / MB_PER_GB
    dur_ms = D(math.ceil(inp.duration_ms))
    dur_s = dur_ms / 1000
    requests = D(inp.requests)
    per_event = 1 + async_chunks(inp.payload_kb, book)
    billed_requests = requests * per_event

    # Provisioned concurrency: configured GB-s, rounded up to the billing increment.
    pc_on = inp.provisioned > 0 and inp.provisioned_hours > 0
    pc_requests = Decimal(0)
    if pc_on:
        inc = D(book.provisioned_billing_increment_seconds)
        pc_seconds = D(math.ceil(D(inp.provisioned_hours) * 3600 / inc)) * inc
        pc_gbs = D(inp.provisioned) * mem_gb * pc_seconds
        lines.append(
            LineItem(
                "provisioned",
                "Provisioned concurrency",
                pc_gbs,
                "GB-s",
                pc_gbs * prices.provisioned_concurrency_per_gb_second,
                f"{format_count(inp.provisioned)} × {format_count(mem_gb)} GB × {format_duration(pc_seconds, 's')} × {format_usd(prices.provisioned_concurrency_per_gb_second, exact=True)}",
            )
        )
        if inp.provisioned_requests is not None:
            pc_requests = D(inp.provisioned_requests)
        else:
            capacity = D(inp.provisioned) * D(inp.provisioned_hours) * 3600 / dur_s if dur_s > 0 else requests
            spread = requests * min(D(inp.provisioned_hours) / HOURS_PER_MONTH, Decimal(1))
            pc_requests = min(spread, capacity, requests)
            notes.append("provisioned concurrency serves the traffic of its hours, spread evenly over a 730-hour month, up to its capacity")
        pc_gbs_used = pc_requests * dur_s * mem_gb
        lines.append(
            LineItem(
                "provisioned_duration",
                "Duration on provisioned concurrency",
                pc_gbs_used,
                "GB-s",
                pc_gbs_used * prices.provisioned_duration_per_gb_second,
                f"{format_count(pc_requests)} × {format_duration(dur_ms)} × {format_count(mem_gb)} GB × {format_usd(prices.provisioned_duration_per_gb_second, exact=True)}",
            )
        )

    od_requests = requests - pc_requests
    free = inp.free_tier and not pc_on
    if inp.free_tier and pc_on:
        notes.append("the free tier does not apply to functions with provisioned concurrency")

    # Requests (async events above the included size count once per chunk).
    free_requests = min(billed_requests, D(book.free_tier.requests)) if free else Decimal(0)
    payable_requests = billed_requests - free_requests
    detail = f"{format_count(billed_requests)} requests"
    if per_event > 1:
        detail += f" ({format_count(requests)} events × {per_event} for {format_size(inp.payload_kb, 'KB')})"
    if free_requests:
        detail = f"({detail} − {format_count(free_requests)} free)"
    lines.append(
        LineItem("requests", "Requests", payable_requests, "requests", payable_requests / MILLION * book.requests_per_million,
                 detail + f" × {format_usd(book.requests_per_million, exact=True)}/M")
    )

    # On-demand duration, INIT included, through the free tier and the volume tiers.
    cold_starts = od_requests * D(inp.cold_share)
    init_s = D(math.ceil(inp.init_ms)) / 1000
    invoke_gbs = od_requests * dur_s * mem_gb
    init_gbs = cold_starts * init_s * mem_gb
    od_gbs = invoke_gbs + init_gbs
    free_gbs = min(od_gbs, D(book.free_tier.gb_seconds)) if free else Decimal(0)
    duration_cost, used = tiered_cost(od_gbs - free_gbs, prices.duration_tiers)
    tiers_text = " + ".join(f"{format_count(gbs)} GB-s × {format_usd(p, exact=True)}" for gbs, p in used) or "0 GB-s"
    free_text = f" after {format_count(free_gbs)} free GB-s" if free_gbs else ""
    invoke_share = invoke_gbs / od_gbs if od_gbs > 0 else Decimal(1)
    lines.append(
        LineItem(
            "duration",
            "Duration",
            invoke_gbs,
            "GB-s",
            duration_cost * invoke_share,
            f"{format_count(od_requests)} × {format_duration(dur_ms)} × {format_count(mem_gb)} GB; {tiers_text}{free_text}",
        )
    )
    if inp.init_ms > 0 and inp.cold_share > 0:
        lines.append(
            LineItem(
                "init",
                "INIT duration (cold starts)",
                init_gbs,
                "GB-s",
                duration_cost - duration_cost * invoke_share,
                f"{format_count(cold_starts)} cold starts ({format_percent(inp.cold_share)}) × {format_duration(init_s * 1000)} × {format_count(mem_gb)} GB at the duration rate",
            )
        )
        if book.init_billed_since:
            notes.append(f"INIT is billed at the duration rate since {book.init_billed_since.isoformat()}")

    # Ephemeral storage above the included size, for the whole billed duration.
    extra_mb = max(D(inp.ephemeral_mb) - D(book.ephemeral_free_mb), Decimal(0))
    if extra_mb > 0:
        eph_gbs = extra_mb / MB_PER_GB * (requests * dur_s + cold_starts * init_s)
        lines.append(
            LineItem(
                "ephemeral",
                "Ephemeral storage",
                eph_gbs,
                "GB-s",
                eph_gbs * book.ephemeral_storage_per_gb_second,
                f"{format_size(extra_mb)} above {format_size(book.ephemeral_free_mb)} × billed duration × {format_usd(book.ephemeral_storage_per_gb_second, exact=True)}",
            )
        )

    # SnapStart cache and restore, for the runtimes that pay them.
    if inp.snapstart:
        ss = book.snapstart
        family = inp.runtime_family.lower()
        if family and family not in ss.charged_runtimes:
            notes.append(f"SnapStart has no cache or restore charge for {family}")
        elif not family:
            raise CalcError("say which runtime family uses SnapStart (its charges depend on it)", "runtime")
        else:
            hours = D(inp.snapstart_hours) if inp.snapstart_hours is not None else HOURS_PER_MONTH
            cache_s = max(hours, D(ss.minimum_cache_hours)) * 3600
            cache_gbs = mem_gb * cache_s
            restores = D(inp.restores) if inp.restores is not None else cold_starts
            restore_gb = restores * mem_gb
            lines.append(LineItem("snapstart_cache", "SnapStart cache", cache_gbs, "GB-s", cache_gbs * ss.cache_per_gb_second,
                                  f"{format_count(mem_gb)} GB × {format_duration(cache_s, 's')} × {format_usd(ss.cache_per_gb_second, exact=True)}"))
            lines.append(LineItem("snapstart_restore", "SnapStart restore", restore_gb, "GB", restore_gb * ss.restore_per_gb,
                                  f"{format_count(restores)} restores × {format_count(mem_gb)} GB × {format_usd(ss.restore_per_gb, exact=True)}"))

    return PriceResult(
        inputs=inp,
        arch=inp.arch,
        region=book.region,
        as_of=book.as_of.isoformat() if book.as_of else "",
        source=book.source,
        lines=tuple(lines),
        notes=tuple(notes),
        free_tier_applied=free,
    )


def _price_edge(inp: PriceInputs, book: PriceBook) -> PriceResult:
    edge = book.lambda_edge
    mem_gb = D(inp.memory_mb) / MB_PER_GB
    dur_ms = D(math.ceil(inp.duration_ms))
    requests = D(inp.requests)
    gbs = requests * dur_ms / 1000 * mem_gb
    lines = (
        LineItem("requests", "Lambda@Edge requests", requests, "requests", requests / MILLION * edge.requests_per_million,
                 f"{format_count(requests)} × {format_usd(edge.requests_per_million, exact=True)}/M"),
        LineItem("duration", "Lambda@Edge duration", gbs, "GB-s", gbs * edge.per_gb_second,
                 f"{format_count(requests)} × {format_duration(dur_ms)} × {format_count(mem_gb)} GB × {format_usd(edge.per_gb_second, exact=True)}"),
    )
    notes = ["Lambda@Edge has its own prices and no free tier"] if inp.free_tier else []
    return PriceResult(inp, inp.arch, book.region, book.as_of.isoformat() if book.as_of else "", book.source, lines, tuple(notes), False)


def price_both(inp: PriceInputs, book: PriceBook, data: CalcData | None = None) -> dict[Arch, PriceResult]:
    """x86_64 and arm64 side by side, same usage."""
    return {arch: price(replace(inp, arch=arch), book, data) for arch in ARCHES}
