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
    per row) are printed dim on the line under their row.
    """
    ncol = len(headers)
    widths = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(ncol)]
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + GAP * (ncol - 1)
    widths[flex] = max(8, min(widths[flex], width - fixed))
    out = Text(no_wrap=True)

    def emit(cells: Sequence[str], style: str) -> None:
        wrapped = [textwrap.wrap(c, widths[i], break_long_words=True) or [""] if i == flex else [c] for i, c in enumerate(cells)]
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
        if sources is not None and n < len(sources) and sources[n]:
            for line in textwrap.wrap(sources[n], max(10, width - 2)) or [""]:
                out.append("\n")
                out.append("  " + line, style="dim italic")
    return out


def join(*blocks: Text) -> Text:
    """Blocks separated by a blank line."""
    out = Text(no_wrap=True)
    for i, block in enumerate(blocks):
        if i:
            out.append("\n\n")
        out.append_text(block)
    return out
