"""lambdaprep quiz: open the app at a multiple-choice quiz."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

from lambdaprep.cli.args import bounded_int, SEED_MAX


def _data_dir_parent(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    # --pack ID here picks a pack's questions; a --pack PATH still loads that pack (as for drill).
    parent = argparse.ArgumentParser(add_help=False)
    for action in common._actions:
        if "--data-dir" in action.option_strings:
            parent._add_action(action)
    return parent


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "quiz",
        parents=[_data_dir_parent(common)],
        help="take a multiple-choice quiz (opens the app at the quiz)",
        description=(
            "Open the app at a quiz: N questions from the packs, choices shuffled (the same with --seed). "
            "Keys 1-9 or a-i pick; Enter submits a select-all-that-apply question. A wrong answer makes the "
            "related cards due in the next drill. --exam runs a practice exam instead: no feedback until you "
            "submit, flag questions, go back and forward, review the unanswered and flagged ones, then a "
            "per-topic report with every explanation. The exam is saved after every answer, flag and move: "
            "if it was left unfinished (a closed terminal, a crash), --exam first offers to resume or discard it."
        ),
    )
    p.add_argument("--pack", dest="filter_pack", metavar="P", action="append", default=[], help="only questions of the pack with id P (repeatable); a path (./mine, ~/packs/x) loads that pack instead, as the global --pack does")
    p.add_argument("--topic", metavar="T", action="append", default=[], help="only questions of topic T (repeatable)")
    p.add_argument("--n", "-n", dest="n", type=bounded_int(1, 1000), default=None, metavar="N", help="number of questions (default 10; 30 with --exam)")
    p.add_argument("--time", metavar="DURATION", default=None, help="overall countdown, e.g. 5m, 90s (default: none; 45m with --exam)")
    p.add_argument("--exam", action="store_true", help="exam mode: answers are marked only when you submit")
    p.add_argument("--seed", type=bounded_int(0, SEED_MAX), default=None, metavar="N", help="shuffle with this seed (reproducible quiz)")
    p.set_defaults(run=run)


def parse_duration(text: str | None) -> float | None:
    """``"5m"`` → 300.0 seconds; None stays None. Raises UsageError for anything else."""
    if text is None:
        return None
    from lambdaprep.cli.context import UsageError
    from lambdaprep.units import UnitError, parse_in

    try:
        seconds = parse_in(text, "min") * 60
    except UnitError:
        raise UsageError(f"--time wants a duration such as 5m or 90s, got {text!r}") from None
    if seconds <= 0:
        raise UsageError("--time must be more than zero")
    return seconds


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError

    if args.n is not None and args.n < 1:
        raise UsageError("--n must be at least 1")
    seconds = parse_duration(args.time)
    _check_filters(args, ctx.catalog())
    if args.exam:
        from lambdaprep.tui.options import ExamOptions

        exam = ExamOptions(
            packs=tuple(args.filter_pack), topics=tuple(args.topic), n=args.n or ExamOptions().n, seed=args.seed,
            time_limit_s=seconds if seconds is not None else ExamOptions().time_limit_s, start=True,
        )
        return ctx.run_tui(area="exam", options=exam)
    from lambdaprep.tui.options import QuizOptions

    options = QuizOptions(packs=tuple(args.filter_pack), topics=tuple(args.topic), n=args.n or 10, time_limit_s=seconds, seed=args.seed)
    return ctx.run_tui(area="quiz", options=options)


def _check_filters(args: argparse.Namespace, catalog: Any) -> None:
    """An unknown --pack or --topic is a usage error listing what there is (not "Question 1/0")."""
    from lambdaprep.cli.context import UsageError
    from lambdaprep.safe import cut

    questions = list(catalog.quiz.values())
    packs = sorted({q.pack for q in questions})
    for pack in args.filter_pack:
        if pack not in packs:
            raise UsageError(f"no quiz questions in pack {cut(pack, 40)!r} (packs with questions: {', '.join(packs) or 'none'})")
    topics = sorted({q.topic for q in questions if not args.filter_pack or q.pack in args.filter_pack})
    for topic in args.topic:
        if topic not in topics:
            raise UsageError(f"no quiz questions on topic {cut(topic, 40)!r} (topics: {', '.join(topics) or 'none'})")
