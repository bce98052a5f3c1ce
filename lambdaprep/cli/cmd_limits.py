"""lambdaprep limits [QUERY]: the fast answer to "what's the limit again?"."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "limits",
        parents=[common],
        help="look up Lambda limits and quotas (typo-tolerant; numbers too)",
        description="Find limits by name, alias or notes, with typos forgiven, or by value "
        "('900', '10240', '6 MB'). Without QUERY, list every limits table. "
        "Exit 1 when nothing matches (the closest names are suggested).",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="words or a number, e.g. tmp, 'env vars', 900, '6 MB'")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-n", "--max", type=int, default=15, metavar="N", help="show at most N matches (default 15)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.lookup import LimitIndex, group_by_table, load_entries

    if args.max < 1:
        raise UsageError("--max must be at least 1")
    entries, problems = load_entries(ctx.pack_sources(), ctx.locations.cache_dir)
    if problems and not args.json:
        ctx.warn_problems(problems)
    index = LimitIndex(entries)
    query = " ".join(args.query).strip()
    matches = index.search(query, limit=None if not query else args.max)

    if args.json:
        ctx.print_json(
            {
                "query": query,
                "matches": [{**m.entry.to_dict(), "score": m.score, "matched": m.why} for m in matches],
                "suggestions": index.suggest(query) if query and not matches else [],
            }
        )
        return 0 if matches or not query else 1

    from rich.text import Text

    if not matches:
        if not query:
            ctx.console.print("No limits tables are loaded.")
            return 1
        ctx.err.print(Text(f"No limit matches {query!r}.", style="bold"))
        suggestions = index.suggest(query)
        if suggestions:
            ctx.err.print(Text("Closest: " + "; ".join(suggestions), style="dim"))
        return 1
    for title, group in group_by_table(matches):
        ctx.console.print(_table(title, [m.entry for m in group]))
    if query and len(matches) >= args.max:
        ctx.console.print(Text(f"Showing the best {args.max}; use --max to see more.", style="dim"))
    return 0


def _table(title: str, entries: list[Any]) -> Any:
    from lambdaprep.lookup import short_source
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("limit", ratio=5, min_width=20)
    table.add_column("value", ratio=3, min_width=12)
    table.add_column("quota", no_wrap=True)
    table.add_column("source · as of", no_wrap=True)
    for e in entries:
        name = Text(e.name, style="bold")
        if e.notes:
            name.append("\n" + e.notes, style="dim")
        source = Text(short_source(e.source), style=f"link {e.source}") if e.source else Text("")
        table.add_row(
            name,
            Text(e.display),
            Text("adjustable", style="green") if e.adjustable else Text("hard", style="yellow"),
            Text.assemble(source, "\n", (e.as_of, "dim")),
        )
    return table
