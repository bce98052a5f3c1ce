"""A one-line display of countdowns (the study engine owns the timers; this only shows them)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lambdaprep.study.timers import Countdown, format_clock


class CountdownBar(Static):
    """Shows ``label ⏱ m:ss`` for each countdown; the ``warning`` class in the last minute."""

    DEFAULT_CSS = """
    CountdownBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    CountdownBar.warning {
        background: $warning 30%;
        color: $text-warning;
        text-style: bold;
    }
    """

    def show(self, left: str, timers: list[tuple[str, Countdown | None]], *, paused: bool = False) -> None:
        text = Text(left, overflow="ellipsis", no_wrap=True)
        warn = False
        parts = Text()
        for label, cd in timers:
            if cd is None:
                continue
            style = "bold" if not cd.warning() else "bold reverse"
            warn = warn or cd.warning()
            parts.append(f"  {label} ", style="dim")
            parts.append(f"⏱ {format_clock(cd.remaining())}", style=style)
        if paused:
            parts.append("  PAUSED", style="bold")
        width = max(0, (self.size.width or 80) - 2 - parts.cell_len)
        text.truncate(width, overflow="ellipsis")
        text.pad_right(width - text.cell_len)
        text.append_text(parts)
        self.set_class(warn, "warning")
        self.update(text)
