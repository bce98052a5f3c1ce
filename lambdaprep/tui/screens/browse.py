"""Browse: search every card, filter by pack/topic/tag/state, see its history; suspend or reset.

Logic lives in :mod:`lambdaprep.study.browse`; this module only shows it.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Static

from lambdaprep.tui.clockopt import clock_for
from lambdaprep.tui.screens.base import AreaScreen

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


class ConfirmReset(ModalScreen[bool]):
    """Yes/No before a card's progress is forgotten."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.card_key = key

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text("Reset this card's progress?", style="bold"))
            yield Static(Text(self.card_key))
            yield Static(Text("It becomes a new card again; its review history is kept.", style="dim"))
            with Horizontal(id="confirm-buttons"):
                yield Button("Reset (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class BrowseScreen(AreaScreen):
    AREA_ID = "browse"

    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("s", "toggle_suspend", "Suspend/unsuspend"),
        Binding("r", "reset", "Reset"),
        Binding("ctrl+l", "clear_filters", "Clear filters"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, Any] = {}
        self.states: dict[str, Any] = {}
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="λ")
        yield Input(placeholder="search cards (words in front, back, topic, tags)", id="browse-search")
        with Horizontal(id="browse-filters"):
            yield Select[str]([], prompt="pack", id="browse-pack")
            yield Select[str]([], prompt="topic", id="browse-topic")
            yield Select[str]([], prompt="tag", id="browse-tag")
            yield Select[str]([(s, s) for s in ("new", "learning", "review", "suspended", "leech")], prompt="state", id="browse-state")
        with Horizontal(id="browse-body"):
            yield DataTable(id="browse-list", cursor_type="row", zebra_stripes=False)
            with VerticalScroll(id="browse-detail"):
                yield Static(Text("Loading…", style="dim"), id="browse-card")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "lambdaprep"
        self.sub_title = "Browse"
        table = self.query_one(DataTable)
        table.add_column("state", key="state", width=9)
        table.add_column("card", key="card")
        self.load()

    def on_screen_resume(self) -> None:
        if self.cards:
            self.load()

    @property
    def clock(self) -> Any:
        return clock_for(self.app, self.AREA_ID)

    def load(self) -> None:
        catalog = self.lp.catalog
        if catalog is None:
            return
        from lambdaprep.study.browse import facets
        from lambdaprep.study.cards import study_cards

        first = not self.cards
        self.cards = study_cards(catalog)
        try:
            self.states = self.lp.store.cards()
        except Exception as exc:  # a damaged or newer database: say so, keep browsing content
            self.states = {}
            self.notify(f"Progress unavailable: {exc}", severity="error", markup=False)
        if first:
            packs, topics, tags = facets(self.cards)
            self.query_one("#browse-pack", Select).set_options([(p, p) for p in packs])
            self.query_one("#browse-topic", Select).set_options([(catalog.topic_title(t), t) for t in topics])
            self.query_one("#browse-tag", Select).set_options([(t, t) for t in tags])
        self.refilter()

    def filters(self) -> Any:
        from lambdaprep.study.browse import Filters

        def val(sel_id: str) -> str | None:
            v = self.query_one(sel_id, Select).value
            return v if isinstance(v, str) else None

        return Filters(
            text=self.query_one("#browse-search", Input).value,
            pack=val("#browse-pack"),
            topic=val("#browse-topic"),
            tag=val("#browse-tag"),
            state=val("#browse-state"),
        )

    def refilter(self) -> None:
        from lambdaprep.study.browse import search, state_label

        table = self.query_one(DataTable)
        current = self.current_key()
        self.shown = search(self.cards, self.states, self.filters())
        table.clear()
        for key in self.shown:
            card = self.cards[key]
            front = " ".join(card.front.replace("**", "").split())
            label = state_label(self.states.get(key))
            style = {"leech": "red", "suspended": "yellow", "learning": "cyan", "review": "green"}.get(label, "dim")
            table.add_row(Text(label, style=style), Text(front[:80], no_wrap=True, overflow="ellipsis"), key=key)
        if current in self.shown:
            table.move_cursor(row=self.shown.index(current))
        self.sub_title = f"Browse · {len(self.shown)} of {len(self.cards)} cards"
        self.show_card(self.current_key())

    def current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show_card(self, key: str | None) -> None:
        target = self.query_one("#browse-card", Static)
        if key is None:
            target.update(Text("No cards match.", style="dim"))
            return
        from lambdaprep.study.browse import retrievability, state_names
        from lambdaprep.study.clock import from_ms

        card = self.cards[key]
        st = self.states.get(key)
        tz = self.clock.tz
        now = self.clock.now()
        out = Text()
        out.append(key + "\n", style="bold")
        out.append(f"{self.lp.catalog.topic_title(card.topic) if self.lp.catalog else card.topic}", style="dim")
        if card.tags:
            out.append("  #" + " #".join(card.tags), style="dim")
        out.append("\n\n")
        from rich.markdown import Markdown

        head = out
        out = Text()
        states = ", ".join(sorted(state_names(st)))
        out.append("State ", style="bold")
        out.append(states)
        r = retrievability(st, now)
        out.append("   Retrievability ", style="bold")
        out.append("—" if r is None else f"{100 * r:.0f}%", style="" if r is None or r >= 0.9 else "yellow")
        if st is not None and st.state != 0:
            out.append("\nDue ", style="bold")
            out.append(from_ms(st.due).astimezone(tz).strftime("%Y-%m-%d %H:%M") if st.due else "—")
            out.append(f"   reps {st.reps}  lapses {st.lapses}", style="dim")
            if st.stability is not None:
                out.append(f"  stability {st.stability:.1f}d  difficulty {st.difficulty or 0:.1f}", style="dim")
        out.append("\n\nReview history", style="bold")
        try:
            history = self.lp.store.reviews(key, limit=50)
        except Exception:
            history = []
        qa = [Text("Question", style="bold"), Markdown(card.front), Text(""), Text("Answer", style="bold"), Markdown(card.back), Text("")]
        from rich.console import Group

        if not history:
            out.append("\nnever reviewed", style="dim")
            target.update(Group(head, *qa, out))
            return
        from lambdaprep.study.scheduler import format_interval
        import datetime as dt

        table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
        table.add_column("when", no_wrap=True)
        table.add_column("rating")
        table.add_column("state")
        table.add_column("next", justify="right")
        for rec in history:
            table.add_row(
                from_ms(rec.reviewed_at).astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                RATING_NAMES.get(rec.rating, str(rec.rating)),
                f"{STATE_NAMES.get(rec.state_before, '?')}→{STATE_NAMES.get(rec.state_after, '?')}",
                format_interval(dt.timedelta(milliseconds=rec.interval_ms)),
            )
        target.update(Group(head, *qa, out, table))

    # ------------------------------------------------------------ events

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refilter()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_card(event.row_key.value if event.row_key else None)

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#browse-search", Input).value = ""
        for sel in self.query(Select):
            sel.clear()
        self.refilter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_suspend", "reset") and isinstance(self.focused, Input):
            return False
        return True

    def _now_ms(self) -> int:
        from lambdaprep.study.clock import to_ms

        return to_ms(self.clock.now())

    def action_toggle_suspend(self) -> None:
        key = self.current_key()
        if key is None:
            return
        from lambdaprep.study.browse import set_suspended

        st = self.states.get(key)
        suspend = not (st is not None and st.suspended)
        self.states[key] = set_suspended(self.lp.store, key, suspend, self._now_ms())
        self.notify(f"{'Suspended' if suspend else 'Unsuspended'} {key}", markup=False)
        self.refilter()

    def action_reset(self) -> None:
        key = self.current_key()
        if key is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            from lambdaprep.study.browse import reset_card

            self.states[key] = reset_card(self.lp.store, key, self._now_ms())
            self.notify(f"Reset {key}: it is a new card again", markup=False)
            self.refilter()

        self.app.push_screen(ConfirmReset(key), done)
