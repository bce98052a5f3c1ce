"""Mock interview: a countdown per prompt and for the interview, typed (or spoken) answers,
rubric review with keyword pre-ticks, and a final report.

Timers, checking and scoring are in :mod:`lambdaprep.study.mock`; this screen only
displays them and turns keys into calls. It ticks a few times a second to redraw
the countdowns and to let the session submit an answer when time runs out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from lambdaprep.study.timers import format_clock
from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.tui.widgets.countdown import CountdownBar


class MockScreen(AreaScreen):
    AREA_ID = "mock"
    DEFAULT_CSS = """
    #mock-body { padding: 0 1; height: 1fr; }
    #mock-title { text-style: bold; margin-top: 1; }
    #mock-prompt { margin: 0; padding: 0; }
    #mock-prompt > * { margin-bottom: 0; }
    #mock-answer { height: 7; min-height: 4; border: round $accent; }
    #mock-answer.-hidden { display: none; }
    #mock-formats { height: auto; max-height: 14; border: none; }
    #mock-picker { padding: 1 2; height: auto; }
    #mock-picker.-hidden { display: none; }
    #mock-review { height: auto; }
    #mock-model { margin: 0; padding: 0; }
    """
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        # priority: the answer TextArea has focus (and binds Ctrl+E to "end of line" itself)
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("f2", "aloud", "Answered aloud", priority=True),
        Binding("f5", "pause", "Pause", priority=True),
        *(Binding(str(i + 1), f"toggle({i})", show=False) for i in range(9)),
        Binding("enter", "next", "Next prompt"),
        Binding("ctrl+e", "end", "End interview", priority=True),
        Binding("a", "add_to_drill", "Add cards to drill"),
        Binding("e", "export", "Export Markdown"),
        Binding("n", "new", "New interview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: Any = None
        self.added: list[str] | None = None
        self._shown_key: tuple[int, str] | None = None
        self._first = True

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield CountdownBar(id="mock-timers")
        with Vertical(id="mock-picker"):
            yield Static(Text("Choose an interview format (Enter starts; the clock runs at once):"), id="mock-picker-title")
            yield OptionList(id="mock-formats")
            yield Static(id="mock-history")
        with VerticalScroll(id="mock-body"):
            yield Static(id="mock-title")
            yield Markdown(id="mock-prompt")
            with Vertical(id="mock-review"):
                yield Static(id="mock-check")
                yield Static(id="mock-rubric")
                yield Markdown(id="mock-model")
                yield Static(id="mock-followups")
            yield Static(id="mock-report")
        yield TextArea(id="mock-answer", soft_wrap=True, show_line_numbers=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = "Mock interview"
        fmt = self.options.get("format")
        if fmt or self.options.get("prompts"):
            self.start(fmt)
        else:
            self.show_picker()
        self.set_interval(0.2, self._tick)

    # ------------------------------------------------------------ phases

    def show_picker(self) -> None:
        from lambdaprep.study.mock import format_choices

        self.session = None
        self.added = None
        options = self.query_one("#mock-formats", OptionList)
        options.clear_options()
        choices = format_choices(self.lp.catalog)
        for key, title, detail in choices:
            t = Text(title, style="bold")
            t.append(f"  {detail}", style="dim")
            options.add_option(Option(t, id=key))
        if not choices:
            self.query_one("#mock-picker-title", Static).update(Text("No mock interview formats in the loaded packs."))
        self.query_one("#mock-picker").remove_class("-hidden")
        self.query_one("#mock-body").display = False
        self.query_one("#mock-answer").add_class("-hidden")
        self.query_one("#mock-timers", CountdownBar).show("Mock interview", [])
        if choices:
            options.highlighted = 0
        self.query_one("#mock-history", Static).update(self._history_line())
        options.focus()
        self.refresh_bindings()

    def _history_line(self) -> Text:
        from lambdaprep.study.mock import sparkline

        try:
            rows = self.lp.store.mock_history(20)
        except Exception:  # no history shown rather than no interview
            return Text("")
        if not rows:
            return Text("No interviews yet. Your score trend will show here; 'lambdaprep history' lists them.", style="dim")
        scores = [100.0 * (r["score"] or 0) / r["max_score"] if r.get("max_score") else 0.0 for r in rows]
        t = Text("Your last interviews: ", style="dim")
        t.append(sparkline(scores), style="bold")
        t.append(f"  latest {scores[-1]:.0f}%", style="dim")
        return t

    @on(OptionList.OptionSelected, "#mock-formats")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.start(event.option.id)

    def start(self, format_key: str | None) -> None:
        from lambdaprep.study.mock import MockSession

        store = None
        try:
            store = self.lp.store
        except Exception as exc:
            self.notify(f"Progress will not be saved: {exc}", severity="warning", markup=False)
        try:
            self.session = MockSession.build(
                self.lp.catalog,
                format_key,
                seed=self.options.get("seed") if self._first else None,  # a new interview picks anew
                clock=self.clock,
                store=store,
                prompts=self.options.get("prompts") if self._first else None,
            )
        except Exception as exc:  # LambdaprepError: unknown format
            self.notify(str(exc), severity="error", markup=False)
            self.show_picker()
            return
        self._first = False
        self.added = None
        self._shown_key = None
        self.query_one("#mock-picker").add_class("-hidden")
        self.query_one("#mock-body").display = True
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        phase = s.phase if s is not None else "picker"
        if action in ("submit", "aloud"):
            return phase == "asking"
        if action == "pause":
            return phase in ("asking", "review") and bool(s and s.allow_pause)
        if action in ("toggle", "next"):
            return phase == "review"
        if action == "end":
            return phase in ("asking", "review")
        if action in ("add_to_drill", "export", "new"):
            return phase == "done"
        return True

    def _tick(self) -> None:
        s = self.session
        if s is None or s.phase == "done":
            return
        if s.phase == "asking":
            answer = self.query_one("#mock-answer", TextArea)
            submitted = s.tick(answer.text)
            if submitted is not None:
                self.notify("Time is up: your answer was submitted as typed.", markup=False)
                self.refresh_view()
                return
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

    def refresh_view(self) -> None:
        s = self.session
        self._show_timers()
        title = self.query_one("#mock-title", Static)
        prompt = self.query_one("#mock-prompt", Markdown)
        review = self.query_one("#mock-review")
        report = self.query_one("#mock-report", Static)
        answer = self.query_one("#mock-answer", TextArea)
        if s.phase == "done":
            title.update(Text(f"Report: {s.format_title}", style="bold"))
            prompt.display = False
            review.display = False
            answer.add_class("-hidden")
            report.display = True
            report.update(self._report_view())
            self.query_one("#mock-body", VerticalScroll).focus()
            self.refresh_bindings()
            return
        report.display = False
        prompt.display = True
        item = s.items[s.index]
        t = Text()
        t.append(f"{item.title}", style="bold")
        t.append(f"  ·  {item.kind_title} · {s.topic_titles.get(item.topic, item.topic)} · {format_clock(item.seconds)}", style="dim")
        title.update(t)
        key = (s.index, item.key)
        if self._shown_key != key:
            prompt.update(item.text)
            self._shown_key = key
        if s.phase == "asking":
            review.display = False
            if answer.has_class("-hidden") or answer.text and not s.draft:
                answer.load_text(s.draft)
            answer.remove_class("-hidden")
            answer.border_title = "Your answer · Ctrl+S submit · F2 answered aloud"
            answer.focus()
        else:
            answer.add_class("-hidden")
            answer.load_text("")
            review.display = True
            self._review_view()
            self.query_one("#mock-body", VerticalScroll).focus()  # arrows / PgDn scroll the model answer
            self.query_one("#mock-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _review_view(self) -> None:
        s = self.session
        ans = s.current_answer
        item = ans.item
        check = self.query_one("#mock-check", Static)
        head = Text()
        if ans.timed_out:
            head.append("Time ran out. ", style="bold yellow")
        if ans.aloud:
            head.append("Answered aloud: tick the points you covered.\n", style="italic")
        elif ans.text.strip():
            head.append("You wrote: ", style="dim")
            head.append(ans.text.strip()[:400])
            head.append("\n")
        else:
            head.append("No answer typed.\n", style="dim")
        if ans.check is not None:
            if ans.check.correct:
                head.append(f"✓ Correct: {ans.check.expected}", style="bold green")
            else:
                head.append("✗ ", style="bold red")
                head.append(ans.check.message or "wrong", style="bold red")
        check.update(head)
        rub = Text()
        n = len(item.rubric)
        keys = "1" if n == 1 else f"1–{n}"
        rub.append(f"Your grade — press {keys} to tick what you covered · score {ans.score:g}/{ans.max_score:g}\n", style="bold")
        for i, (p, ticked) in enumerate(zip(item.rubric, ans.ticks), 1):
            line = Text()
            line.append(f" {i} ", style="reverse")
            line.append(" [x] " if ticked else " [ ] ", style="bold green" if ticked else "")
            line.append(p.text)
            if p.must:
                line.append(" (must-have)", style="bold")
            if p.weight != 1:
                line.append(f" (×{p.weight:g})", style="dim")
            hint = ans.hints[i - 1] if i - 1 < len(ans.hints) else ""
            if hint:
                line.append(f"  · hint: {hint}", style="dim italic")
            line.append("\n")
            rub.append_text(line)
        if ans.flags_hit:
            rub.append("Red flags in your answer:\n", style="bold red")
            for fi in ans.flags_hit:
                f = item.red_flags[fi]
                rub.append(" ⚠ ", style="bold red")
                rub.append(f.claim, style="bold")
                rub.append(f" — {f.correction.strip()}\n")
        self.query_one("#mock-rubric", Static).update(rub)
        self.query_one("#mock-model", Markdown).update("**Model answer**\n\n" + item.model_answer)
        fu = Text()
        if item.follow_ups:
            fu.append("Follow-ups an interviewer might ask:\n", style="bold")
            for f in item.follow_ups:
                fu.append(f" • {f}\n")
        fu.append("Enter: next prompt", style="dim")
        self.query_one("#mock-followups", Static).update(fu)

    def _report_view(self) -> Group:
        s = self.session
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
        for i, p in enumerate(r.prompts, 1):
            time = "—" if not p["reached"] else format_clock(p["time_s"]) + ("!" if p["timed_out"] else "")
            table.add_row(str(i), Text(p["title"]), f"{p['score']:g}/{p['max_score']:g}", time)
        topics = Text()
        if r.strongest:
            topics.append("Strongest: ", style="bold green")
            topics.append(", ".join(f"{t.title} {t.share:.0%}" for t in r.strongest) + "\n")
        if r.weakest:
            topics.append("Weakest:   ", style="bold red")
            topics.append(", ".join(f"{t.title} {t.share:.0%}" for t in r.weakest) + "\n")
        cards = Text()
        if r.drill_cards:
            cards.append(f"Cards to drill next ({len(r.drill_cards)}): ", style="bold")
            cards.append(", ".join(self._card_title(k) for k in r.drill_cards))
            if self.added is None:
                cards.append("\nPress a to add them to today's drill.", style="italic")
            else:
                cards.append(f"\nAdded {len(self.added)} card(s) to today's drill (d opens it).", style="italic green")
        else:
            cards.append("No cards to drill: well done.", style="bold")
        cards.append("\ne export Markdown · n new interview · Escape home", style="dim")
        return Group(head, table, Text(""), topics, cards)

    def _card_title(self, key: str) -> str:
        cat = self.lp.catalog
        if key in cat.limits:
            return cat.limits[key].name
        card = cat.cards.get(key)
        if card is not None:
            first = card.front.strip().splitlines()[0] if card.front.strip() else key
            return first[:50] + ("…" if len(first) > 50 else "")
        return key

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

    def action_toggle(self, index: int) -> None:
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
        if self.session is None or self.session.phase == "done":
            return
        self.session.end()
        self.refresh_view()

    def action_pause(self) -> None:
        s = self.session
        if s is None:
            return
        if s.paused:
            s.resume_clock()
        elif not s.pause():
            self.notify("This format does not allow pausing.", markup=False)
        self._show_timers()

    def action_add_to_drill(self) -> None:
        if self.session is None or self.session.report is None:
            return
        self.added = self.session.add_to_drill()
        self.notify(f"{len(self.added)} card(s) added to today's drill.", markup=False)
        self.refresh_view()

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

    def action_new(self) -> None:
        if self.session is not None and self.session.phase == "done":
            self.show_picker()
