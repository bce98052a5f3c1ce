"""Stats: activity heatmap, workload ahead, retention, weak topics, quizzes and mocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from lambdaprep.study.mastery import MASTERED_STABILITY_DAYS
from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.tui.widgets.charts import bars, heatmap, whole_ticks

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.study.analytics import Analytics
    from lambdaprep.study.stats import StudyStats

TABS = ("activity", "forecast", "retention", "topics", "mock")


class StatsScreen(AreaScreen):
    """Progress at a glance. Numbers are computed in a worker from the progress database."""

    DEFAULT_CSS = """
    #stats-tabs { height: 1fr; }
    #stats-summary, #stats-heatmap, #forecast-note, #retention-note, #retention-table, #mock-note, #topics-mastery, #topics-quiz, #topics-readiness { height: auto; padding: 0 1; }
    #stats-heatmap { margin-top: 1; }
    #forecast-chart, #mock-chart { height: 1fr; min-height: 10; }
    #retention-chart, #readiness-chart { height: 12; }
    """

    AREA_ID = "stats"
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        Binding("right,bracketright", "tab(1)", "Next tab", key_display="→"),
        Binding("left,bracketleft", "tab(-1)", "Prev tab", key_display="←"),
        Binding("r", "reload", "Refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with TabbedContent(id="stats-tabs"):
            with TabPane("Activity", id="activity"):
                with VerticalScroll():
                    yield Static(id="stats-summary")
                    yield Static(id="stats-heatmap")
            with TabPane("Forecast", id="forecast"):
                yield Static(id="forecast-note")
                yield PlotextPlot(id="forecast-chart")
            with TabPane("Retention", id="retention"):
                with VerticalScroll():
                    yield Static(id="retention-note")
                    yield PlotextPlot(id="retention-chart")
                    yield Static(id="retention-table")
            with TabPane("Topics", id="topics"):
                with VerticalScroll():
                    yield Static(id="topics-readiness")
                    yield PlotextPlot(id="readiness-chart")
                    yield Static(id="topics-mastery")
                    yield Static(id="topics-quiz")
            with TabPane("Mock", id="mock"):
                yield Static(id="mock-note")
                yield PlotextPlot(id="mock-chart")
        yield Footer()

    _data: tuple[Analytics, StudyStats, Catalog] | None = None
    _plan: Any = None

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        self.query_one("#stats-summary", Static).update(Text("Computing…", style="dim"))
        self.action_reload()
        self._focus_tab()

    @on(TabbedContent.TabActivated, "#stats-tabs")
    def _tab_shown(self) -> None:
        self._focus_tab()

    def _focus_tab(self) -> None:
        """Give the keys to the shown tab's scrolling part, so Down and PageDown scroll it at
        once (←/→ still change tabs: the scroll passes them on when it has no width to scroll)."""
        tabs = self.query_one("#stats-tabs", TabbedContent)
        scrolls = self.query(f"#{tabs.active} VerticalScroll") if tabs.active else None
        if scrolls:
            scrolls.first().focus()

    def on_resize(self, event: events.Resize) -> None:
        # the bars' labels take the width there is: draw them again for the new width
        if self._plan is not None:
            self._show_readiness(self._plan)
        if self._data is not None:
            self._show_topics(self._data[0], self._data[2])

    def _bar_width(self) -> int:
        """Columns a line of bars may use: the screen, less padding and the scrollbar."""
        return max(40, self.size.width - 5)

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.lp.run_store(self._compute, done=self._computed, failed=self._failed, owner=self, write=False, latest="stats")
        self.lp.run_store(self._compute_plan, done=self._show_readiness, failed=self._failed, owner=self, write=False, latest="stats-plan")

    def _compute_plan(self) -> Any:
        """In a worker: the interview plan (readiness per topic and its forecast curve)."""
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.plan import compute_plan

        catalog = self.lp.catalog
        if catalog is None:
            return None
        return compute_plan(self.lp.store, study_cards(catalog), clock=self.clock, topic_titles=catalog.topics)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one("#stats-tabs", TabbedContent)
        current = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(current + step) % len(TABS)]

    def _compute(self) -> tuple[Analytics, StudyStats, Catalog] | None:
        """In a worker: every number the tabs show."""
        from lambdaprep.study.analytics import compute_analytics
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.stats import study_stats

        app = self.lp
        catalog = app.catalog
        if catalog is None:
            return None
        clock = self.clock
        store = app.store
        cards = study_cards(catalog)
        analytics = compute_analytics(
            store, cards, quiz_topics={k: q.topic for k, q in catalog.quiz.items()}, clock=clock
        )
        summary = study_stats(store, cards, clock=clock)
        return analytics, summary, catalog

    def _computed(self, result: tuple[Analytics, StudyStats, Catalog] | None) -> None:
        if result is not None:
            self._show(*result)

    def _failed(self, error: Exception) -> None:
        self.query_one("#stats-summary", Static).update(Text(f"Could not read progress: {error}", style="red"))

    # ------------------------------------------------------------ rendering

    def _show_readiness(self, plan: Any) -> None:
        """Readiness per topic, now → on the interview day, and the forecast curve to the day."""
        if plan is None:
            return
        self._plan = plan
        head = Text("Readiness ", style="bold")
        head.append(f"{plan.readiness_now:.0%} now → {plan.readiness_on_day:.0%} ", style="bold")
        if plan.interview is not None:
            head.append(f"on the day ({plan.interview:%a %d %b}) · {plan.verdict}\n")
        else:
            head.append(f"in {len(plan.days)} days (no interview date: o sets one)\n")
        head.append("the share of each topic you would recall if asked (unseen cards count 0)\n", style="dim")
        rows = [(t.title, t.now, f"{t.now:.0%} → {t.on_day:.0%}") for t in sorted(plan.topics, key=lambda t: t.now)]
        head.append_text(bars(rows, total_width=self._bar_width()) if rows else Text("No cards loaded.", style="dim"))
        self.query_one("#topics-readiness", Static).update(head)
        chart = self.query_one("#readiness-chart", PlotextPlot)
        p = chart.plt
        p.clear_data()
        p.clear_figure()
        curve = [100 * d.readiness for d in plan.days] + [100 * plan.readiness_on_day]
        if plan.days:
            xs = list(range(len(curve)))
            p.title("Forecast readiness, % (day 0 = today" + (", last = the interview)" if plan.interview else ")"))
            p.plot(xs, curve, marker="braille", label="all topics")
            p.ylim(0, 100)
            step = max(1, len(xs) // 6)
            ticks: list[float] = list(xs[::step])
            p.xticks(ticks)
        chart.refresh()

    def _show(self, a: Analytics, s: StudyStats, catalog: Catalog) -> None:
        self._data = (a, s, catalog)
        summary = Text()
        summary.append(f"{s.total_reviews:,}", style="bold")
        summary.append(" review · " if s.total_reviews == 1 else " reviews · ")
        summary.append(f"{s.reviews_today}", style="bold")
        summary.append(" today · streak ")
        summary.append(f"{s.streak_days}", style="bold")
        summary.append(" day · " if s.streak_days == 1 else " days · ")
        summary.append(f"{s.due_now}", style="bold")
        summary.append(" due · ")
        summary.append(f"{s.new_available}", style="bold")
        summary.append(" new\n")
        days = len(a.heatmap)
        summary.append(f"Studied on {days} day{'' if days == 1 else 's'} in the last year.", style="dim")
        self.query_one("#stats-summary", Static).update(summary)
        self.query_one("#stats-heatmap", Static).update(heatmap(a.heatmap, a.today))

        # forecast
        total = sum(n for _, n in a.forecast)
        week = sum(n for _, n in a.forecast[:7])
        self.query_one("#forecast-note", Static).update(
            Text.assemble(("Due in the next 30 days: ", ""), (f"{total}", "bold"), ("  (next 7 days: ", ""), (f"{week}", "bold"), (")", ""))
        )
        plot = self.query_one("#forecast-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Cards due per day (day 0 = today, overdue included)")
        counts = [n for _, n in a.forecast]
        plt.bar(list(range(len(counts))), counts, color="cyan")
        top = max(1, max(counts, default=0))
        step = max(1, -(-top // 4))  # whole cards on the y axis, at most 5 ticks
        plt.ylim(0, top * 1.1)
        plt.yticks(list(range(0, top + 1, step)))
        plt.xticks([0, 5, 10, 15, 20, 25, 29])
        plt.xlabel("days from today")
        plot.refresh()

        # retention
        tr = a.true_retention
        note = Text("True retention ")
        note.append(f"{tr:.0%}" if tr is not None else "—", style="bold")
        note.append(f" against desired {a.desired_retention:.0%} (reviews of cards in the review state; Again counts as a miss).")
        if tr is None:
            note.append("\nNo reviews of mature cards yet: come back after a few days of drills.", style="dim")
        self.query_one("#retention-note", Static).update(note)
        rplot = self.query_one("#retention-chart", PlotextPlot)
        rp = rplot.plt
        rp.clear_data()
        rp.clear_figure()
        weekly = [p for p in a.retention_weekly if p.rate is not None][-26:]
        rp.title("Weekly true retention, %")
        if weekly:
            xs = [float(i) for i in range(len(weekly))]
            rp.plot(xs, [100 * (p.rate or 0) for p in weekly], marker="braille", label="true")
            rp.plot(xs, [100 * a.desired_retention] * len(weekly), color="gray", label="desired")
            rp.xticks(xs[:: max(1, len(xs) // 6)], [p.label[5:] for p in weekly][:: max(1, len(xs) // 6)])
            rp.ylim(0, 100)
        rplot.refresh()
        table = Table(title="By month", title_justify="left", box=None, pad_edge=False)
        table.add_column("month")
        table.add_column("reviews", justify="right")
        table.add_column("retained", justify="right")
        for p in a.retention_monthly[-12:]:
            table.add_row(p.label, str(p.reviews), f"{p.rate:.0%}" if p.rate is not None else "—")
        self.query_one("#retention-table", Static).update(table if a.retention_monthly else Text(""))

        self._show_topics(a, catalog)
        self._show_mock(a)

    def _show_topics(self, a: Analytics, catalog: Catalog) -> None:
        width = self._bar_width()
        rows = [
            (catalog.topic_title(t.topic), t.share, f"{t.share:.0%} ({t.mastered}/{t.cards})")
            for t in sorted(a.topics, key=lambda t: t.share)
        ]
        mastery = Text("Mastery by topic ", style="bold")
        mastery.append(f"(cards remembered for {MASTERED_STABILITY_DAYS:.0f} days or more: FSRS stability)\n", style="dim")
        mastery.append_text(bars(rows, total_width=width) if rows else Text("No cards loaded.", style="dim"))
        weak = a.weakest_topics
        if weak:
            mastery.append("Weakest studied topics: " + ", ".join(catalog.topic_title(t.topic) for t in weak) + "\n", style="yellow")
        self.query_one("#topics-mastery", Static).update(mastery)
        quiz = Text("\nQuiz accuracy by topic\n", style="bold")
        if a.quiz_by_topic:
            quiz.append_text(
                bars(
                    [(catalog.topic_title(q.topic), q.rate, f"{q.rate:.0%} ({q.correct}/{q.answered})") for q in sorted(a.quiz_by_topic, key=lambda q: q.rate)],
                    total_width=width,
                )
            )
        else:
            quiz.append("No quiz answers yet: press q on Home for a quiz.\n", style="dim")
        self.query_one("#topics-quiz", Static).update(quiz)

    def _show_mock(self, a: Analytics) -> None:
        mplot = self.query_one("#mock-chart", PlotextPlot)
        mp = mplot.plt
        mp.clear_data()
        mp.clear_figure()
        if a.mock_trend:
            last = a.mock_trend[-1]
            self.query_one("#mock-note", Static).update(
                Text.assemble("Mock interviews: ", (str(len(a.mock_trend)), "bold"), "  latest ", (f"{last.percent:.0f}%", "bold"), f" ({last.when:%Y-%m-%d})")
            )
            xs = list(range(1, len(a.mock_trend) + 1))
            mp.title("Mock interview score, % (oldest to newest)")
            mp.plot(xs, [m.percent for m in a.mock_trend], marker="braille")
            mp.ylim(0, 100)
            wticks: list[float] = list(whole_ticks(len(xs)))
            mp.xticks(wticks, [str(int(t)) for t in wticks])  # interview 1, 2, 3 …, never 1.25
        else:
            self.query_one("#mock-note", Static).update(Text("No mock interviews yet: press m on Home to take one.", style="dim"))
        mplot.refresh()
