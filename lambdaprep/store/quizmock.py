"""Quiz and mock-interview storage (tables from migration 0001).

The methods live in this mixin, which :class:`~lambdaprep.store.Store` inherits,
so the quiz/mock feature keeps its SQL in its own file (cards are brought forward by ``Store.bring_forward``). Callers see named, typed
methods (``store.start_quiz_attempt(...)``); no table name leaves the store.
Times are epoch milliseconds (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from lambdaprep.store.db import Connection, dumps


__all__ = ["EXAM_STATE_KEY", "QuizMockStore"]

EXAM_STATE_KEY = "exam.unfinished"
"""The settings row holding the practice exam in progress (one at a time); never exported."""


class QuizMockStore:
    """Quiz attempts and answers, mock sessions and answers, bringing cards forward."""

    _con: Connection

    # ------------------------------------------------------------ quiz

    def start_quiz_attempt(
        self, *, started_at: int, packs: list[str], topics: list[str], seed: int | None, total: int, kind: str = "quiz"
    ) -> int:
        """Record a quiz (``kind="quiz"``) or a practice exam (``"exam"``) that has begun; returns its attempt id."""
        return self._insert(
            "quiz_attempts", {"started_at": started_at, "packs": packs, "topics": topics, "seed": seed, "total": total, "kind": kind}
        )

    def record_quiz_answer(
        self,
        attempt_id: int,
        *,
        question_key: str,
        chosen: list[str],
        correct: bool,
        answered_at: int,
        time_ms: int | None = None,
    ) -> int:
        """Store one answered question of an attempt; returns the answer's row id."""
        return self._insert(
            "quiz_answers",
            {
                "attempt_id": attempt_id,
                "question_key": question_key,
                "chosen": chosen,
                "correct": int(correct),
                "answered_at": answered_at,
                "time_ms": time_ms,
            },
        )

    def finish_quiz_attempt(self, attempt_id: int, *, finished_at: int, score: float, total: int, duration_ms: int) -> None:
        self._update(
            "quiz_attempts", attempt_id, {"finished_at": finished_at, "score": score, "total": total, "duration_ms": duration_ms}
        )

    def record_exam(
        self, attempt_id: int, answers: Iterable[Mapping[str, Any]], *, answered_at: int, score: float, total: int, duration_ms: int
    ) -> None:
        """Store a submitted exam: every answer (``question_key``, ``chosen``, ``correct``, ``time_ms``) and the
        attempt's score, in one transaction."""
        rows = [
            {
                "attempt_id": attempt_id,
                "question_key": a["question_key"],
                "chosen": list(a["chosen"]),
                "correct": int(bool(a["correct"])),
                "answered_at": answered_at,
                "time_ms": a.get("time_ms"),
            }
            for a in answers
        ]

        def go() -> None:
            if rows:
                self._con.db.table("quiz_answers").insert_all(_jsonable(r) for r in rows)
            self._con.db.table("quiz_attempts").update(
                attempt_id, {"finished_at": answered_at, "score": score, "total": total, "duration_ms": duration_ms}
            )
            self._drop_exam_state(attempt_id)

        self._con.write(go)

    # ------------------------------------------------------------ the practice exam in progress

    def save_exam_state(self, attempt_id: int, state: Mapping[str, Any]) -> None:
        """Keep the state of the exam in progress (answers, flags, position, time used) so it can be resumed.

        Kept only while attempt ``attempt_id`` is unfinished: a save that arrives after the exam was
        submitted or discarded writes nothing. It replaces any earlier saved exam.
        """
        value = dumps({**dict(state), "attempt_id": attempt_id})
        self._con.write(
            lambda: self._con.db.execute(
                "INSERT OR REPLACE INTO settings (key, value) SELECT ?, ? "
                "WHERE EXISTS (SELECT 1 FROM quiz_attempts WHERE id = ? AND finished_at IS NULL)",
                [EXAM_STATE_KEY, value, attempt_id],
            )
        )

    def unfinished_exam(self) -> dict[str, Any] | None:
        """The saved state of an exam left unfinished (a closed terminal, a crash), or None.

        A state whose attempt is gone or already submitted does not count.
        """
        row = self._con.read_one(
            "SELECT s.value FROM settings s JOIN quiz_attempts a ON a.id = json_extract(s.value, '$.attempt_id') "
            "WHERE s.key = ? AND a.finished_at IS NULL",
            (EXAM_STATE_KEY,),
        )
        if not row:
            return None
        try:
            state = json.loads(row[0])
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    def unfinished_quiz_attempts(self) -> list[int]:
        """Ids of quiz and exam attempts begun but never finished, oldest first."""
        return [int(r[0]) for r in self._con.read("SELECT id FROM quiz_attempts WHERE finished_at IS NULL ORDER BY id")]

    def discard_exam(self, attempt_id: int) -> bool:
        """Delete an unfinished exam: its saved state, its attempt and any answers; True when the attempt existed."""

        def go() -> bool:
            self._drop_exam_state(attempt_id)
            self._con.db.execute("DELETE FROM quiz_answers WHERE attempt_id = ?", [attempt_id])
            return bool(self._con.db.execute("DELETE FROM quiz_attempts WHERE id = ? AND finished_at IS NULL", [attempt_id]).rowcount)

        return bool(self._con.write(go))

    def _drop_exam_state(self, attempt_id: int) -> None:
        self._con.db.execute(
            "DELETE FROM settings WHERE key = ? AND json_extract(value, '$.attempt_id') = ?", [EXAM_STATE_KEY, attempt_id]
        )

    def quiz_history(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Finished quiz attempts, oldest first (``packs`` and ``topics`` decoded)."""
        rows = self._rows("quiz_attempts", "finished_at IS NOT NULL", order_by="started_at, id")
        rows = [_decode(r, "packs", "topics") for r in rows]
        return rows[-limit:] if limit else rows

    def quiz_answers(self, attempt_id: int) -> list[dict[str, Any]]:
        """An attempt's answers in the order given (``chosen`` decoded)."""
        rows = self._rows("quiz_answers", "attempt_id = ?", [attempt_id], order_by="id")
        return [_decode(r, "chosen") for r in rows]

    def quiz_results(self) -> list[tuple[str, bool]]:
        """``(question key, answered correctly)`` for every stored quiz answer."""
        return [(r[0], bool(r[1])) for r in self._con.read("SELECT question_key, correct FROM quiz_answers")]

    def last_quiz(self) -> tuple[float, int] | None:
        """``(score, total)`` of the most recently finished quiz with questions (None if none)."""
        row = self._con.read_one(
            "SELECT score, total FROM quiz_attempts WHERE finished_at IS NOT NULL AND total > 0 "
            "ORDER BY finished_at DESC, id DESC LIMIT 1"
        )
        return (float(row[0] or 0), int(row[1])) if row else None

    # ------------------------------------------------------------ mock interviews

    def start_mock_session(self, *, format_key: str, started_at: int, state: Mapping[str, Any] | None = None) -> int:
        """Record a mock interview that has begun (with its resumable ``state``); returns its session id.

        While an interview is unfinished its whole state (items, answers, ticks, draft, time
        used) is kept as JSON in ``mock_sessions.report`` under ``"state"``; finishing
        replaces it with the report.
        """
        row: dict[str, Any] = {"format_key": format_key, "started_at": started_at}
        if state is not None:
            row["report"] = {"state": dict(state)}
        return self._insert("mock_sessions", row)

    def save_mock_state(self, session_id: int, state: Mapping[str, Any]) -> None:
        """Rewrite an unfinished interview's saved state (a finished one is left alone)."""
        self._con.write(lambda: self._set_state(session_id, state))

    def _set_state(self, session_id: int, state: Mapping[str, Any]) -> None:
        self._con.db.execute(
            "UPDATE mock_sessions SET report = ? WHERE id = ? AND finished_at IS NULL", [dumps({"state": dict(state)}), session_id]
        )

    def update_mock_answer(
        self, session_id: int, *, prompt_key: str, points: list[dict[str, Any]], score: float, state: Mapping[str, Any] | None = None
    ) -> None:
        """Change a stored answer's ticks and score (and save the interview's state), in one transaction."""

        def go() -> None:
            self._con.db.execute(
                "UPDATE mock_answers SET points = ?, score = ? WHERE session_id = ? AND prompt_key = ?",
                [dumps(points), score, session_id, prompt_key],
            )
            if state is not None:
                self._set_state(session_id, state)

        self._con.write(go)

    def unfinished_mocks(self) -> list[dict[str, Any]]:
        """Interviews in progress that can be resumed, newest first, each with its decoded ``state``."""
        out = []
        for r in self._rows("mock_sessions", "finished_at IS NULL", order_by="started_at DESC, id DESC"):
            rep = _decode(r, "report").get("report")
            if isinstance(rep, dict) and isinstance(rep.get("state"), dict):
                r["state"] = rep["state"]
                out.append(r)
        return out

    def discard_mock(self, session_id: int) -> bool:
        """Delete an interview (finished or not) and its answers; True when it existed."""

        def go() -> bool:
            self._con.db.execute("DELETE FROM mock_answers WHERE session_id = ?", [session_id])
            return bool(self._con.db.execute("DELETE FROM mock_sessions WHERE id = ?", [session_id]).rowcount)

        return bool(self._con.write(go))

    def discard_quiz(self, attempt_id: int) -> bool:
        """Delete a quiz attempt and its answers; True when it existed."""

        def go() -> bool:
            self._con.db.execute("DELETE FROM quiz_answers WHERE attempt_id = ?", [attempt_id])
            return bool(self._con.db.execute("DELETE FROM quiz_attempts WHERE id = ?", [attempt_id]).rowcount)

        return bool(self._con.write(go))

    def record_mock_answer(
        self,
        session_id: int,
        *,
        prompt_key: str,
        kind: str,
        answer_text: str,
        points: list[dict[str, Any]],
        score: float,
        max_score: float,
        time_used_ms: int,
        state: Mapping[str, Any] | None = None,
    ) -> int:
        """Store one submitted answer of an interview (and its saved state) in one transaction; returns the row id."""
        row = {
            "session_id": session_id,
            "prompt_key": prompt_key,
            "kind": kind,
            "answer_text": answer_text,
            "points": points,
            "score": score,
            "max_score": max_score,
            "time_used_ms": time_used_ms,
        }

        def go() -> int:
            row_id = int(self._con.db.table("mock_answers").insert(_jsonable(row)).last_pk or 0)
            if state is not None:
                self._set_state(session_id, state)
            return row_id

        return int(self._con.write(go))

    def finish_mock_session(
        self, session_id: int, *, finished_at: int, score: float, max_score: float, report: Mapping[str, Any]
    ) -> None:
        self._update(
            "mock_sessions", session_id, {"finished_at": finished_at, "score": score, "max_score": max_score, "report": dict(report)}
        )

    def mock_history(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Finished mock sessions (with their reports decoded), oldest first."""
        rows = self._rows("mock_sessions", "finished_at IS NOT NULL", order_by="started_at, id")
        rows = [_decode(r, "report") for r in rows]
        return rows[-limit:] if limit else rows

    def mock_report(self, session_id: int) -> dict[str, Any] | None:
        """The stored report of a finished mock interview (None if there is no such finished interview)."""
        rows = self._rows("mock_sessions", "id = ? AND finished_at IS NOT NULL", [session_id])
        if not rows:
            return None
        report = _decode(rows[0], "report")["report"]
        return report if isinstance(report, dict) else {}

    def mock_answers(self, session_id: int) -> list[dict[str, Any]]:
        """An interview's stored answers in order (``points`` decoded)."""
        rows = self._rows("mock_answers", "session_id = ?", [session_id], order_by="id")
        return [_decode(r, "points") for r in rows]

    def mock_scores(self) -> list[tuple[int, str, float, float]]:
        """``(started_at, format key, score, max score)`` of finished, scored interviews, oldest first."""
        rows = self._con.read(
            "SELECT started_at, format_key, score, max_score FROM mock_sessions "
            "WHERE finished_at IS NOT NULL AND max_score > 0 ORDER BY started_at, id"
        )
        return [(int(r[0]), str(r[1]), float(r[2] or 0), float(r[3])) for r in rows]

    def last_mock(self) -> tuple[float, float] | None:
        """``(score, max score)`` of the most recently finished, scored interview (None if none)."""
        row = self._con.read_one(
            "SELECT score, max_score FROM mock_sessions WHERE finished_at IS NOT NULL AND max_score > 0 "
            "ORDER BY finished_at DESC, id DESC LIMIT 1"
        )
        return (float(row[0] or 0), float(row[1])) if row else None

    # ------------------------------------------------------------ private row helpers

    def _insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert one row (dict/list values are stored as JSON); returns its id."""
        return self._con.write(lambda: int(self._con.db.table(table).insert(_jsonable(row)).last_pk or 0))

    def _update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        self._con.write(lambda: self._con.db.table(table).update(row_id, _jsonable(values)))

    def _rows(self, table: str, where: str | None = None, params: Any = (), *, order_by: str | None = None) -> list[dict[str, Any]]:
        """Rows of a table as dicts (JSON columns are left as text)."""
        with self._con.lock:
            return self._con.retry(lambda: list(self._con.db.table(table).rows_where(where, params, order_by=order_by)))


def _jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: dumps(v) if isinstance(v, (dict, list, tuple)) else v for k, v in row.items()}


def _decode(row: dict[str, Any], *names: str) -> dict[str, Any]:
    for n in names:
        v = row.get(n)
        if isinstance(v, str):
            try:
                row[n] = json.loads(v)
            except ValueError:
                pass
    return row
