"""The drill's bottom bar: "Space Show answer", then the rating keys with their intervals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

from lambdaprep.store.cardstate import Rating

STYLES = {Rating.AGAIN: "bold red", Rating.HARD: "bold yellow", Rating.GOOD: "bold green", Rating.EASY: "bold blue"}


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
        for i, rating in enumerate(ratings):
            if i:
                text.append("   ")
            key = str(i + 1) if pass_fail else str(rating)
            text.append(f" {key} ", style="reverse bold")
            text.append(f" {Rating(rating).pass_fail_label if pass_fail else Rating(rating).label} ")
            text.append(previews[rating].label, style=STYLES[Rating(rating)])
        self.update(text)
