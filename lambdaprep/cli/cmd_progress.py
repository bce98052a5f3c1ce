"""lambdaprep progress export|import: move progress between machines, or merge two machines' progress."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "progress",
        parents=[common],
        help="export your progress to a file, or import (merge) one",
        description="'progress export' writes everything needed to rebuild your progress (review log, card states, "
        "study settings, quiz and mock history) as a versioned JSON Lines file (docs/export-format.md); "
        "--format csv writes the review log in the columns FSRS tools read. 'progress import FILE' merges such a "
        "file into this machine's progress: reviews are matched by card and time, so importing twice adds nothing.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    exp = actions.add_parser("export", parents=[common], help="write your progress to FILE (or standard output)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    exp.add_argument("--format", choices=["json", "csv"], default="json", help="json: the whole progress (default); csv: the review log only")
    exp.set_defaults(run=run_export)
    imp = actions.add_parser("import", parents=[common], help="merge a progress file into this machine's progress")
    imp.add_argument("file", metavar="FILE", help="a file written by 'lambdaprep progress export'")
    imp.add_argument("--dry-run", action="store_true", help="print what would change and change nothing")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.set_defaults(run=run_import)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    import contextlib
    import os
    from pathlib import Path

    from lambdaprep import __version__
    from lambdaprep.errors import LambdaprepError
    from lambdaprep.store import Store
    from lambdaprep.store.progress import export_progress, export_reviews_csv

    if not ctx.locations.database.exists():
        raise LambdaprepError(f"there is no progress database at {ctx.locations.database} yet; nothing to export")
    with Store.open(ctx.locations.database) as store:
        if not args.output or args.output == "-":
            if args.format == "csv":
                export_reviews_csv(store, sys.stdout)
            else:
                export_progress(store, sys.stdout, lambdaprep_version=__version__)
            sys.stdout.flush()
            return 0
        target = Path(args.output).expanduser()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                if args.format == "csv":
                    n = export_reviews_csv(store, fh)
                    what = plural(n, "review")
                else:
                    counts = export_progress(store, fh, lambdaprep_version=__version__).counts
                    what = f"{plural(counts['reviews'], 'review')} of {plural(counts['cards'], 'card')}, {plural(counts['quiz'], 'quiz attempt')}, {plural(counts['mock'], 'mock interview')}"
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise LambdaprepError(f"cannot write {target}: {exc.strerror or exc}") from None
    ctx.err.print(f"wrote {what} to {target}", markup=False, soft_wrap=True)
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from lambdaprep.store import Store
    from lambdaprep.store.backup import make_backup, prune
    from lambdaprep.store.progress import import_progress
    from lambdaprep.study.replay import Replayer
    from lambdaprep.study.settings import StudySettings

    path = Path(args.file).expanduser()
    catalog = ctx.catalog()
    installed = {p.manifest.id for p in catalog.packs}
    made = None
    with Store.open(ctx.locations) as store:
        if not args.dry_run and store.count_reviews() + store.card_totals().stored > 0:
            made = make_backup(store, ctx.locations.backups_dir, "before-import")
            prune(ctx.locations.backups_dir)
        # settings: the merged ones (the file's are added where this machine has none)
        replayer = _LazyReplayer(store, Replayer, StudySettings)
        summary = import_progress(store, path, replay=replayer, installed_packs=installed, dry_run=args.dry_run)
    if args.json:
        ctx.print_json({**summary.to_dict(), "backup": str(made.path) if made else None})
        return 0
    _print_summary(ctx, summary, made)
    return 0


class _LazyReplayer:
    """Builds the scheduler on first use, from the settings as merged so far (inside the import)."""

    def __init__(self, store: Any, replayer: Any, settings: Any) -> None:
        self.store, self.replayer_cls, self.settings_cls = store, replayer, settings
        self.replayer: Any = None

    def __call__(self, key: str, log: Any) -> Any:
        if self.replayer is None:
            self.replayer = self.replayer_cls(self.settings_cls.load(self.store))
        return self.replayer(key, log)


def _print_summary(ctx: Context, s: Any, made: Any) -> None:
    from rich.text import Text

    head = "dry run — nothing was changed; importing would:" if s.dry_run else "imported:"
    lines = [
        f"  add {s.reviews_added:,} of the file's {plural(s.reviews_in_file, 'review')}",
        f"  add {plural(s.cards_added, 'card')}, take the file's state for {s.cards_taken}, rebuild {s.cards_replayed} from the merged log",
        f"  add {plural(s.sessions_added, 'study session')}, {plural(s.quiz_added, 'quiz attempt')}, {plural(s.mock_added, 'mock interview')}",
    ]
    if s.settings_added:
        lines.append(f"  add {'setting' if len(s.settings_added) == 1 else 'settings'}: {', '.join(s.settings_added)}")
    if s.settings_kept:
        lines.append(f"  keep this machine's value of: {', '.join(s.settings_kept)}")
    if not s.dry_run:
        lines = [ln.replace("  add ", "  added ").replace(", take ", ", took ").replace(", rebuild ", ", rebuilt ")
                 .replace("  keep ", "  kept ") for ln in lines]
    ctx.console.print(Text(head if s.changed or s.dry_run else "nothing to import: this database already has everything in the file"))
    if s.changed or s.dry_run:
        for ln in lines:
            ctx.console.print(Text(ln), soft_wrap=True)
    for pack, n in sorted(s.packs_not_installed.items()):
        ctx.console.print(
            Text(f"note: {plural(n, 'card')} {'belongs' if n == 1 else 'belong'} to pack '{pack}', which is not installed here; their progress is kept "
                 "and shows again once the pack is installed", style="yellow"),
            soft_wrap=True,
        )
    if made is not None:
        ctx.console.print(Text(f"(the database was backed up first to {made.path})", style="dim"), soft_wrap=True)
