"""The ? help: every key that works here, grouped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from lambdaprep.tui.areas import AREAS, SETTINGS

if TYPE_CHECKING:
    from rich.console import Group

ESCAPE_KEY = ("Esc", "back (Home from an area)")
"""Escape is each screen's own binding (listed with it); "Everywhere" says what it does in general."""


def _key_label(key: str) -> str:
    named = {"escape": "Esc", "space": "Space", "enter": "Enter", "question_mark": "?", "slash": "/", "up": "↑", "down": "↓"}
    if key in named:
        return named[key]
    for modifier in ("ctrl", "shift", "super", "alt"):
        key = key.replace(f"{modifier}+", f"{modifier.title()}+")
    return key


def binding_label(binding: Binding) -> str:
    return binding.key_display or " ".join(_key_label(k.strip()) for k in binding.key.split(","))


def binding_help(binding: Binding) -> str:
    """What help says a binding does: its tooltip (the longer text) or else its footer description."""
    return binding.tooltip or binding.description


def _rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    """``(key, what it does)`` rows; one key with several bindings (Space: show the answer,
    then Good) gets one row naming each, in order."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        text = binding_help(binding)
        if not text:
            continue
        said = rows.setdefault(binding_label(binding), [])
        if text not in said:
            said.append(text)
    return [(key, "; ".join(texts)) for key, texts in rows.items()]


def screen_bindings(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys a lambdaprep screen defines itself (not Textual's focus/copy keys), straight
    from its ``BINDINGS``: what the footer shows and what it leaves out, so help cannot drift."""
    found: list[Binding] = []
    for cls in type(screen).__mro__:
        if not (isinstance(cls, type) and issubclass(cls, Screen) and cls.__module__.startswith("lambdaprep.")):
            continue
        nearer = {b.key for b in found}  # a subclass's binding replaces its base's for the same key
        found += [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.key not in nearer]
    return _rows(found)


def app_bindings(app: object) -> list[tuple[str, str]]:
    """The app's own keys that work everywhere (not the area letters, listed under Areas)."""
    found = [b for b in type(app).__dict__.get("BINDINGS", []) if isinstance(b, Binding) and not b.action.startswith("open_area")]
    rows = _rows(found)
    rows += _rows([b for b in Screen.BINDINGS if isinstance(b, Binding)])  # Tab, Shift+Tab: Textual's focus keys
    palette = getattr(app, "COMMAND_PALETTE_BINDING", None)
    if getattr(app, "ENABLE_COMMAND_PALETTE", False) and palette:
        rows.append((_key_label(palette), "command palette: every area, the themes, custom study, scheduler tuning"))
    rows.append(ESCAPE_KEY)
    return rows


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
        screen_keys = screen_bindings(self.origin) if self.origin is not None else []
        everywhere = app_bindings(self.app)

        def section(title: str, rows: list[tuple[str, str]], note: str = "") -> None:
            if parts:
                parts.append(Text(""))
            parts.append(Text(title, style="underline"))
            if note:
                parts.append(Text(note, style="dim"))
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(width=9, style="bold", overflow="fold")  # a key pair wraps (Ctrl+c / Super+c), never cut
            grid.add_column(ratio=1)
            for key, desc in rows:
                grid.add_row(key, Text(desc))
            parts.append(grid)

        if screen_keys:
            section("This screen", screen_keys)
        if AREAS:
            section(
                "Areas",
                [(a.key, f"{a.title} — {a.description}") for a in (*AREAS, SETTINGS)],
                "Letters open an area from Home, and wherever no search box, list or picker has focus "
                "(there letters are typed, not taken as areas). Ctrl+P reaches every area from anywhere.",
            )
        section("Everywhere", everywhere)
        return Group(*parts)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
