"""lambdaprep restore: put a backup back in place of the progress database."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the progress database with a backup (the current one is kept aside)",
        description="Replace the progress database with a backup (the newest when NAME is not given; "
        "'lambdaprep backup --list' shows them). Asks first. The current database is kept aside in the "
        "backups folder first (as a 'before-restore' backup, or moved there as it is if it is damaged), "
        "never deleted.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="the backup's file name (default: the newest)")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.store.backup import find_backup, restore

    database = ctx.locations.database
    chosen = find_backup(ctx.locations.backups_dir, args.name)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("restore replaces your progress database: run it in a terminal to confirm, or pass --yes")
        ctx.console.print(
            f"Replace {database} with the backup {chosen.name} (taken {chosen.taken:%Y-%m-%d %H:%M})?\n"
            "The current database is kept aside in the backups folder first.",
            markup=False,
            soft_wrap=True,
        )
        try:
            answer = input("Restore? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            ctx.console.print("nothing changed", markup=False, soft_wrap=True)
            return 1
    result = restore(database, chosen)
    ctx.console.print(f"restored {chosen.name} into {database}", markup=False, soft_wrap=True)
    if result.kept_aside is not None:
        what = "the damaged database was moved to" if result.damaged else "the previous database was kept as"
        ctx.console.print(f"{what} {result.kept_aside}", markup=False, soft_wrap=True)
    return 0
