"""lambdaprep drill: open the app at a drill session."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

from lambdaprep.cli.args import bounded_int


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    # Here --pack ID studies one pack; a --pack PATH (a path, not an id) still loads that pack,
    # as the global option does (Context.from_args moves it over).
    parent = argparse.ArgumentParser(add_help=False)
    for action in common._actions:
        if "--data-dir" in action.option_strings:
            parent._add_action(action)
    p = sub.add_parser(
        "drill",
        parents=[parent],
        help="study due flashcards (opens the app at the drill)",
        description=(
            "Open the app at a drill: due reviews first (most at-risk first), then new cards up to "
            "the daily limit. Space/Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy; u undoes."
        ),
    )
    p.add_argument("--pack", dest="filter_pack", metavar="P", action="append", default=[], help="only cards of the pack with id P (repeatable); a path (./mine, ~/packs/x) loads that pack instead, as the global --pack does")
    p.add_argument("--topic", metavar="T", action="append", default=[], help="only cards of topic T (repeatable)")
    p.add_argument("--tag", metavar="T", action="append", default=[], help="only cards tagged T (repeatable)")
    p.add_argument("--new", metavar="N", type=bounded_int(0, 9999), default=None, help="new cards for this session (replaces today's remaining allowance)")
    p.add_argument(
        "--mode",
        choices=["normal", "review_ahead", "forgotten", "flagged", "cram"],
        default="normal",
        help="custom study: review_ahead (cards due tomorrow), forgotten (rated Again today), "
        "flagged (every card flagged with f, rescheduled normally), cram (no scheduling)",
    )
    p.add_argument("--flagged", dest="mode", action="store_const", const="flagged", help="drill the cards you flagged (same as --mode flagged)")
    p.add_argument("--settings", action="store_true", help="print the study settings and exit")
    p.add_argument(
        "--set",
        dest="set_values",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="change a study setting (e.g. new_per_day=30, grading=pass_fail) and exit; repeatable",
    )
    p.set_defaults(run=run)


def _settings(args: argparse.Namespace, ctx: Context) -> int:
    import json

    from lambdaprep.cli.context import UsageError
    from lambdaprep.store import Store
    from lambdaprep.study.settings import SettingError, StudySettings

    with Store.open(ctx.locations) as store:
        current, problems = StudySettings.load_checked(store)
        for problem in problems:
            ctx.err.print(f"warning: {problem}", markup=False, soft_wrap=True)
        if args.set_values:
            changes: dict[str, Any] = {}
            for item in args.set_values:
                name, sep, raw = item.partition("=")
                name = name.strip().replace("-", "_")
                if not sep or name not in StudySettings.model_fields:
                    known = ", ".join(StudySettings.model_fields)
                    raise UsageError(f"--set wants NAME=VALUE with NAME one of: {known}")
                changes[name] = raw
            try:
                current = current.changed(changes)
            except SettingError as exc:
                raise UsageError(f"--set {exc.message}") from None
            current.save(store)
            if "interview_date" in changes:
                from lambdaprep.study.plan import apply_interview_caps

                apply_interview_caps(store, current)
    for name, value in current.model_dump(mode="json").items():
        ctx.console.print(f"{name} = {json.dumps(value)}", markup=False, highlight=False)
    return 0


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError

    if args.settings or args.set_values:
        return _settings(args, ctx)
    if args.new is not None and args.new < 0:
        raise UsageError("--new must be 0 or more")
    catalog = ctx.catalog()
    packs = {p.id for p in catalog.packs}
    unknown = [p for p in args.filter_pack if p not in packs]
    if unknown:
        raise UsageError(f"no pack {unknown[0]!r} is loaded (loaded: {', '.join(sorted(packs)) or 'none'})")
    from lambdaprep.cli.cmd_topics import check_topics

    check_topics(catalog, list(args.topic))
    from lambdaprep.tui.options import DrillOptions

    options = DrillOptions(
        packs=tuple(args.filter_pack), topics=tuple(args.topic), tags=tuple(args.tag), new_limit=args.new, mode=args.mode
    )
    return int(ctx.run_tui(area="drill", options=options))
