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

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from lambdaprep.calc.registry import CALCULATORS

    p = sub.add_parser(
        "calc",
        parents=[common],
        help=f"live calculators: {', '.join(CALCULATORS)}",
        description="Lambda calculators. Prices and model data come from the content packs "
        "(price book, cold-start profiles, limits). With no subcommand, opens the Calculators screen.",
    )
    p.set_defaults(run=run, calc=None)
    calcs = p.add_subparsers(dest="calc", metavar="CALCULATOR")
    for name, calc in CALCULATORS.items():
        cp = calcs.add_parser(
            name,
            parents=[common],
            help=calc.help,
            description=f"{calc.title}: {calc.help}. Quantities take suffixes: 1M, 2.5k, 500ms, 1.5s, 10GB, 1%.".replace("%", "%%"),
            epilog=f"example: {calc.example}".replace("%", "%%"),
        )
        for field in calc.form.fields:
            opt = "--" + calc.option(field.name)
            help_text = field.help or field.label
            if field.kind == "bool":
                cp.add_argument(opt, dest=field.name, action=argparse.BooleanOptionalAction, default=None,
                                help=f"{help_text} (default: {field.default})".replace("%", "%%"))
            elif field.kind == "choice":
                cp.add_argument(opt, dest=field.name, choices=field.choices, default=None,
                                help=f"{help_text} (default: {field.default})".replace("%", "%%"))
            else:
                shown = field.default or "none"
                cp.add_argument(opt, dest=field.name, metavar=field.unit.upper() if field.unit and field.kind != "text" else "TEXT",
                                default=None, help=f"{help_text} (default: {shown})".replace("%", "%%"))
        if calc.uses_prices:
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
    from lambdaprep.calc.registry import CALCULATORS
    from lambdaprep.errors import LambdaprepError

    calc = CALCULATORS[args.calc]
    try:
        inputs = calc.form.parse(_texts(args, calc.form))
    except CalcError as exc:
        raise UsageError(_with_option(calc, exc)) from None
    data = CalcData.from_catalog(ctx.catalog(warn=not args.json))
    data.region = getattr(args, "region", None)
    if not args.json and all(getattr(args, f.name, None) is None for f in calc.form.fields):
        _say_defaults(ctx, calc)
    try:
        result = calc.compute(inputs, data)
    except CalcError as exc:
        if exc.field:
            raise UsageError(_with_option(calc, exc)) from None
        raise LambdaprepError(str(exc)) from None
    if args.json:
        ctx.print_json(calc.as_json(result))
        return 0
    print_report(ctx, calc.report(result))
    return 0


def _say_defaults(ctx: Any, calc: Any) -> None:
    """No inputs given: say which defaults the numbers come from and how to give your own (no silent $0.00)."""
    from rich.text import Text

    shown = ", ".join(f"--{calc.option(f.name)} {f.default}" for f in calc.form.fields if f.default and f.kind != "bool")
    ctx.console.print(Text(f"No inputs given, so these are the defaults: {shown}.", style="yellow"), soft_wrap=False)
    ctx.console.print(Text(f"Give your own, e.g.: {calc.example}  (see --help)", style="dim"))
    ctx.console.print()


def _with_option(calc: Any, exc: Any) -> str:
    field = getattr(exc, "field", None)
    return f"--{calc.option(field)}: {exc}" if field else str(exc)


def print_report(ctx: Any, blocks: list[Any]) -> None:
    """A calculator's report blocks, laid out at the console's width."""
    from rich.text import Text

    from lambdaprep.calc import textlayout

    width = max(40, ctx.console.width)
    for i, block in enumerate(blocks):
        if i:
            ctx.console.print()
        if block.headers:
            ctx.console.print(
                textlayout.table(block.headers, block.rows, width, flex=block.flex, right=block.right, bold_last=block.bold_last,
                                 sources=block.sources),
                soft_wrap=True,
            )
        for line in block.lines:
            ctx.console.print(Text(line, style=block.style))
