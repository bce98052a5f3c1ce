"""Rendering multiple-choice questions: numbered choices whose wrapped lines keep their indent."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

SELECT_ALL = "(select all that apply)"
LETTERS = "abcdefghi"
"""Choices are picked with 1-9 or a-i."""


def pick_bindings(action: str = "pick") -> list[Binding]:
    """``1``-``9`` and ``a``-``i`` call ``action(i)`` (hidden from the footer)."""
    return [Binding(k, f"{action}({i})", show=False) for i in range(9) for k in (str(i + 1), LETTERS[i])]


def question_text(question: str, multiple: bool, hint: str = "then Enter") -> Text:
    """The question, with "(select all that apply)" once — unless the question already says so."""
    head = Text(question.rstrip())
    if multiple and SELECT_ALL not in question.lower():
        head.append(f"\n{SELECT_ALL[:-1]}, {hint})" if hint else f"\n{SELECT_ALL}", style="dim italic")
    return head


def choice_grid(choices: Sequence[str], marks: Sequence[str] = (), styles: Sequence[str] = ()) -> Table:
    """``1  [x]  choice text`` rows; a long choice wraps under its own text, not under the number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for i, choice in enumerate(choices):
        mark = marks[i] if i < len(marks) else ""
        style = styles[i] if i < len(styles) else ""
        grid.add_row(Text(f" {i + 1} ", style="reverse"), Text(mark, style=style), Text(choice, style=style))
    return grid


def source_line(url: str, label: str = "Source: ") -> Table:
    """A source URL on one line: shortened with an ellipsis rather than broken mid-word, and a link."""
    t = Text(label, style="dim")
    t.append(url, style=f"dim link {url}")
    grid = Table.grid()
    grid.add_column(no_wrap=True, overflow="ellipsis")
    grid.add_row(t)
    return grid


__all__ = ["LETTERS", "SELECT_ALL", "choice_grid", "pick_bindings", "question_text", "source_line"]
