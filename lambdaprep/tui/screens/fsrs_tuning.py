"""Scheduler tuning: the FSRS parameters in use, Optimize, Evaluate and the recommended retention.

Everything slow (reading the review log, fitting, simulating) runs in a thread worker
with its own database connection; the screen shows a loading indicator meanwhile and
stays responsive. Nothing is saved without a key press: ``s`` uses the fitted set (only
when it predicts better), ``a`` applies the recommended retention, ``v`` reverts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from lambdaprep.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from lambdaprep.study.optimize import Result, RetentionAdvice, SavedSet


class FsrsTuningScreen(AppScreen):
    """Pushed from Settings (``o``) or the command palette."""

    DEFAULT_CSS = """
    FsrsTuningScreen #tuning { height: 1fr; padding: 0 1; }
    FsrsTuningScreen #tuning-in-use { height: auto; margin-bottom: 1; }
    FsrsTuningScreen #tuning-result { height: auto; }
    FsrsTuningScreen LoadingIndicator { height: 3; display: none; }
    FsrsTuningScreen.busy LoadingIndicator { display: block; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "optimize", "Optimize"),
        Binding("e", "evaluate", "Evaluate"),
        Binding("r", "retention", "Retention"),
        Binding("s", "save", "Use it"),
        Binding("a", "apply_retention", "Apply retention", show=False),
        Binding("v", "revert", "Revert"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: Result | None = None
        self.advice: RetentionAdvice | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="tuning"):
            yield Static("Reading the parameters in use…", id="tuning-in-use")
            yield LoadingIndicator()
            yield Static(
                Text.assemble(
                    "o ",
                    ("Optimize", "bold"),
                    ": fit FSRS to your reviews and compare it with the set in use on later reviews it was not fitted to.\n",
                    "e ",
                    ("Evaluate", "bold"),
                    ": how well the set in use predicts your whole history (log loss, RMSE).\n",
                    "r ",
                    ("Recommended retention", "bold"),
                    ": the retention that remembers the most per minute of study, and the workload around it.",
                ),
                id="tuning-result",
            )
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = "Scheduler tuning (FSRS)"
        self.load_in_use()

    # ------------------------------------------------------------ workers
    # Database reads and writes go through the app's one store path (run_store: off the UI
    # thread, busy notices, the one error path); fitting and simulating, which need no
    # database, run in a thread worker of their own so they never hold the store.

    def _busy(self, busy: bool) -> None:
        self.set_class(busy, "busy")

    def load_in_use(self) -> None:
        from lambdaprep.study.optimize import in_use

        self.lp.run_store(lambda: in_use(self.lp.store), done=self._show_in_use, owner=self, write=False, latest="fsrs-in-use")

    def _message(self, error: Exception) -> None:
        self._busy(False)
        self.query_one("#tuning-result", Static).update(Text(str(error), style="yellow"))

    def _read_history(self, job: str) -> None:
        """Read settings, the set in use and the review log, then compute ``job`` off the store."""

        def read() -> tuple[Any, Any, Any]:
            from lambdaprep.store.revlog import iter_review_log
            from lambdaprep.study.optimize import build_dataset, in_use
            from lambdaprep.study.settings import StudySettings

            store = self.lp.store
            settings = StudySettings.load(store)
            data = build_dataset(iter_review_log(store), day_start_hour=settings.day_starts_hour)
            return settings, in_use(store), data

        self.lp.run_store(read, done=lambda got: self.compute(job, *got), failed=self._message, owner=self, write=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fsrs-compute")
    def compute(self, job: str, settings: Any, current: SavedSet, data: Any) -> tuple[str, Any]:
        from lambdaprep.errors import LambdaprepError
        from lambdaprep.study.optimize import default_parameters, evaluate, optimize, recommend_retention

        try:
            if job == "optimize":
                return job, optimize(data, current.parameters, relearning_steps=len(settings.relearning_steps_minutes))
            if job == "evaluate":
                if not data.items:
                    raise LambdaprepError("nothing to evaluate yet: no card has been reviewed on a later day than before")
                return job, (evaluate(current.parameters or default_parameters(), data.items), data)
            catalog = self.lp.catalog
            if catalog is None:
                raise LambdaprepError("the packs are still loading; try again in a moment")
            from lambdaprep.study.cards import study_cards

            deck = len(study_cards(catalog))
            return job, recommend_retention(current.parameters or default_parameters(), settings, deck, data)
        except LambdaprepError as exc:  # a message meant for people (too little history, …)
            return "message", str(exc)

    def _write(self, job: str) -> None:
        """Save the fitted set, revert, or apply the recommended retention (one store write)."""
        result, advice, clock = self.result, self.advice, self.clock

        def write() -> tuple[str, Any]:
            from lambdaprep.study.optimize import in_use, revert, save
            from lambdaprep.study.settings import StudySettings

            store = self.lp.store
            if job == "save":
                assert result is not None
                save(store, result, clock)
                return job, in_use(store)
            if job == "revert":
                return job, revert(store)
            assert advice is not None
            settings = StudySettings.load(store)
            StudySettings.model_validate({**settings.model_dump(), "desired_retention": advice.recommended}).save(store)
            return job, advice.recommended

        self.lp.run_store(write, done=lambda got: self._finish(*got), failed=self._message, owner=self)

    @property
    def clock(self) -> Any:
        from lambdaprep.study.clock import SystemClock

        return SystemClock()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "fsrs-compute":
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self._finish(*event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self._busy(False)
            self.lp.report_error(event.worker.error)

    def _finish(self, job: str, value: Any) -> None:
        self._busy(False)
        self._show(job, value)

    # ------------------------------------------------------------ actions

    def _start(self, job: str) -> None:
        if self.is_busy:
            self.notify("Still working on the last request…", timeout=3)
            return
        self._busy(True)
        self.query_one("#tuning-result", Static).update(Text(_WORKING[job], style="dim"))
        if job in ("optimize", "evaluate", "retention"):
            self._read_history(job)
        else:
            self._write(job)

    @property
    def is_busy(self) -> bool:
        return self.has_class("busy")

    def action_optimize(self) -> None:
        self._start("optimize")

    def action_evaluate(self) -> None:
        self._start("evaluate")

    def action_retention(self) -> None:
        self._start("retention")

    def action_revert(self) -> None:
        self._start("revert")

    def action_save(self) -> None:
        if self.result is None:
            self.notify("Optimize first (o): there is no fitted set to use yet.", timeout=4)
        elif not self.result.better:
            self.notify("The fitted set does not predict better than the one in use, so it is not used.", timeout=5)
        elif self.result.saved:
            self.notify("Already in use.", timeout=3)
        else:
            self._start("save")

    def action_apply_retention(self) -> None:
        if self.advice is None:
            self.notify("Compute the recommended retention first (r).", timeout=4)
        else:
            self._start("apply_retention")

    # ------------------------------------------------------------ display

    def _show_in_use(self, current: SavedSet) -> None:
        if current.parameters is None:
            text = Text.assemble(("In use: ", "bold"), "FSRS's default parameters (fitted to many people's reviews, not yours).")
        else:
            detail = [f"saved {current.saved_at[:10]}" if current.saved_at else "", f"from {current.source}" if current.source else ""]
            if current.log_loss is not None:
                detail.append(f"held-out log loss {current.log_loss:.4f}")
            if current.rmse is not None:
                detail.append(f"RMSE {current.rmse:.1%}")
            if current.reviews:
                detail.append(f"{current.reviews:,} reviews")
            text = Text.assemble(("In use: ", "bold"), "parameters fitted to your history", (" · " + " · ".join(d for d in detail if d), "dim"))
            text.append("\n" + ", ".join(f"{x:.3f}" for x in current.parameters), style="dim")
        self.query_one("#tuning-in-use", Static).update(text)

    def _show(self, job: str, value: Any) -> None:
        out = self.query_one("#tuning-result", Static)
        if job == "message":
            out.update(Text(str(value), style="yellow"))
        elif job == "optimize":
            self.result = value
            out.update(_result_view(value))
        elif job == "evaluate":
            ev, data = value
            out.update(
                Text(
                    f"The set in use scores log loss {ev.log_loss:.4f} and RMSE (bins) {ev.rmse:.1%} over {data.usable:,} "
                    f"reviews of {data.cards:,} cards — on all of it, so a fitted set looks a little better here than on new reviews."
                )
            )
        elif job == "retention":
            self.advice = value
            out.update(_advice_view(value))
        elif job == "save":
            out.update(Text("The fitted parameters are in use from now on. v reverts to the previous set.", style="green"))
            self._show_in_use(value)
        elif job == "revert":
            self.result = None
            out.update(Text("Reverted to the previous parameter set.", style="green"))
            self._show_in_use(value)
        elif job == "apply_retention":
            out.update(Text(f"Desired retention is now {value:.2f}. Settings shows it; the next drill schedules with it.", style="green"))


_WORKING = {
    "optimize": "Fitting FSRS to your reviews and scoring it on later reviews…",
    "evaluate": "Scoring the parameters in use on your history…",
    "retention": "Simulating a year of study at several retentions…",
    "save": "Saving…",
    "revert": "Reverting…",
    "apply_retention": "Saving…",
}


def _result_view(result: Result) -> Group:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("held-out reviews")
    table.add_column("log loss", justify="right")
    table.add_column("RMSE (bins)", justify="right")
    table.add_row("in use" + (" (defaults)" if result.current_is_default else " (fitted)"), f"{result.before.log_loss:.5f}", f"{result.before.rmse:.2%}")
    table.add_row("fitted now", f"{result.after.log_loss:.5f}", f"{result.after.rmse:.2%}")
    verdict = (
        Text("Better on reviews it was not fitted to: press s to use it.", style="green")
        if result.better
        else Text("Not better than the set in use, so it will not be used.", style="yellow")
    )
    head = Text(f"{result.reviews:,} reviews of {result.cards:,} cards ({result.usable:,} usable), fitted in {result.seconds:.2f} s", style="bold")
    return Group(head, table, verdict)


def _advice_view(advice: RetentionAdvice) -> Group:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("retention", justify="right")
    table.add_column("reviews/day", justify="right")
    table.add_column("min/day", justify="right")
    table.add_column("remembered", justify="right")
    for w in advice.workloads:
        mark = " ←" if w.retention == advice.recommended else (" now" if w.retention == round(advice.current, 2) else "")
        table.add_row(f"{w.retention:.2f}{mark}", f"{w.reviews_per_day:.0f}", f"{w.minutes_per_day:.1f}", f"{w.memorized:.0f}")
    head = Text.assemble(
        (f"Minimum recommended retention {advice.recommended:.2f}", "bold"),
        f" (yours {advice.current:.2f}) · press a to apply it",
    )
    foot = Text(
        f"Simulated {advice.days} days of a {advice.deck_size:,}-card deck with your daily limits. "
        "A higher retention costs minutes but remembers more on the day.",
        style="dim",
    )
    return Group(head, table, foot)
