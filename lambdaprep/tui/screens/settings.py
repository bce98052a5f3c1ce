"""Settings: every study setting with its explanation, checked by the one validator, and
what a change does to the interview plan shown before it is saved.

Enter edits the highlighted setting (Enter again checks it), Ctrl+S saves every change,
Escape leaves an edit (or, on the list, goes Home and forgets unsaved changes).
"""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.units import plural

FIELDS: tuple[tuple[str, str], ...] = (
    ("interview_date", "Interview date"),
    ("plan_buffer_days", "Introduce all cards, days before"),
    ("plan_max_new_per_day", "Plan's new-card ceiling"),
    ("plan_final_window_days", "Final review window, days"),
    ("new_per_day", "New cards per day"),
    ("reviews_per_day", "Reviews per day"),
    ("new_card_order", "New-card order"),
    ("desired_retention", "Desired retention"),
    ("learning_steps_minutes", "Learning steps (minutes)"),
    ("relearning_steps_minutes", "Relearning steps (minutes)"),
    ("maximum_interval_days", "Maximum interval (days)"),
    ("day_starts_hour", "Day starts at (hour)"),
    ("grading", "Grading"),
    ("fuzz", "Fuzz intervals"),
    ("learn_ahead_minutes", "Learn ahead (minutes)"),
    ("leech_threshold", "Leech after lapses"),
    ("followup_per_day", "Quiz/mock follow-ups per day"),
    ("fsrs_parameters", "FSRS parameters"),
)
"""Every field of :class:`~lambdaprep.study.settings.StudySettings`, in the order shown."""


def value_text(value: Any) -> str:
    """A setting's value as the text the editor shows (and the validator reads back)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return json.dumps([int(v) if float(v).is_integer() else v for v in value])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class SettingsScreen(AreaScreen):
    AREA_ID = "settings"

    DEFAULT_CSS = """
    #settings { height: 1fr; padding: 0 1; }
    #settings-plan { height: auto; margin-bottom: 1; }
    #settings-list { height: 1fr; border: none; padding: 0; }
    #settings-help { height: auto; min-height: 2; color: $text-muted; margin-top: 1; }
    #settings-input { margin: 0; }
    #settings-error { height: auto; color: $error; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saved: Any = None
        self.pending: Any = None
        self.editing: str | None = None
        self._plan_line = ""

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with Vertical(id="settings"):
            yield Static(Text("Computing the plan…", style="dim"), id="settings-plan")
            yield OptionList(id="settings-list")
            yield Static("", id="settings-help")
            yield Input(id="settings-input", placeholder="Enter edits the highlighted setting")
            yield Static("", id="settings-error")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one("#settings-input", Input).display = False
        self._load()

    def on_screen_resume(self) -> None:
        if self.saved is not None and self.pending == self.saved:
            self._load()

    # ------------------------------------------------------------ data

    def _load(self) -> None:
        from lambdaprep.study.settings import StudySettings

        self.lp.run_store(lambda: StudySettings.load(self.lp.store), done=self._loaded, owner=self, write=False, latest="settings-load")

    def _loaded(self, settings: Any) -> None:
        self.saved = self.pending = settings
        self._fill()
        self._preview()
        if self.editing is None:
            self.query_one("#settings-list", OptionList).focus()  # Enter edits at once

    def _fill(self) -> None:
        listing = self.query_one("#settings-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        width = max(len(label) for _, label in FIELDS) + 2
        for name, label in FIELDS:
            value = getattr(self.pending, name)
            changed = value != getattr(self.saved, name)
            row = Text(f"{label:<{width}}")
            row.append(value_text(value), style="bold yellow" if changed else "bold")
            if changed:
                row.append(f"  (was {value_text(getattr(self.saved, name))})", style="dim")
            listing.add_option(Option(row, id=name))
        listing.highlighted = highlighted if highlighted is not None else 0
        self._explain()

    def _explain(self) -> None:
        from lambdaprep.study.settings import StudySettings

        name = self._highlighted()
        if name is None:
            return
        self.query_one("#settings-help", Static).update(Text(StudySettings.explain(name)))

    def _highlighted(self) -> str | None:
        listing = self.query_one("#settings-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _preview(self) -> None:
        """The plan with the saved settings and, if something changed, with the pending ones."""
        saved, pending = self.saved, self.pending
        if saved is None or self.lp.catalog is None:
            return
        self.lp.run_store(lambda: self._plans(saved, pending), done=self._show_plans, owner=self, write=False, latest="settings-plan")

    def _plans(self, saved: Any, pending: Any) -> tuple[Any, Any]:
        """In a worker: both plans."""
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.plan import compute_plan

        catalog = self.lp.catalog
        assert catalog is not None
        cards = study_cards(catalog)
        store = self.lp.store
        now = compute_plan(store, cards, clock=self.clock, settings=saved, topic_titles=catalog.topics)
        after = None if pending == saved else compute_plan(store, cards, clock=self.clock, settings=pending, topic_titles=catalog.topics)
        return now, after

    def _show_plans(self, plans: tuple[Any, Any]) -> None:
        self._show_plan(*plans)

    def _show_plan(self, now: Any, after: Any) -> None:
        """The plan, and what the pending change would make of it: labels on the left, the
        text wrapping under itself (never back under the labels) at any width."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=5)  # "Plan" and "After" line up, with or without a change
        grid.add_column(ratio=1)
        grid.add_row(Text("Plan", style="bold"), Text(now.summary_line(how_to_set="the Interview date below sets one")))
        if after is not None:
            grid.add_row(Text("After", style="bold yellow"), Text(after.summary_line(how_to_set=None)))
            grid.add_row(
                "",
                Text(
                    f"new/day {now.new_per_day} → {after.new_per_day} · "
                    f"ready on the day {now.readiness_on_day:.0%} → {after.readiness_on_day:.0%} · Ctrl+S saves",
                    style="dim",
                ),
            )
        self.query_one("#settings-plan", Static).update(grid)

    # ------------------------------------------------------------ events and actions

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._explain()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        if name is None or self.pending is None:
            return
        self.editing = name
        box = self.query_one("#settings-input", Input)
        box.display = True
        box.value = value_text(getattr(self.pending, name))
        box.cursor_position = len(box.value)
        self.query_one("#settings-error", Static).update("")
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from lambdaprep.study.settings import SettingError

        if self.editing is None:
            return
        try:
            changed = self.pending.changed({self.editing: event.value})
        except SettingError as exc:
            self.query_one("#settings-error", Static).update(Text(str(exc)))
            return
        if changed.interview_date is not None and changed.interview_date != self.saved.interview_date:
            from lambdaprep.study.clock import study_day

            today = study_day(self.clock.now(), self.clock.tz, changed.day_starts_hour)
            if changed.interview_date <= today:
                self.query_one("#settings-error", Static).update(Text(f"interview_date: {changed.interview_date} is not after today ({today})"))
                return
        self.pending = changed
        self._end_edit()
        self._fill()
        self._preview()

    def _end_edit(self) -> None:
        self.editing = None
        box = self.query_one("#settings-input", Input)
        box.display = False
        self.query_one("#settings-error", Static).update("")
        self.query_one("#settings-list", OptionList).focus()

    def action_back(self) -> None:
        if self.editing is not None:
            self._end_edit()
            return
        if self.pending is not None and self.pending != self.saved:
            self.pending = self.saved
            self._fill()
            self._preview()
            self.notify("Unsaved changes discarded.", timeout=3)
        self.lp.go_home()

    def action_save(self) -> None:
        if self.pending is None or self.pending == self.saved:
            self.notify("Nothing to save.", timeout=2)
            return
        self._save(self.pending, self.saved)

    def _save(self, new: Any, old: Any) -> None:
        def write() -> tuple[Any, int]:
            from lambdaprep.study.plan import apply_interview_caps

            store = self.lp.store
            new.save(store)
            moved = apply_interview_caps(store, new, clock=self.clock) if new.interview_date != old.interview_date else 0
            return new, moved

        self.lp.run_store(write, done=lambda result: self._saved(*result), owner=self, ordered="settings-save")

    def _saved(self, settings: Any, moved: int) -> None:
        self.saved = self.pending = settings
        self._fill()
        self._preview()
        extra = f" {plural(moved, 'card')} now {'comes' if moved == 1 else 'come'} up before the interview." if moved else ""
        self.notify("Settings saved." + extra, timeout=4, markup=False)
