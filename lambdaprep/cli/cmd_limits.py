"""lambdaprep limits [QUERY]: the fast answer to "what's the limit again?"."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING, Any

from lambdaprep.cli.args import bounded_int

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "limits",
        parents=[common],
        help="look up Lambda limits and quotas (typo-tolerant; numbers too)",
        description="Find limits by name, alias or notes, with typos forgiven, or by value "
        "('900', '10240', '6 MB'). Without QUERY, list every limits table. "
        "Exit 1 when nothing matches (the closest names are suggested). "
        "'limits --all --markdown > limits.md' writes a printable cheat sheet of every table.",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="words or a number, e.g. tmp, 'env vars', 900, '6 MB'")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--markdown", action="store_true", help="print Markdown (every table grouped, with sources and dates)")
    p.add_argument("--all", action="store_true", help="every limit, not only the best matches (the default without QUERY)")
    p.add_argument("-n", "--max", type=bounded_int(1, 10_000), default=15, metavar="N", help="show at most N matches (default 15)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.context import UsageError
    from lambdaprep.lookup import LimitIndex, group_by_table, load_entries

    if args.max < 1:
        raise UsageError("--max must be at least 1")
    if args.json and args.markdown:
        raise UsageError("choose one of --json and --markdown")
    entries, problems = load_entries(ctx.pack_sources(), ctx.locations.cache_dir)
    if problems and not args.json:
        ctx.warn_problems(problems)
    index = LimitIndex(entries)
    query = " ".join(args.query).strip()
    matches = index.search(query, limit=None if not query or args.all else args.max)

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

    if args.markdown and matches:
        from lambdaprep.safe import safe_text

        sys.stdout.write(safe_text(markdown(query, matches)))
        return 0
    if not matches:
        if not query:
            ctx.console.print("No limits tables are loaded.")
            return 1
        from lambdaprep.safe import cut

        ctx.err.print(Text(f"No limit matches {cut(query, 60)!r}.", style="bold"))
        suggestions = index.suggest(query)
        if suggestions:
            ctx.err.print(Text("Closest: " + "; ".join(suggestions), style="dim"))
        return 1
    narrow = ctx.console.width < WIDE
    for title, group in group_by_table(matches):
        entries = [m.entry for m in group]
        for part in _stacked(title, entries, ctx.console.width) if narrow else [_table(title, entries)]:
            ctx.console.print(part)
    if query and not args.all and len(matches) >= args.max:
        ctx.console.print(Text(f"Showing the best {args.max}; use --max to see more.", style="dim"))
    return 0


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    """Pack text is untrusted: escape everything Markdown would read as markup, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown(query: str, matches: list[Any]) -> str:
    """A cheat sheet: one section per table, each limit with its value, quota, notes, source and date."""
    from lambdaprep.lookup import group_by_table, short_source

    lines = ["# AWS Lambda limits" + (f" matching {_md(repr(query))}" if query else ""), ""]
    lines += ["Printed by `lambdaprep limits`. Values change: check the source before relying on one.", ""]
    for title, group in group_by_table(matches):
        lines += [f"## {_md(title)}", ""]
        for m in group:
            e = m.entry
            # two trailing spaces: a line break inside the list item, so notes and source get their own lines
            lines.append(f"- **{_md(e.name)}: {_md(e.display)}** ({'adjustable' if e.adjustable else 'hard limit'})  ")
            if e.notes:
                lines.append(f"  {_md(e.notes)}  ")
            meta = []
            if e.source:
                meta.append(f"[{_md(short_source(e.source))}](<{e.source.replace('>', '%3E').replace(' ', '%20')}>)")
            if e.as_of:
                meta.append(f"as of {_md(e.as_of)}")
            if meta:
                lines.append("  Source: " + ", ".join(meta))
        lines.append("")
    return "\n".join(lines)


WIDE = 100
"""From this many columns the matches are a table; below, each limit is stacked (name and value, then notes)."""


def _stacked(title: str, entries: list[Any], width: int) -> list[Any]:
    """Narrow terminals: name and value on one line (the value never cut), notes and source below, full width."""
    from lambdaprep.lookup import short_source

    from rich.padding import Padding
    from rich.text import Text

    out: list[Any] = [Text(title, style="bold underline")]
    for e in entries:
        line = Text("  ")
        line.append(e.name, style="bold")
        if 2 + len(e.name) + 2 + len(e.display) <= width:
            line.append("  ")
        else:
            line.append("\n    ")
        line.append(e.display, style="bold cyan")
        out.append(line)
        if e.notes:
            out.append(Padding(Text(e.notes, style="dim"), (0, 0, 0, 4)))
        meta = Text.assemble(("adjustable", "green") if e.adjustable else ("hard limit", "yellow"))
        if e.source:
            meta.append(" · ")
            meta.append(short_source(e.source), style=f"link {e.source}")
        if e.as_of:
            meta.append(f" · as of {e.as_of}", style="dim")
        out.append(Padding(meta, (0, 0, 0, 4)))
    out.append(Text(""))
    return out


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
