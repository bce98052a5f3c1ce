"""Fast plain-text tables and paragraphs (rich Text) for the calculator results, in the CLI and the TUI.

Rich's Table measures every cell on every render, which costs 10–20 ms for a
12-row table — most of a frame. The calculators' cells are short strings, so
these helpers lay them out directly at a known width: one flexible column wraps,
the others keep their natural width.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.text import Text

GAP = 2


def para(text: str, width: int, style: str = "") -> Text:
    """``text`` wrapped to ``width`` (existing line breaks kept)."""
    lines: list[str] = []
    for raw in text.split("\n"):
        lines.extend(textwrap.wrap(raw, max(10, width), break_long_words=True, break_on_hyphens=False) or [""])
    return Text("\n".join(lines), style=style)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    flex: int = 0,
    right: bool = True,
    bold_last: int = 0,
    sources: Sequence[str] | None = None,
) -> Text:
    """A borderless table as Text. Column ``flex`` takes the spare width and wraps.

    Columns other than the first are right-aligned when ``right``; ``sources`` (one
    per row) are printed dim on the line under their row. Values never wrap: the flex
    column wraps between words (never narrower than its longest word), and when even
    that does not fit, each row puts its flex cell on a line of its own with the other
    cells on the line below it.
    """
    ncol = len(headers)
    widths = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(ncol)]
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + GAP * (ncol - 1)
    longest_word = max((len(word) for r in [headers, *rows] for word in r[flex].split()), default=1)
    min_flex = min(widths[flex], max(8, longest_word))
    out = Text(no_wrap=True)
    if ncol > 1 and fixed + min_flex > width:
        _stacked_rows(out, headers, rows, width, flex, right, bold_last, sources)
        return out
    widths[flex] = max(min_flex, min(widths[flex], width - fixed))

    def emit(cells: Sequence[str], style: str) -> None:
        wrapped = [_wrap(c, widths[i]) if i == flex else [c] for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        for line in range(height):
            parts = []
            for i, cell_lines in enumerate(wrapped):
                cell = cell_lines[line] if line < len(cell_lines) else ""
                align_right = right and i > 0 and i != flex
                parts.append(cell.rjust(widths[i]) if align_right else cell.ljust(widths[i]))
            if len(out):
                out.append("\n")
            out.append((" " * GAP).join(parts).rstrip(), style=style)

    emit(headers, "bold")
    for n, row in enumerate(rows):
        emit(row, "bold" if bold_last and n >= len(rows) - bold_last else "")
        _source(out, sources, n, width)
    return out


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(1, width), break_long_words=True, break_on_hyphens=False) or [""]


def _source(out: Text, sources: Sequence[str] | None, n: int, width: int) -> None:
    if sources is not None and n < len(sources) and sources[n]:
        for line in textwrap.wrap(sources[n], max(10, width - 2)) or [""]:
            out.append("\n")
            out.append("  " + line, style="dim italic")


def _stacked_rows(out: Text, headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, flex: int, right: bool,
                  bold_last: int, sources: Sequence[str] | None) -> None:
    """Too narrow for one line per row: each row takes several lines, the same columns on each.

    Columns are packed in order onto as few lines as fit (later lines indented), so every
    cell stays whole and the columns still line up from row to row; a cell wider than the
    screen (the flex column) wraps between words.
    """
    ncol = len(headers)
    widths = [min(width, max([len(headers[i])] + [len(r[i]) for r in rows])) for i in range(ncol)]
    groups: list[list[int]] = [[]]
    used = 0
    for i in range(ncol):
        indent = 2 if len(groups) > 1 else 0
        need = widths[i] + (GAP if groups[-1] else indent)
        if groups[-1] and used + need > width:
            groups.append([])
            used, need = 0, widths[i] + 2
        groups[-1].append(i)
        used += need

    def emit(cells: Sequence[str], style: str, header: bool) -> None:
        for g, group in enumerate(groups):
            indent = "  " if g else ""
            if not header and g and not any(cells[i].strip() for i in group):
                continue
            if len(group) == 1 and len(cells[group[0]]) > width - len(indent):
                lines = [indent + piece for piece in _wrap(cells[group[0]], width - len(indent))]
            else:
                parts = [cells[i].rjust(widths[i]) if right and i > 0 and i != flex else cells[i].ljust(widths[i]) for i in group]
                lines = [indent + (" " * GAP).join(parts).rstrip()]
            for line in lines:
                if len(out):
                    out.append("\n")
                out.append(line, style=style)

    emit(headers, "bold", True)
    for n, row in enumerate(rows):
        emit(row, "bold" if bold_last and n >= len(rows) - bold_last else "", False)
        _source(out, sources, n, width)


def join(*blocks: Text) -> Text:
    """Blocks separated by a blank line."""
    out = Text(no_wrap=True)
    for i, block in enumerate(blocks):
        if i:
            out.append("\n\n")
        out.append_text(block)
    return out
