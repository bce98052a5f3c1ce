"""Stats: review calendar, due forecast, true retention, topic mastery, quiz and mock results.

The numbers come from :mod:`lambdaprep.study.progress` (computed in a thread worker);
this module only draws them. Tabs keep every chart readable at 80×24.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from lambdaprep.tui.clockopt import clock_for
from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.tui.widgets.charts import bar_list, heatmap_text, pct

TABS = ("calendar", "forecast", "retention", "topics", "results")


class StatsScreen(AreaScreen):
    AREA_ID = "stats"

    BINDINGS = [
        Binding("r", "reload", "Refresh"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", key_display="["),
        Binding("right_square_bracket", "tab(1)", "Next tab", key_display="]"),
        *(Binding(str(i + 1), f"show_tab('{t}')", t.capitalize(), show=False) for i, t in enumerate(TABS)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.progress: Any = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="λ")
        with TabbedContent(id="stats-tabs", initial="calendar"):
            with TabPane("1 Calendar", id="calendar"):
                with VerticalScroll():
                    yield Static(Text("Loading…", style="dim"), id="stats-summary")
                    yield Static(id="stats-heatmap")
            with TabPane("2 Forecast", id="forecast"):
                yield Static(id="stats-forecast-note")
                yield PlotextPlot(id="stats-forecast")
            with TabPane("3 Retention", id="retention"):
                with VerticalScroll():
                    yield Static(id="stats-retention-note")
                    yield PlotextPlot(id="stats-retention")
                    yield Static(id="stats-retention-months")
            with TabPane("4 Topics", id="topics"):
                with VerticalScroll():
                    yield Static(id="stats-mastery")
            with TabPane("5 Quiz & mock", id="results"):
                with VerticalScroll():
                    yield Static(id="stats-quiz")
                    yield PlotextPlot(id="stats-mock")
                    yield Static(id="stats-mock-note")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "lambdaprep"
        self.sub_title = "Stats"
        self.load()

    def on_screen_resume(self) -> None:
        if self.progress is not None:
            self.load()

    def action_reload(self) -> None:
        self.load()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        i = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(i + step) % len(TABS)]

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    # ------------------------------------------------------------ data

    def load(self) -> None:
        if self.lp.catalog is None:
            return
        if getattr(self.app, "testing", False):  # snapshots: no race with a thread
            try:
                self.progress = self._progress()
            except Exception as exc:
                self.query_one("#stats-summary", Static).update(Text(f"Statistics unavailable: {exc}", style="bold red"))
            else:
                self.show(self.progress)
            return
        self._compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def _compute(self) -> Any:
        return self._progress()

    def _progress(self) -> Any:
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.progress import catalog_maps, progress

        catalog = self.lp.catalog
        titles, questions = catalog_maps(catalog)
        return progress(
            self.lp.store, study_cards(catalog), clock=clock_for(self.app, self.AREA_ID), topic_titles=titles, question_topics=questions
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "stats":
            return
        if event.state == WorkerState.SUCCESS:
            self.progress = event.worker.result
            self.show(self.progress)
        elif event.state == WorkerState.ERROR:
            self.query_one("#stats-summary", Static).update(Text(f"Statistics unavailable: {event.worker.error}", style="bold red"))

    # ------------------------------------------------------------ drawing

    def show(self, p: Any) -> None:
        width = max(40, self.size.width - 4)
        s = Text()
        s.append("Streak ", style="bold")
        s.append(f"{p.streak_days} day{'s' if p.streak_days != 1 else ''}")
        s.append("   Reviews today ", style="bold")
        s.append(str(p.reviews_today))
        s.append("   Last 12 months ", style="bold")
        s.append(str(sum(p.heatmap.values())))
        s.append("   True retention ", style="bold")
        s.append(f"{pct(p.overall_retention)} (desired {pct(p.desired_retention)})")
        self.query_one("#stats-summary", Static).update(s)
        self.query_one("#stats-heatmap", Static).update(heatmap_text(p.heatmap, width=width))

        # forecast
        total = sum(p.forecast)
        note = Text.assemble(
            ("Due in the next 30 days ", "bold"),
            str(total),
            ("   today ", "bold"),
            str(p.forecast[0]),
            ("   tomorrow ", "bold"),
            str(p.forecast[1]),
            ("   busiest ", "bold"),
            f"{max(p.forecast)}",
        )
        self.query_one("#stats-forecast-note", Static).update(note)
        plot = self.query_one("#stats-forecast", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        days = [p.today + dt.timedelta(days=i) for i in range(len(p.forecast))]
        plt.bar(list(range(len(p.forecast))), p.forecast, marker="sd", width=0.6)
        ticks = list(range(0, len(days), 7))
        plt.xticks(ticks, [days[i].strftime("%d %b") for i in ticks])
        plt.title("cards due per day")
        top = max(p.forecast) or 1
        step = max(1, -(-top // 4))
        plt.yticks(list(range(0, top + step, step)))
        plt.ylim(0, top)
        plot.refresh()

        # retention
        weeks = p.retention_weeks
        rn = Text.assemble(
            ("True retention ", "bold"),
            pct(p.overall_retention),
            ("   desired ", "bold"),
            pct(p.desired_retention),
            ("   (review answers not rated Again)", "dim"),
        )
        self.query_one("#stats-retention-note", Static).update(rn)
        rplot = self.query_one("#stats-retention", PlotextPlot)
        r = rplot.plt
        r.clear_data()
        r.clear_figure()
        xs = list(range(len(weeks)))
        pts = [(i, 100 * w.rate) for i, w in enumerate(weeks) if w.rate is not None]
        r.plot(xs, [100 * p.desired_retention] * len(xs), label="desired", marker="braille")
        if pts:
            r.plot([x for x, _ in pts], [y for _, y in pts], label="true (weekly)", marker="dot")
        r.ylim(0, 100)
        r.xticks(xs[::3], [weeks[i].start.strftime("%d %b") for i in xs[::3]])
        r.title("true retention per week, %")
        rplot.refresh()
        months = [(m.label, m.rate or 0.0, f"{pct(m.rate)} of {m.reviews}" if m.reviews else "—") for m in p.retention_months]
        mt = Text("Per month (│ = desired)\n", style="bold")
        mt.append_text(bar_list(months, label_width=8, bar_width=min(40, width - 30), mark=p.desired_retention))
        self.query_one("#stats-retention-months", Static).update(mt)

        # topics
        tm = Text("Mastery by topic", style="bold")
        tm.append("  share of cards with retrievability ≥ 90%, weakest first\n", style="dim")
        if p.mastery:
            tm.append_text(
                bar_list(
                    [(m.title, m.share, f"{m.mastered}/{m.cards}" + (f" ({m.studied} studied)" if m.studied else "")) for m in p.mastery],
                    label_width=min(30, width // 3),
                    bar_width=min(30, width - min(30, width // 3) - 22),
                )
            )
        else:
            tm.append("no cards loaded", style="dim")
        self.query_one("#stats-mastery", Static).update(tm)

        # quiz & mock
        qt = Text("Quiz accuracy by topic", style="bold")
        if p.quiz_topics:
            lq = p.last_quiz
            qt.append(f"  {len(p.quizzes)} quiz(zes); last {lq.score:g}/{lq.max_score:g}\n" if lq else "\n", style="dim")
            qt.append_text(
                bar_list(
                    [(q.title, q.accuracy, f"{q.correct}/{q.answered}") for q in p.quiz_topics],
                    label_width=min(30, width // 3),
                    bar_width=min(30, width - min(30, width // 3) - 12),
                )
            )
        else:
            qt.append("\nno quizzes yet — press q to take one", style="dim")
        self.query_one("#stats-quiz", Static).update(qt)
        mplot = self.query_one("#stats-mock", PlotextPlot)
        mnote = self.query_one("#stats-mock-note", Static)
        if p.mocks:
            m = mplot.plt
            m.clear_data()
            m.clear_figure()
            ys = [100 * s.share for s in p.mocks]
            m.plot(list(range(1, len(ys) + 1)), ys, marker="dot")
            m.ylim(0, 100)
            m.title("mock interview score, % (oldest → newest)")
            mplot.display = True
            mplot.refresh()
            last = p.mocks[-1]
            mnote.update(Text(f"{len(p.mocks)} mock interview(s); last {last.score:g}/{last.max_score:g} ({pct(last.share)})", style="dim"))
        else:
            mplot.display = False
            mnote.update(Text("\nMock score trend\n", style="bold").append("no mock interviews yet — press m to start one", style="dim"))
