"""Exam mode: a practice exam with no feedback until the end (an area of its own, key x).

All logic (choosing, changing answers, flags, scoring, storing) is in
:mod:`lambdaprep.study.quiz_exam`; this screen only shows it and turns keys into calls.
Views: the intro, a question, the review list (unanswered and flagged first), the result.
Every pick, flag and move is saved in a worker (in order); an exam left unfinished (a closed
terminal, a crash) is offered for resuming when the area opens or a new exam is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from lambdaprep.errors import LambdaprepError
from lambdaprep.study.timers import format_clock
from lambdaprep.tui.options import ExamOptions
from lambdaprep.tui.screens.base import SavingScreen
from lambdaprep.tui.widgets.choices import choice_grid, pick_bindings, question_text, source_line
from lambdaprep.tui.widgets.countdown import CountdownBar

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.quiz_exam import ExamSession

CHECKPOINT_S = 10.0
"""While a question is open, the time used is also saved this often (besides every pick, flag and move)."""

class ExamScreen(SavingScreen):
    AREA_ID = "exam"
    DEFAULT_CSS = """
    #exam-body { padding: 1 2; height: 1fr; }
    #exam-review { height: 1fr; padding: 0 1; }
    #exam-review-list { height: 1fr; border: none; }
    """
    BINDINGS = [
        Binding("escape", "leave", "Home"),
        *pick_bindings(),
        Binding("enter", "start", "Start", show=True),
        Binding("right,n", "next", "Next", key_display="→"),
        Binding("left,p", "back", "Back", key_display="←"),
        Binding("m", "flag", "Mark", tooltip="mark (flag) the question to come back to it"),
        Binding("r", "review", "Review"),
        Binding("s", "submit", "Submit…"),
        Binding("x", "again", "New exam"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.exam: ExamSession | None = None
        self.view = "intro"
        """What a worker is doing (``"open"``, ``"submit"``): the exam keys wait for it."""
        self._saved_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield CountdownBar(id="exam-status")
        with VerticalScroll(id="exam-body"):
            yield Static(id="exam-main")
        with Vertical(id="exam-review"):
            yield Static(id="exam-review-head")
            yield OptionList(id="exam-review-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Exam"
        self.show_intro()
        self._offer_resume(self.start if self.lp.options_for(ExamOptions).start else None)
        self.set_interval(0.25, self._tick)

    # ------------------------------------------------------------ settings

    @property
    def n(self) -> int:
        return self.lp.options_for(ExamOptions).n

    @property
    def seconds(self) -> float | None:
        value = self.lp.options_for(ExamOptions).time_limit_s
        return float(value) if value else None

    # ------------------------------------------------------------ views

    def _set_view(self, view: str) -> None:
        self.view = view
        self.query_one("#exam-body").display = view != "review"
        self.query_one("#exam-review").display = view == "review"
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_bindings)  # again once focus has moved, so the footer follows

    def show_intro(self) -> None:
        t = Text()
        t.append("Practice exam\n\n", style="bold")
        limit = f"{format_clock(self.seconds)} on the clock" if self.seconds else "no time limit"
        t.append(f"{self.n} questions, {limit}. Nothing is marked right or wrong until you submit.\n\n")
        t.append("1–9 or a–i choose (tick, for select-all questions) · m mark (flag) · → n next · ← p back\n")
        t.append("r review the unanswered and flagged questions · s submit · Escape leave\n\n")
        t.append("Enter starts the exam.", style="bold")
        self.query_one("#exam-main", Static).update(t)
        self.query_one("#exam-status", CountdownBar).show("Exam", [])
        self._set_view("intro")
        self.query_one("#exam-body").focus()

    # ------------------------------------------------------------ saving, resuming

    def _persist(self, op: Callable[[Store], object]) -> None:
        """How the exam saves (every pick, flag and move, a discard): in a worker, in order."""
        self._save_in_order(op, "exam")

    def _offer_resume(self, then: Callable[[], None] | None) -> None:
        """Look for an exam left unfinished; offer it, or go on with ``then`` (start a new exam; None: stay at the intro)."""

        def unfinished() -> dict[str, Any] | None:
            store = self._store()
            return store.unfinished_exam() if store is not None else None

        def found(state: dict[str, Any] | None) -> None:
            self._end_pending()
            if state is None or self.exam is not None:
                if then is not None:
                    then()
                return
            self._ask_resume(state, then)

        self._begin_pending("open")
        self.lp.run_store(unfinished, done=found, failed=lambda _e: self._end_pending(), owner=self, write=False, name="exam-unfinished")

    def _ask_resume(self, state: dict[str, Any], then: Callable[[], None] | None) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        qs = state.get("questions", [])
        answered = sum(1 for q in qs if isinstance(q, dict) and q.get("chosen"))
        limit, used = state.get("time_limit_s"), float(state.get("used_s", 0.0))
        clock = f"{format_clock(max(0.0, float(limit) - used))} left" if limit else f"{format_clock(used)} used, no time limit"
        lines = [
            f"{answered} of {len(qs)} questions answered, {clock}.",
            "Resume: the countdown goes on where it stopped.",
            "Discard: the exam and its answers are deleted.",
        ]

        def done(answer: str | None) -> None:
            if answer == "resume":
                self.resume(state)
            elif answer == "discard":
                aid = int(state.get("attempt_id") or 0)
                self._persist(lambda store: store.discard_exam(aid))
                self.notify("The unfinished exam was discarded.", markup=False)
                if then is not None:
                    then()
            else:
                self.lp.go_home()

        self.app.push_screen(
            Choice("An exam is still in progress", lines, [("resume", "r", "Resume"), ("discard", "d", "Discard"), ("later", "l", "Later")],
                   cancel="later"),
            done,
        )

    def resume(self, state: dict[str, Any]) -> None:
        """Rebuild the saved exam in a worker; its countdown goes on from the time used."""
        from lambdaprep.study.quiz_exam import ExamSession

        catalog, clock = self.lp.catalog, self.clock
        assert catalog is not None

        def load() -> ExamSession | str:
            try:
                return ExamSession.resume(catalog, state, clock=clock, store=self._store())
            except (KeyError, TypeError, ValueError) as exc:  # a state this version cannot read
                return f"This exam cannot be resumed: {exc}"

        def loaded(result: ExamSession | str) -> None:
            self._end_pending()
            if isinstance(result, str):
                self.notify(result, severity="error", markup=False)
                return
            if result.dropped:
                n = len(result.dropped)
                self.notify(
                    f"{n} question{'s are' if n != 1 else ' is'} no longer in the packs and left out: {', '.join(result.dropped[:3])}"
                    + ("…" if n > 3 else "."),
                    severity="warning", markup=False,
                )
            self._started((result, None))

        self._begin_pending("open")
        self.lp.run_store(load, done=loaded, failed=lambda _e: self._end_pending(), owner=self, name="exam-resume")

    def start(self) -> None:
        """Build the exam in a worker (its attempt is stored as it starts); the clock runs from then."""
        from lambdaprep.study.quiz_exam import ExamSession

        o = self.lp.options_for(ExamOptions)
        catalog = self.lp.catalog
        assert catalog is not None  # areas open once the packs are loaded
        n, seconds, clock = self.n, self.seconds, self.clock

        def build() -> tuple[ExamSession, str | None]:
            store, warning = None, None
            try:
                store = self.lp.store
            except LambdaprepError as exc:  # damaged or newer: exam without saving
                warning = f"Progress will not be saved: {exc}"
            exam = ExamSession.build(
                catalog, packs=o.packs, topics=o.topics, n=n, seed=o.seed, time_limit_s=seconds,
                clock=clock, store=store,
            )
            return exam, warning

        self.query_one("#exam-main", Static).update(Text("Preparing your exam…", style="dim"))
        self._begin_pending("open")
        self.lp.run_store(build, done=self._started, failed=lambda _e: self._end_pending(), owner=self, name="exam-open")

    def _started(self, built: tuple[ExamSession, str | None]) -> None:
        self._end_pending()
        exam, warning = built
        if warning:
            self.notify(warning, severity="warning", markup=False)
        if not exam.questions:
            if exam.attempt_id is not None:
                exam.persist = self._persist
                exam.discard()
            self.query_one("#exam-main", Static).update(Text("No quiz questions match (check --pack/--topic, or the packs have none)."))
            return
        exam.persist = self._persist  # from now on saves run in a worker, in order
        self._saved_at = self.clock.monotonic()
        self.exam = exam
        self.show_question()

    def _submit_now(self) -> None:
        """Score and store the exam in a worker; the result shows when it is committed."""
        e = self.exam
        if e is None or e.finished or self.pending == "submit":
            return

        def submitted(_result: object) -> None:
            self._end_pending()
            self.show_result()

        self._begin_pending("submit")
        self.lp.run_store(e.submit, done=submitted, failed=lambda _e: self._end_pending(), owner=self, ordered="exam", name="exam-submit")

    def _status(self) -> None:
        e = self.exam
        bar = self.query_one("#exam-status", CountdownBar)
        if e is None:
            return
        if e.finished:
            bar.show("Exam result", [])
            return
        left = f"Question {e.index + 1}/{e.total} · {e.total - len(e.unanswered())} answered · {len(e.flags)} flagged"
        bar.show(left, [("exam", e.countdown)])

    def show_question(self) -> None:
        e = self.exam
        assert e is not None
        q = e.current
        assert q is not None
        self._status()
        picked = e.chosen.get(e.index, frozenset())
        head = Text()
        head.append(f"Question {e.index + 1} of {e.total}", style="bold")
        head.append(f"  ·  {e.topic_titles.get(q.topic, q.topic)}", style="dim")
        if e.index in e.flags:
            head.append("  ⚑ flagged", style="bold yellow")
        marks = [("[x]" if i in picked else "[ ]") if q.multiple else ("(•)" if i in picked else "( )") for i in range(len(q.choices))]
        styles = ["bold" if i in picked else "" for i in range(len(q.choices))]
        hint = Text("\n1–9 or a–i " + ("tick" if q.multiple else "choose") + " · m mark · → next · ← back · r review · s submit", style="dim")
        body = Group(head, Text(""), question_text(q.question, q.multiple, hint=""), Text(""), choice_grid(q.choices, marks, styles), hint)
        self.query_one("#exam-main", Static).update(body)
        self._set_view("question")
        self.query_one("#exam-body", VerticalScroll).scroll_home(animate=False)
        self.query_one("#exam-body").focus()

    def show_review(self) -> None:
        e = self.exam
        assert e is not None
        self._status()
        un, fl = e.unanswered(), e.flagged()
        head = Text()
        head.append("Review", style="bold")
        head.append(f"  {e.total - len(un)} answered · ")
        head.append(f"{len(un)} unanswered", style="bold yellow" if un else "")
        head.append(" · ")
        head.append(f"{len(fl)} flagged", style="bold yellow" if fl else "")
        head.append("\nUnanswered and flagged questions first. Enter opens one · s submit · Escape back to the question", style="dim")
        self.query_one("#exam-review-head", Static).update(head)
        order = [i for i in range(e.total) if i in un or i in fl] + [i for i in range(e.total) if i not in un and i not in fl]
        options = self.query_one("#exam-review-list", OptionList)
        options.clear_options()
        room = max(20, (self.size.width or 80) - 24)
        for i in order:
            q = e.questions[i]
            t = Text()
            t.append(f"{i + 1:>3} ", style="bold")
            t.append("unanswered " if i in un else "answered   ", style="yellow" if i in un else "green")
            t.append("⚑ " if i in fl else "  ", style="bold yellow")
            first = Text(" ".join(q.question.split()) or q.key)
            first.truncate(room, overflow="ellipsis")
            t.append_text(first)
            options.add_option(Option(t, id=str(i)))
        self._set_view("review")
        if order:
            options.highlighted = 0
        options.focus()

    def show_result(self) -> None:
        e = self.exam
        assert e is not None and e.result is not None
        r = e.result
        self._status()
        head = Text()
        head.append(f"{r.right}/{r.total}", style="bold")
        head.append(f"  ({r.percent:.0f}%)  in {format_clock(r.duration_s)}")
        if r.timed_out:
            head.append("  — time ran out; what you had chosen was submitted", style="bold yellow")
        topics = Table(box=None, pad_edge=False, header_style="bold")
        topics.add_column("Topic (weakest first)")
        topics.add_column("Right", justify="right")
        topics.add_column("", justify="right")
        for t in r.topics:
            topics.add_row(Text(t.title), f"{t.right}/{t.total}", f"{t.percent:.0f}%")
        parts: list[RenderableType] = [head, Text(""), topics, Text("")]
        for n, f in enumerate(r.answers, 1):
            q = f.question
            title = Text()
            title.append(f"{n}. ", style="bold")
            title.append("✓ " if f.correct else ("— " if not f.chosen else "✗ "), style="bold green" if f.correct else "bold red")
            title.append(q.question.strip(), style="bold")
            if not f.chosen:
                title.append("  (unanswered)", style="yellow")
            marks = ["✓" if i in q.correct else ("✗" if i in f.chosen else "") for i in range(len(q.choices))]
            styles = ["green" if i in q.correct else ("red" if i in f.chosen else "dim") for i in range(len(q.choices))]
            labels = [c + ("  ← your answer" if i in f.chosen else "") for i, c in enumerate(q.choices)]
            parts += [title, choice_grid(labels, marks, styles)]
            expl = Text(q.explanation.strip())
            parts.append(expl)
            if q.why:
                why = Table.grid(padding=(0, 1))
                why.add_column(no_wrap=True)
                why.add_column(ratio=1)
                for i, text in q.why:
                    line = Text(q.choices[i], style="bold")
                    line.append(f" — {text.strip()}")
                    why.add_row(Text(f" {i + 1} ", style="reverse"), line)
                parts.append(why)
            parts += [source_line(q.source), Text("")]
        parts.append(Text("x new exam · Escape home", style="dim"))
        self.query_one("#exam-main", Static).update(Group(*parts))
        self._set_view("result")
        self.query_one("#exam-body", VerticalScroll).scroll_home(animate=False)
        self.query_one("#exam-body").focus()

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in ("leave", "go_home") and self.pending is not None:
            return False
        view = self.view
        if action == "start":
            return view == "intro"
        if action in ("pick", "flag", "next", "back"):
            return view == "question"
        if action in ("review", "submit"):
            return view in ("question", "review")
        if action == "again":
            return view == "result"
        return True

    def _tick(self) -> None:
        e = self.exam
        if e is None or e.finished:
            return
        if e.expired():
            if self.pending != "submit":
                self.notify("Time is up: the exam is submitted with the answers you had chosen.", markup=False)
                self._submit_now()
            return
        now = self.clock.monotonic()
        if now - self._saved_at >= CHECKPOINT_S and self.pending is None:
            self._saved_at = now
            e.save()
        self._status()

    def action_start(self) -> None:
        if self.view == "intro" and self.exam is None:
            self._offer_resume(self.start)  # an exam left unfinished is offered before a new one replaces it

    def action_pick(self, index: int) -> None:
        if self.exam is not None and self.view == "question":
            self.exam.pick(index)
            self.show_question()

    def action_flag(self) -> None:
        if self.exam is not None and self.view == "question":
            self.exam.toggle_flag()
            self.show_question()

    def action_next(self) -> None:
        e = self.exam
        if e is None or self.view != "question":
            return
        if e.index == e.total - 1:
            self.show_review()  # after the last question: the review list
            return
        e.next()
        self.show_question()

    def action_back(self) -> None:
        if self.exam is not None and self.view == "question":
            self.exam.back()
            self.show_question()

    def action_review(self) -> None:
        if self.exam is not None and not self.exam.finished:
            self.show_review()

    @on(OptionList.OptionSelected, "#exam-review-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if self.exam is not None and event.option.id is not None:
            self.exam.go(int(event.option.id))
            self.show_question()

    def action_submit(self) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        e = self.exam
        if e is None or e.finished:
            return
        un, fl = len(e.unanswered()), len(e.flagged())
        lines = [f"{un} unanswered (they count as wrong), {fl} flagged." if un or fl else "Every question is answered."]
        lines.append("After submitting you see the score and every explanation.")

        def done(answer: str | None) -> None:
            if answer == "submit" and self.exam is e and not e.finished:
                self._submit_now()

        self.app.push_screen(Choice("Submit the exam?", lines, [("submit", "y", "Submit"), ("keep", "n", "Keep going")], cancel="keep"), done)

    def action_leave(self) -> None:
        from lambdaprep.tui.widgets.confirm import Choice

        e = self.exam
        if self.view == "review":
            self.show_question()
            return
        if e is None or e.finished:
            self.lp.go_home()
            return

        def done(answer: str | None) -> None:
            if answer == "leave":
                self.lp.go_home()

        self.app.push_screen(
            Choice("Leave the exam?", ["The clock keeps running; x or the palette brings you back.", "Submit with s to get your score."],
                   [("leave", "y", "Leave"), ("keep", "n", "Stay")], cancel="keep"),
            done,
        )

    def action_again(self) -> None:
        if self.view == "result":
            self.exam = None
            self.show_intro()


__all__ = ["ExamScreen"]
