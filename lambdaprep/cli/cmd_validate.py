"""lambdaprep validate: check packs and report every problem with file:line:column."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check content packs; exit 1 if any has errors",
        description="Validate packs and list every problem as file:line:column: field: message. "
        "With no PATH, checks every pack lambdaprep would load. Exit status: 0 clean, 1 errors.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="a pack folder or a folder of packs")
    p.add_argument("--json", action="store_true", help="print a JSON report")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.content import PackSource, load_catalog

    if args.paths:
        sources = [PackSource(Path(p).expanduser(), "cli") for p in args.paths]
    else:
        sources = ctx.pack_sources()
    catalog = load_catalog(sources, cache_dir=None)  # always a fresh read
    problems = catalog.problems
    if args.json:
        ctx.print_json(
            {
                "ok": not problems,
                "packs": [{"id": p.id, "path": str(p.path), "counts": p.counts()} for p in catalog.packs],
                "problems": [pr.to_dict() for pr in problems],
            }
        )
        return 1 if problems else 0
    from rich.text import Text

    for problem in problems:
        ctx.console.print(Text.assemble((problem.location, "bold"), ": ", (f"{problem.field}: " if problem.field else ""), problem.message), soft_wrap=True)
    summary, code = summarise(catalog, args.paths)
    ctx.console.print(Text(("\n" if problems else "") + summary, style="green" if code == 0 else "bold red"), soft_wrap=True)
    return code


def summarise(catalog: Any, paths: list[str]) -> tuple[str, int]:
    """One line that agrees with the problems listed and with ``lambdaprep packs``, and the exit code.

    Nothing found (an empty folder, a folder without packs, a missing path) is an error, exit 1.
    """
    problems = catalog.problems
    skipped, warned = catalog.skipped_and_warned()
    valid = len(catalog.packs) - len(warned)
    if not catalog.packs and not skipped:
        where = ", ".join(paths) if paths else "the places lambdaprep loads packs from"
        lead = f"{plural(len(problems), 'problem')}; " if problems else ""
        return f"{lead}no packs found in {where}.", 1
    parts = [f"{plural(valid, 'pack')} valid"]
    if warned:
        parts.append(f"{len(warned)} loaded with warnings")
    if skipped:
        parts.append(f"{len(skipped)} with errors (skipped)")
    if not problems:
        return f"{parts[0]}, no problems.", 0
    return f"{plural(len(problems), 'problem')}; " + ", ".join(parts) + ".", 1
