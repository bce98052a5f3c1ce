"""The ? help: every key that works here, grouped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from lambdaprep.tui.areas import AREAS

if TYPE_CHECKING:
    from rich.console import Group

GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("?", "this help"),
    ("ctrl+p", "command palette: areas, themes, actions"),
    ("escape", "back (Home from an area)"),
    ("ctrl+q", "quit"),
)


def _key_label(key: str) -> str:
    return {"escape": "Esc", "space": "Space", "enter": "Enter", "question_mark": "?"}.get(key, key.replace("ctrl+", "Ctrl+"))


def screen_bindings(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys a lambdaprep screen defines itself (not Textual's focus/copy keys)."""
    from lambdaprep.tui.screens.base import AppScreen

    keys: list[tuple[str, str]] = []
    seen: set[str] = set()
    for cls in type(screen).__mro__:
        if not (isinstance(cls, type) and issubclass(cls, AppScreen)):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.description and binding.key not in seen:
                seen.add(binding.key)
                label = binding.key_display or " ".join(_key_label(k.strip()) for k in binding.key.split(","))
                keys.append((label, binding.description))
    return keys


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from, the areas and the global keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 78; max-width: 95%; height: auto; max-height: 100%; border: round $accent; background: $surface; padding: 0 2; }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, origin: Screen[object] | None = None) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(self._table(), id="help-table")
            yield Static(Text("Esc closes this help.", style="dim"), id="help-hint")

    def _table(self) -> Group:
        """Sections of ``key  description`` rows; long descriptions wrap under themselves (never cut)."""
        from rich.console import Group
        from rich.table import Table

        parts: list[Any] = []

        def section(title: str, rows: list[tuple[str, str]], note: str = "") -> None:
            if parts:
                parts.append(Text(""))
            parts.append(Text(title, style="underline"))
            if note:
                parts.append(Text(note, style="dim"))
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(width=9, no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            for key, desc in rows:
                grid.add_row(key, Text(desc))
            parts.append(grid)

        screen_keys = screen_bindings(self.origin) if self.origin is not None else []
        if screen_keys:
            section("This screen", screen_keys)
        if AREAS:
            section(
                "Areas",
                [(a.key, f"{a.title} — {a.description}") for a in AREAS],
                "Letters open an area from Home, and wherever no search box, list or picker has focus "
                "(there letters are typed, not taken as areas). Ctrl+P reaches every area from anywhere.",
            )
        section("Everywhere", [(_key_label(k), d) for k, d in GLOBAL_KEYS])
        return Group(*parts)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
