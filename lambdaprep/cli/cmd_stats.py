"""lambdaprep stats: study statistics."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "stats",
        parents=[common],
        help="show study statistics (reviews, due, streak, retention, forecast, topics, quiz and mock)",
        description="Show total reviews, reviews today, cards due now, new cards available, the study streak, true retention, the 30-day due forecast, weakest topics and quiz/mock results (--json: every number, including the 12-month heatmap).",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from lambdaprep.store import Store
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.stats import study_stats

    cards = study_cards(ctx.catalog())
    from lambdaprep.study.progress import catalog_maps, compact_rows, progress

    catalog = ctx.catalog()
    titles, questions = catalog_maps(catalog)
    with Store.open(ctx.locations) as store:
        stats = study_stats(store, cards)
        prog = progress(store, cards, topic_titles=titles, question_topics=questions)
    data = {**stats.to_dict(), **prog.to_dict()}
    if args.json:
        ctx.print_json(data)
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="left")
    labels = {
        "total_reviews": "total reviews",
        "reviews_today": "reviews today",
        "due_now": "due now",
        "new_available": "new available today",
        "new_unseen": "never studied",
        "streak_days": "streak (days)",
        "cards_total": "cards",
        "suspended": "suspended",
        "leeches": "leeches",
    }
    for key, label in labels.items():
        table.add_row(label, str(data[key]))
    nxt = stats.next_due.astimezone().strftime("%Y-%m-%d %H:%M") if stats.next_due else "—"
    table.add_row("next due", nxt)
    for label, value in compact_rows(prog):
        table.add_row(label, Text(value))
    ctx.console.print(table)
    return 0
