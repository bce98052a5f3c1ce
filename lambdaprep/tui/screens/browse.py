"""Browse: search every card, see its progress and history, suspend it or reset it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from lambdaprep.tui.screens.base import AreaScreen

if TYPE_CHECKING:
    from lambdaprep.store import CardState, ReviewRecord

MAX_ROWS = 500


class ConfirmReset(ModalScreen[bool]):
    """Ask before forgetting a card's schedule."""

    DEFAULT_CSS = """
    ConfirmReset { align: center middle; }
    #confirm-box { width: 60; height: auto; border: round $error; background: $surface; padding: 1 2; }
    #confirm-buttons { height: auto; margin-top: 1; }
    """

    BINDINGS = [Binding("escape,n", "answer(False)", "Cancel"), Binding("y", "answer(True)", "Reset")]

    def __init__(self, front: str) -> None:
        super().__init__()
        self.front = front

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Text("Reset this card's progress?", style="bold"))
            yield Label(Text(self.front))
            yield Label(Text("It becomes new again; its review history is kept.", style="dim"))
            with Horizontal(id="confirm-buttons"):
                yield Button("Reset (y)", id="yes", variant="error")
                yield Button("Cancel (n)", id="no")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class BrowseScreen(AreaScreen):
    """Search with words and filters (``tag:sqs is:review pack:lambda topic:limits``)."""

    DEFAULT_CSS = """
    #browse-filters { height: 3; }
    #browse-search { width: 1fr; }
    #browse-topic { width: 22; }
    #browse-state { width: 19; }
    #browse-body { height: 1fr; }
    #browse-table { width: 55%; height: 1fr; }
    #browse-detail { width: 1fr; border-left: tall $primary-background; padding: 0 1; }
    """

    AREA_ID = "browse"
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        Binding("slash", "focus_search", "Search", key_display="/", tooltip="search: words, tag:x, is:review, pack:x, topic:x"),
        Binding("x", "toggle_suspend", "Suspend", tooltip="suspend the card, or unsuspend it"),
        Binding("R", "reset", "Reset", key_display="R", tooltip="reset the card's progress (asks first)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.states: dict[str, CardState] = {}
        """Every stored card state, read once in a worker (and updated by this screen's own writes)."""
        self._history: dict[str, list[ReviewRecord]] = {}
        self._shown_key: str | None = None
        self._refill_queued = False

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with Horizontal(id="browse-filters"):
            yield Input(placeholder="Search: words, tag:x, is:review, pack:x, topic:x", id="browse-search")
            yield Select([], prompt="any topic", id="browse-topic")
            yield Select([(s, s) for s in ("new", "learning", "review", "suspended", "leech")], prompt="any state", id="browse-state")
        with Horizontal(id="browse-body"):
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browse-detail"):
                yield Static(id="browse-card")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        from lambdaprep.study.cards import study_cards

        catalog = self.lp.catalog
        self.cards = study_cards(catalog) if catalog is not None else {}
        topics = sorted({c.topic for c in self.cards.values()})
        self.query_one("#browse-topic", Select).set_options(
            [(catalog.topic_title(t) if catalog is not None else t, t) for t in topics]
        )
        table = self.query_one("#browse-table", DataTable)
        table.add_column("card", key="card")
        table.add_column("state", key="state")
        table.add_column("due", key="due")
        self.refresh_rows()
        table.focus()
        self.reload_states()

    def on_screen_resume(self) -> None:
        self.reload_states()  # a drill or quiz may have changed them

    def reload_states(self) -> None:
        """Read every card's state once, in a worker; typing filters this copy (no database per key)."""
        self.lp.run_store(lambda: self.lp.store.cards(), done=self._states_loaded, owner=self, write=False, latest="browse-states")

    def _states_loaded(self, states: dict[str, CardState]) -> None:
        self.states = states
        self._history.clear()
        key = self.current_key
        self.refresh_rows()
        if key is not None:
            self._move_to(key)

    def _clock_now(self) -> dt.datetime:
        return self.clock.now()

    def refresh_rows(self) -> None:
        from lambdaprep.study.browse import Query, describe_due, search_cards, state_name

        topic = self.query_one("#browse-topic", Select).value
        state = self.query_one("#browse-state", Select).value
        query = Query.parse(
            self.query_one("#browse-search", Input).value,
            topic=topic if isinstance(topic, str) else None,
            state=state if isinstance(state, str) else None,
        )
        found = search_cards(self.cards, self.states, query, limit=MAX_ROWS)
        table = self.query_one("#browse-table", DataTable)
        table.clear()
        now = self._clock_now()
        # the card column fills what state (≤ 10), due (≤ 8), cell padding and the scrollbar leave,
        # so all three columns stay visible at 80 columns
        width = max(16, (self.size.width or 80) * 55 // 100 - 26)
        for card in found:
            st = self.states.get(card.key)
            name = "leech" if st is not None and st.leech else state_name(st)  # a leech is suspended too
            front = card.front.replace("\n", " ")
            table.add_row(Text(front if len(front) <= width else front[: width - 1] + "…"), name, describe_due(st, now), key=card.key)
        count = f"{len(found)}{'+' if len(found) >= MAX_ROWS else ''}"
        self.sub_title = f"Browse · {count} card{'' if len(found) == 1 else 's'}"
        problem = query.problem()
        if problem:
            self.sub_title = f"Browse · {problem}"
            self.query_one("#browse-card", Static).update(Text(problem, style="yellow"))
        elif found:
            self._show(found[0].key)
        else:
            empty = "No card matches."
            if "flagged" in query.states:
                empty += "\n\nf flags the card on screen in a drill; F there studies every flagged card."
            self.query_one("#browse-card", Static).update(Text(empty, style="dim"))

    @on(Select.Changed)
    def _filters_changed(self, event: Any) -> None:
        self.refresh_rows()

    @on(Input.Changed, "#browse-search")
    def _search_changed(self, event: Input.Changed) -> None:
        """Refill the table once for the characters typed so far (refilling takes tens of
        milliseconds with every card shown: a fast typist's keys are not each redone)."""
        if not self._refill_queued:
            self._refill_queued = True
            self.call_later(self._refill)  # behind the changes already queued here

    def _refill(self) -> None:
        self._refill_queued = False
        self.refresh_rows()

    @on(DataTable.RowHighlighted, "#browse-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self._show(event.row_key.value)

    @property
    def current_key(self) -> str | None:
        table = self.query_one("#browse-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _show(self, key: str) -> None:
        from lambdaprep.study.browse import state_name
        from lambdaprep.study.scheduler import Scheduler

        card = self.cards.get(key)
        if card is None:
            return
        st = self.states.get(key)
        now = self._clock_now()
        head = Text()
        head.append(card.front + "\n", style="bold")
        catalog = self.lp.catalog
        head.append(f"{catalog.topic_title(card.topic) if catalog else card.topic} · {key}\n", style="dim")
        facts = Text()
        facts.append(f"state {state_name(st)}")
        if st is not None and st.state > 0:
            r = Scheduler().retrievability(st, now)
            facts.append(f" · recall now {r:.0%}", style="bold")
            facts.append(f" · stability {st.stability or 0:.1f} d · lapses {st.lapses}")
            if st.leech:
                facts.append(" · leech", style="red")
        facts.append("\n")
        parts: list[Any] = [head, facts, Markdown(card.back)]
        reviews = self._history.get(key)
        if reviews is None:
            parts.append(Text("\nLoading history…", style="dim"))
            self._load_history(key)
        elif not reviews:
            parts.append(Text("\nNever reviewed.", style="dim"))
        else:
            parts.append(_history_table(reviews))
        self._shown_key = key
        self.query_one("#browse-card", Static).update(Group(*parts))

    def _load_history(self, key: str) -> None:
        def loaded(reviews: list[ReviewRecord]) -> None:
            self._history[key] = reviews
            if self._shown_key == key:
                self._show(key)

        # the newest highlight wins: scrolling fast through the list starts no queue of reads
        self.lp.run_store(lambda: self.lp.store.reviews(key, limit=12), done=loaded, owner=self, write=False, latest="browse-history")

    # ------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_toggle_suspend(self) -> None:
        from lambdaprep.study.browse import set_suspended

        key = self.current_key
        if key is None:
            return
        st = self.states.get(key)
        suspended = not (st is not None and st.suspended)
        now_ms = int(self._clock_now().timestamp() * 1000)
        self.lp.run_store(
            lambda: set_suspended(self.lp.store, key, suspended, now_ms),
            done=lambda state: self._changed(key, state, "Suspended" if suspended else "Unsuspended"),
            owner=self,
            name="browse-suspend",
        )

    def action_reset(self) -> None:
        key = self.current_key
        if key is None or key not in self.cards:
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                from lambdaprep.study.browse import reset_card

                now_ms = int(self._clock_now().timestamp() * 1000)
                self.lp.run_store(
                    lambda: reset_card(self.lp.store, key, now_ms),
                    done=lambda state: self._changed(key, state, "Progress reset: the card is new again"),
                    owner=self,
                    name="browse-reset",
                )

        self.app.push_screen(ConfirmReset(self.cards[key].front), done)

    def _changed(self, key: str, state: CardState | None, message: str) -> None:
        if state is None:
            self.states.pop(key, None)
        else:
            self.states[key] = state
        self._history.pop(key, None)
        self.notify(message, timeout=3)
        self.refresh_rows()
        self._move_to(key)

    def _move_to(self, key: str) -> None:
        table = self.query_one("#browse-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(key))
        except RowDoesNotExist:  # the card no longer matches the filters
            return
        self._show(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_suspend", "reset", "focus_search") and isinstance(self.focused, Input):
            return False
        return True


def _history_table(reviews: list[ReviewRecord]) -> Table:
    history = Table(title="History", title_justify="left", box=None, pad_edge=False, show_header=True)
    history.add_column("when")
    history.add_column("rating")
    history.add_column("next in", justify="right")
    for rv in reviews:
        when = dt.datetime.fromtimestamp(rv.reviewed_at / 1000, tz=dt.timezone.utc)
        days = rv.interval_ms / 86_400_000
        minutes = rv.interval_ms / 60_000
        gap = f"{days:.1f} d" if days >= 1 else f"{minutes / 60:.0f} h" if minutes >= 60 else f"{minutes:.0f} min"
        history.add_row(f"{when:%Y-%m-%d %H:%M}", _rating_label(rv.rating), gap)
    return history


def _rating_label(rating: int) -> str:
    from lambdaprep.store.cardstate import Rating

    return Rating(rating).label if rating in Rating._value2member_map_ else str(rating)
