"""A small yes/no (or three-way) question in a modal box, answered with a key or a button."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class Choice(ModalScreen[str]):
    """Ask one question; dismisses with the chosen answer's id (``cancel`` on Escape).

    ``answers`` are ``(id, key, label)``: ``("end", "y", "End now")`` binds ``y``.
    """

    DEFAULT_CSS = """
    Choice { align: center middle; }
    Choice > #choice-box { width: 64; max-width: 100%; height: auto; border: round $warning; background: $surface; padding: 1 2; }
    Choice #choice-buttons { height: auto; margin-top: 1; }
    Choice Button { margin-right: 1; }
    """

    def __init__(self, title: str, lines: Sequence[str], answers: Sequence[tuple[str, str, str]], *, cancel: str = "cancel") -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.answers = list(answers)
        self.cancel = cancel
        self._bindings_added = False

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Label(Text(self.title_text, style="bold"))
            for line in self.lines:
                yield Label(Text(line))
            with Horizontal(id="choice-buttons"):
                for i, (ident, key, label) in enumerate(self.answers):
                    yield Button(f"{label} ({key})", id=f"choice-{ident}", variant="warning" if i == 0 else "default")

    def on_mount(self) -> None:
        self._bindings.bind("escape", f"answer('{self.cancel}')", "Cancel", show=False)
        for ident, key, label in self.answers:
            self._bindings.bind(key, f"answer('{ident}')", label)
        self.refresh_bindings()

    def action_answer(self, ident: str) -> None:
        self.dismiss(ident)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id or "").removeprefix("choice-"))


__all__ = ["Choice"]
