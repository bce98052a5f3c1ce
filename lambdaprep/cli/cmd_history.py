"""lambdaprep history: past mock interviews and quizzes, with the score trend."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

from lambdaprep.cli.args import bounded_int, ROW_ID_MAX



def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "history",
        parents=[common],
        help="list past mock interviews and quizzes with the score trend",
        description="List finished mock interviews and quizzes, oldest first, with a score trend. "
        "--markdown ID prints one mock interview's report as Markdown.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--kind", choices=["all", "mock", "quiz"], default="all", help="which history to show: mock, quiz (quizzes and practice exams) or all (default)")
    p.add_argument("--markdown", type=bounded_int(1, ROW_ID_MAX), metavar="ID", default=None, help="print the report of mock interview ID as Markdown")
    p.add_argument("-o", "--output", metavar="FILE", default=None, help="with --markdown: write to FILE")
    p.add_argument("--last", type=bounded_int(1, 1_000_000), metavar="N", default=None, help="only the N most recent of each (N ≥ 1)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.errors import LambdaprepError
    from lambdaprep.store import Store

    if args.output and args.markdown is None:
        raise UsageError("-o/--output goes with --markdown ID (the report to write)")
    if args.markdown is not None and args.json:
        raise UsageError("--json and --markdown cannot be combined")

    with Store.open(ctx.locations) as store:
        if args.markdown is not None:
            from lambdaprep.study.mock import report_markdown

            report = store.mock_report(args.markdown)
            if report is None:
                raise LambdaprepError(f"no finished mock interview with id {args.markdown} (see 'lambdaprep history')")
            from lambdaprep.safe import safe_text

            text = safe_text(report_markdown(report))  # report text came from packs and the database
            if args.output:
                from lambdaprep.cli.output import write_output

                write_output(args.output, text)
                ctx.err.print(f"Wrote {args.output}", markup=False)
            else:
                import sys

                sys.stdout.write(text)
            return 0
        from lambdaprep.study.history import collect

        data = collect(store, args.kind, args.last)
    if args.json:
        ctx.print_json(data)
        return 0
    from rich.table import Table
    from rich.text import Text

    if "mock" in data:
        if data["mock"]:
            t = Table(title=Text(f"Mock interviews  trend {data['mock_trend']}"), title_justify="left", box=None, pad_edge=False)
            for col in ("id", "date", "format", "score", "weakest"):
                t.add_column(col, justify="right" if col in ("id", "score") else "left")
            for m in data["mock"]:
                t.add_row(str(m["id"]), m["started_at"], Text(m["title"]), f"{m['percent']:.0f}%", Text(", ".join(m["weakest"])))
            ctx.console.print(t)
        else:
            ctx.console.print("No mock interviews yet: run 'lambdaprep mock'.", markup=False)
    if "quiz" in data:
        if data["quiz"]:
            t = Table(title=Text(f"Quizzes and exams  trend {data['quiz_trend']}"), title_justify="left", box=None, pad_edge=False)
            for col in ("id", "date", "kind", "score", "topics", "time"):
                t.add_column(col, justify="right" if col in ("id", "score", "time") else "left")
            for q in data["quiz"]:
                t.add_row(str(q["id"]), q["started_at"], q["kind"], f"{q['right']}/{q['total']}", Text(", ".join(q["topics"]) or "all"), f"{q['duration_s']:g}s")
            ctx.console.print(t)
        else:
            ctx.console.print("No quizzes yet: run 'lambdaprep quiz'.", markup=False)
    return 0
