"""lambdaprep quiz: open the app at a multiple-choice quiz."""

from __future__ import annotations

import argparse
from typing import Any


def _data_dir_parent(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    # --pack here filters by pack id, so the common --pack PATH is left out (as for drill).
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
            "related cards due in the next drill."
        ),
    )
    p.add_argument("--pack", dest="filter_pack", metavar="P", action="append", default=[], help="only questions of the pack with id P (repeatable)")
    p.add_argument("--topic", metavar="T", action="append", default=[], help="only questions of topic T (repeatable)")
    p.add_argument("--n", "-n", dest="n", type=int, default=10, metavar="N", help="number of questions (default 10)")
    p.add_argument("--time", metavar="DURATION", default=None, help="overall countdown, e.g. 5m, 90s (default: none)")
    p.add_argument("--seed", type=int, default=None, metavar="N", help="shuffle with this seed (reproducible quiz)")
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


def run(args: argparse.Namespace, ctx: Any) -> int:
    from lambdaprep.cli.context import UsageError

    if args.n < 1:
        raise UsageError("--n must be at least 1")
    seconds = parse_duration(args.time)
    from lambdaprep.cli.cmd_topics import check_topics

    check_topics(ctx.catalog(), list(args.topic))
    return ctx.run_tui(
        area="quiz", packs=list(args.filter_pack), topics=list(args.topic), n=args.n, time_limit_s=seconds, seed=args.seed
    )
