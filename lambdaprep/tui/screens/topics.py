"""A topic picker for drills and quizzes: every topic in teaching order with due, new and
mastered counts. Returns the chosen topic id (None when dismissed)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class TopicPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TopicPicker { align: center middle; }
    #topics-box { width: 90%; max-width: 96; height: 90%; border: round $primary; background: $surface; padding: 0 1; }
    #topics-title { height: auto; text-style: bold; }
    #topics-list { height: 1fr; border: none; padding: 0; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", "Close")]

    def __init__(self, clock: Any = None) -> None:
        super().__init__()
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(id="topics-box"):
            yield Static("Choose a topic  (Enter picks · Escape closes)", id="topics-title")
            yield OptionList(Option(Text("Counting…", style="dim"), id="_loading", disabled=True), id="topics-list")

    def on_mount(self) -> None:
        self.query_one("#topics-list", OptionList).focus()
        self._count()

    def _count(self) -> None:
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.plan import topic_counts

        app: Any = self.app
        catalog = app.catalog
        clock = self.clock or app.clock

        def count() -> list[Any]:
            return topic_counts(app.store, study_cards(catalog), clock=clock) if catalog is not None else []

        app.run_store(count, done=lambda counts: self._show(counts, catalog), owner=self, write=False, latest="topic-picker")

    def _show(self, counts: list[Any], catalog: Any) -> None:
        self._shown = (counts, catalog)
        listing = self.query_one("#topics-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        if not counts:
            listing.add_option(Option(Text("No topics loaded.", style="dim"), id="_none", disabled=True))
            return
        numbers = [
            Text.assemble((f"{c.due:>4} due", "green"), (f"{c.new:>4} new", "blue"), (f"{c.mastered:>4}/{c.cards} mastered", "bold"))
            for c in counts
        ]
        # titles take the room the window leaves beside the numbers
        available = listing.scrollable_content_region.width
        if not available:  # not laid out yet: show them now, fit them once it is
            available = 80
            self.call_after_refresh(self._show, counts, catalog)
        # leave room for the scrollbar too: it appears once the rows are in, after this is measured
        room = available - max(n.cell_len for n in numbers) - 1 - listing.styles.scrollbar_size_vertical
        width = min(max(room, 12), max(len(catalog.topic_title(c.topic)) for c in counts) + 1)
        for c, nums in zip(counts, numbers, strict=True):
            title = catalog.topic_title(c.topic)
            title = title if len(title) < width else title[: width - 2] + "…"
            row = Text(f"{title:<{width}}", no_wrap=True, overflow="ellipsis")
            row.append_text(nums)
            listing.add_option(Option(row, id=c.topic))
        listing.highlighted = keep if keep is not None and keep < len(counts) else 0

    def on_resize(self) -> None:
        shown = getattr(self, "_shown", None)
        if shown is not None:
            self.call_after_refresh(self._show, *shown)  # after the list has its new width

    def show_busy(self, busy: bool, *, write: bool = True) -> None:
        """Called by the app's store boundary while the database is busy."""
        title = "Choose a topic  (Enter picks · Escape closes)"
        self.query_one("#topics-title", Static).update(title + ("  · waiting for the database…" if busy else ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith("_"):
            self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
