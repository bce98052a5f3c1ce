"""History: every finished quiz and mock interview with the score trends; any past report opens.

The rows are read in a thread worker (the UI never waits on the database). Enter opens
a report (a mock interview's Markdown debrief, or a quiz's answers and explanations),
``e`` writes it to the reports folder, ``x`` discards it after asking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from lambdaprep.tui.screens.base import AreaScreen


class HistoryScreen(AreaScreen):
    AREA_ID = "history"
    DEFAULT_CSS = """
    #history-list { height: 1fr; padding: 0 1; }
    #history-trend { height: auto; margin: 1 0; }
    #history-table { height: 1fr; }
    #history-report { height: 1fr; padding: 0 1; }
    #history-md { margin: 0; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open report", show=True),
        Binding("e", "export", "Export Markdown"),
        Binding("x", "discard", "Discard…"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.opened: dict[str, Any] | None = None
        self.markdown = ""

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with Vertical(id="history-list"):
            yield Static(id="history-trend")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-report"):
            yield Markdown(id="history-md")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one("#history-table", DataTable)
        table.add_columns("date", "kind", "title", "score")
        self.query_one("#history-report").display = False
        self.reload()

    def on_screen_resume(self) -> None:
        if self.opened is None:
            self.reload()

    # ------------------------------------------------------------ loading (off the UI thread)

    def reload(self) -> None:
        from lambdaprep.study.history import collect

        self.lp.run_store(lambda: collect(self.lp.store), done=self._show_rows, owner=self, write=False, latest="history-rows")

    def _show_rows(self, data: dict[str, Any]) -> None:
        rows = [{"kind": "mock", **m} for m in data.get("mock", [])] + [{**q, "kind": "quiz", "what": q.get("kind", "quiz")} for q in data.get("quiz", [])]
        rows.sort(key=lambda r: (r["started_at"], r["id"]), reverse=True)
        self.rows = rows
        trend = Text()
        trend.append("Interviews ", style="bold")
        trend.append(data.get("mock_trend") or "—")
        trend.append(f"  ({len(data.get('mock', []))})", style="dim")
        trend.append("    Quizzes and exams ", style="bold")
        trend.append(data.get("quiz_trend") or "—")
        trend.append(f"  ({len(data.get('quiz', []))})", style="dim")
        if not rows:
            trend.append("\nNothing yet: finish a quiz (q) or a mock interview (m) and it shows here.", style="dim")
        else:
            trend.append("\nOldest → newest trend. Enter opens a report · e export · x discard", style="dim")
        self.query_one("#history-trend", Static).update(trend)
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for r in rows:
            if r["kind"] == "mock":
                table.add_row(r["started_at"], "interview", Text(r["title"]), f"{r['percent']:.0f}%", key=f"mock:{r['id']}")
            else:
                table.add_row(r["started_at"], r["what"], Text(", ".join(r["topics"]) or "all topics"), f"{r['right']}/{r['total']}", key=f"quiz:{r['id']}")
        if self.opened is None:
            table.focus()

    # ------------------------------------------------------------ opening a report

    def _selected(self) -> tuple[str, int] | None:
        table = self.query_one("#history-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kind, _, ident = key.partition(":")
        return kind, int(ident)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.opened is None and bool(self.rows)
        if action in ("export", "discard"):
            return self.opened is not None or bool(self.rows)
        return True

    @on(DataTable.RowSelected, "#history-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        self._load_report(*sel)

    def _load_report(self, kind: str, ident: int) -> None:
        from lambdaprep.study.history import quiz_markdown, quiz_report
        from lambdaprep.study.mock import report_markdown

        catalog = self.lp.catalog

        def load() -> str:
            store = self.lp.store
            if kind == "mock":
                report = store.mock_report(ident)
                return report_markdown(report) if report is not None else f"No finished interview {ident}."
            qr = quiz_report(store, catalog, ident)
            return quiz_markdown(qr) if qr is not None else f"No finished quiz {ident}."

        self.lp.run_store(
            load, done=lambda text: self._show_report({"kind": kind, "id": ident}, text), owner=self, write=False, latest="history-report"
        )

    def _show_report(self, opened: dict[str, Any], text: str) -> None:
        self.opened = opened
        self.markdown = text
        self.query_one("#history-md", Markdown).update(text)
        self.query_one("#history-list").display = False
        report = self.query_one("#history-report", VerticalScroll)
        report.display = True
        report.scroll_home(animate=False)
        report.focus()
        self.refresh_bindings()

    def action_back(self) -> None:
        if self.opened is not None:
            self.opened = None
            self.query_one("#history-report").display = False
            self.query_one("#history-list").display = True
            self.query_one("#history-table").focus()
            self.refresh_bindings()
            return
        self.lp.go_home()

    # ------------------------------------------------------------ export, discard

    def _target(self) -> tuple[str, int] | None:
        if self.opened is not None:
            return str(self.opened["kind"]), int(self.opened["id"])
        return self._selected()

    def action_export(self) -> None:
        target = self._target()
        if target is None:
            return
        if self.opened is None:
            self._load_report(*target)  # open it first; e again writes it
            return
        kind, ident = target
        folder = Path(self.lp.locations.data_dir) / "reports"
        path = folder / f"{kind}-{ident:04d}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(self.markdown, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not write the report: {exc}", severity="error", markup=False)
            return
        self.notify(f"Report written to {path}", markup=False)

    def action_discard(self) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        target = self._target()
        if target is None:
            return
        kind, ident = target
        what = "interview" if kind == "mock" else next((str(r["what"]) for r in self.rows if r["kind"] == kind and r["id"] == ident), "quiz")

        def done(answer: str | None) -> None:
            if answer != "discard":
                return

            def discard() -> bool:
                store = self.lp.store
                return store.discard_mock(ident) if kind == "mock" else store.discard_quiz(ident)

            def discarded(ok: bool) -> None:
                self.notify(f"The {what} was discarded." if ok else f"That {what} was already gone.", markup=False)
                self.opened = None
                self.query_one("#history-report").display = False
                self.query_one("#history-list").display = True
                self.reload()

            self.lp.run_store(discard, done=discarded, owner=self, name="history-discard")

        self.app.push_screen(
            Choice(f"Discard this {what}?", ["Its answers and score are deleted from your history and trends."],
                   [("discard", "y", "Discard"), ("keep", "n", "Keep")], cancel="keep"),
            done,
        )
