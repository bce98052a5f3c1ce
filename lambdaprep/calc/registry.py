"""The registry of calculators: one entry each, from which the CLI and the TUI derive.

An entry holds everything a front end needs: the form (fields, presets, how to build
the inputs), the pure ``compute``, the ``report`` as plain text :class:`Block`\\ s, the
JSON form of a result, and the CLI's help, example and option names. ``lambdaprep calc``
makes one subcommand per entry and the Calculators screen one tab per entry (a tab
with a chart may have its own panel in ``tui/screens/calculators.py``; any other
calculator gets the generic panel, which shows its report).

Adding a calculator: a module in ``lambdaprep/calc/`` with its form, compute, report and
JSON functions, and one :class:`Calculator` line in :data:`CALCULATORS`.
``tests/test_calc_registry.py`` runs every entry through both front ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lambdaprep.calc import report as r
from lambdaprep.calc.report import Block
from lambdaprep.calc.data import CalcData
from lambdaprep.calc.forms import FORMS, Form

@dataclass(frozen=True, slots=True)
class Calculator:
    name: str
    """The CLI subcommand and the TUI tab id."""
    form: Form
    compute: Callable[[Any, CalcData], Any]
    report: Callable[[Any], list[Block]]
    as_json: Callable[[Any], dict[str, Any]]
    short: str
    """Its label in the Calculators screen's footer (the F-key that opens its tab)."""
    help: str
    example: str
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Field name → CLI option (without ``--``); other fields use their name with ``-`` for ``_``."""
    uses_prices: bool = False
    """Reads the price book (the CLI adds ``--region``)."""

    @property
    def title(self) -> str:
        return self.form.title

    def option(self, field_name: str) -> str:
        return self.options.get(field_name, field_name.replace("_", "-"))


# ------------------------------------------------------------------ the four calculators


def _price_compute(inputs: Any, data: CalcData) -> Any:
    from lambdaprep.calc.pricing import price_both

    return inputs, price_both(inputs, data.price_book(), data)


def _price_report(result: Any) -> list[Block]:
    inputs, results = result
    headers, rows = r.price_table(results)
    chosen = results[inputs.arch]
    return [
        Block([h + (" ◆" if h == inputs.arch else "") for h in headers], rows, bold_last=2),
        Block(["Line", f"How ({inputs.arch})"], r.price_details(chosen), flex=1, right=False),
        Block(lines=[*(f"• {n}" for n in chosen.notes), r.price_footer(chosen)]),
    ]


def _price_json(result: Any) -> dict[str, Any]:
    inputs, results = result
    out: dict[str, Any] = results[inputs.arch].as_dict()
    out["side_by_side"] = {a: {"total_usd": float(x.total), "per_million_usd": float(x.per_million)} for a, x in results.items()}
    return out


def _tune_compute(inputs: Any, data: CalcData) -> Any:
    from lambdaprep.calc.tuning import tune

    return tune(inputs, data.price_book(), data)


def _tune_report(result: Any) -> list[Block]:
    headers, rows = r.tune_table(result)
    return [
        Block(lines=r.tune_summary(result), style="bold"),
        Block(headers, rows, flex=len(headers) - 1, lines=[r.tune_footer(result)]),
    ]


def _coldstart_compute(inputs: Any, data: CalcData) -> Any:
    from lambdaprep.calc.coldstart import estimate

    return estimate(inputs, data)


def _coldstart_report(result: Any) -> list[Block]:
    h, rows = r.coldstart_factors(result)
    th, trows = r.coldstart_terms(result)
    return [
        Block(lines=r.coldstart_summary(result), style="bold"),
        *([Block(lines=snap, style="")] if (snap := r.coldstart_snapstart(result)) else []),
        Block(h[:-1], [row[:-1] for row in rows], sources=[row[-1] for row in rows], bold_last=1),
        Block(th[:-1], [row[:-1] for row in trows], sources=[row[-1] for row in trows], bold_last=1,
              lines=[*(f"• {n}" for n in result.notes), "Model and assumptions: docs/calculators.md"]),
    ]


def _concurrency_compute(inputs: Any, data: CalcData) -> Any:
    from lambdaprep.calc.concurrency import concurrency

    return concurrency(inputs, data)


def _concurrency_report(result: Any) -> list[Block]:
    return [
        Block([title, "Value"], [row[:-1] for row in rows], sources=[row[-1] for row in rows], lines=[f"! {w}" for w in warnings], style="bold")
        for title, rows, warnings in r.concurrency_rows(result)
    ]


def _as_dict(result: Any) -> dict[str, Any]:
    out: dict[str, Any] = result.as_dict()
    return out


CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "price", FORMS["price"], _price_compute, _price_report, _price_json, "Price",
            "monthly cost, itemised, x86_64 and arm64 side by side",
            "lambdaprep calc price --memory 512 --duration 500ms --requests 1M --no-free-tier",
            MappingProxyType({"memory_mb": "memory", "duration_ms": "duration", "ephemeral_mb": "ephemeral", "init_ms": "init",
                              "payload_kb": "payload"}),
            uses_prices=True,
        ),
        Calculator(
            "tune", FORMS["tune"], _tune_compute, _tune_report, _as_dict, "Tune",
            "duration and cost per invocation across memory sizes (power tuning)",
            "lambdaprep calc tune --duration 2s --cpu 90%",
            MappingProxyType({"duration_ms": "duration", "cpu_fraction": "cpu", "balanced_weight": "weight", "power_values": "memory-sizes"}),
            uses_prices=True,
        ),
        Calculator(
            "coldstart", FORMS["coldstart"], _coldstart_compute, _coldstart_report, _as_dict, "Cold",
            "cold-start latency (p50/p90) and the share of invocations that start cold",
            "lambdaprep calc coldstart --runtime java21 --init 3s --rps 0.05 --snapstart",
            MappingProxyType({"package_type": "package", "package_mb": "package-size", "imported_mb": "imported", "memory_mb": "memory",
                              "user_init_ms": "init", "duration_ms": "duration", "mean_rps": "rps", "peak_to_mean": "peak",
                              "peaks_per_day": "peaks-per-day", "deploys_per_day": "deploys"}),
        ),
        Calculator(
            "concurrency", FORMS["concurrency"], _concurrency_compute, _concurrency_report, _as_dict, "Conc.",
            "concurrency, headroom, scaling time, throttling, SQS and stream event sources",
            "lambdaprep calc concurrency --rps 5000 --duration 200ms --peak 3",
            MappingProxyType({"duration_ms": "duration", "peak_to_mean": "peak", "account_limit": "account", "other_reserved": "other-reserved",
                              "sqs_messages_per_s": "sqs-rate", "sqs_batch_size": "sqs-batch", "sqs_max_concurrency": "sqs-max",
                              "stream_records_per_s": "stream-rate", "stream_batch_size": "stream-batch"}),
        ),
    )
}
"""Every calculator, in tab order."""
