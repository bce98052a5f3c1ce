"""lambdaprep optimize: fit FSRS to your own review history, evaluate it, recommend a retention."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context
    from lambdaprep.study.optimize import Dataset, Result, RetentionAdvice, SavedSet


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "optimize",
        parents=[common],
        help="fit the scheduler (FSRS) to your own review history; evaluate; recommend a retention",
        description=(
            "Fit FSRS's 21 parameters to your review history (this database by default, or an Anki "
            "collection or a CSV review log), score the current and the fitted parameters on the same "
            "held-out data (time-series splits: log loss and RMSE), and use the fitted ones only if they "
            "predict better. Every saved set is kept, so --revert goes back exactly."
        ),
        epilog=(
            "examples:\n"
            "  lambdaprep optimize --dry-run          fit and evaluate, change nothing\n"
            "  lambdaprep optimize --from-anki ~/.local/share/Anki2/User\\ 1/collection.anki2\n"
            "  lambdaprep optimize --from-csv revlog.csv --json\n"
            "  lambdaprep optimize --retention        the minimum recommended desired retention\n"
            "  lambdaprep optimize --revert           use the previous parameter set again"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument("--from-anki", metavar="PATH", help="read the review log of an Anki collection (opened read-only)")
    source.add_argument(
        "--from-csv",
        metavar="PATH",
        help="read a CSV review log: card_id,review_rating,review_time,review_duration (ISO 8601 time with offset, rating 1-4)",
    )
    action = p.add_mutually_exclusive_group()
    action.add_argument("--dry-run", action="store_true", help="fit and evaluate, but save nothing")
    action.add_argument("--force", action="store_true", help="save the fitted parameters even if they do not evaluate better")
    action.add_argument("--revert", action="store_true", help="go back to the parameter set used before the last saved one")
    action.add_argument("--evaluate", action="store_true", help="only score the parameters in use on the whole history")
    action.add_argument(
        "--retention",
        action="store_true",
        help="compute the minimum recommended desired retention and the daily workload around it (changes nothing)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.store import Store
    from lambdaprep.study.optimize import in_use, revert
    from lambdaprep.study.settings import StudySettings

    if args.revert and (args.from_anki or args.from_csv):
        from lambdaprep.cli.context import UsageError

        raise UsageError("--revert takes no --from-anki/--from-csv")
    with Store.open(ctx.locations) as store:
        if args.revert:
            restored = revert(store)
            return _print_reverted(ctx, args, restored)
        settings = StudySettings.load(store)
        data = _dataset(args, ctx, store, settings)
        current = in_use(store)
        if args.evaluate:
            return _print_evaluation(ctx, args, data, current)
        if args.retention:
            return _retention(ctx, args, data, current, settings)
        return _optimize(ctx, args, store, data, current, settings)


def _dataset(args: argparse.Namespace, ctx: Context, store: Any, settings: Any) -> Dataset:
    from pathlib import Path

    from lambdaprep.store.revlog import iter_review_log, read_anki_revlog
    from lambdaprep.study.optimize import build_dataset, read_csv

    hour = settings.day_starts_hour
    if args.from_anki:
        read = read_anki_revlog(Path(args.from_anki).expanduser())
        if not args.json and (read.ignored_manual or read.ignored_other):
            ctx.err.print(
                f"note: ignored {plural(read.ignored_manual, 'manual reschedule')} and {plural(read.ignored_other, 'row')} without a rating",
                markup=False,
                highlight=False,
            )
        return build_dataset(read.events, day_start_hour=hour)
    if args.from_csv:
        csv_read = read_csv(Path(args.from_csv).expanduser())
        for line in csv_read.bad_rows[:20]:
            ctx.err.print(f"warning: {args.from_csv}: {line} (row skipped)", markup=False, highlight=False, soft_wrap=True)
        if len(csv_read.bad_rows) > 20:
            ctx.err.print(f"warning: … and {plural(len(csv_read.bad_rows) - 20, 'more bad row')} skipped", markup=False)
        return build_dataset(csv_read.events, day_start_hour=hour)
    return build_dataset(iter_review_log(store), day_start_hour=hour)


def _source(args: argparse.Namespace) -> str:
    if args.from_anki:
        return "anki"
    if args.from_csv:
        return "csv"
    return "lambdaprep"


def _optimize(ctx: Context, args: argparse.Namespace, store: Any, data: Dataset, current: SavedSet, settings: Any) -> int:
    from lambdaprep.study.clock import SystemClock
    from lambdaprep.study.optimize import NotEnoughHistory, optimize, save

    try:
        result = optimize(
            data, current.parameters, relearning_steps=len(settings.relearning_steps_minutes), source=_source(args)
        )
    except NotEnoughHistory as exc:
        if args.json:
            ctx.print_json({"saved": False, "reviews": data.reviews, "usable_reviews": exc.usable, "needed": exc.needed, "error": str(exc)})
            return 1
        raise
    if not args.dry_run and (result.better or args.force):
        save(store, result, SystemClock())
    if args.json:
        ctx.print_json(result.to_json())
        return 0
    _print_result(ctx, args, result)
    return 0


def _print_result(ctx: Context, args: argparse.Namespace, result: Result) -> None:
    from rich.table import Table

    out = ctx.console
    out.print(
        f"Fitted FSRS to {result.reviews:,} reviews of {result.cards:,} cards "
        f"({result.usable:,} usable, from {result.source}) in {result.seconds:.2f} s.",
        markup=False,
        highlight=False,
    )
    table = Table(box=None, pad_edge=False, title_justify="left")
    table.add_column("held-out data")
    table.add_column("log loss", justify="right")
    table.add_column("RMSE (bins)", justify="right")
    label = "current (FSRS defaults)" if result.current_is_default else "current (fitted)"
    table.add_row(label, f"{result.before.log_loss:.5f}", f"{result.before.rmse:.2%}")
    table.add_row("fitted now", f"{result.after.log_loss:.5f}", f"{result.after.rmse:.2%}")
    out.print(table)
    out.print("Lower is better for both; each is measured on later reviews than the ones it was fitted to.", style="dim")
    if result.saved:
        verdict = "Saved: scheduling now uses the fitted parameters ('lambdaprep optimize --revert' undoes this)."
        if not result.better:
            verdict = "Saved because of --force, although they do not predict better ('--revert' undoes this)."
    elif args.dry_run:
        verdict = "Dry run: nothing was saved."
    else:
        verdict = "Not saved: the fitted parameters do not predict better than the current ones (--force saves anyway)."
    out.print(verdict, markup=False, highlight=False)
    out.print("Parameters: " + ", ".join(f"{x:.4f}" for x in result.parameters), markup=False, highlight=False, soft_wrap=True)


def _print_evaluation(ctx: Context, args: argparse.Namespace, data: Dataset, current: SavedSet) -> int:
    from lambdaprep.study.optimize import default_parameters, evaluate

    params = current.parameters or default_parameters()
    if not data.items:
        from lambdaprep.errors import LambdaprepError

        raise LambdaprepError("nothing to evaluate: no reviews on a later day than the card's previous one yet")
    ev = evaluate(params, data.items)
    if args.json:
        ctx.print_json(
            {"parameters": params, "default": current.parameters is None, "log_loss": ev.log_loss, "rmse": ev.rmse,
             "reviews": data.reviews, "usable_reviews": data.usable, "cards": data.cards}
        )
        return 0
    which = "FSRS's default parameters" if current.parameters is None else f"parameters fitted {current.saved_at or 'earlier'}"
    ctx.console.print(
        f"{which}: log loss {ev.log_loss:.4f}, RMSE (bins) {ev.rmse:.2%} over {data.usable:,} usable reviews "
        f"of {data.cards:,} cards (scored on all of it, so a fitted set looks a little better here than on new data).",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 0


def _retention(ctx: Context, args: argparse.Namespace, data: Dataset, current: SavedSet, settings: Any) -> int:
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.optimize import default_parameters, recommend_retention

    deck = len(study_cards(ctx.catalog()))
    advice = recommend_retention(current.parameters or default_parameters(), settings, deck, data)
    if args.json:
        ctx.print_json(advice.to_json())
        return 0
    _print_retention(ctx, advice)
    return 0


def _print_retention(ctx: Context, advice: RetentionAdvice) -> None:
    from rich.table import Table

    out = ctx.console
    out.print(
        f"Minimum recommended desired retention: {advice.recommended:.2f} "
        f"(your setting: {advice.current:.2f}). Below it you study more per card remembered.",
        markup=False,
        highlight=False,
    )
    table = Table(box=None, pad_edge=False)
    table.add_column("retention", justify="right")
    table.add_column("reviews/day", justify="right")
    table.add_column("minutes/day", justify="right")
    table.add_column("remembered", justify="right")
    for w in advice.workloads:
        mark = " ←" if w.retention == advice.recommended else (" (now)" if w.retention == round(advice.current, 2) else "")
        table.add_row(f"{w.retention:.2f}{mark}", f"{w.reviews_per_day:.0f}", f"{w.minutes_per_day:.1f}", f"{w.memorized:.0f}")
    out.print(table)
    out.print(
        f"Simulated over {advice.days} days for a deck of {advice.deck_size:,} cards with your daily limits "
        f"({advice.seconds:.1f} s). Nothing was changed: 'lambdaprep drill --set desired_retention=…' sets it.",
        style="dim",
        markup=False,
        highlight=False,
    )


def _print_reverted(ctx: Context, args: argparse.Namespace, restored: SavedSet) -> int:
    if args.json:
        ctx.print_json({"reverted": True, "parameters": restored.parameters, "default": restored.parameters is None, "saved_at": restored.saved_at})
        return 0
    if restored.parameters is None:
        ctx.console.print("Reverted: scheduling uses FSRS's default parameters again.", markup=False)
    else:
        ctx.console.print(f"Reverted to the parameters saved {restored.saved_at or 'before'} ({restored.source}).", markup=False)
    return 0
