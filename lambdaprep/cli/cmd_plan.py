"""lambdaprep plan: the interview date, the plan to be ready for it and the readiness forecast."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "plan",
        parents=[common],
        help="set an interview date and see the plan: new cards a day, workload, readiness",
        description=(
            "Show the plan for your interview: days left, cards unseen, the new cards a day needed so every "
            "card is introduced a few days before (plan_buffer_days), a day-by-day forecast (new cards, reviews, "
            "minutes) and your readiness now and on the day (the share of the deck you would recall). "
            "--interview sets the date (YYYY-MM-DD); --clear removes it."
        ),
    )
    p.add_argument("--interview", metavar="DATE", help="set the interview date (YYYY-MM-DD) and show the plan")
    p.add_argument("--clear", action="store_true", help="remove the interview date (plain FSRS scheduling)")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.store import Store
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.clock import SystemClock, study_day
    from lambdaprep.study.plan import apply_interview_caps, compute_plan
    from lambdaprep.study.settings import SettingError, StudySettings

    if args.interview is not None and args.clear:
        raise UsageError("give --interview DATE or --clear, not both")
    clock = SystemClock()
    catalog = ctx.catalog(warn=not args.json)
    cards = study_cards(catalog)
    with Store.open(ctx.locations) as store:
        settings = StudySettings.load(store)
        if args.interview is not None or args.clear:
            try:
                settings = settings.changed({"interview_date": "none" if args.clear else args.interview})
            except SettingError as exc:
                raise UsageError(f"--interview: {str(exc).split(': ', 1)[-1]}") from None
            today = study_day(clock.now(), clock.tz, settings.day_starts_hour)
            if settings.interview_date is not None and settings.interview_date <= today:
                raise UsageError(f"--interview: {settings.interview_date} is not after today ({today})")
            settings.save(store)
            apply_interview_caps(store, settings, clock=clock)
        plan = compute_plan(store, cards, clock=clock, settings=settings, topic_titles=catalog.topics)
    if args.json:
        ctx.print_json(plan.to_dict())
        return 0
    _print(ctx, plan)
    return 0


def _print(ctx: Any, plan: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    out = ctx.console
    out.print(Text(plan.summary_line(how_to_set=None), style="bold"))  # the next line says how
    if plan.interview is None:
        out.print("Set a date with: lambdaprep plan --interview YYYY-MM-DD", markup=False)
    out.print(
        f"{plan.cards_total} cards, {plan.cards_unseen} never studied; "
        + (
            f"{plan.new_per_day_needed} new a day needed to introduce them all by {plan.introduce_by} "
            f"(today's limit {plan.new_per_day})."
            if plan.interview is not None and plan.days_left and plan.days_left > 0
            else f"{plan.new_per_day} new a day."
        ),
        markup=False,
    )
    if plan.all_introduced_by is not None and plan.cards_unseen:
        out.print(f"At this pace the last new card comes on {plan.all_introduced_by}.", markup=False)
    for line in plan.advice:
        out.print(Text("→ " + line, style="yellow"))
    if plan.days:
        table = Table(box=None, pad_edge=False)
        for name, justify in (("day", "left"), ("new", "right"), ("reviews", "right"), ("minutes", "right"), ("ready", "right")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for d in plan.days:
            table.add_row(f"{d.date:%a %d %b}", str(d.new), str(d.reviews), f"{d.minutes:.0f}", f"{d.readiness:.0%}")
        label = "on the day" if plan.interview is not None else "at the end"
        table.add_row(label, "", "", "", f"{plan.readiness_on_day:.0%}", style="bold")
        out.print(table)
        src = "your answer times" if plan.timing == "history" else "a default until you have answered more cards"
        out.print(Text(f"Minutes use {plan.seconds_per_answer:.0f} s an answer ({src}).", style="dim"))
    if plan.topics:
        table = Table(box=None, pad_edge=False, title=None)
        table.add_column("topic")
        table.add_column("cards", justify="right")
        table.add_column("unseen", justify="right")
        table.add_column("ready now", justify="right")
        table.add_column("on the day" if plan.interview is not None else "in 30 days", justify="right")
        for t in plan.topics:
            table.add_row(Text(t.title), str(t.cards), str(t.unseen), f"{t.now:.0%}", f"{t.on_day:.0%}")
        out.print(table)
