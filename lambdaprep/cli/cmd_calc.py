"""lambdaprep calc: pricing, power tuning, cold starts and concurrency from the command line.

``lambdaprep calc`` alone opens the Calculators screen. Options are generated from
the same field definitions the TUI uses (:mod:`lambdaprep.calc.forms`), so both
accept the same quantities (1M, 2.5k, 500ms, 1.5s, 10GB).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

# Field name → CLI option (without the leading --). Fields not listed use their name with - for _.
OPTION_NAMES: dict[str, dict[str, str]] = {
    "price": {
        "memory_mb": "memory",
        "duration_ms": "duration",
        "ephemeral_mb": "ephemeral",
        "init_ms": "init",
        "payload_kb": "payload",
        "runtime": "runtime",
    },
    "tune": {"duration_ms": "duration", "cpu_fraction": "cpu", "balanced_weight": "weight", "power_values": "memory-sizes"},
    "coldstart": {
        "package_type": "package",
        "package_mb": "package-size",
        "imported_mb": "imported",
        "memory_mb": "memory",
        "user_init_ms": "init",
        "duration_ms": "duration",
        "mean_rps": "rps",
        "peak_to_mean": "peak",
        "peaks_per_day": "peaks-per-day",
        "deploys_per_day": "deploys",
    },
    "concurrency": {
        "duration_ms": "duration",
        "peak_to_mean": "peak",
        "account_limit": "account",
        "other_reserved": "other-reserved",
        "sqs_messages_per_s": "sqs-rate",
        "sqs_batch_size": "sqs-batch",
        "sqs_max_concurrency": "sqs-max",
        "stream_records_per_s": "stream-rate",
        "stream_batch_size": "stream-batch",
    },
}

HELP = {
    "price": "monthly cost, itemised, x86_64 and arm64 side by side",
    "tune": "duration and cost per invocation across memory sizes (power tuning)",
    "coldstart": "cold-start latency (p50/p90) and the share of invocations that start cold",
    "concurrency": "concurrency, headroom, scaling time, throttling, SQS and stream event sources",
}

EXAMPLES = {
    "price": "lambdaprep calc price --memory 512 --duration 500ms --requests 1M --no-free-tier",
    "tune": "lambdaprep calc tune --duration 2s --cpu 90%",
    "coldstart": "lambdaprep calc coldstart --runtime java21 --init 3s --rps 0.05 --snapstart",
    "concurrency": "lambdaprep calc concurrency --rps 5000 --duration 200ms --peak 3",
}


def option_name(calc: str, field_name: str) -> str:
    return OPTION_NAMES.get(calc, {}).get(field_name, field_name.replace("_", "-"))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from lambdaprep.calc.forms import FORMS

    p = sub.add_parser(
        "calc",
        parents=[common],
        help="live calculators: price, tune, coldstart, concurrency",
        description="Lambda calculators. Prices and model data come from the content packs "
        "(price book, cold-start profiles, limits). With no subcommand, opens the Calculators screen.",
    )
    p.set_defaults(run=run, calc=None)
    calcs = p.add_subparsers(dest="calc", metavar="CALCULATOR")
    for name, form in FORMS.items():
        cp = calcs.add_parser(
            name,
            parents=[common],
            help=HELP[name],
            description=f"{form.title}: {HELP[name]}. Quantities take suffixes: 1M, 2.5k, 500ms, 1.5s, 10GB, 1%.",
            epilog=f"example: {EXAMPLES[name]}",
        )
        for field in form.fields:
            opt = "--" + option_name(name, field.name)
            help_text = field.help or field.label
            if field.kind == "bool":
                cp.add_argument(opt, dest=field.name, action=argparse.BooleanOptionalAction, default=None,
                                help=f"{help_text} (default: {field.default})")
            elif field.kind == "choice":
                cp.add_argument(opt, dest=field.name, choices=field.choices, default=None, help=f"{help_text} (default: {field.default})")
            else:
                shown = field.default or "none"
                cp.add_argument(opt, dest=field.name, metavar=field.unit.upper() if field.unit and field.kind != "text" else "TEXT",
                                default=None, help=f"{help_text} (default: {shown})".replace("%", "%%"))
        if name == "price":
            cp.add_argument("--region", default=None, help="price book region (default: us-east-1)")
        cp.add_argument("--json", action="store_true", help="print a JSON object")
        cp.set_defaults(run=run)


def _texts(args: argparse.Namespace, form: Any) -> dict[str, str]:
    texts = form.defaults()
    for field in form.fields:
        value = getattr(args, field.name, None)
        if value is None:
            continue
        texts[field.name] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    return texts


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError

    if args.calc is None:
        return int(ctx.run_tui(area="calculators"))

    from lambdaprep.calc.data import CalcData, CalcError
    from lambdaprep.calc.forms import FORMS
    from lambdaprep.errors import LambdaprepError

    form = FORMS[args.calc]
    try:
        inputs = form.parse(_texts(args, form))
    except CalcError as exc:
        raise UsageError(_with_option(args.calc, exc)) from None
    data = CalcData.from_catalog(ctx.catalog(warn=not args.json))
    if not args.json and all(getattr(args, f.name, None) is None for f in form.fields):
        _say_defaults(ctx, args.calc, form)
    try:
        return {"price": _price, "tune": _tune, "coldstart": _coldstart, "concurrency": _concurrency}[args.calc](args, ctx, inputs, data)
    except CalcError as exc:
        if exc.field:
            raise UsageError(_with_option(args.calc, exc)) from None
        raise LambdaprepError(str(exc)) from None


def _say_defaults(ctx: Any, calc: str, form: Any) -> None:
    """No inputs given: say which defaults the numbers come from and how to give your own (no silent $0.00)."""
    from rich.text import Text

    shown = ", ".join(f"--{option_name(calc, f.name)} {f.default}" for f in form.fields if f.default and f.kind != "bool")
    ctx.console.print(Text(f"No inputs given, so these are the defaults: {shown}.", style="yellow"), soft_wrap=False)
    ctx.console.print(Text(f"Give your own, e.g.: {EXAMPLES[calc]}  (see --help)", style="dim"))
    ctx.console.print()


def _with_option(calc: str, exc: Any) -> str:
    field = getattr(exc, "field", None)
    return f"--{option_name(calc, field)}: {exc}" if field else str(exc)


# ------------------------------------------------------------------ output


def _table(headers: list[str], rows: list[list[str]], *, bold_last: int = 0, title: str | None = None, left: bool = False) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=None, pad_edge=False, show_edge=False)
    for i, h in enumerate(headers):
        last = i == len(headers) - 1
        table.add_column(h, justify="left" if i == 0 or left or (last and len(headers) > 2 and not h.startswith("$")) else "right",
                         no_wrap=not last, overflow="fold")
    for i, row in enumerate(rows):
        style = "bold" if bold_last and i >= len(rows) - bold_last else ""
        table.add_row(*(Text(cell) for cell in row), style=style)
    return table


def _notes(ctx: Context, lines: list[str], style: str = "dim") -> None:
    from rich.text import Text

    for line in lines:
        ctx.console.print(Text(line, style=style))


def _price(args: argparse.Namespace, ctx: Context, inputs: Any, data: Any) -> int:
    from lambdaprep.calc import report
    from lambdaprep.calc.pricing import price_both

    book = data.price_book(args.region)
    results = price_both(inputs, book, data)
    chosen = results[inputs.arch]
    if args.json:
        out = chosen.as_dict()
        out["side_by_side"] = {a: {"total_usd": float(r.total), "per_million_usd": float(r.per_million)} for a, r in results.items()}
        ctx.print_json(out)
        return 0
    headers, rows = report.price_table(results)
    headers = [h + (" *" if h == inputs.arch else "") for h in headers]
    ctx.console.print(_table(headers, rows, bold_last=2, title="Monthly cost"))
    ctx.console.print()
    ctx.console.print(_table(["Line", f"How ({inputs.arch})"], report.price_details(chosen), left=True))
    _notes(ctx, [f"note: {n}" for n in chosen.notes])
    _notes(ctx, [report.price_footer(chosen)])
    return 0


def _tune(args: argparse.Namespace, ctx: Context, inputs: Any, data: Any) -> int:
    from lambdaprep.calc import report
    from lambdaprep.calc.tuning import tune

    result = tune(inputs, data.price_book(), data)
    if args.json:
        ctx.print_json(result.as_dict())
        return 0
    headers, rows = report.tune_table(result)
    ctx.console.print(_table(headers, rows, title="Power tuning (modelled)"))
    ctx.console.print()
    _notes(ctx, report.tune_summary(result), style="bold")
    _notes(ctx, [report.tune_footer(result)])
    return 0


def _with_sources(ctx: Context, title: str, headers: list[str], rows: list[list[str]], bold_last: int = 0) -> None:
    """A table whose last column (source) goes on a dim line under each row."""
    from rich.text import Text

    from lambdaprep.calc import textlayout

    width = max(40, ctx.console.width)
    if headers[0]:
        ctx.console.print(Text(title, style="italic"))
    else:
        headers = [title, *headers[1:]]
    ctx.console.print(textlayout.table(headers[:-1], [r[:-1] for r in rows], width, bold_last=bold_last,
                                       sources=[r[-1] for r in rows]), soft_wrap=True)


def _coldstart(args: argparse.Namespace, ctx: Context, inputs: Any, data: Any) -> int:
    from lambdaprep.calc import report
    from lambdaprep.calc.coldstart import estimate

    result = estimate(inputs, data)
    if args.json:
        ctx.print_json(result.as_dict())
        return 0
    _notes(ctx, report.coldstart_summary(result), style="bold")
    ctx.console.print()
    _with_sources(ctx, "Cold-start latency", *report.coldstart_factors(result), bold_last=1)
    ctx.console.print()
    _with_sources(ctx, "Share of invocations that start cold", *report.coldstart_terms(result), bold_last=1)
    _notes(ctx, [f"note: {n}" for n in result.notes])
    _notes(ctx, ["Model and assumptions: docs/calculators.md"])
    return 0


def _concurrency(args: argparse.Namespace, ctx: Context, inputs: Any, data: Any) -> int:
    from lambdaprep.calc import report
    from lambdaprep.calc.concurrency import concurrency

    result = concurrency(inputs, data)
    if args.json:
        ctx.print_json(result.as_dict())
        return 0
    for i, (title, rows, warnings) in enumerate(report.concurrency_rows(result)):
        if i:
            ctx.console.print()
        _with_sources(ctx, title, ["", "Value", "Source"], rows)
        _notes(ctx, [f"! {w}" for w in warnings], style="bold yellow")
    return 0
