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

Nothing is lost if the process dies: after every pick, flag and move the whole state
(:meth:`ExamSession.state`: question keys and choice order, answers, flags, position, time
used) is saved with ``store.save_exam_state``, and :meth:`ExamSession.resume` rebuilds the
exam from it. The countdown goes on from the time used (time with the app closed does not
count); a question no longer in the packs is dropped and listed in ``dropped``.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lambdaprep.study.clock import Clock, SystemClock, to_ms
from lambdaprep.study.quiz import AskedQuestion, Feedback, QuestionRun, QuizResult, _ask, open_attempt, topic_scores
from lambdaprep.study.timers import Countdown

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.store import Store

__all__ = ["EXAM_MINUTES", "EXAM_QUESTIONS", "ExamSession", "Persist"]

EXAM_QUESTIONS = 30
EXAM_MINUTES = 45
STATE_VERSION = 1

Persist = Callable[[Callable[["Store"], Any]], None]
"""Runs a store operation (the screen: in a worker, in order; by default: at once)."""


@dataclass
class ExamSession(QuestionRun):
    index: int = 0
    chosen: dict[int, frozenset[int]] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    attempt_id: int | None = None
    result: QuizResult | None = None
    persist: Persist | None = field(default=None, repr=False)
    used_before_s: float = 0.0
    """Time used before this process took the exam over (a resumed exam)."""
    dropped: list[str] = field(default_factory=list)
    """Keys of questions of a resumed exam that are no longer in the packs."""

    def __post_init__(self) -> None:
        left = max(self.time_limit_s - self.used_before_s, 0.0) if self.time_limit_s else None
        self.countdown = Countdown(self.clock, left).start() if left is not None else None
        self._started = self.clock.monotonic()
        self._shown_at = self._started
        self._spent: dict[int, float] = {}
        if self.store is not None and self.attempt_id is None:
            self.attempt_id = open_attempt(self.store, to_ms(self.clock.now()), self.filters, self.seed, len(self.questions), kind="exam")
        if self.attempt_id is not None and self.store is not None:
            self.save()

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
        return cls(**cls.choose(catalog, packs, topics, n, seed), clock=clock or SystemClock(), store=store, time_limit_s=time_limit_s)

    @classmethod
    def resume(cls, catalog: Catalog, state: dict[str, Any], *, clock: Clock | None = None, store: Store | None = None,
               persist: Persist | None = None) -> ExamSession:
        """Continue an exam from its saved state (``store.unfinished_exam()``); raises ValueError for a state it cannot read."""
        from lambdaprep.study.cards import study_cards

        if int(state.get("v", 0)) != STATE_VERSION:
            raise ValueError("this exam was saved by another version and cannot be resumed")
        card_keys = set(study_cards(catalog))
        rng = random.Random(state.get("seed"))
        questions: list[AskedQuestion] = []
        chosen: dict[int, frozenset[int]] = {}
        flags: set[int] = set()
        spent: dict[int, float] = {}
        dropped: list[str] = []
        index = int(state.get("index", 0))
        new_index = 0
        for old, saved in enumerate(state["questions"]):
            key = str(saved["key"])
            q = catalog.quiz.get(key)
            if q is None:
                dropped.append(key)
                continue
            asked = _in_order(_ask(q, rng, card_keys, catalog), q.correct, q.why, [str(c) for c in saved.get("choices", [])])
            i = len(questions)
            questions.append(asked)
            picked = frozenset(asked.choices.index(c) for c in saved.get("chosen", []) if c in asked.choices)
            if picked and (asked.multiple or len(picked) == 1):
                chosen[i] = picked
            if saved.get("flag"):
                flags.add(i)
            if saved.get("spent_s"):
                spent[i] = float(saved["spent_s"])
            if old <= index:
                new_index = i
        limit = state.get("time_limit_s")
        exam = cls(
            questions, clock=clock or SystemClock(), store=store, time_limit_s=float(limit) if limit else None,
            seed=state.get("seed"), filters={k: list(v) for k, v in dict(state.get("filters", {})).items()},
            topic_titles={q.topic: catalog.topic_title(q.topic) for q in questions}, index=new_index, chosen=chosen, flags=flags,
            attempt_id=int(state["attempt_id"]), persist=persist, used_before_s=float(state.get("used_s", 0.0)), dropped=dropped,
        )
        exam._spent = spent
        return exam

    # ------------------------------------------------------------ saving

    def used(self) -> float:
        """Seconds of the exam used so far, across resumes (the countdown counts this, not wall-clock time)."""
        return self.used_before_s + (self.clock.monotonic() - self._started)

    def state(self) -> dict[str, Any]:
        """Everything needed to resume (JSON-able); answers are kept as choice texts."""
        now = self.clock.monotonic()
        spent = dict(self._spent)
        spent[self.index] = spent.get(self.index, 0.0) + (now - self._shown_at)
        return {
            "v": STATE_VERSION,
            "attempt_id": self.attempt_id,
            "seed": self.seed,
            "filters": self.filters,
            "time_limit_s": self.time_limit_s,
            "used_s": round(self.used(), 3),
            "index": self.index,
            "questions": [
                {
                    "key": q.key,
                    "choices": list(q.choices),
                    "chosen": [q.choices[c] for c in sorted(self.chosen.get(i, frozenset()))],
                    "flag": i in self.flags,
                    "spent_s": round(spent.get(i, 0.0), 3),
                }
                for i, q in enumerate(self.questions)
            ],
        }

    def save(self) -> None:
        """Save the state now (after every pick, flag and move; the screen also every few seconds)."""
        if self.attempt_id is None or self.result is not None:
            return
        aid, st = self.attempt_id, self.state()
        self._run(lambda store: store.save_exam_state(aid, st))

    def discard(self) -> None:
        """Throw the unfinished exam away: its saved state, its attempt row, any answers."""
        if self.attempt_id is None or self.result is not None:
            return
        aid = self.attempt_id
        self._run(lambda store: store.discard_exam(aid))

    def _run(self, op: Callable[[Store], Any]) -> None:
        if self.persist is not None:
            self.persist(op)
        elif self.store is not None:
            op(self.store)

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
        self.save()

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
        self.save()

    def clear(self) -> None:
        if self.result is None:
            self.chosen.pop(self.index, None)
            self.save()

    def toggle_flag(self) -> None:
        if self.result is None and self.questions:
            self.flags ^= {self.index}
            self.save()

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
        duration = self.used()
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


def _in_order(asked: AskedQuestion, correct: Iterable[str], why: dict[str, str], shown: list[str]) -> AskedQuestion:
    """The question with its choices in the order they were shown before (kept as newly shuffled if the choices changed)."""
    if sorted(shown) != sorted(asked.choices):
        return asked
    right = set(correct)
    return dataclasses.replace(
        asked,
        choices=tuple(shown),
        correct=frozenset(i for i, c in enumerate(shown) if c in right),
        why=tuple((i, why[c]) for i, c in enumerate(shown) if c in why),
    )
