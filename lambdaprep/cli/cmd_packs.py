"""lambdaprep packs: the loaded packs with item counts, and any warnings."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "packs",
        parents=[common],
        help="list loaded content packs with item counts",
        description="List the content packs lambdaprep loads (built-in, your packs folder, "
        "LAMBDAPREP_PACKS and --pack) with item counts per kind. Broken packs are skipped with a warning.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.add_argument(
        "--stale",
        metavar="DAYS",
        type=_days,
        help="list the items not checked for more than DAYS days (their verified date, else as_of)",
    )
    p.set_defaults(run=run)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"DAYS must be a whole number of days, not {text!r}") from None
    if days < 0:
        raise argparse.ArgumentTypeError("DAYS must not be negative")
    return days


def run_stale(args: argparse.Namespace, ctx: Context, catalog: Any) -> int:
    import datetime as dt

    from lambdaprep.content.staleness import stale_items

    items = stale_items(catalog, args.stale, dt.date.today())
    if args.json:
        ctx.print_json({"days": args.stale, "count": len(items), "items": [i.as_dict() for i in items]})
        return 0
    if not items:
        ctx.console.print(f"Every item was checked within the last {args.stale} days.")
        return 0
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("item", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("checked", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    for item in items:
        checked = item.checked.isoformat() + ("" if item.verified else " (as_of)")
        table.add_row(Text(item.key), item.kind, checked, f"{item.age_days:,}")
    ctx.console.print(table)
    ctx.console.print(f"{plural(len(items), 'item')} not checked for more than {args.stale} days.")
    return 0


def run(args: argparse.Namespace, ctx: Context) -> int:
    catalog = ctx.catalog(warn=not args.json)
    if args.stale is not None:
        return run_stale(args, ctx, catalog)
    if args.json:
        ctx.print_json(
            {
                "packs": [
                    {
                        "id": p.id,
                        "title": p.manifest.title,
                        "version": p.manifest.version,
                        "as_of": p.manifest.as_of.isoformat(),
                        "origin": p.origin,
                        "path": str(p.path),
                        "counts": p.counts(),
                    }
                    for p in catalog.packs
                ],
                "totals": catalog.counts(),
                "warnings": [pr.to_dict() for pr in catalog.problems],
            }
        )
        return 0
    if not catalog.packs:
        ctx.console.print("No packs loaded.")
        return 0
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lambdaprep.content.kinds import KINDS

    columns = [(k.count_key, k.label) for k in KINDS if k.count_key and k.label]

    from lambdaprep.content.staleness import pack_as_of

    for pack in catalog.packs:
        ctx.console.print(
            Text.assemble(
                (pack.id, "bold"),
                f"  {pack.manifest.title}  ",
                (f"v{pack.manifest.version} · as of {pack_as_of(pack).isoformat()} · {pack.origin}", "dim"),
            ),
            soft_wrap=True,
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("pack", no_wrap=True)
    for _, label in columns:
        table.add_column(label, justify="right", no_wrap=True)
    for pack in catalog.packs:
        counts = pack.counts()
        table.add_row(Text(pack.id), *(f"{counts[key]:,}" for key, _ in columns))
    if len(catalog.packs) > 1:
        totals = catalog.counts()
        table.add_row(Text("total", style="bold"), *(f"{totals[key]:,}" for key, _ in columns))
    ctx.console.print(table)
    return 0
