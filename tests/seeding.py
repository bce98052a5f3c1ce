"""Small helpers that put quiz and mock history into a store through its named API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def seed_quiz(
    store: Any,
    *,
    started_at: int,
    finished_at: int | None,
    score: float,
    total: int,
    answers: Iterable[tuple[str, bool]] = (),
    answered_at: int | None = None,
) -> int:
    """One quiz attempt with ``answers`` (question key, correct); finished unless ``finished_at`` is None."""
    aid = int(store.start_quiz_attempt(started_at=started_at, packs=[], topics=[], seed=None, total=total))
    for key, ok in answers:
        store.record_quiz_answer(aid, question_key=key, chosen=[], correct=ok, answered_at=answered_at or started_at)
    if finished_at is not None:
        store.finish_quiz_attempt(aid, finished_at=finished_at, score=score, total=total, duration_ms=finished_at - started_at)
    return aid


def seed_mock(store: Any, *, format_key: str, started_at: int, finished_at: int | None, score: float, max_score: float) -> int:
    """One mock interview (no answers); finished unless ``finished_at`` is None."""
    sid = int(store.start_mock_session(format_key=format_key, started_at=started_at))
    if finished_at is not None:
        store.finish_mock_session(sid, finished_at=finished_at, score=score, max_score=max_score, report={})
    return sid
