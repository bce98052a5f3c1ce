"""The drill's bottom bar: "Space Show answer", then the rating keys with their intervals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
PASS_FAIL = {1: "Fail", 3: "Pass"}
STYLES = {1: "bold red", 2: "bold yellow", 3: "bold green", 4: "bold blue"}


class RatingBar(Static):
    """One line of key hints; the intervals are the exact previews that will be saved."""

    DEFAULT_CSS = """
    RatingBar {
        height: auto;
        padding: 0 1;
        border-top: solid $primary-muted;
    }
    """

    def show_keys(self, keys: list[tuple[str, str]]) -> None:
        text = Text()
        for i, (key, label) in enumerate(keys):
            if i:
                text.append("   ")
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {label}")
        self.update(text)

    def show_question(self) -> None:
        self.show_keys([("Space", "Show answer"), ("u", "Undo")])

    def show_ratings(self, previews: Mapping[int, Any], ratings: tuple[int, ...], *, pass_fail: bool = False) -> None:
        text = Text()
        names = PASS_FAIL if pass_fail else NAMES
        for i, rating in enumerate(ratings):
            if i:
                text.append("   ")
            key = str(i + 1) if pass_fail else str(rating)
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {names[rating]} ")
            text.append(previews[rating].label, style=STYLES[rating])
        self.update(text)
