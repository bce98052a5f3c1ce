"""Quiz: multiple-choice questions with immediate feedback and a score screen.

All logic (shuffling, checking, timing, storing) is in :mod:`lambdaprep.study.quiz`;
this screen only shows it and turns keys into calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from lambdaprep.errors import LambdaprepError
from lambdaprep.study.timers import format_clock
from lambdaprep.tui.options import QuizOptions
from lambdaprep.tui.screens.base import SavingScreen
from lambdaprep.tui.widgets.choices import choice_grid, pick_bindings, question_text, source_line
from lambdaprep.tui.widgets.countdown import CountdownBar
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.study.quiz import Feedback, QuizResult, QuizSession

class QuizScreen(SavingScreen):
    AREA_ID = "quiz"
    DEFAULT_CSS = """
    #quiz-body { padding: 1 2; }
    #quiz-question { margin-bottom: 1; text-style: bold; }
    #quiz-choices { margin-bottom: 1; }
    #quiz-feedback { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        *pick_bindings(),
        Binding("enter", "submit", "Submit / next"),
        Binding("space", "next", "Next", show=False),
        Binding("r", "retry", "Retry mistakes"),
        Binding("n", "new_quiz", "New quiz"),
        Binding("t", "timed", "Timed quiz (5 min)"),
        Binding("p", "pick_topic", "Topic", show=False),
    ]

    TIMED_SECONDS = 300.0
    """The countdown ``t`` starts (``lambdaprep quiz --time`` sets any other)."""

    def __init__(self) -> None:
        super().__init__()
        self.session: QuizSession | None = None
        self.picked: set[int] = set()
        self.feedback: Feedback | None = None
        self.result: QuizResult | None = None
        """What a worker is doing (``"answer"``, ``"next"``, …): the quiz keys wait for it."""
        self._status_text = ""
        self._first = True
        self._time_limit: float | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        yield CountdownBar(id="quiz-status")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-question")
            yield Static(id="quiz-choices")
            yield Static(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.start()
        self.query_one("#quiz-body", VerticalScroll).focus()  # arrows / PgDn scroll long explanations
        self.set_interval(0.25, self._tick)

    # ------------------------------------------------------------ session

    def start(self, keys: list[str] | None = None) -> None:
        """Build a quiz (``keys``: retry those of the current one) in a worker: it is stored as it starts."""
        from lambdaprep.study.quiz import QuizSession

        o = self.lp.options_for(QuizOptions)
        catalog = self.lp.catalog
        assert catalog is not None  # areas open once the packs are loaded
        previous = self.session if keys is not None else None
        seed = o.seed if self._first else None  # "new quiz" is a new shuffle
        time_limit = self._time_limit if self._time_limit is not None else o.time_limit_s
        clock = self.clock

        def build() -> tuple[QuizSession, str | None]:
            if previous is not None:
                return previous.retry_mistakes(), None
            store, warning = None, None
            try:
                store = self.lp.store
            except LambdaprepError as exc:  # a damaged or newer database: quiz without saving
                warning = f"Progress will not be saved: {exc}"
            session = QuizSession.build(
                catalog,
                packs=o.packs,
                topics=o.topics,
                n=o.n,
                seed=seed,
                time_limit_s=time_limit,
                clock=clock,
                store=store,
            )
            return session, warning

        self._first = False
        self.session = None
        self.picked = set()
        self.feedback = None
        self.result = None
        self.query_one("#quiz-question", Static).update(Text("Preparing your quiz…", style="dim"))
        self._begin_pending("open")
        self.lp.run_store(build, done=self._started, failed=lambda _e: self._end_pending(), owner=self, name="quiz-open")

    def _started(self, built: tuple[QuizSession, str | None]) -> None:
        self._end_pending()
        self.session, warning = built
        if warning:
            self.notify(warning, severity="warning", markup=False)
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "go_home" and self.pending is not None:
            return False  # the keys wait for the answer being saved
        if action in ("retry", "new_quiz"):
            return self.result is not None
        if action == "timed":
            # before the first answer (restarts the quiz with a countdown) or on the score screen
            return self.result is not None or (self.session is not None and not self.session.feedback and self.session.countdown is None)
        if action == "pick_topic":
            return self.result is not None or (self.session is not None and not self.session.feedback)
        if action == "pick":
            return self.result is None and self.feedback is None
        if action in ("submit", "next"):
            return self.result is None
        return True

    def on_screen_suspend(self) -> None:
        # leaving a timed quiz (Escape, another area) pauses its countdown
        s = self.session
        if s is not None and s.countdown is not None and self.result is None:
            s.countdown.pause()

    def on_screen_resume(self) -> None:
        s = self.session
        if s is not None and s.countdown is not None and self.result is None:
            s.countdown.resume()

    def restart(self) -> None:
        """A new quiz with the current options (e.g. a topic chosen in the picker)."""
        if self.session is not None and self.result is None:
            self.session.finish()  # answers so far are kept; an attempt with none is not recorded
        self.session = None
        self.start()

    def action_pick_topic(self) -> None:
        self.lp.pick_topic("quiz")

    def _tick(self) -> None:
        s = self.session
        if s is None or self.result is not None:
            return
        if self.pending is not None:
            # a worker is changing the session: only the countdown moves meanwhile
            self.query_one("#quiz-status", CountdownBar).show(self._status_text, [("quiz", s.countdown)])
            return
        if s.expired():
            self._begin_pending("finish")
            self.lp.run_store(s.finish, done=self._finished, failed=lambda _e: self._end_pending(), owner=self, name="quiz-finish")
            return
        self._status()

    def _finished(self, result: QuizResult) -> None:
        self._end_pending()
        self.result = result
        self.refresh_view()

    def _status(self) -> None:
        s = self.session
        bar = self.query_one("#quiz-status", CountdownBar)
        if self.result is not None or s is None:
            bar.show("Quiz finished" if self.result is not None else "", [])
            return
        if s is None:
            return
        q = s.current
        left = f"Question {s.index + 1}/{s.total}" + (f" · {s.topic_titles.get(q.topic, q.topic)}" if q else "")
        right = f"{sum(1 for f in s.feedback if f.correct)} right"
        self._status_text = f"{left} · {right}"
        bar.show(self._status_text, [("quiz", s.countdown)])

    def refresh_view(self) -> None:
        if self.session is None:
            return
        self._status()
        question = self.query_one("#quiz-question", Static)
        choices = self.query_one("#quiz-choices", Static)
        fb_view = self.query_one("#quiz-feedback", Static)
        if self.result is not None:
            question.update(Text("Your score", style="bold"))
            choices.update(self._score_view())
            fb_view.update(Text("r retry mistakes · n new quiz · Escape home", style="dim"))
            self.refresh_bindings()
            return
        q = self.session.current
        if q is None:
            question.update(Text("No quiz questions match (check --pack/--topic, or the packs have none)."))
            choices.update("")
            fb_view.update("")
            return
        question.update(question_text(q.question, q.multiple))
        marks, styles = [], []
        for i in range(len(q.choices)):
            mark = ""
            style = ""
            if self.feedback is not None:
                if i in q.correct:
                    style = "bold green"
                    mark = "✓"
                elif i in self.feedback.chosen:
                    style = "bold red"
                    mark = "✗"
            elif q.multiple:
                mark = "[x]" if i in self.picked else "[ ]"
            marks.append(mark)
            styles.append(style)
        choices.update(choice_grid(q.choices, marks, styles))
        if self.feedback is None:
            fb_view.update(Text("Press 1–9 or a–i" + (" to tick, Enter to submit" if q.multiple else " to answer"), style="dim"))
        else:
            fb = self.feedback
            out = Text()
            if fb.correct:
                out.append("✓ Correct", style="bold green")
            else:
                out.append("✗ Not quite", style="bold red")
                out.append(" — the answer: ", style="bold")
                out.append("; ".join(q.correct_choices))
            out.append(f"   ({fb.time_s:.0f}s)\n\n", style="dim")
            out.append(q.explanation.strip())
            for i, why in q.why:
                out.append(f"\n\n{i + 1} ", style="reverse")
                out.append(" ✓ " if i in q.correct else " ✗ ", style="green" if i in q.correct else "red")
                out.append(q.choices[i], style="bold")
                out.append(f" — {why.strip()}")
            out.append("\n")
            tail = Text()
            if fb.brought_forward:
                tail.append(f"{plural(len(fb.brought_forward), 'related card')} {'is' if len(fb.brought_forward) == 1 else 'are'} now due in your drill.\n", style="italic")
            tail.append("\nEnter: next question", style="dim")
            from rich.console import Group

            fb_view.update(Group(out, source_line(q.source), tail))  # the URL on its own line, never broken mid-word
        self.refresh_bindings()

    def _score_view(self) -> Any:
        from rich.console import Group

        r = self.result
        assert r is not None
        head = Text()
        head.append(f"{r.right}/{r.total}", style="bold")
        head.append(f"  ({r.percent:.0f}%)  in {format_clock(r.duration_s)}")
        if r.timed_out:
            head.append("  — time ran out", style="bold yellow")
        if r.unreached:
            head.append(f"\n{len(r.unreached)} not reached (not counted; r asks them again)", style="dim")
        topics = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        topics.add_column("Topic")
        topics.add_column("Right", justify="right")
        for t in r.topics:
            topics.add_row(Text(t.title), f"{t.right}/{t.total}")
        per_q = Table(box=None, pad_edge=False, show_header=True, header_style="bold", expand=True)
        per_q.add_column("#", justify="right")
        per_q.add_column("")
        per_q.add_column("Question", overflow="ellipsis", no_wrap=True, ratio=1)
        per_q.add_column("Time", justify="right")
        for i, f in enumerate(r.answers, 1):
            per_q.add_row(str(i), Text("✓", style="green") if f.correct else Text("✗", style="red"), Text(f.question.question.splitlines()[0]), f"{f.time_s:.0f}s")
        return Group(head, Text(""), topics, Text(""), per_q)

    # ------------------------------------------------------------ actions

    def action_pick(self, index: int) -> None:
        q = self.session.current if self.session else None
        if q is None or self.feedback is not None or index >= len(q.choices):
            return
        if q.multiple:
            self.picked ^= {index}
            self.refresh_view()
        else:
            self._answer({index})

    def _answer(self, chosen: set[int]) -> None:
        s = self.session
        assert s is not None
        self._begin_pending("answer")  # stored (and related cards brought forward) in a worker
        self.lp.run_store(lambda: s.answer(chosen), done=self._answered, failed=lambda _e: self._end_pending(), owner=self, name="quiz-answer")

    def _answered(self, feedback: Feedback) -> None:
        self._end_pending()
        self.feedback = feedback
        self.picked = set()
        self.refresh_view()

    def action_submit(self) -> None:
        if self.result is not None or self.session is None:
            return
        q = self.session.current
        if q is None:
            return
        if self.feedback is None:
            if q.multiple and self.picked:
                self._answer(set(self.picked))
            return
        self.action_next()

    def action_next(self) -> None:
        s = self.session
        if s is None or self.feedback is None or self.result is not None:
            return

        def advance() -> QuizResult | None:
            return s.finish() if s.advance() is None else None  # the last one finishes (stored)

        self._begin_pending("next")
        self.lp.run_store(advance, done=self._advanced, failed=lambda _e: self._end_pending(), owner=self, name="quiz-next")

    def _advanced(self, result: QuizResult | None) -> None:
        self._end_pending()
        self.feedback = None
        self.result = result
        self.refresh_view()

    def action_retry(self) -> None:
        if self.result is None:
            return
        if not self.result.mistakes:
            self.notify("No mistakes to retry.", markup=False)
            return
        self.start(keys=self.result.mistakes)

    def action_timed(self) -> None:
        if self.result is None and self.session is not None and self.session.feedback:
            return
        self._time_limit = self.TIMED_SECONDS
        if self.session is not None and self.session.store is not None and self.result is None:
            self.lp.run_store(self.session.finish, owner=self, name="quiz-finish")  # the untimed attempt is closed (no answers)
        self.session = None
        self.start()

    def action_new_quiz(self) -> None:
        if self.result is not None:
            self.session = None
            self.start()
