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

__all__ = ["bring_forward", "mock_history", "quiz_history"]


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
