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

    def _busy(self, busy: bool) -> None:
        self.set_class(busy, "busy")

    @work(thread=True, exclusive=True, exit_on_error=False, group="fsrs-in-use")
    def load_in_use(self) -> SavedSet:
        from lambdaprep.store import Store
        from lambdaprep.study.optimize import in_use

        with Store.open(self.lp.locations) as store:
            return in_use(store)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fsrs-job")
    def run_job(self, job: str) -> tuple[str, Any]:
        from lambdaprep.errors import LambdaprepError
        from lambdaprep.store import Store
        from lambdaprep.store.revlog import iter_review_log
        from lambdaprep.study.optimize import build_dataset, default_parameters, evaluate, in_use, optimize, recommend_retention, revert, save
        from lambdaprep.study.settings import StudySettings

        try:
            with Store.open(self.lp.locations) as store:
                settings = StudySettings.load(store)
                current = in_use(store)
                if job == "save":
                    assert self.result is not None
                    save(store, self.result, self.clock)
                    return job, in_use(store)
                if job == "revert":
                    return job, revert(store)
                if job == "apply_retention":
                    assert self.advice is not None
                    StudySettings.model_validate({**settings.model_dump(), "desired_retention": self.advice.recommended}).save(store)
                    return job, self.advice.recommended
                data = build_dataset(iter_review_log(store), day_start_hour=settings.day_starts_hour)
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
        except LambdaprepError as exc:  # a message meant for people (too little history, nothing to revert, …)
            return "message", str(exc)

    @property
    def clock(self) -> Any:
        from lambdaprep.study.clock import SystemClock

        return SystemClock()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if group == "fsrs-in-use" and event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self._show_in_use(event.worker.result)
        elif group == "fsrs-job":
            self._busy(event.state in (WorkerState.PENDING, WorkerState.RUNNING))
            if event.state == WorkerState.SUCCESS and event.worker.result is not None:
                job, value = event.worker.result
                self._show(job, value)
            elif event.state == WorkerState.ERROR:
                self.query_one("#tuning-result", Static).update(Text(f"That failed: {event.worker.error}", style="red"))

    # ------------------------------------------------------------ actions

    def _start(self, job: str) -> None:
        if self.is_busy:
            self.notify("Still working on the last request…", timeout=3)
            return
        self._busy(True)
        self.query_one("#tuning-result", Static).update(Text(_WORKING[job], style="dim"))
        self.run_job(job)

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
