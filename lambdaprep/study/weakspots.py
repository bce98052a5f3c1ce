"""Topic strength for the adaptive "weak spots" mock interview. No Textual here.

A topic's strength (0 weakest – 1 strongest) is a weighted mean of three signals:

- **memory**: the mean FSRS retrievability *now* of the topic's cards (a card never
  studied counts 0), weight 1 when the topic has cards;
- **quiz accuracy**: right answers / answers on the topic's quiz questions, weight
  ``min(1, answers / 5)`` (a couple of lucky answers count for little);
- **mock score**: points / possible points on the topic over finished interviews, weight
  ``min(1, prompts / 2)``.

A topic with no signal at all gets 0.5. Docs: docs/quiz-and-mock.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lambdaprep.study.clock import Clock, SystemClock

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.store import Store

__all__ = ["TopicSignal", "combine", "topic_strength"]

UNKNOWN = 0.5
QUIZ_FULL_WEIGHT_AT = 5
MOCK_FULL_WEIGHT_AT = 2


@dataclass(frozen=True, slots=True)
class TopicSignal:
    memory: float | None = None
    quiz_right: int = 0
    quiz_total: int = 0
    mock_score: float = 0.0
    mock_max: float = 0.0
    mock_prompts: int = 0


def combine(sig: TopicSignal) -> float:
    """The weighted mean of the available signals (``UNKNOWN`` when there are none)."""
    parts: list[tuple[float, float]] = []
    if sig.memory is not None:
        parts.append((sig.memory, 1.0))
    if sig.quiz_total:
        parts.append((sig.quiz_right / sig.quiz_total, min(1.0, sig.quiz_total / QUIZ_FULL_WEIGHT_AT)))
    if sig.mock_max > 0:
        parts.append((sig.mock_score / sig.mock_max, min(1.0, sig.mock_prompts / MOCK_FULL_WEIGHT_AT)))
    weight = sum(w for _, w in parts)
    return sum(v * w for v, w in parts) / weight if weight else UNKNOWN


def signals(store: Store, catalog: Catalog, clock: Clock | None = None) -> dict[str, TopicSignal]:
    """Every topic's signals from the progress database."""
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.scheduler import Scheduler
    from lambdaprep.study.settings import StudySettings

    clock = clock or SystemClock()
    now = clock.now()
    scheduler = Scheduler(StudySettings.load(store))
    states = store.cards()
    memory: dict[str, list[float]] = defaultdict(list)
    for key, card in study_cards(catalog).items():
        st = states.get(key)
        memory[card.topic].append(0.0 if st is None or st.suspended else scheduler.retrievability(st, now))
    quiz: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for question_key, correct in store.quiz_results():
        q = catalog.quiz.get(question_key)
        if q is not None:
            quiz[q.topic][0] += int(bool(correct))
            quiz[q.topic][1] += 1
    mock: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in store.mock_history():
        report = row.get("report") if isinstance(row.get("report"), dict) else {}
        for p in report.get("prompts", []):
            if not p.get("reached", True):
                continue
            m = mock[str(p.get("topic", ""))]
            m[0] += float(p.get("score", 0))
            m[1] += float(p.get("max_score", 0))
            m[2] += 1
    out: dict[str, TopicSignal] = {}
    for topic in set(memory) | set(quiz) | set(mock):
        mem = memory.get(topic)
        q = quiz.get(topic, [0, 0])
        m = mock.get(topic, [0.0, 0.0, 0.0])
        out[topic] = TopicSignal(sum(mem) / len(mem) if mem else None, q[0], q[1], m[0], m[1], int(m[2]))
    return out


def topic_strength(store: Store | None, catalog: Catalog, clock: Clock | None = None) -> dict[str, float]:
    """topic → strength 0–1 (weakest first when sorted by value); every topic is 0.5 without a store."""
    if store is None:
        return {}
    return {t: combine(s) for t, s in signals(store, catalog, clock).items()}


def weakest(strength: Mapping[str, float], n: int = 3) -> list[str]:
    return [t for t, _ in sorted(strength.items(), key=lambda kv: (kv[1], kv[0]))[:n]]
