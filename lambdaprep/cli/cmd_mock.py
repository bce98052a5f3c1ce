"""lambdaprep mock [FORMAT]: open the app at a timed mock interview."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

from lambdaprep.cli.args import bounded_int, SEED_MAX


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "mock",
        parents=[common],
        help="take a timed mock interview (opens the app at the mock)",
        description=(
            "Open the app at a mock interview in FORMAT (a format id from the packs; without it, choose "
            "one in the app). Each prompt has a countdown, and so does the whole interview; the report "
            "lists the cards to drill next. --list prints the formats."
        ),
    )
    p.add_argument("format", nargs="?", metavar="FORMAT", help="format id, e.g. lambda-deep-dive")
    p.add_argument("--list", action="store_true", help="list the formats and exit")
    p.add_argument("--json", action="store_true", help="with --list: print JSON")
    p.add_argument("--seed", type=bounded_int(0, SEED_MAX), default=None, metavar="N", help="pick prompts and numbers with this seed")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.errors import LambdaprepError
    from lambdaprep.study.mock import find_format

    if args.json and not args.list:
        raise UsageError("--json goes with --list (the interview itself runs in the app)")
    catalog = ctx.catalog()
    if args.list:
        formats = list(catalog.mock_formats.values())
        if args.json:
            ctx.print_json(
                [
                    {"id": f.id, "key": f.key, "title": f.title, "minutes": f.minutes, "steps": len(f.steps), "description": f.description}
                    for f in formats
                ]
            )
            return 0
        if not formats:
            ctx.console.print("No mock interview formats in the loaded packs.", markup=False)
            return 0
        for f in formats:
            ctx.console.print(f"{f.id:<24} {f.minutes:>5g} min  {f.title}", markup=False, highlight=False)
        return 0
    try:
        fmt = find_format(catalog, args.format) if args.format else None
    except LambdaprepError as exc:  # an unknown FORMAT is a usage error: one line naming the valid ones
        raise UsageError(exc.message) from None
    from lambdaprep.tui.options import MockOptions

    return ctx.run_tui(area="mock", options=MockOptions(format=fmt.key if fmt else None, seed=args.seed))
