"""lambdaprep topics: topic ids and titles, in teaching order, with card counts."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "topics",
        parents=[common],
        help="list topic ids and titles (for --topic), in teaching order",
        description="List every topic id (what drill --topic and quiz --topic take) and its title, in the "
        "packs' teaching order, with the number of cards and quiz questions.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def topic_rows(catalog: Any) -> list[dict[str, Any]]:
    """Topics in teaching order (then any used by items but not declared) with counts."""
    from lambdaprep.study.cards import study_cards

    cards = study_cards(catalog)
    order = list(catalog.curriculum)
    counts: dict[str, int] = {}
    for c in cards.values():
        counts[c.topic] = counts.get(c.topic, 0) + 1
    quiz: dict[str, int] = {}
    for q in catalog.quiz.values():
        quiz[q.topic] = quiz.get(q.topic, 0) + 1
    for t in [*counts, *quiz]:
        if t not in order:
            order.append(t)
    return [{"id": t, "title": catalog.topic_title(t), "cards": counts.get(t, 0), "quiz": quiz.get(t, 0)} for t in order]


def check_topics(catalog: Any, topics: list[str]) -> None:
    """Raise a usage error naming the valid ids when a --topic is unknown."""
    from lambdaprep.cli.context import UsageError

    known = [r["id"] for r in topic_rows(catalog)]
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise UsageError(f"no topic {unknown[0][:80]!r}; topics are: {', '.join(known) or 'none'} (see 'lambdaprep topics')")


def run(args: argparse.Namespace, ctx: Any) -> int:
    from rich.table import Table
    from rich.text import Text

    catalog = ctx.catalog(warn=not args.json)
    rows = topic_rows(catalog)
    if args.json:
        ctx.print_json({"topics": rows})
        return 0
    table = Table(box=None, pad_edge=False)
    table.add_column("id")
    table.add_column("title")
    table.add_column("cards", justify="right")
    table.add_column("quiz", justify="right")
    for r in rows:
        table.add_row(Text(r["id"]), Text(r["title"]), str(r["cards"]), str(r["quiz"]))
    ctx.console.print(table)
    return 0
