"""Small terminal charts for the Stats screen: a review heatmap and labelled bars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.text import Text

# Five levels, light to dark (readable on dark and light themes).
LEVEL_STYLES = ("grey35", "dark_green", "green4", "green3", "bright_green")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def heatmap(counts: Mapping[dt.date, int], today: dt.date, weeks: int = 53) -> Text:
    """A GitHub-style calendar: one column per week, one row per weekday, ending today."""
    last_monday = today - dt.timedelta(days=today.weekday())
    first = last_monday - dt.timedelta(weeks=weeks - 1)
    peak = max(counts.values(), default=0)
    text = Text()
    # month labels over the weeks where a month starts
    labels = [" "] * weeks
    for w in range(weeks):
        monday = first + dt.timedelta(weeks=w)
        if monday.day <= 7:
            name = monday.strftime("%b")
            if w + len(name) <= weeks and all(c == " " for c in labels[w : w + len(name)]):
                labels[w : w + len(name)] = list(name)
    text.append("    " + "".join(labels) + "\n", style="dim")
    for weekday in range(7):
        text.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
        for w in range(weeks):
            day = first + dt.timedelta(weeks=w, days=weekday)
            if day > today:
                text.append(" ")
                continue
            n = counts.get(day, 0)
            level = 0 if n == 0 or peak == 0 else min(4, 1 + (4 * (n - 1)) // max(1, peak))
            text.append("■", style=LEVEL_STYLES[level])
        text.append("\n")
    text.append("    less ", style="dim")
    for style in LEVEL_STYLES:
        text.append("■", style=style)
    text.append(" more", style="dim")
    return text


def bars(rows: Sequence[tuple[str, float, str]], *, width: int = 24, label_width: int | None = None, total_width: int = 80) -> Text:
    """Horizontal bars: ``(label, fraction 0..1, right-hand note)`` per row.

    Labels get the room ``total_width`` leaves beside the bar and the longest note (whole
    when they fit, shortened with … when not); ``label_width`` fixes it instead."""
    if label_width is None:
        longest = max((len(label) for label, _, _ in rows), default=0)
        note_width = max((len(note) for _, _, note in rows), default=0)
        label_width = max(8, min(longest, total_width - width - note_width - 2))
    text = Text()
    for label, fraction, note in rows:
        fraction = max(0.0, min(1.0, fraction))
        filled = round(fraction * width)
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        text.append(f"{shown:<{label_width}} ")
        text.append("█" * filled, style="green3" if fraction >= 0.8 else "yellow3" if fraction >= 0.5 else "orange3")
        text.append("░" * (width - filled), style="grey30")
        text.append(f" {note}\n")
    return text


def whole_ticks(count: int, most: int = 8) -> list[int]:
    """Tick positions 1..count in whole steps (at most ``most`` of them, always the last)."""
    if count < 1:
        return []
    step = max(1, -(-count // most))
    ticks = list(range(1, count + 1, step))
    if ticks[-1] != count:
        if count - ticks[-1] >= step / 2:
            ticks.append(count)
        else:
            ticks[-1] = count  # move the last tick rather than crowd two together
    return ticks
