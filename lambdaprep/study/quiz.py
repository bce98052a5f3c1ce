"""Quiz sessions: multiple-choice questions from the packs. No Textual here.

    session = QuizSession.build(catalog, n=10, seed=7, time_limit_s=300, clock=clock, store=store)
    q = session.current            # an AskedQuestion with shuffled choices
    fb = session.answer({1})       # indices into q.choices; feedback with explanation + source
    session.advance()              # next question (or finished)
    result = session.finish()      # score, per-topic breakdown, time per question
    again = session.retry_mistakes()

Choices are shuffled with a seeded RNG, so ``--seed`` reproduces a quiz exactly.
Each answer is stored as it is given; a wrong answer brings the related cards
(explicit ``cards:`` links, then cards with the same topic and a shared tag)
forward so the next drill shows them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lambdaprep.study.clock import Clock, SystemClock, to_ms
from lambdaprep.study.timers import Countdown

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.content.models import QuizQuestion
    from lambdaprep.store import Store

__all__ = ["AskedQuestion", "Feedback", "QuestionRun", "QuizResult", "QuizSession", "ask_questions", "open_attempt", "related_cards", "select_questions", "topic_scores"]

MAX_RELATED = 6
"""At most this many cards are brought forward per wrong answer."""


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    key: str
    topic: str
    tags: tuple[str, ...]
    question: str
    choices: tuple[str, ...]
    """In the order shown (shuffled)."""
    correct: frozenset[int]
    """Indices into ``choices``."""
    multiple: bool
    explanation: str
    source: str
    cards: tuple[str, ...]
    """Related card keys (links first)."""
    why: tuple[tuple[int, str], ...] = ()
    """``(choice index, why that choice is wrong)`` for the choices that carry a ``why``, in shown order."""

    @property
    def correct_choices(self) -> list[str]:
        return [c for i, c in enumerate(self.choices) if i in self.correct]


@dataclass(frozen=True, slots=True)
class Feedback:
    question: AskedQuestion
    chosen: frozenset[int]
    correct: bool
    time_s: float
    timed_out: bool = False
    brought_forward: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    title: str
    right: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class QuizResult:
    right: int
    total: int
    """Questions answered (the score is out of these; unreached ones are not counted)."""
    answered: int
    duration_s: float
    topics: tuple[TopicScore, ...]
    answers: tuple[Feedback, ...]
    timed_out: bool
    attempt_id: int | None = None
    unreached: tuple[str, ...] = ()
    """Questions never answered (time ran out or the quiz was left): not counted."""

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0

    @property
    def mistakes(self) -> list[str]:
        """Questions answered wrong, then those not reached (what "retry" asks again)."""
        return [f.question.key for f in self.answers if not f.correct] + list(self.unreached)

    def as_dict(self) -> dict[str, object]:
        return {
            "right": self.right,
            "total": self.total,
            "answered": self.answered,
            "percent": round(self.percent, 1),
            "duration_s": round(self.duration_s, 1),
            "timed_out": self.timed_out,
            "unreached": len(self.unreached),
            "topics": [{"topic": t.topic, "right": t.right, "total": t.total} for t in self.topics],
            "answers": [
                {"question": f.question.key, "correct": f.correct, "time_s": round(f.time_s, 1)} for f in self.answers
            ],
        }


def related_cards(question: QuizQuestion, catalog: Catalog, card_keys: Iterable[str] | None = None, limit: int = MAX_RELATED) -> list[str]:
    """Cards a wrong answer should bring forward: explicit links, then same topic + a shared tag.

    With no tags on the question, same-topic cards are related. ``card_keys`` limits
    the result to drillable cards (default: every card and limit row of the catalog).
    """
    from lambdaprep.study.cards import study_cards

    cards = study_cards(catalog) if card_keys is None else {k: None for k in card_keys}
    out = [k for k in (catalog.resolve(r, question.pack) for r in question.cards) if k in cards]
    tags = set(question.tags)
    if len(out) < limit:
        pool = [*catalog.cards.values(), *catalog.limits.values()]
        for item in pool:
            if item.key in out or item.key not in cards:
                continue
            topic = getattr(item, "topic", "")
            if topic != question.topic:
                continue
            if tags and not tags.intersection(getattr(item, "tags", ())):
                continue
            out.append(item.key)
            if len(out) >= limit:
                break
    return out[:limit] if len(out) > limit else out


def select_questions(
    catalog: Catalog,
    *,
    packs: Iterable[str] = (),
    topics: Iterable[str] = (),
    keys: Iterable[str] | None = None,
    n: int | None = 10,
    rng: random.Random,
) -> list[QuizQuestion]:
    """Pick ``n`` questions (all when ``n`` is None) matching the filters, in random order."""
    ps, ts = set(packs), set(topics)
    if keys is not None:
        wanted = list(keys)
        pool = [catalog.quiz[k] for k in wanted if k in catalog.quiz]
        rng.shuffle(pool)
    else:
        pool = [q for q in catalog.quiz.values() if (not ps or q.pack in ps) and (not ts or q.topic in ts)]
        rng.shuffle(pool)
    return pool if n is None else pool[:n]


def _ask(q: QuizQuestion, rng: random.Random, card_keys: set[str], catalog: Catalog) -> AskedQuestion:
    order = list(range(len(q.choices)))
    rng.shuffle(order)
    choices = tuple(q.choices[i] for i in order)
    correct = frozenset(i for i, c in enumerate(choices) if c in q.correct)
    return AskedQuestion(
        key=q.key,
        topic=q.topic,
        tags=tuple(q.tags),
        question=q.question,
        choices=choices,
        correct=correct,
        multiple=q.is_multiple,
        explanation=q.explanation,
        source=q.source,
        cards=tuple(related_cards(q, catalog, card_keys)),
        why=tuple((i, q.why[c]) for i, c in enumerate(choices) if c in q.why),
    )


def ask_questions(
    catalog: Catalog, *, packs: Iterable[str] = (), topics: Iterable[str] = (), keys: Iterable[str] | None = None, n: int | None,
    rng: random.Random,
) -> tuple[list[AskedQuestion], dict[str, str]]:
    """The questions of a quiz or an exam, choices shuffled, and their topics' titles."""
    from lambdaprep.study.cards import study_cards

    chosen = select_questions(catalog, packs=packs, topics=topics, keys=keys, n=n, rng=rng)
    card_keys = set(study_cards(catalog))
    return [_ask(q, rng, card_keys, catalog) for q in chosen], {q.topic: catalog.topic_title(q.topic) for q in chosen}


def topic_scores(answers: Iterable[Feedback], titles: dict[str, str]) -> tuple[TopicScore, ...]:
    """Right/total per topic, weakest first."""
    by_topic: dict[str, list[int]] = {}
    for f in answers:
        rt = by_topic.setdefault(f.question.topic, [0, 0])
        rt[0] += int(f.correct)
        rt[1] += 1
    return tuple(sorted((TopicScore(t, titles.get(t, t), r, n) for t, (r, n) in by_topic.items()), key=lambda s: (s.percent, s.topic)))


def open_attempt(
    store: Store, started_ms: int, filters: Mapping[str, list[str]], seed: int | None, total: int, kind: str = "quiz"
) -> int:
    """Record that a quiz or an exam (``kind``) has begun, with its filters, seed and size; returns the attempt id."""
    return store.start_quiz_attempt(
        started_at=started_ms, packs=filters.get("packs", []), topics=filters.get("topics", []), seed=seed, total=total, kind=kind
    )


@dataclass
class QuestionRun:
    """What a quiz and a practice exam both are: asked questions, their clock and store, the filters and seed that chose them."""

    questions: list[AskedQuestion]
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None
    time_limit_s: float | None = None
    seed: int | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    topic_titles: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def choose(
        catalog: Catalog, packs: Iterable[str], topics: Iterable[str], n: int | None, seed: int | None, keys: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The questions for a new run and the fields that say how they were chosen (to pass on to the constructor)."""
        ps, ts = list(packs), list(topics)
        asked, titles = ask_questions(catalog, packs=ps, topics=ts, keys=keys, n=n, rng=random.Random(seed))
        return {"questions": asked, "seed": seed, "filters": {"packs": ps, "topics": ts}, "topic_titles": titles}


@dataclass
class QuizSession(QuestionRun):
    catalog: Catalog | None = field(default=None, repr=False)

    index: int = 0
    feedback: list[Feedback] = field(default_factory=list)
    attempt_id: int | None = None
    finished: bool = False
    _result: QuizResult | None = None

    def __post_init__(self) -> None:
        self.countdown = Countdown(self.clock, self.time_limit_s) if self.time_limit_s else None
        self._started = self.clock.monotonic()
        self._shown_at = self._started
        self._started_ms = to_ms(self.clock.now())
        if self.countdown is not None:
            self.countdown.start()
        if self.store is not None:
            self.attempt_id = open_attempt(self.store, self._started_ms, self.filters, self.seed, len(self.questions))

    # ------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        *,
        packs: Iterable[str] = (),
        topics: Iterable[str] = (),
        n: int | None = 10,
        seed: int | None = None,
        keys: Iterable[str] | None = None,
        time_limit_s: float | None = None,
        clock: Clock | None = None,
        store: Store | None = None,
    ) -> QuizSession:
        chosen = cls.choose(catalog, packs, topics, n, seed, keys)
        return cls(**chosen, clock=clock or SystemClock(), store=store, time_limit_s=time_limit_s, catalog=catalog)

    # ------------------------------------------------------------ asking

    @property
    def current(self) -> AskedQuestion | None:
        if self.finished or self.index >= len(self.questions):
            return None
        return self.questions[self.index]

    @property
    def answered_current(self) -> bool:
        return len(self.feedback) > self.index

    @property
    def total(self) -> int:
        return len(self.questions)

    def expired(self) -> bool:
        return self.countdown is not None and self.countdown.expired()

    def answer(self, chosen: Iterable[int], *, timed_out: bool = False) -> Feedback:
        """Answer the current question with choice indices; stored at once."""
        q = self.current
        if q is None:
            raise RuntimeError("the quiz is over")
        if self.answered_current:
            return self.feedback[self.index]
        picked = frozenset(i for i in chosen if 0 <= i < len(q.choices))
        now = self.clock.monotonic()
        ok = picked == q.correct and not timed_out
        brought: list[str] = []
        now_ms = to_ms(self.clock.now())
        if self.store is not None and self.attempt_id is not None:
            self.store.record_quiz_answer(
                self.attempt_id,
                question_key=q.key,
                chosen=sorted(q.choices[i] for i in picked),
                correct=ok,
                answered_at=now_ms,
                time_ms=int(round((now - self._shown_at) * 1000)),
            )
            if not ok and q.cards and not timed_out:
                from lambdaprep.study.followup import follow_up

                brought = list(follow_up(self.store, q.cards, self.clock).due)
        fb = Feedback(q, picked, ok, now - self._shown_at, timed_out, tuple(brought))
        self.feedback.append(fb)
        return fb

    def advance(self) -> AskedQuestion | None:
        """Go to the next question (after feedback); finishes the quiz after the last one."""
        if self.answered_current:
            self.index += 1
        self._shown_at = self.clock.monotonic()
        if self.index >= len(self.questions) or self.expired():
            self.finish()
            return None
        return self.current

    # ------------------------------------------------------------ results

    def finish(self) -> QuizResult:
        if self._result is not None:
            return self._result
        timed_out = self.expired()
        self.finished = True
        if self.countdown is not None:
            self.countdown.stop()
        duration = self.clock.monotonic() - self._started
        answered = {f.question.key for f in self.feedback}
        # questions never reached (time ran out, or the quiz was left) are not counted at all:
        # never wrong, never pushing cards; they stay available to "retry"
        fbs = list(self.feedback)
        unreached = tuple(q.key for q in self.questions if q.key not in answered)
        right = sum(1 for f in fbs if f.correct)
        topics = topic_scores(fbs, self.topic_titles)
        result = QuizResult(
            right, len(self.feedback), len(self.feedback), duration, topics, tuple(fbs), timed_out, self.attempt_id, unreached
        )
        if self.store is not None and self.attempt_id is not None and self.feedback:
            # an attempt with no answer is not a result (it stays unfinished, out of history)
            self.store.finish_quiz_attempt(
                self.attempt_id,
                finished_at=to_ms(self.clock.now()),
                score=right,
                total=len(self.feedback),
                duration_ms=int(round(duration * 1000)),
            )
        self._result = result
        return result

    def retry_mistakes(self) -> QuizSession:
        """A new quiz of the questions answered wrong (or not reached), choices reshuffled."""
        result = self.finish()
        keys = result.mistakes
        if self.catalog is not None:
            seed = None if self.seed is None else self.seed + 1
            return QuizSession.build(
                self.catalog, keys=keys, n=None, seed=seed, time_limit_s=self.time_limit_s, clock=self.clock, store=self.store
            )
        by_key = {q.key: q for q in self.questions}
        return QuizSession([by_key[k] for k in keys], clock=self.clock, store=self.store, time_limit_s=self.time_limit_s)
