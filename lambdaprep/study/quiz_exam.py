"""Exam mode for quizzes: no feedback until the end, flags, back and forward, one submit. No Textual here.

    exam = ExamSession.build(catalog, n=30, time_limit_s=45 * 60, seed=1, clock=clock, store=store)
    exam.pick(2)            # choose (or tick, for select-all questions) on the current question
    exam.toggle_flag()      # mark it for review
    exam.next(); exam.back(); exam.go(17)
    exam.unanswered(), exam.flagged()
    result = exam.submit()  # scored, stored as a quiz attempt, per-topic report with every explanation

Like a practice exam: answers can change until submit, nothing is marked right or wrong
before it, and the countdown submits what was chosen when it runs out. The attempt is
stored like any quiz (a ``quiz_attempts`` row at the start; every answer and the score at
submit, in one transaction); wrong answers bring their cards forward.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lambdaprep.study.clock import Clock, SystemClock, to_ms
from lambdaprep.study.quiz import AskedQuestion, Feedback, QuizResult, ask_questions, open_attempt, topic_scores
from lambdaprep.study.timers import Countdown

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.store import Store

__all__ = ["EXAM_MINUTES", "EXAM_QUESTIONS", "ExamSession"]

EXAM_QUESTIONS = 30
EXAM_MINUTES = 45


@dataclass
class ExamSession:
    questions: list[AskedQuestion]
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None
    time_limit_s: float | None = None
    seed: int | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    topic_titles: dict[str, str] = field(default_factory=dict)

    index: int = 0
    chosen: dict[int, frozenset[int]] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    attempt_id: int | None = None
    result: QuizResult | None = None

    def __post_init__(self) -> None:
        self.countdown = Countdown(self.clock, self.time_limit_s).start() if self.time_limit_s else None
        self._started = self.clock.monotonic()
        self._shown_at = self._started
        self._spent: dict[int, float] = {}
        if self.store is not None:
            self.attempt_id = open_attempt(self.store, to_ms(self.clock.now()), self.filters, self.seed, len(self.questions), kind="exam")

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        *,
        packs: Iterable[str] = (),
        topics: Iterable[str] = (),
        n: int = EXAM_QUESTIONS,
        seed: int | None = None,
        time_limit_s: float | None = EXAM_MINUTES * 60,
        clock: Clock | None = None,
        store: Store | None = None,
    ) -> ExamSession:
        ps, ts = list(packs), list(topics)
        asked, titles = ask_questions(catalog, packs=ps, topics=ts, n=n, rng=random.Random(seed))
        return cls(
            asked, clock=clock or SystemClock(), store=store, time_limit_s=time_limit_s, seed=seed,
            filters={"packs": ps, "topics": ts}, topic_titles=titles,
        )

    # ------------------------------------------------------------ moving around

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> AskedQuestion | None:
        return self.questions[self.index] if self.questions and self.result is None else None

    @property
    def finished(self) -> bool:
        return self.result is not None

    def _leave(self) -> None:
        now = self.clock.monotonic()
        self._spent[self.index] = self._spent.get(self.index, 0.0) + (now - self._shown_at)
        self._shown_at = now

    def go(self, index: int) -> None:
        if self.result is not None or not 0 <= index < self.total:
            return
        self._leave()
        self.index = index

    def next(self) -> None:
        self.go(self.index + 1)

    def back(self) -> None:
        self.go(self.index - 1)

    # ------------------------------------------------------------ answering

    def pick(self, choice: int) -> None:
        """Choose a single answer, or tick/untick one of a select-all question. Changeable until submit."""
        q = self.current
        if q is None or not 0 <= choice < len(q.choices):
            return
        if q.multiple:
            now = set(self.chosen.get(self.index, frozenset())) ^ {choice}
            if now:
                self.chosen[self.index] = frozenset(now)
            else:
                self.chosen.pop(self.index, None)
        else:
            self.chosen[self.index] = frozenset({choice})

    def clear(self) -> None:
        self.chosen.pop(self.index, None)

    def toggle_flag(self) -> None:
        if self.result is None and self.questions:
            self.flags ^= {self.index}

    def unanswered(self) -> list[int]:
        return [i for i in range(self.total) if i not in self.chosen]

    def flagged(self) -> list[int]:
        return sorted(self.flags)

    def expired(self) -> bool:
        return self.countdown is not None and self.countdown.expired()

    # ------------------------------------------------------------ submitting

    def submit(self) -> QuizResult:
        """Score every question (unanswered ones are wrong), store the attempt, bring wrong cards forward."""
        if self.result is not None:
            return self.result
        self._leave()
        timed_out = self.expired()
        if self.countdown is not None:
            self.countdown.stop()
        duration = self.clock.monotonic() - self._started
        answers: list[Feedback] = []
        rows = []
        wrong_cards: list[str] = []
        now_ms = to_ms(self.clock.now())
        for i, q in enumerate(self.questions):
            picked = self.chosen.get(i, frozenset())
            ok = bool(picked) and picked == q.correct
            answers.append(Feedback(q, picked, ok, self._spent.get(i, 0.0), timed_out and not picked))
            if picked:
                rows.append(
                    {"question_key": q.key, "chosen": sorted(q.choices[c] for c in picked), "correct": ok, "time_ms": int(round(self._spent.get(i, 0.0) * 1000))}
                )
            if not ok:
                wrong_cards += [k for k in q.cards if k not in wrong_cards]
        right = sum(1 for f in answers if f.correct)
        topics = topic_scores(answers, self.topic_titles)
        if self.store is not None and self.attempt_id is not None:
            self.store.record_exam(
                self.attempt_id, rows, answered_at=now_ms, score=right, total=self.total, duration_ms=int(round(duration * 1000))
            )
            if wrong_cards:
                self.store.bring_forward(wrong_cards, now_ms)
        self.result = QuizResult(right, self.total, len(self.chosen), duration, topics, tuple(answers), timed_out, self.attempt_id)
        return self.result
