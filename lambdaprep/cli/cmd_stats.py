"""lambdaprep stats: study statistics."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "stats",
        parents=[common],
        help="show study statistics (reviews, due, streak, retention, weak topics)",
        description="Show reviews, cards due now, new cards available, the study streak, true retention, "
        "the workload ahead, the weakest topics, quiz accuracy and the mock score trend. "
        "--json prints every number (including the 12-month heatmap and 30-day forecast).",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.store import Store
    from lambdaprep.study.analytics import compute_analytics
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.plan import compute_plan
    from lambdaprep.study.stats import study_stats

    catalog = ctx.catalog()
    cards = study_cards(catalog)
    with Store.open(ctx.locations) as store:
        stats = study_stats(store, cards)
        analytics = compute_analytics(store, cards, quiz_topics={k: q.topic for k, q in catalog.quiz.items()})
        plan = compute_plan(store, cards, topic_titles=catalog.topics)
    data = stats.to_dict()
    readiness = {
        "now": round(plan.readiness_now, 4),
        "on_day": round(plan.readiness_on_day, 4) if plan.interview is not None else None,
        "interview": plan.interview.isoformat() if plan.interview else None,
        "topics": [t.to_dict() for t in plan.topics],
    }
    if args.json:
        from lambdaprep.study.mastery import MASTERED_STABILITY_DAYS

        ctx.print_json({**data, **analytics.to_dict(), "mastered_stability_days": MASTERED_STABILITY_DAYS, "readiness": readiness})
        return 0
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
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
    tr = analytics.true_retention
    table.add_row("true retention", f"{tr:.0%} (desired {analytics.desired_retention:.0%})" if tr is not None else "—")
    table.add_row("readiness", f"{plan.readiness_now:.0%} now" + (f" → {plan.readiness_on_day:.0%} on {plan.interview}" if plan.interview else ""))
    from lambdaprep.study.mastery import MASTERED_STABILITY_DAYS

    mastered = sum(t.mastered for t in analytics.topics)
    table.add_row("mastered", f"{mastered} of {sum(t.cards for t in analytics.topics)} cards (stability ≥ {MASTERED_STABILITY_DAYS:.0f} days)")
    table.add_row("due next 7 days", str(sum(n for _, n in analytics.forecast[:7])))
    table.add_row("due next 30 days", str(sum(n for _, n in analytics.forecast)))
    if analytics.mock_trend:
        table.add_row("mock scores", " → ".join(f"{m.percent:.0f}%" for m in analytics.mock_trend[-5:]))
    ctx.console.print(table)
    from rich.text import Text

    weak = analytics.weakest_topics
    if weak:
        ctx.console.print(Text("weakest topics: ", style="bold") + Text(", ".join(
            f"{catalog.topic_title(t.topic)} {t.share:.0%} mastered" for t in weak)))
    if analytics.quiz_by_topic:
        worst = sorted(analytics.quiz_by_topic, key=lambda q: q.rate)[:3]
        ctx.console.print(Text("quiz accuracy, lowest: ", style="bold") + Text(", ".join(
            f"{catalog.topic_title(q.topic)} {q.rate:.0%} ({q.correct}/{q.answered})" for q in worst)))
    return 0
