"""Home: today's numbers (due, new, streak, reviews, last quiz and mock), one key per area, loaded packs."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lambdaprep import __version__
from lambdaprep.tui.areas import AREAS
from lambdaprep.tui.screens.base import AppScreen


class HomeScreen(AppScreen):
    """The start screen."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="λ")
        with VerticalScroll(id="home"):
            yield Static(
                Text.assemble(("lambdaprep", "bold"), f" {__version__}  ", ("get ready for AWS Lambda interviews", "dim")),
                id="home-title",
            )
            yield Static(Text("Today", style="bold"), classes="section-title")
            yield Static(Text("Loading progress…", style="dim"), id="home-dashboard")
            with Vertical(id="home-areas-box"):
                yield Static(Text("Start", style="bold"), classes="section-title")
                if AREAS:
                    yield OptionList(
                        *(Option(self._area_label(a.key, a.title, a.description), id=a.id) for a in AREAS),
                        id="home-areas",
                    )
                else:
                    yield Static(Text("No study areas are available in this build.", style="dim"))
            yield Static(Text("Content", style="bold"), classes="section-title")
            yield Static(Text("Loading packs…", style="dim"), id="home-packs")
        yield Footer()

    @staticmethod
    def _area_label(key: str, title: str, description: str) -> Text:
        return Text.assemble((f" {key} ", "reverse bold"), "  ", (title, "bold"), ("  " + description, "dim"))

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "lambdaprep"
        self.sub_title = "Home"
        self.refresh_packs()

    def on_screen_resume(self) -> None:
        self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        if self.lp.catalog is None or not self.query("#home-dashboard"):
            return
        if getattr(self.app, "testing", False):  # snapshots: no race with a thread
            try:
                data = self._dashboard_data()
            except Exception as exc:
                self.query_one("#home-dashboard", Static).update(Text(f"Progress unavailable: {exc}", style="bold red"))
            else:
                self.query_one("#home-dashboard", Static).update(self.dashboard_text(*data))
            return
        self._load_dashboard()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-dashboard")
    def _load_dashboard(self) -> Any:
        return self._dashboard_data()

    def _dashboard_data(self) -> Any:
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.progress import mock_trend, quiz_scores
        from lambdaprep.study.stats import study_stats
        from lambdaprep.tui.clockopt import clock_for

        store = self.lp.store
        stats = study_stats(store, study_cards(self.lp.catalog), clock=clock_for(self.app, "home"))
        quizzes = quiz_scores(store)
        mocks = mock_trend(store)
        return stats, quizzes[-1] if quizzes else None, mocks[-1] if mocks else None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "home-dashboard":
            return
        target = self.query_one("#home-dashboard", Static)
        if event.state == WorkerState.SUCCESS:
            target.update(self.dashboard_text(*event.worker.result))
        elif event.state == WorkerState.ERROR:
            target.update(Text(f"Progress unavailable: {event.worker.error}", style="bold red"))

    @staticmethod
    def dashboard_text(stats: Any, quiz: Any, mock: Any) -> Text:
        def num(label: str, value: str, style: str = "bold") -> Text:
            return Text.assemble((value, style), (f" {label}", "dim"))

        line1 = Text("  ").join(
            [
                num("due now", str(stats.due_now), "bold yellow" if stats.due_now else "bold"),
                num("new available", str(stats.new_available)),
                num("day streak" if stats.streak_days == 1 else "days streak", str(stats.streak_days), "bold green" if stats.streak_days else "bold"),
                num("reviews today", str(stats.reviews_today)),
            ]
        )
        quiz_t = (
            num("last quiz", f"{quiz.score:g}/{quiz.max_score:g} ({100 * quiz.share:.0f}%)") if quiz else Text("no quizzes yet", style="dim")
        )
        mock_t = (
            num("last mock", f"{mock.score:g}/{mock.max_score:g} ({100 * mock.share:.0f}%)") if mock else Text("no mock interviews yet", style="dim")
        )
        return Text("\n").join([line1, Text("  ").join([quiz_t, mock_t])])

    def refresh_packs(self) -> None:
        """Show the loaded packs (called again when the catalog finishes loading)."""
        catalog = self.lp.catalog
        found = self.query("#home-packs")
        if not found:  # not composed yet: on_mount will call again
            return
        self.refresh_dashboard()
        target = found.first(Static)
        if catalog is None:
            target.update(Text("Loading packs…", style="dim"))
            return
        if not catalog.packs:
            target.update(Text("No packs loaded. Run 'lambdaprep validate' to see why.", style="bold red"))
            return
        table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
        table.add_column("pack", style="bold", no_wrap=True)
        table.add_column("cards", justify="right")
        table.add_column("limits", justify="right")
        table.add_column("diagrams", justify="right")
        table.add_column("quiz", justify="right")
        table.add_column("mock", justify="right")
        table.add_column("as of", no_wrap=True)
        for pack in catalog.packs:
            c = pack.counts()
            table.add_row(
                Text(pack.id),
                str(c["cards"]),
                str(c["limits"]),
                str(c["diagrams"]),
                str(c["quiz"]),
                str(c["mock_prompts"]),
                pack.manifest.as_of.isoformat(),
            )
        if catalog.problems:
            table.caption = f"{len(catalog.problems)} pack problem(s): run 'lambdaprep validate'"
            table.caption_style = "yellow"
        target.update(table)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.lp.open_area(event.option.id)
