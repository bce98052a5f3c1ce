"""Home: today's numbers, one key per area, and what is loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from lambdaprep import __version__
from lambdaprep.tui.areas import AREAS
from lambdaprep.tui.screens.base import AppScreen

if TYPE_CHECKING:
    from lambdaprep.study.stats import StudyStats

    Today = tuple[StudyStats, tuple[float, int] | None, tuple[float, float] | None]
    """Home's numbers: study stats, the last quiz (score, total), the last mock (score, max)."""


class HomeScreen(AppScreen):
    """The start screen."""

    AREA_LETTERS = True
    """Every area's letter works here, even with the area list focused (see ``area_letters_allowed``)."""

    DEFAULT_CSS = """
    /* Home's own title bar stands in for Textual's Header (it names the app and what it is for,
       and Home starts faster without the Header's four widgets and their styles) */
    #home-title { dock: top; height: 1; background: $panel; color: $foreground; text-align: center; }
    #home { padding: 1 2 0 2; }  /* no bottom padding: eleven areas and the packs fit at 80x24 */
    #home-plan { height: auto; }
    #home-today { height: auto; }
    .section-title { color: $text-accent; margin-top: 1; }
    #home-areas-box { height: auto; }
    #home-areas { height: auto; max-height: 12; border: none; padding: 0; background: transparent; }
    #home-packs { height: auto; padding-left: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble("λ ", ("lambdaprep", "bold"), f" {__version__} — ", "get ready for AWS Lambda interviews"),
            id="home-title",
        )
        with VerticalScroll(id="home"):
            yield Static(Text("", style="dim"), id="home-today")
            yield Static(Text("", style="dim"), id="home-plan")
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
    def _area_label(key: str, title: str, description: str) -> Content:
        # Textual's own Content, not a Rich Text: the list renders it without a conversion
        return Content.assemble((f" {key} ", "reverse bold"), "  ", (title, "bold"), ("  " + description, "dim"))

    def on_mount(self) -> None:
        self.title = "lambdaprep"
        self.sub_title = "Home"
        self.query_one("#home-plan", Static).display = False  # shown once there is an interview date
        self.refresh_packs()

    def on_screen_resume(self) -> None:
        self.refresh_today()

    def refresh_today(self) -> None:
        """Recompute today's numbers (after a drill, quiz or mock they have moved), in a worker."""
        if self.lp.catalog is not None:
            self.lp.run_store(
                self._compute_today, done=self._show_today, failed=self._today_failed, owner=self, write=False, latest="home-today"
            )
            # the forecast has its own worker, so the numbers above never wait for it
            self.lp.run_store(self._compute_plan, done=self._show_plan, failed=self._plan_failed, owner=self, write=False, latest="home-plan")

    def _compute_plan(self) -> Any:
        """The interview plan (its line on Home)."""
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.plan import compute_plan

        app = self.lp
        catalog = app.catalog
        assert catalog is not None
        return compute_plan(
            app.store, study_cards(catalog), clock=app.clock, topic_titles=catalog.topics
        )

    def _plan_failed(self, error: Exception) -> None:
        self.query_one("#home-plan", Static).update(Text(f"Plan unavailable: {error}", style="red"))

    def _show_plan(self, plan: Any) -> None:
        view = self.query_one("#home-plan", Static)
        view.display = plan.interview is not None  # without a date the line stays out of the way
        line = Text(plan.summary_line(), style="bold")
        if plan.on_track is False:
            line.stylize("yellow")
        self.query_one("#home-plan", Static).update(line)

    def _compute_today(self) -> Today:
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.stats import study_stats

        app = self.lp
        catalog = app.catalog
        assert catalog is not None
        store = app.store
        stats = study_stats(store, study_cards(catalog), clock=app.clock)
        return stats, store.last_quiz(), store.last_mock()

    def _today_failed(self, error: Exception) -> None:
        self.query_one("#home-today", Static).update(Text(f"Progress unavailable: {error}", style="red"))

    def _show_today(self, today: Today) -> None:
        stats, quiz, mock = today
        text = Text()
        text.append("Today  ", style="bold")
        for value, label in (
            (stats.due_now, "due"),
            (stats.new_available, "new"),
            (stats.reviews_today, "reviewed"),
        ):
            text.append(f"{value}", style="bold")
            text.append(f" {label} · ")
        text.append("streak ")
        text.append(f"{stats.streak_days}", style="bold")
        text.append(" day" + ("" if stats.streak_days == 1 else "s"))
        text.append("\n       last quiz ")
        text.append(f"{quiz[0]:g}/{quiz[1]}" if quiz else "—", style="bold")
        text.append(" · last mock ")
        text.append(f"{100 * mock[0] / mock[1]:.0f}%" if mock else "—", style="bold")
        self.query_one("#home-today", Static).update(text)

    def refresh_packs(self) -> None:
        """Show the loaded packs (called again when the catalog finishes loading)."""
        catalog = self.lp.catalog
        found = self.query("#home-packs")
        if not found:  # not composed yet: on_mount will call again
            return
        target = found.first(Static)
        if catalog is None:
            target.update(Text("Loading packs…", style="dim"))
            return
        if not catalog.packs:
            target.update(Text("No packs loaded. Run 'lambdaprep validate' to see why.", style="bold red"))
            return
        from rich.table import Table

        from lambdaprep.content.kinds import KINDS
        from lambdaprep.content.staleness import pack_as_of

        columns = [(k.count_key, k.label) for k in KINDS if k.home and k.count_key and k.label]
        table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
        table.add_column("pack", style="bold", no_wrap=True)
        for _, label in columns:
            table.add_column(label, justify="right")
        table.add_column("as of", no_wrap=True)
        for pack in catalog.packs:
            c = pack.counts()
            # the newest fact's date, not only the manifest's (facts are re-checked after a release)
            table.add_row(Text(pack.id), *(str(c[key]) for key, _ in columns), pack_as_of(pack).isoformat())
        if catalog.problems:
            from lambdaprep.units import plural

            table.caption = f"{plural(len(catalog.problems), 'pack problem')}: run 'lambdaprep validate'"
            table.caption_style = "yellow"
        target.update(table)
        self.refresh_today()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.lp.open_area(event.option.id)
