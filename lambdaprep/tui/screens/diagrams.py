"""Diagrams: a list, and a viewer that scrolls both ways for wide diagrams."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from lambdaprep.tui.screens.base import AppScreen, AreaScreen


def diagram_block(diagram: Any) -> Text:
    """The diagram body exactly as written (no markup, no wrapping)."""
    return Text(diagram.body.rstrip("\n"), no_wrap=True, overflow="ignore", end="")


class DiagramsScreen(AreaScreen):
    """All diagrams, with their captions; Enter opens the viewer."""

    DEFAULT_CSS = """
    #diagram-list { height: 1fr; border: round $primary-background; }
    #diagram-list:focus { border: round $accent; }
    #diagram-preview { height: 8; padding: 0 1; }
    """

    AREA_ID = "diagrams"
    BINDINGS = [Binding("escape", "go_home", "Home"), Binding("enter", "open", "View", show=True)]

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield OptionList(id="diagram-list")
        with VerticalScroll(id="diagram-preview"):
            yield Static(id="diagram-caption")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Diagrams"
        catalog = self.lp.catalog
        self.diagrams = list(catalog.diagrams.values()) if catalog is not None else []
        olist = self.query_one("#diagram-list", OptionList)
        if not self.diagrams:
            olist.add_option(Option(Text("No diagrams in the loaded packs.", style="dim"), disabled=True))
            return
        for d in self.diagrams:  # one line each: the topic shows in the preview below
            olist.add_option(Option(Text(d.title, style="bold"), id=d.key))
        olist.highlighted = 0
        olist.focus()

    @on(OptionList.OptionHighlighted, "#diagram-list")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        diagram = self.lp.catalog.diagrams.get(event.option.id or "") if self.lp.catalog else None
        caption = self.query_one("#diagram-caption", Static)
        if diagram is None:
            caption.update("")
            return
        catalog = self.lp.catalog
        topic = catalog.topic_title(diagram.topic) if catalog is not None else diagram.topic
        caption.update(
            Text.assemble((diagram.title, "bold"), ("  " + topic + "\n", "dim"), diagram.caption.strip(), ("\n\nEnter to view", "dim"))
        )

    @on(OptionList.OptionSelected, "#diagram-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        olist = self.query_one("#diagram-list", OptionList)
        if olist.highlighted is not None:
            self._open(olist.get_option_at_index(olist.highlighted).id)

    def _open(self, key: str | None) -> None:
        catalog = self.lp.catalog
        if catalog is not None and key in catalog.diagrams:
            self.app.push_screen(DiagramViewer(catalog.diagrams[key]))


class DiagramViewer(AppScreen):
    """One diagram, full width; arrow keys scroll wide and tall diagrams."""

    DEFAULT_CSS = """
    #diagram-view { height: 1fr; padding: 0 1; }
    #diagram-body { width: auto; margin-bottom: 1; }
    #diagram-notes { width: 1fr; max-width: 100; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("left", "scroll('left')", "Scroll", show=False),
        Binding("right", "scroll('right')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("down", "scroll('down')", "Scroll", show=False),
    ]

    def __init__(self, diagram: Any) -> None:
        super().__init__()
        self.diagram = diagram

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with ScrollableContainer(id="diagram-view"):
            yield Static(diagram_block(self.diagram), id="diagram-body")
            yield Static(id="diagram-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.diagram.title
        catalog = self.lp.catalog
        text = Text()
        text.append(self.diagram.caption.strip() + "\n", style="italic")
        if self.diagram.source:
            text.append("source: ", style="dim")
            text.append(self.diagram.source, style=f"dim link {self.diagram.source}")
            text.append("\n")
        cards = catalog.cards_for_diagram(self.diagram) if catalog is not None else []
        if cards:
            text.append("\nCards that use this diagram\n", style="bold")
            for card in cards[:6]:
                text.append("• " + card.front + "\n")
        self.query_one("#diagram-notes", Static).update(text)
        self.query_one("#diagram-view").focus()

    def action_scroll(self, direction: str) -> None:
        view = self.query_one("#diagram-view", ScrollableContainer)
        {"left": view.scroll_left, "right": view.scroll_right, "up": view.scroll_up, "down": view.scroll_down}[direction](animate=False)
