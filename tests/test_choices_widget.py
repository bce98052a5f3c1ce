"""Quiz and exam rendering: one "(select all that apply)", hanging indents, URLs never broken mid-word."""

from __future__ import annotations

import io

from rich.console import Console

from lambdaprep.tui.widgets.choices import choice_grid, question_text, source_line


def _render(renderable: object, width: int = 40) -> str:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def test_select_all_is_said_once() -> None:
    said = question_text("Which of these apply? (select all that apply)", True).plain
    assert said.lower().count("select all that apply") == 1
    added = question_text("Which of these apply?", True).plain
    assert added.lower().count("select all that apply") == 1
    assert "select all" not in question_text("Pick one.", False).plain


def test_wrapped_choices_keep_their_indent() -> None:
    text = _render(choice_grid(["a choice long enough to wrap onto a second line for sure", "short"], ["[ ]", "[x]"]), 40)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first_col = lines[0].index("a choice")
    assert lines[1][:first_col].strip() == ""  # the continuation starts under the text, not under the number
    assert lines[1][first_col:].strip()


def test_source_urls_are_not_broken() -> None:
    url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html"
    text = _render(source_line(url), 50)
    assert len([ln for ln in text.splitlines() if ln.strip()]) == 1 and "…" in text
    assert url in _render(source_line(url), 120)
