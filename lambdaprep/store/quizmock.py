"""Store helpers for quizzes and mock interviews (tables from migration 0001).

Kept apart from :mod:`lambdaprep.store.store` so the quiz/mock feature adds no
methods to the shared ``Store`` class. Times are epoch milliseconds (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lambdaprep.store.store import STATE_LEARNING, STATE_NEW, CardState

if TYPE_CHECKING:
    from lambdaprep.store.store import Store

__all__ = [
    "bring_forward",
    "discard_mock",
    "finish_mock",
    "finish_quiz",
    "mock_answers",
    "mock_history",
    "mock_session",
    "quiz_history",
    "quiz_attempt_answers",
    "quiz_outcomes",
    "discard_quiz",
    "record_mock_answer",
    "record_quiz_answers",
    "save_mock_state",
    "start_mock",
    "start_quiz",
    "unfinished_mocks",
    "update_mock_answer",
]


def bring_forward(store: Store, keys: Iterable[str], now_ms: int) -> list[str]:
    """Make cards due now, so the next drill shows them; returns the keys changed.

    A scheduled card due later becomes due now (its memory state is kept, so the
    next rating is scheduled from what FSRS knows). A new card (or one never
    stored) starts learning now, exactly like a fresh fsrs card (step 0, no
    stability yet), without using up the day's new-card allowance. Suspended
    cards are left alone; buried ones are unburied.
    """
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []

    def go() -> list[str]:
        changed: list[str] = []
        states = store.cards(wanted)
        for key in wanted:
            st = states.get(key)
            if st is not None and st.suspended:
                continue
            if st is None or st.state == STATE_NEW:
                base = st or CardState(key)
                new = replace(base, state=STATE_LEARNING, step=0, due=now_ms, buried_until=None, updated_at=now_ms)
            elif (st.due or 0) > now_ms or (st.buried_until or 0) > now_ms:
                new = replace(st, due=min(st.due or now_ms, now_ms), buried_until=None, updated_at=now_ms)
            else:
                continue
            store._put(new)  # inside this transaction
            changed.append(key)
        return changed

    return store._con.write(go)


def _decode(row: dict[str, Any], *names: str) -> dict[str, Any]:
    for n in names:
        v = row.get(n)
        if isinstance(v, str):
            try:
                row[n] = json.loads(v)
            except ValueError:
                pass
    return row


def quiz_history(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Finished quiz attempts, oldest first."""
    rows = store.rows("quiz_attempts", "finished_at IS NOT NULL", order_by="started_at, id")
    rows = [_decode(r, "packs", "topics") for r in rows]
    return rows[-limit:] if limit else rows


def mock_history(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Finished mock sessions (with their reports), oldest first."""
    rows = store.rows("mock_sessions", "finished_at IS NOT NULL", order_by="started_at, id")
    rows = [_decode(r, "report") for r in rows]
    return rows[-limit:] if limit else rows


# ---------------------------------------------------------------------------- quiz


def start_quiz(store: Store, row: dict[str, Any]) -> int:
    """A new ``quiz_attempts`` row (``started_at``, ``packs``, ``topics``, ``seed``, ``total``); returns its id."""
    return store.insert("quiz_attempts", row)


def record_quiz_answers(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    """``quiz_answers`` rows, all in one transaction (one answer, or a whole exam at submit)."""
    rows = list(rows)
    if rows:
        store.insert_many("quiz_answers", rows)


def finish_quiz(store: Store, attempt_id: int, values: dict[str, Any]) -> None:
    """Close an attempt: ``finished_at``, ``score``, ``total``, ``duration_ms``."""
    store.update("quiz_attempts", attempt_id, values)


def quiz_outcomes(store: Store) -> list[tuple[str, int]]:
    """``(question_key, correct)`` of every stored quiz answer."""
    return [(str(k), int(c)) for k, c in store.query("SELECT question_key, correct FROM quiz_answers")]


def quiz_attempt_answers(store: Store, attempt_id: int) -> list[dict[str, Any]]:
    rows = store.rows("quiz_answers", "attempt_id = ?", [attempt_id], order_by="id")
    return [_decode(r, "chosen") for r in rows]


# ---------------------------------------------------------------------------- mock
# An interview in progress keeps its whole state (items, answers, timers) as JSON in
# mock_sessions.report under "state", rewritten with every answer; finishing replaces it
# with the report. A row with finished_at NULL and a state can be resumed.


def start_mock(store: Store, format_key: str, started_at: int, state: dict[str, Any]) -> int:
    return store.insert("mock_sessions", {"format_key": format_key, "started_at": started_at, "report": {"state": state}})


def save_mock_state(store: Store, session_id: int, state: dict[str, Any]) -> None:
    def go(db: Any) -> None:
        db.execute("UPDATE mock_sessions SET report = ? WHERE id = ? AND finished_at IS NULL", [json.dumps({"state": state}), session_id])

    store.write(go)


def record_mock_answer(store: Store, session_id: int, row: dict[str, Any], state: dict[str, Any]) -> int:
    """Insert a submitted answer and save the interview's state, in one transaction; returns the answer id."""

    def go(db: Any) -> int:
        cur = db.execute(
            "INSERT INTO mock_answers (session_id, prompt_key, kind, answer_text, points, score, max_score, time_used_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                session_id, row["prompt_key"], row["kind"], row.get("answer_text", ""), json.dumps(row.get("points", [])),
                row.get("score"), row.get("max_score"), row.get("time_used_ms"),
            ],
        )
        db.execute("UPDATE mock_sessions SET report = ? WHERE id = ? AND finished_at IS NULL", [json.dumps({"state": state}), session_id])
        return int(cur.lastrowid)

    return int(store.write(go))


def update_mock_answer(store: Store, session_id: int, item_key: str, values: dict[str, Any], state: dict[str, Any] | None = None) -> None:
    """Change a stored answer's ticks and score (``points``, ``score``), and save the state with it."""

    def go(db: Any) -> None:
        db.execute(
            "UPDATE mock_answers SET points = ?, score = ? WHERE session_id = ? AND prompt_key = ?",
            [json.dumps(values.get("points", [])), values.get("score"), session_id, item_key],
        )
        if state is not None:
            db.execute("UPDATE mock_sessions SET report = ? WHERE id = ? AND finished_at IS NULL", [json.dumps({"state": state}), session_id])

    store.write(go)


def finish_mock(store: Store, session_id: int, finished_at: int, score: float, max_score: float, report: dict[str, Any]) -> None:
    store.update("mock_sessions", session_id, {"finished_at": finished_at, "score": score, "max_score": max_score, "report": report})


def unfinished_mocks(store: Store) -> list[dict[str, Any]]:
    """Interviews in progress that can be resumed (newest first), with their decoded ``state``."""
    out = []
    for r in store.rows("mock_sessions", "finished_at IS NULL", order_by="started_at DESC, id DESC"):
        r = _decode(r, "report")
        rep = r.get("report")
        if isinstance(rep, dict) and isinstance(rep.get("state"), dict):
            r["state"] = rep["state"]
            out.append(r)
    return out


def mock_session(store: Store, session_id: int) -> dict[str, Any] | None:
    rows = store.rows("mock_sessions", "id = ?", [session_id])
    return _decode(rows[0], "report") if rows else None


def mock_answers(store: Store, session_id: int) -> list[dict[str, Any]]:
    rows = store.rows("mock_answers", "session_id = ?", [session_id], order_by="id")
    return [_decode(r, "points") for r in rows]


def discard_mock(store: Store, session_id: int) -> bool:
    """Delete an interview (finished or not) and its answers; True when it existed."""

    def go(db: Any) -> bool:
        db.execute("DELETE FROM mock_answers WHERE session_id = ?", [session_id])
        return bool(db.execute("DELETE FROM mock_sessions WHERE id = ?", [session_id]).rowcount)

    return bool(store.write(go))


def discard_quiz(store: Store, attempt_id: int) -> bool:
    """Delete a quiz attempt and its answers; True when it existed."""

    def go(db: Any) -> bool:
        db.execute("DELETE FROM quiz_answers WHERE attempt_id = ?", [attempt_id])
        return bool(db.execute("DELETE FROM quiz_attempts WHERE id = ?", [attempt_id]).rowcount)

    return bool(store.write(go))
