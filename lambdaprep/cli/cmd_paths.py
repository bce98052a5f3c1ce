"""lambdaprep paths: where lambdaprep keeps things."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "paths",
        parents=[common],
        help="show where data, cache, user packs and the database live",
        description="Print the folders and files lambdaprep uses. --data-dir / LAMBDAPREP_DATA move them all.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    paths = ctx.locations.as_dict()
    if args.json:
        ctx.print_json(paths)
        return 0
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for name, value in paths.items():
        table.add_row(name.replace("_", " "), value)
    ctx.console.print(table)
    return 0
