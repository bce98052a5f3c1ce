"""Mock interview: a countdown per prompt and for the interview, typed (or spoken) answers,
self-grading against the rubric (keyword hints beside each point), and a final report.

Timers, checking, hints and saving are in :mod:`lambdaprep.study.mock`; this screen only
displays them and turns keys into calls. It ticks a few times a second to redraw the
countdowns, to let the session submit an answer when time runs out and to save the
draft now and then. No interview key is one the answer editor uses: Ctrl+S submits,
F2 marks an answer given aloud, F5 pauses, F9 ends (after asking).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Footer, Header, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from lambdaprep.errors import LambdaprepError
from lambdaprep.study.timers import format_clock
from lambdaprep.tui.options import MockOptions
from lambdaprep.tui.screens.base import SavingScreen
from lambdaprep.tui.widgets.choices import source_line
from lambdaprep.tui.widgets.countdown import CountdownBar
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.mock import ItemAnswer, MockSession

WIDE = 110
"""From this width the answer and the model answer sit side by side."""
CHECKPOINT_S = 10.0
"""Save the draft being typed at most this often."""


class MockScreen(SavingScreen):
    AREA_ID = "mock"
    DEFAULT_CSS = """
    #mock-picker { padding: 1 2; height: 1fr; }
    #mock-formats { height: auto; max-height: 14; border: none; }
    #mock-ask { height: 1fr; padding: 0 1; }
    #mock-title { height: auto; margin-top: 1; }
    #mock-prompt-scroll { height: auto; max-height: 45%; }
    #mock-prompt { margin: 0; padding: 0; }
    #mock-prompt > * { margin-bottom: 0; }
    #mock-answer { height: 1fr; min-height: 4; border: round $accent; }
    #mock-review { height: 1fr; padding: 0 1; }
    #mock-compare { layout: grid; grid-size: 1; grid-gutter: 0 1; height: auto; }
    #mock-compare.-wide { grid-size: 2; }
    .mock-pane { height: auto; border: round $panel-lighten-2; padding: 0 1; }
    #mock-model { margin: 0; padding: 0; }
    #mock-model > * { margin: 0 0 1 0; }
    #mock-model > *:last-child { margin: 0; }
    #mock-done { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        # priority: the answer TextArea has focus. None of these is an editing key
        # (the editor uses Ctrl+A/E/K/U/W, arrows, Home/End).
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("f2", "aloud", "Answered aloud", priority=True),
        Binding("f5", "pause", "Pause", priority=True),
        Binding("f5", "resume_clock", "Resume", priority=True),
        *(Binding(str(i + 1), f"toggle_rubric({i})", show=False) for i in range(9)),
        Binding("enter", "next", "Next prompt"),
        Binding("f9", "end", "End interview…", priority=True),
        Binding("a", "add_to_drill", "Add to drill", tooltip="add the report's suggested cards to today's drill"),
        Binding("e", "export", "Export", tooltip="export the report as Markdown"),
        Binding("x", "discard", "Discard…"),
        Binding("n", "new", "New interview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: MockSession | None = None
        self.added: list[str] | None = None
        self._shown_key: tuple[int, str] | None = None
        self._first = True
        self._saved_draft = ""
        self._saved_at = 0.0
        """What a worker is doing (``"open"``, ``"add"``): the interview keys wait for it."""
        self._warned = False
        self._unsaved = ""

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield CountdownBar(id="mock-timers")
        with Vertical(id="mock-picker"):
            yield Static(Text("Choose an interview format (Enter starts; the clock runs at once):"), id="mock-picker-title")
            yield OptionList(id="mock-formats")
            yield Static(id="mock-history")
        with Vertical(id="mock-ask"):
            yield Static(id="mock-title")
            with VerticalScroll(id="mock-prompt-scroll"):
                yield Markdown(id="mock-prompt")
            yield TextArea(id="mock-answer", soft_wrap=True, show_line_numbers=False)
        with VerticalScroll(id="mock-review"):
            yield Static(id="mock-check")
            yield Static(id="mock-rubric")
            with Container(id="mock-compare"):
                with Vertical(classes="mock-pane", id="mock-yours-pane"):
                    yield Static(id="mock-yours")
                with Vertical(classes="mock-pane", id="mock-model-pane"):
                    yield Markdown(id="mock-model")
            yield Static(id="mock-followups")
        with VerticalScroll(id="mock-done"):
            yield Static(id="mock-report")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Mock interview"
        self.query_one("#mock-yours-pane").border_title = "Your answer"
        self.query_one("#mock-model-pane").border_title = "Model answer"
        self._layout(self.size.width)
        opts = self.lp.options_for(MockOptions)
        fmt = opts.format
        if fmt or opts.prompts:
            self.start(fmt)
        else:
            self.show_picker()
        self._offer_resume()
        self.set_interval(0.2, self._tick)

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.query_one("#mock-compare").set_class(width >= WIDE, "-wide")

    def _store_unavailable(self, error: Exception) -> None:
        # damaged or newer: interview without saving
        self._unsaved = f"Progress will not be saved: {error}"  # said once, on the UI thread (_warn_unsaved)

    def _warn_unsaved(self) -> None:
        if self._unsaved and not self._warned:
            self._warned = True
            self.notify(self._unsaved, severity="warning", markup=False)

    def _persist(self, op: Callable[[Store], object]) -> None:
        """How the session saves (answers, ticks, drafts, the end): in a worker, in order."""
        self._save_in_order(op, "mock")

    def _show(self, phase: str) -> None:
        for name in ("picker", "ask", "review", "done"):
            self.query_one(f"#mock-{name}").display = name == phase

    # ------------------------------------------------------------ picker, resume

    def show_picker(self) -> None:
        from lambdaprep.study.mock import format_choices

        self.session = None
        self.added = None
        options = self.query_one("#mock-formats", OptionList)
        options.clear_options()
        choices = format_choices(self.catalog)
        for key, title, detail in choices:
            t = Text(title, style="bold")
            t.append(f"  {detail}", style="dim")
            options.add_option(Option(t, id=key))
        if not choices:
            self.query_one("#mock-picker-title", Static).update(Text("No mock interview formats in the loaded packs."))
        self._show("picker")
        self.query_one("#mock-timers", CountdownBar).show("Mock interview", [])
        if choices:
            options.highlighted = 0
        self._load_history()
        options.focus()
        self.refresh_bindings()

    def _load_history(self) -> None:
        def rows() -> list[dict[str, Any]]:
            store = self._store()
            return store.mock_history(20) if store is not None else []

        self.lp.run_store(
            rows,
            done=self._show_history,
            owner=self,
            write=False,
            latest="mock-history",
        )

    def _show_history(self, rows: list[dict[str, Any]]) -> None:
        self._warn_unsaved()
        self.query_one("#mock-history", Static).update(self._history_line(rows))

    def _history_line(self, rows: list[dict[str, Any]]) -> Text:
        from lambdaprep.study.mock import sparkline

        if not rows:
            return Text("No interviews yet. Your score trend will show here; H opens the history.", style="dim")
        scores = [100.0 * (r["score"] or 0) / r["max_score"] if r.get("max_score") else 0.0 for r in rows]
        t = Text("Your last interviews: ", style="dim")
        t.append(sparkline(scores), style="bold")
        t.append(f"  latest {scores[-1]:.0f}%", style="dim")
        return t

    def _offer_resume(self) -> None:
        """An interview left unfinished (a closed terminal, a crash): resume it or discard it."""
        def unfinished() -> list[dict[str, Any]]:
            store = self._store()
            return store.unfinished_mocks() if store is not None else []

        self.lp.run_store(unfinished, done=self._ask_resume, owner=self, write=False, name="mock-unfinished")

    def _ask_resume(self, unfinished: list[dict[str, Any]]) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        rows = [r for r in unfinished if self.session is None or r["id"] != self.session.session_id]
        if not rows:
            return
        row = rows[0]
        st = row["state"]
        answered = len(st.get("answers", []))
        left = max(0.0, float(st.get("total_seconds", 0)) - float(st.get("elapsed_s", 0)))
        lines = [
            f"{st.get('format_title', 'Interview')}: {answered} of {len(st.get('items', []))} prompts answered, {format_clock(left)} left.",
            "Resuming continues the clocks where they stopped.",
        ]

        def done(answer: str | None) -> None:
            if answer == "resume":
                self.resume(row)
            elif answer == "discard":
                self._persist(lambda store: store.discard_mock(int(row["id"])))
                self.notify("The unfinished interview was discarded.", markup=False)
                if self.session is None:
                    self._load_history()

        self.app.push_screen(
            Choice("An interview is still in progress", lines, [("resume", "r", "Resume"), ("discard", "d", "Discard"), ("later", "l", "Later")],
                   cancel="later"),
            done,
        )

    def resume(self, row: dict[str, Any]) -> None:
        from lambdaprep.study.mock import MockSession

        clock, catalog = self.clock, self.lp.catalog

        def load() -> MockSession | str:
            try:
                return MockSession.resume(row, clock=clock, store=self._store(), catalog=catalog, persist=self._persist)
            except (KeyError, TypeError, ValueError) as exc:  # a state this version cannot read
                return f"This interview cannot be resumed: {exc}"

        def loaded(result: MockSession | str) -> None:
            self._end_pending()
            if isinstance(result, str):
                self.notify(result, severity="error", markup=False)
                return
            if self.session is not None and self.session.phase != "done":
                self.session.checkpoint()
            self._begin(result)

        self._begin_pending("open")
        self.lp.run_store(load, done=loaded, failed=lambda _e: self._end_pending(), owner=self, name="mock-resume")

    @on(OptionList.OptionSelected, "#mock-formats")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.start(event.option.id)

    def start(self, format_key: str | None) -> None:
        """Build the interview in a worker (it is stored as it starts); the clocks run from then."""
        from lambdaprep.study.mock import MockSession

        catalog = self.lp.catalog
        assert catalog is not None  # areas open once the packs are loaded
        opts = self.lp.options_for(MockOptions)
        seed = opts.seed if self._first else None  # a new interview picks anew
        prompts = opts.prompts if self._first else None
        clock = self.clock

        def build() -> MockSession:
            store = self._store()
            return MockSession.build(catalog, format_key, seed=seed, clock=clock, store=store, prompts=prompts, persist=self._persist)

        def built(session: MockSession) -> None:
            self._end_pending()
            self._first = False
            self._begin(session)

        def failed(error: Exception) -> None:
            self._end_pending()
            if isinstance(error, LambdaprepError):  # an unknown format
                self.notify(str(error), severity="error", markup=False)
            self.show_picker()

        self._begin_pending("open")
        self.lp.run_store(build, done=built, failed=failed, owner=self, name="mock-open")

    def _begin(self, session: MockSession) -> None:
        self._warn_unsaved()
        self.session = session
        self.added = None
        self._shown_key = None
        self._saved_draft = session.draft
        self._saved_at = self.clock.monotonic()
        self.refresh_view()

    # ------------------------------------------------------------ keys allowed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "go_home" and self.pending is not None:
            return False  # the keys wait for the interview being opened or the cards being added
        s = self.session
        phase = s.phase if s is not None else "picker"
        if action in ("submit", "aloud"):
            return phase == "asking"
        if action == "pause":
            return phase in ("asking", "review") and bool(s and s.allow_pause and not s.paused)
        if action == "resume_clock":
            return phase in ("asking", "review") and bool(s and s.paused)
        if action in ("toggle_rubric", "next"):
            return phase == "review"
        if action == "end":
            return phase in ("asking", "review")
        if action in ("add_to_drill", "export", "new", "discard"):
            return phase == "done"
        return True

    # ------------------------------------------------------------ ticking

    def _tick(self) -> None:
        s = self.session
        if s is None or s.phase == "done":
            return
        if s.phase == "asking":
            answer = self.query_one("#mock-answer", TextArea)
            if s.tick(answer.text) is not None:
                self.notify("Time is up: your answer was submitted as typed.", markup=False)
                self.refresh_view()
                return
            now = self.clock.monotonic()
            if s.draft != self._saved_draft and now - self._saved_at >= CHECKPOINT_S:
                s.checkpoint()
                self._saved_draft, self._saved_at = s.draft, now
        self._show_timers()

    def _show_timers(self) -> None:
        s = self.session
        bar = self.query_one("#mock-timers", CountdownBar)
        if s is None:
            return
        if s.phase == "done":
            bar.show(f"Report · {s.format_title}", [])
            return
        item = s.items[s.index]
        left = f"{s.index + 1}/{len(s.items)} · {item.kind_title}"
        timers = [("prompt", s.item_timer if s.phase == "asking" else None), ("interview", s.interview)]
        bar.show(left, timers, paused=s.paused)

    # ------------------------------------------------------------ views

    def refresh_view(self) -> None:
        s = self.session
        if s is None:
            self.show_picker()
            return
        self._show_timers()
        if s.phase == "done":
            self._show("done")
            self.query_one("#mock-report", Static).update(self._report_view())
            self.query_one("#mock-done", VerticalScroll).focus()
            self.refresh_bindings()
            return
        item = s.items[s.index]
        t = Text()
        t.append(item.title, style="bold")
        t.append(f"  ·  {item.kind_title} · {s.topic_titles.get(item.topic, item.topic)} · {format_clock(item.seconds)}", style="dim")
        if item.follow_up_for:
            t.append("  · follow-up", style="bold yellow")
        self.query_one("#mock-title", Static).update(t)
        key = (s.index, item.key)
        if self._shown_key != key:
            self.query_one("#mock-prompt", Markdown).update(item.text)
            self._shown_key = key
        answer = self.query_one("#mock-answer", TextArea)
        if s.phase == "asking":
            self._show("ask")
            if answer.text != s.draft:
                answer.load_text(s.draft)
            answer.border_title = "Your answer · Ctrl+S submit · F2 answered aloud · F9 end"
            answer.focus()
        else:
            answer.load_text("")
            self._show("review")
            self._review_view()
            review = self.query_one("#mock-review", VerticalScroll)
            review.focus()  # arrows / PgDn scroll the answers
            review.scroll_home(animate=False)
        self.refresh_bindings()

    def _review_view(self) -> None:
        s = self.session
        assert s is not None
        ans = s.current_answer
        assert ans is not None
        self.query_one("#mock-check", Static).update(self._check_view(ans))
        self.query_one("#mock-rubric", Static).update(self._rubric_view(ans))
        self.query_one("#mock-yours", Static).update(self._answer_text(ans))
        self.query_one("#mock-model", Markdown).update(ans.item.model_answer)
        fu = Text()
        if ans.item.follow_ups:
            fu.append("Follow-ups an interviewer might ask:\n", style="bold")
            for f in ans.item.follow_ups:
                fu.append(f" • {f}\n")
        fu.append("Enter: next prompt · ↑↓ PgUp PgDn scroll", style="dim")
        self.query_one("#mock-followups", Static).update(fu)

    @staticmethod
    def _answer_text(ans: ItemAnswer) -> Text:
        if ans.aloud:
            return Text("Answered aloud: tick the points you covered.", style="italic")
        if not ans.text.strip():
            return Text("No answer typed.", style="dim")
        return Text(ans.text.strip())

    @staticmethod
    def _check_view(ans: ItemAnswer) -> Text:
        head = Text()
        head.append(ans.item.title, style="bold")
        head.append(f"  ·  {ans.item.kind_title} · your answer took {format_clock(ans.time_s)}\n", style="dim")
        if ans.timed_out:
            head.append("Time ran out: your answer was submitted as typed.\n", style="bold yellow")
        if ans.check is not None:
            if ans.check.correct:
                head.append(f"✓ Correct: {ans.check.expected}\n", style="bold green")
            else:
                head.append("✗ ", style="bold red")
                head.append((ans.check.message or "wrong") + "\n", style="bold red")
        return head

    @staticmethod
    def _rubric_view(ans: ItemAnswer) -> RenderableType:
        item = ans.item
        n = len(item.rubric)
        keys = "1" if n == 1 else f"1–{n}"
        head = Text()
        head.append("Grade yourself", style="bold")
        head.append(f" — press {keys} to tick what you covered · score {ans.score:g}/{ans.max_score:g}", style="")
        if not ans.aloud and ans.hints and any(ans.hints):
            head.append("\nHints only look for words the question does not contain; you decide.", style="dim")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for i, (p, ticked) in enumerate(zip(item.rubric, ans.ticks)):
            text = Text(p.text)
            if p.must:
                text.append(" · must-have", style="bold")
            if p.weight != 1:
                text.append(f" · ×{p.weight:g}", style="dim")
            hint = ans.hints[i] if i < len(ans.hints) else ""
            if hint:
                text.append(f"\nhint: {hint}", style="dim italic")
            grid.add_row(Text(f" {i + 1} ", style="reverse"), Text("[x]" if ticked else "[ ]", style="bold green" if ticked else ""), text)
        parts: list[RenderableType] = [head, grid]
        if ans.flags_hit:
            flags = Table.grid(padding=(0, 1))
            flags.add_column(no_wrap=True)
            flags.add_column(ratio=1)
            for fi in ans.flags_hit:
                f = item.red_flags[fi]
                body = Text(f.claim, style="bold")
                body.append(f" — {f.correction.strip()}")
                flags.add_row(Text("⚠", style="bold red"), body)
                if f.source:
                    flags.add_row(Text(""), source_line(f.source, label=""))
            parts += [Text("\nRed flags: your answer says something outdated or wrong", style="bold red"), flags]
        missed = ans.missed_must
        if missed and any(ans.ticks):
            parts.append(Text(f"\nMust-have points not ticked: {len(missed)}", style="yellow"))
        return Group(*parts)

    def _report_view(self) -> Group:
        s = self.session
        assert s is not None and s.report is not None
        r = s.report
        head = Text()
        head.append(f"Score {r.score:g}/{r.max_score:g} ({r.percent:.0f}%)", style="bold")
        head.append(f"   time {format_clock(r.duration_s)}")
        if r.timed_out:
            head.append("   — interview time ran out", style="bold yellow")
        table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
        table.add_column("#", justify="right")
        table.add_column("Prompt", ratio=1, overflow="ellipsis", no_wrap=True)
        table.add_column("Score", justify="right")
        table.add_column("Time", justify="right")
        flags = 0
        for i, p in enumerate(r.prompts, 1):
            time = "—" if not p["reached"] else format_clock(p["time_s"]) + ("!" if p["timed_out"] else "")
            title = Text(p["title"])
            if p["reached"] and not p.get("graded", True):
                title.append(" (not graded)", style="dim")
            if p.get("red_flags"):
                flags += len(p["red_flags"])
                title.append(" ⚠", style="bold red")
            table.add_row(str(i), title, f"{p['score']:g}/{p['max_score']:g}", time)
        topics = Text()
        if r.strongest:
            topics.append("Strongest: ", style="bold green")
            topics.append(", ".join(f"{t.title} {t.share:.0%}" for t in r.strongest) + "\n")
        if r.weakest:
            topics.append("Weakest:   ", style="bold red")
            topics.append(", ".join(f"{t.title} {t.share:.0%}" for t in r.weakest) + "\n")
        if flags:
            topics.append(f"Red flags in your answers: {flags} (⚠; the Markdown export explains each)\n", style="red")
        cards = Text()
        if r.drill_cards:
            cards.append(f"Cards to drill next ({len(r.drill_cards)}):\n", style="bold")
            for _key, card_title in r.card_titles:
                cards.append(f" • {card_title}\n")
            if self.added is None:
                cards.append("Press a to add them to today's drill.", style="italic")
            else:
                cards.append(f"Added {plural(len(self.added), 'card')} to today's drill (d opens it).", style="italic green")
        else:
            cards.append("No cards to drill: well done.", style="bold")
        cards.append("\ne export Markdown · x discard · n new interview · Escape home", style="dim")
        return Group(head, table, Text(""), topics, cards)

    # ------------------------------------------------------------ actions

    @on(TextArea.Changed, "#mock-answer")
    def _typed(self, event: TextArea.Changed) -> None:
        if self.session is not None and self.session.phase == "asking":
            self.session.set_draft(event.text_area.text)

    def action_submit(self) -> None:
        if self.session is None or self.session.phase != "asking":
            return
        self.session.submit(self.query_one("#mock-answer", TextArea).text)
        self.refresh_view()

    def action_aloud(self) -> None:
        if self.session is None or self.session.phase != "asking":
            return
        self.session.submit(self.query_one("#mock-answer", TextArea).text, aloud=True)
        self.refresh_view()

    def action_toggle_rubric(self, index: int) -> None:
        if self.session is None or self.session.phase != "review":
            return
        self.session.toggle(index)
        self._review_view()

    def action_next(self) -> None:
        if self.session is None or self.session.phase != "review":
            return
        self.session.next()
        self.refresh_view()

    def action_end(self) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        s = self.session
        if s is None or s.phase == "done":
            return
        left = len(s.items) - len(s.answers) - (1 if s.phase == "asking" else 0)
        lines = [
            "The answer being typed is kept (not graded);" if s.phase == "asking" else "Your ticks on this answer are kept;",
            f"{plural(left, 'prompt')} not reached {'counts' if left == 1 else 'count'} as 0." if left else "this was the last prompt.",
        ]

        def done(answer: str | None) -> None:
            if answer == "end" and self.session is s and s.phase != "done":
                s.end()
                self.refresh_view()

        self.app.push_screen(Choice("End the interview now?", lines, [("end", "y", "End now"), ("keep", "n", "Keep going")], cancel="keep"), done)

    def action_pause(self) -> None:
        s = self.session
        if s is None:
            return
        if not s.pause():
            self.notify("This format does not allow pausing.", markup=False)
        self._show_timers()
        self.refresh_bindings()

    def action_resume_clock(self) -> None:
        s = self.session
        if s is None:
            return
        s.resume_clock()
        self._show_timers()
        self.refresh_bindings()

    def action_add_to_drill(self) -> None:
        s = self.session
        if s is None or s.report is None:
            return

        def added(keys: list[str]) -> None:
            self._end_pending()
            self.added = keys
            self.notify(f"{plural(len(keys), 'card')} added to today's drill.", markup=False)
            self.refresh_view()

        self._begin_pending("add")
        self.lp.run_store(s.add_to_drill, done=added, failed=lambda _e: self._end_pending(), owner=self, name="mock-add")

    def action_export(self) -> None:
        from lambdaprep.study.mock import report_markdown

        s = self.session
        if s is None or s.report is None:
            return
        folder = Path(self.lp.locations.data_dir) / "reports"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = format(s.report.session_id or 0, "04d")
            path = folder / f"mock-{stamp}.md"
            path.write_text(report_markdown(s.report.as_dict()), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not write the report: {exc}", severity="error", markup=False)
            return
        self.notify(f"Report written to {path}", markup=False)

    def action_discard(self) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        s = self.session
        if s is None or s.phase != "done":
            return

        def done(answer: str | None) -> None:
            if answer == "discard" and self.session is s:
                s.discard()
                self.notify("The interview was discarded.", markup=False)
                self.show_picker()

        self.app.push_screen(
            Choice("Discard this interview?", ["Its answers and score are deleted from your history."],
                   [("discard", "y", "Discard"), ("keep", "n", "Keep")], cancel="keep"),
            done,
        )

    def action_new(self) -> None:
        if self.session is not None and self.session.phase == "done":
            self.show_picker()
