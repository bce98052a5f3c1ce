"""lambdaprep due: one line with due and new counts (for shell prompts)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "due",
        parents=[common],
        help="print how many cards are due and new (one line)",
        description="Print one line such as '12 due, 20 new' (cards a drill would offer now).",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.store import Store
    from lambdaprep.study.index import load_study_keys
    from lambdaprep.study.stats import due_counts

    # fast path: a cached index of the drillable keys (no YAML, no pydantic when warm)
    keys, problems = load_study_keys(ctx.pack_sources(), ctx.locations.cache_dir)
    ctx.warn_problems(problems)
    with Store.open(ctx.locations) as store:
        counts = due_counts(store, dict.fromkeys(keys))
    if args.json:
        ctx.print_json({"due": counts.due, "new": counts.new})
    else:
        ctx.console.print(f"{counts.due} due, {counts.new} new", markup=False)
    return 0
