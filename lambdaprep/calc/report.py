"""Results as rows of plain strings, shared by the CLI tables and the TUI panels.

Nothing here knows about Rich or Textual: each function returns headers and rows
of text so both front ends show the same numbers formatted the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lambdaprep.calc.coldstart import ColdStartResult
    from lambdaprep.calc.data import Arch
    from lambdaprep.calc.concurrency import ConcurrencyResult
    from lambdaprep.calc.pricing import PriceResult
    from lambdaprep.calc.tuning import TuneResult

Rows = list[list[str]]


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a calculator's report: an optional table, then lines of text.

    ``Calculator.report`` returns a list of these; the CLI and the TUI lay them out.
    """

    headers: Sequence[str] = ()
    rows: Rows = field(default_factory=list)
    sources: Sequence[str] | None = None
    """One per row, printed dim under it (where a number comes from)."""
    bold_last: int = 0
    flex: int = 0
    """The column that wraps to fit the width."""
    right: bool = True
    """Right-align the columns after the first (numbers)."""
    lines: Sequence[str] = ()
    style: str = "dim"
    """Style of ``lines``: ``dim`` for notes, ``bold`` for headlines and warnings."""


def usd(x: Decimal | float, places: int = 2) -> str:
    return f"${float(x):,.{places}f}"


def usd_small(x: Decimal | float) -> str:
    """Small amounts with enough digits to see them ($0.0000020833)."""
    v = float(x)
    if v == 0:
        return "$0"
    if abs(v) >= 0.01:
        return f"${v:,.4f}"
    return f"${v:.3g}" if abs(v) < 1e-9 else f"${v:.10f}".rstrip("0")


def ms(x: float) -> str:
    if x >= 10_000:
        return f"{x / 1000:,.1f} s"
    if x >= 100:
        return f"{x:,.0f} ms"
    return f"{x:,.1f} ms"


def share(x: float) -> str:
    if x == 0:
        return "0%"
    if x >= 0.001:
        return f"{x:.2%}"
    return f"{x * 100:.2g}%"


def short_source(source: str) -> str:
    """``https://docs.aws.amazon.com/lambda/latest/dg/x.html`` → ``AWS: x``; others lose the scheme."""
    for prefix, name in (
        ("https://docs.aws.amazon.com/lambda/latest/dg/", "AWS: "),
        ("https://docs.aws.amazon.com/lambda/latest/api/", "AWS API: "),
        ("https://aws.amazon.com/", "aws.amazon.com/"),
        ("https://github.com/", ""),
        ("https://", ""),
    ):
        if source.startswith(prefix):
            rest = source[len(prefix):].rstrip("/")
            return name + (rest[:-5] if rest.endswith(".html") else rest)
    return source


def basis(kind: str, source: str) -> str:
    """How a number is known: "assumption", "your input", "measured (github: …)"."""
    if kind in ("input", "missing") or source in ("assumption", "", "model", "your input"):
        return source or kind
    if kind == "assumption":
        return f"assumption ({short_source(source)})"
    return f"{kind} ({short_source(source)})"


def number(x: float) -> str:
    if float(x).is_integer() or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.2f}"


# ------------------------------------------------------------------ pricing


def price_table(results: Mapping[Arch, PriceResult]) -> tuple[list[str], Rows]:
    """Line items with one column per architecture, then the total and cost per million."""
    arches = list(results)
    headers = ["Item", *arches]
    labels: dict[str, str] = {}
    for r in results.values():
        for line in r.lines:
            labels.setdefault(line.key, line.label)
    rows: Rows = []
    for key, label in labels.items():
        cells = []
        for arch in arches:
            item = results[arch].line(key)
            cells.append(usd(item.usd) if item else "—")
        rows.append([label, *cells])
    rows.append(["Total / month", *(usd(results[a].total) for a in arches)])
    rows.append(["Per 1M invocations", *(usd(results[a].per_million, 4) for a in arches)])
    return headers, rows


def price_details(result: PriceResult) -> Rows:
    return [[line.label, line.detail] for line in result.lines]


def price_footer(result: PriceResult) -> str:
    return f"Prices: {result.region}, as of {result.as_of} ({short_source(result.source)})"


# ------------------------------------------------------------------ tuning


def tune_table(result: TuneResult) -> tuple[list[str], Rows]:
    headers = ["Memory", "vCPU", "Duration", "$ / invocation", "$ / 1M", "Pick"]
    rows = [
        [
            f"{r.memory_mb:,} MB",
            f"{r.vcpus:.2f}",
            ms(r.duration_ms),
            usd_small(r.cost),
            usd(r.per_million, 2),
            ", ".join(result.picks(r)),
        ]
        for r in result.rows
    ]
    return headers, rows


def tune_summary(result: TuneResult) -> list[str]:
    c, f, b = result.cheapest, result.fastest, result.balanced
    return [
        f"Cheapest: {c.memory_mb:,} MB ({ms(c.duration_ms)}, {usd_small(c.cost)})",
        f"Fastest:  {f.memory_mb:,} MB ({ms(f.duration_ms)}, {usd_small(f.cost)})",
        f"Balanced: {b.memory_mb:,} MB (weight {result.inputs.balanced_weight:g})",
    ]


def tune_footer(result: TuneResult) -> str:
    return (
        f"Cost = ceil(ms) × {usd_small(result.price_per_ms_128)} per ms at 128 MB × memory/128 "
        f"(duration only, no requests or free tier; {result.region}, as of {result.as_of}). "
        f"1 vCPU = {result.mb_per_vcpu:,.0f} MB ({short_source(result.vcpu_source)})."
    )


# ------------------------------------------------------------------ cold starts


def coldstart_factors(result: ColdStartResult) -> tuple[list[str], Rows]:
    headers = ["Factor", "p50", "p90", "Basis / source"]
    rows = [[f.label, ms(f.p50_ms), ms(f.p90_ms), basis(f.basis, f.source)] for f in result.factors]
    rows.append(["Cold start", ms(result.p50_ms), ms(result.p90_ms), ""])
    return headers, rows


def coldstart_terms(result: ColdStartResult) -> tuple[list[str], Rows]:
    headers = ["Why cold", "Share", "Basis / source"]
    rows = [[t.label, share(t.share), basis(t.basis, t.source)] for t in result.terms]
    rows.append(["Cold share", share(result.cold_share), ""])
    return headers, rows


def coldstart_summary(result: ColdStartResult) -> list[str]:
    out = [
        f"{result.profile_label}: cold start p50 {ms(result.p50_ms)}, p90 {ms(result.p90_ms)}",
        f"{share(result.cold_share)} of invocations start cold (about {number(result.cold_per_day)} a day); "
        f"mean added latency {ms(result.mean_added_ms)}",
    ]
    if result.in_p99:
        out.append("At 1% or more, cold starts set your p99 latency.")
    return out


# ------------------------------------------------------------------ concurrency


def concurrency_rows(result: ConcurrencyResult) -> list[tuple[str, Rows, list[str]]]:
    """``(section title, rows [label, value, source], warnings)`` per section."""
    out = []
    for section in result.sections:
        rows = []
        for n in section.numbers:
            if n.unit == "%":
                value = f"{n.value:.1f}%"
            elif n.unit == "s":
                value = f"{n.value:,.1f} s"
            elif n.unit == "environments":
                value = number(n.value)
            else:
                value = f"{number(n.value)} {n.unit}"
            rows.append([n.label, value, short_source(n.source)])
        out.append((section.title, rows, list(section.warnings)))
    return out
