"""The TUI's output choke point: no control character from content reaches the terminal.

Every line Textual paints passes through the App's line filters, so one filter here
covers every screen, notification and dialog. Pack strings are already made visible
when the YAML is read (:mod:`lambdaprep.content.yamlsafe`); this filter is the net
under that for text from paths and the database: it removes what is left (control
characters take no cells, so the line keeps its width) and drops a hyperlink whose
target holds one.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from lambdaprep.safe import is_safe, strip_controls


class SafeTextFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out: list[Segment] | None = None
        for i, segment in enumerate(segments):
            text, style, control = segment
            if control is not None:
                continue
            bad_link = style is not None and bool(style.link) and not is_safe(style.link or "")
            if bad_link or not is_safe(text):
                if out is None:
                    out = list(segments)
                out[i] = Segment(strip_controls(text), style.update_link(None) if bad_link and style is not None else style)
        return segments if out is None else out


SAFE_TEXT_FILTER = SafeTextFilter()
"""One instance, so Textual's per-strip filter cache keeps working."""
