"""Limits: type to filter every limit on each keystroke; details, source and related cards."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from lambdaprep.tui.screens.base import AreaScreen

if TYPE_CHECKING:
    from lambdaprep.lookup import LimitEntry, LimitIndex


def related_cards(catalog: Any, entry: LimitEntry, n: int = 4) -> list[Any]:
    """Cards that talk about this limit: its aliases or name appear in the card's text."""
    needles = [a.lower() for a in (entry.name, *entry.aliases) if len(a) >= 4]
    scored: list[tuple[int, str, Any]] = []
    for card in catalog.cards.values():
        front = card.front.lower()
        text = front + " " + card.back.lower()
        hits = sum(2 if needle in front else 1 for needle in needles if needle in text)
        if hits:
            scored.append((-hits, card.key, card))
    scored.sort(key=lambda t: t[:2])
    return [c for _, _, c in scored[:n]]


class LimitsScreen(AreaScreen):
    """The limits lookup."""

    DEFAULT_CSS = """
    #limits-search { margin: 0 1; }
    #limits-body { height: 1fr; }
    #limits-list { height: 1fr; width: 45%; min-width: 30; border: round $primary-background; }
    #limits-list:focus-within { border: round $accent; }
    #limits-detail { width: 1fr; border: round $primary-background; padding: 0 1; }
    """

    AREA_ID = "limits"
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        Binding("slash", "focus_search", "Search", key_display="/", tooltip="back to the search box (words or a number)"),
        Binding("down", "move(1)", "Next", show=False, tooltip="next limit"),
        Binding("up", "move(-1)", "Previous", show=False, tooltip="previous limit"),
        Binding("y", "copy_value", "Copy value", tooltip="copy the limit's value to the clipboard"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: LimitIndex | None = None
        self._shown: list[LimitEntry] = []
        self._search_queued = False

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield Input(placeholder="Search limits: tmp, payload, timeout, 900, 6 MB…", id="limits-search")
        with Horizontal(id="limits-body"):
            yield OptionList(id="limits-list")
            with VerticalScroll(id="limits-detail"):
                yield Static(id="limits-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Limits"
        from lambdaprep.lookup import LimitIndex, entries_from_catalog

        catalog = self.lp.catalog
        self.index = LimitIndex(entries_from_catalog(catalog) if catalog is not None else [])
        self._show("")
        self.query_one("#limits-search", Input).focus()

    def on_screen_resume(self) -> None:
        """Back in Limits: the old query is selected, so typing replaces it (not ``coldtimeout``)."""
        search = self.query_one("#limits-search", Input)
        if self.focused is search or self.focused is None:
            search.focus()
            search.select_all()

    @on(Input.Changed, "#limits-search")
    def _filter(self, event: Input.Changed) -> None:
        if not self._search_queued:  # one search for the characters typed so far, not one per key
            self._search_queued = True
            self.call_later(self._search)

    def _search(self) -> None:
        self._search_queued = False
        self._show(self.query_one("#limits-search", Input).value)

    def _show(self, query: str) -> None:
        assert self.index is not None
        from lambdaprep.lookup import group_by_table

        matches = self.index.search(query)
        options: list[Option | None] = []
        self._shown = []
        for title, group in group_by_table(matches):
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            for m in group:
                label = Text.assemble(" " + m.entry.name, ("\n   " + m.entry.value_text, "dim"))
                options.append(Option(label, id=m.entry.key))
                self._shown.append(m.entry)
        olist = self.query_one("#limits-list", OptionList)
        olist.clear_options()
        if options:
            olist.add_options(options)
            first = next(i for i, o in enumerate(options) if o is not None and not o.disabled)
            olist.highlighted = first
        else:
            olist.add_option(Option(Text("No limit matches. Try fewer letters or a number.", style="dim"), disabled=True))
            self._detail(None)

    @on(OptionList.OptionHighlighted, "#limits-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(self._entry(event.option.id))

    def _entry(self, key: str | None) -> LimitEntry | None:
        return next((e for e in self._shown if e.key == key), None)

    @property
    def selected(self) -> LimitEntry | None:
        olist = self.query_one("#limits-list", OptionList)
        if olist.highlighted is None:
            return None
        return self._entry(olist.get_option_at_index(olist.highlighted).id)

    def _detail(self, entry: LimitEntry | None) -> None:
        target = self.query_one("#limits-detail-text", Static)
        self.query_one("#limits-detail", VerticalScroll).scroll_home(animate=False)
        if entry is None:
            target.update("")
            return
        from lambdaprep.lookup import short_source

        text = Text()
        text.append(entry.name + "\n", style="bold")
        text.append(entry.display + "\n", style="bold")
        text.append("adjustable quota\n" if entry.adjustable else "hard limit (cannot be raised)\n", style="green" if entry.adjustable else "yellow")
        from lambdaprep.units import format_quantity

        extras = []
        if entry.minimum is not None:
            extras.append(f"minimum {format_quantity(entry.minimum, entry.unit)}")
        if entry.default is not None:
            extras.append(f"default {format_quantity(entry.default, entry.unit)}")
        if extras:
            text.append(", ".join(extras) + "\n", style="dim")
        if entry.notes:
            text.append("\n" + entry.notes + "\n")
        if entry.aliases:
            text.append("\nalso: " + ", ".join(entry.aliases) + "\n", style="dim")
        text.append("\nsource: ", style="dim")
        text.append(short_source(entry.source), style=f"link {entry.source}")
        text.append(f"\nas of {entry.as_of}\n", style="dim")
        catalog = self.lp.catalog
        cards = related_cards(catalog, entry) if catalog is not None else []
        if cards:
            text.append("\nRelated cards\n", style="bold")
            for card in cards:
                text.append("• " + card.front + "\n")
        target.update(text)

    # ------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        self.query_one("#limits-search", Input).focus()

    def action_move(self, step: int) -> None:
        olist = self.query_one("#limits-list", OptionList)
        if step > 0:
            olist.action_cursor_down()
        else:
            olist.action_cursor_up()

    def action_copy_value(self) -> None:
        entry = self.selected
        if entry is None:
            return
        self.app.copy_to_clipboard(entry.display)
        self.notify(f"Copied: {entry.display}", markup=False, timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_value", "focus_search") and isinstance(self.focused, Input):
            return False  # let "y" and "/" be typed into the search box
        return True
