"""The ? help: every key that works here, grouped."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from lambdaprep.tui.areas import AREAS

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
    #help-box { width: 78; max-width: 95%; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 0 2; }
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

    def _table(self) -> Text:
        """Sections of ``key  description`` lines, one line each (long ones end in …)."""
        width = 64
        text = Text(no_wrap=True, overflow="ellipsis")

        def section(title: str, rows: list[tuple[str, str]]) -> None:
            text.append(title + "\n", style="underline")
            for key, desc in rows:
                line = desc if len(desc) <= width - 10 else desc[: width - 11] + "…"
                text.append(f"{key:<10}", style="bold")
                text.append(line + "\n")

        screen_keys = screen_bindings(self.origin) if self.origin is not None else []
        if screen_keys:
            section("This screen", screen_keys)
        if AREAS:
            section("Areas", [(a.key, f"{a.title} — {a.description}") for a in AREAS])
        section("Everywhere", [(_key_label(k), d) for k, d in GLOBAL_KEYS])
        text.rstrip()
        return text

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
