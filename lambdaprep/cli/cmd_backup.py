"""lambdaprep backup: back up the progress database now, or list the backups."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="back up the progress database now (--list: show the backups)",
        description="Make a consistent copy of the progress database in the backups folder "
        "(SQLite's online backup API, safe while lambdaprep is running). lambdaprep also makes one "
        "automatically once per study day, keeping 7 daily and 4 weekly ones; manual backups are never deleted. "
        "'lambdaprep restore' puts one back.",
    )
    p.add_argument("--list", action="store_true", help="list the backups, oldest first, instead of making one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def describe(b: Any) -> dict[str, Any]:
    return {"name": b.name, "kind": b.kind, "taken": b.taken.isoformat(sep=" "), "size": b.size, "path": str(b.path)}


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.errors import LambdaprepError
    from lambdaprep.store.backup import human_size, list_backups, make_backup

    folder = ctx.locations.backups_dir
    if args.list:
        backups = list_backups(folder)
        if args.json:
            ctx.print_json([describe(b) for b in backups])
            return 0
        if not backups:
            ctx.console.print(f"no backups yet in {folder}", markup=False, soft_wrap=True)
            return 0
        width = max(len(b.name) for b in backups)
        ctx.console.print(f"{'name':<{width}}  {'kind':<14}  {'taken':<16}  {'size':>9}", markup=False, style="bold", soft_wrap=True)
        for b in backups:
            ctx.console.print(
                f"{b.name:<{width}}  {b.kind:<14}  {b.taken:%Y-%m-%d %H:%M}  {human_size(b.size):>9}", markup=False, soft_wrap=True
            )
        ctx.console.print(f"in {folder}; restore one with 'lambdaprep restore NAME'", markup=False, style="dim", soft_wrap=True)
        return 0
    if not ctx.locations.database.exists():
        raise LambdaprepError(f"there is no progress database at {ctx.locations.database} yet; nothing to back up")
    from lambdaprep.store import Store

    with Store.open(ctx.locations.database) as store:
        made = make_backup(store, folder, "manual")
    if args.json:
        ctx.print_json(describe(made))
    else:
        ctx.console.print(f"backed up to {made.path} ({human_size(made.size)})", markup=False, soft_wrap=True)
    return 0
