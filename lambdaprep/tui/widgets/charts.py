"""Small text charts for the Stats screen and Home: a review calendar heatmap and bar lists.

They render Rich ``Text`` (no markup from content: titles are appended as plain text),
so they are deterministic in snapshots and readable at 80 columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.text import Text

LEVELS = (" ·", " ░", " ▒", " ▓", " █")
HEAT_STYLES = ("dim", "green", "green", "bold green", "bold bright_green")
BLOCKS = " ▏▎▍▌▋▊▉█"


def heat_level(count: int, peak: int) -> int:
    """0 for no reviews, else 1..4 by quarter of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // max(peak, 1))


def heatmap_text(days: Mapping[dt.date, int], *, width: int = 80) -> Text:
    """A GitHub-style calendar: one column per week (oldest left), Monday..Sunday rows.

    Shows as many of the most recent weeks as fit in ``width`` (53 at 80 columns with
    one character per cell; two characters per cell when there is room).
    """
    if not days:
        return Text("no reviews yet", style="dim")
    last = max(days)
    first = min(days)
    start = first - dt.timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    cell = 2 if 5 + 2 * weeks <= width else 1
    fit = max(1, (width - 5) // cell)
    if weeks > fit:
        start += dt.timedelta(weeks=weeks - fit)
        weeks = fit
    peak = max(days.values()) if days else 0
    out = Text(no_wrap=True)
    # month labels
    label = [" "] * (weeks * cell)
    prev = None
    for w in range(weeks):
        monday = start + dt.timedelta(weeks=w)
        if monday.month != prev:
            name = monday.strftime("%b")
            pos = w * cell
            if pos + len(name) <= len(label) and all(c == " " for c in label[max(0, pos - 1) : pos + len(name)]):
                label[pos : pos + len(name)] = list(name)
            prev = monday.month
    out.append("     " + "".join(label).rstrip() + "\n", style="dim")
    for wd, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        out.append(f"{name:<4} ", style="dim")
        for w in range(weeks):
            day = start + dt.timedelta(weeks=w, days=wd)
            if day not in days:
                out.append(" " * cell)
                continue
            lvl = heat_level(days[day], peak)
            glyph = LEVELS[lvl] if cell == 2 else LEVELS[lvl][1]
            out.append(glyph, style=HEAT_STYLES[lvl])
        out.append("\n")
    out.append("     less ", style="dim")
    for lvl in range(5):
        out.append(LEVELS[lvl][1], style=HEAT_STYLES[lvl])
    out.append(" more", style="dim")
    total = sum(days.values())
    active = sum(1 for n in days.values() if n)
    out.append(f"   {total} reviews on {active} days, busiest {peak}", style="dim")
    return out


def bar(share: float, width: int) -> str:
    """A horizontal bar ``width`` characters wide filled to ``share`` (eighth blocks)."""
    share = min(1.0, max(0.0, share))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    s = "█" * full + (BLOCKS[part] if part else "")
    return s.ljust(width)


def bar_list(
    rows: Sequence[tuple[str, float, str]], *, label_width: int = 28, bar_width: int = 30, mark: float | None = None
) -> Text:
    """Rows of ``label  ███████░░  note`` — ``share`` in 0..1. ``mark`` draws a target tick."""
    out = Text(no_wrap=True)
    for i, (label, share, note) in enumerate(rows):
        if i:
            out.append("\n")
        lab = label if len(label) <= label_width else label[: label_width - 1] + "…"
        out.append(f"{lab:<{label_width}} ")
        b = bar(share, bar_width)
        style = "green" if share >= 0.9 else "yellow" if share >= 0.6 else "red"
        if mark is not None:
            pos = min(bar_width - 1, int(round(mark * bar_width)))
            out.append(b[:pos], style=style)
            out.append("│" if b[pos] == " " else b[pos], style="bold" if b[pos] == " " else style)
            out.append(b[pos + 1 :], style=style)
        else:
            out.append(b, style=style)
        out.append(f" {note}", style="dim")
    return out


def pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"
