"""lambdaprep due: one line with due and new counts (for shell prompts)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "due",
        parents=[common],
        help="print how many cards are due and new (one line)",
        description="Print one line such as '12 due, 20 new' (cards a drill would offer now).",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from lambdaprep.store import Store
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.stats import due_counts

    cards = study_cards(ctx.catalog())
    with Store.open(ctx.locations) as store:
        counts = due_counts(store, cards)
    if args.json:
        ctx.print_json({"due": counts.due, "new": counts.new})
    else:
        ctx.console.print(f"{counts.due} due, {counts.new} new", markup=False)
    return 0
