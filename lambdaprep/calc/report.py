"""Results as rows of plain strings, shared by the CLI tables and the TUI panels.

Nothing here knows about Rich or Textual: each function returns headers and rows
of text so both front ends show the same numbers formatted the same way. Every number
goes through the one set of formatters in :mod:`lambdaprep.units` (``format_usd``,
``format_duration``, ``format_size``, ``format_count``, ``format_percent``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lambdaprep.units import format_count, format_duration, format_percent, format_size, format_usd

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
            cells.append(format_usd(item.usd) if item else "—")
        rows.append([label, *cells])
    rows.append(["Total / month", *(format_usd(results[a].total) for a in arches)])
    rows.append(["Per 1M invocations", *(format_usd(results[a].per_million, precise=True) for a in arches)])
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
            format_size(r.memory_mb),
            f"{r.vcpus:.2f}",
            format_duration(r.duration_ms),
            format_usd(r.cost, precise=True),
            format_usd(r.per_million, precise=True),
            ", ".join(result.picks(r)),
        ]
        for r in result.rows
    ]
    return headers, rows


def tune_summary(result: TuneResult) -> list[str]:
    c, f, b = result.cheapest, result.fastest, result.balanced
    return [
        f"Cheapest: {format_size(c.memory_mb)} ({format_duration(c.duration_ms)}, {format_usd(c.cost, precise=True)})",
        f"Fastest:  {format_size(f.memory_mb)} ({format_duration(f.duration_ms)}, {format_usd(f.cost, precise=True)})",
        f"Balanced: {format_size(b.memory_mb)} (weight {format_count(result.inputs.balanced_weight)})",
    ]


def tune_footer(result: TuneResult) -> str:
    return (
        f"Cost = ceil(ms) × {format_usd(result.price_per_ms_128, precise=True)} per ms at 128 MB × memory/128 "
        f"(duration only, no requests or free tier; {result.region}, as of {result.as_of}). "
        f"1 vCPU = {format_size(result.mb_per_vcpu)} ({short_source(result.vcpu_source)})."
    )


# ------------------------------------------------------------------ cold starts


def coldstart_factors(result: ColdStartResult) -> tuple[list[str], Rows]:
    headers = ["Factor", "p50", "p90", "Basis / source"]
    rows = [[f.label, format_duration(f.p50_ms), format_duration(f.p90_ms), basis(f.basis, f.source)] for f in result.factors]
    rows.append(["Cold start", format_duration(result.p50_ms), format_duration(result.p90_ms), ""])
    return headers, rows


def coldstart_terms(result: ColdStartResult) -> tuple[list[str], Rows]:
    headers = ["Why cold", "Share", "Basis / source"]
    rows = [[t.label, format_percent(t.share), basis(t.basis, t.source)] for t in result.terms]
    rows.append(["Cold share", format_percent(result.cold_share), ""])
    return headers, rows


def coldstart_summary(result: ColdStartResult) -> list[str]:
    out = [
        f"{result.profile_label}: cold start p50 {format_duration(result.p50_ms)}, p90 {format_duration(result.p90_ms)}",
        f"{format_percent(result.cold_share)} of invocations start cold (about {format_count(result.cold_per_day)} a day); "
        f"mean added latency {format_duration(result.mean_added_ms)}",
    ]
    if result.in_p99:
        out.append("At 1% or more, cold starts set your p99 latency.")
    return out


def coldstart_snapstart(result: ColdStartResult) -> list[str]:
    """The SnapStart trade-off in words: the Init it skips against the restore that replaces it.

    Said when SnapStart is on (faster or slower, and why), or when it is off but would help.
    """
    ss = result.snapstart
    if ss is None:
        return []
    init, restore = format_duration(ss.init_p50_ms), format_duration(ss.restore_p50_ms)
    gap = format_duration(abs(ss.saved_p50_ms))
    if ss.enabled and ss.helps:
        out = [f"SnapStart: a restore of about {restore} (p50) replaces {init} of Init (runtime, package and your init code), "
               f"so a cold start is about {gap} faster."]
    elif ss.enabled:
        out = [f"SnapStart: a restore of about {restore} (p50) replaces only {init} of Init, so a cold start is about {gap} slower "
               "than without it. SnapStart pays off when Init is heavy (your init code loading a framework, SDK clients or data "
               "for a second or more), not for a light Init like this one."]
    elif ss.helps:
        out = [f"SnapStart (--snapstart) would replace this {init} of Init with a restore of about {restore}: about {gap} faster."]
    else:
        return []  # off, and it would not help: nothing to say
    if ss.enabled and ss.rarely_invoked:
        out.append("Invoked this rarely, restores often come from a cold snapshot cache and take longer (AWS: SnapStart works best "
                   "at scale).")
    return out


# ------------------------------------------------------------------ concurrency


def concurrency_rows(result: ConcurrencyResult) -> list[tuple[str, Rows, list[str]]]:
    """``(section title, rows [label, value, source], warnings)`` per section."""
    out = []
    for section in result.sections:
        rows = []
        for n in section.numbers:
            if n.unit == "%":
                value = format_percent(n.value / 100)
            elif n.unit == "s":
                value = format_duration(n.value, "s")
            elif n.unit == "environments":
                value = format_count(n.value)
            else:
                value = f"{format_count(n.value)} {n.unit}"
            rows.append([n.label, value, short_source(n.source)])
        out.append((section.title, rows, list(section.warnings)))
    return out
