"""The typed API other parts of lambdaprep use to read and write progress.

Times are integers: milliseconds since the Unix epoch, UTC. Card keys are the
content keys ``pack-id/item-id``. See docs/study.md for the schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from lambdaprep.store import migrations
from lambdaprep.store.cardstate import CardState, State
from lambdaprep.store.db import Connection, dumps, open_connection
from lambdaprep.store.errors import StaleCard, StoreError
from lambdaprep.store.quizmock import QuizMockStore

_CARD_COLUMNS = (
    "id",
    "card_key",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "buried_until",
    "leech",
    "flag",
    "updated_at",
)
_CARD_SELECT = "SELECT " + ", ".join(_CARD_COLUMNS) + " FROM card_state"
# An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, which the
# review log's foreign key must never see.
_UPSERT = (
    f"INSERT INTO card_state ({', '.join(_CARD_COLUMNS)}) VALUES ({', '.join('?' * len(_CARD_COLUMNS))}) "
    "ON CONFLICT (card_key) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _CARD_COLUMNS if c not in ("id", "card_key"))
)

NEW_HINT_KEY = "engine.new_hint"
"""Settings key of the new-card scan hint (cleared by triggers; see migration 0001)."""

ANY_STATE: object = object()
"""``expected=ANY_STATE``: write without the changed-card check."""

# The state numbers, by their old names (the enum is lambdaprep.store.cardstate.State).
STATE_NEW = State.NEW
STATE_LEARNING = State.LEARNING
STATE_REVIEW = State.REVIEW
STATE_RELEARNING = State.RELEARNING


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """A row of the append-only ``review_log``."""

    id: int
    card_key: str
    session_id: int | None
    reviewed_at: int
    rating: int
    state_before: int
    state_after: int
    due_before: int | None
    due_after: int
    interval_ms: int
    answer_ms: int | None


@dataclass(frozen=True, slots=True)
class CardTotals:
    stored: int
    """Cards with a stored state (studied, or changed by suspend/flag/quiz)."""
    suspended: int
    leeches: int


class ReviewEvent(NamedTuple):
    """The part of a review the statistics need."""

    reviewed_at: int
    rating: int
    state_before: int


class Store(QuizMockStore):
    """The progress database. Open with :meth:`Store.open`; close (or use ``with``)."""

    def __init__(self, con: Connection) -> None:
        self._con = con

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, where: Any, *, migrate: bool = True) -> Store:
        """Open the database of a :class:`~lambdaprep.paths.Locations` (or at a path).

        Raises :class:`~lambdaprep.store.errors.StoreError` subclasses (all
        ``LambdaprepError``) for a damaged file, a newer schema or a busy lock.
        """
        path = Path(where.database) if hasattr(where, "database") else Path(where)
        con = open_connection(path, migrate=migrate)
        if hasattr(where, "backups_dir"):  # the real data dir: back up once per study day
            from lambdaprep.store.backup import install_daily_backup

            install_daily_backup(con, Path(where.backups_dir))
        return cls(con)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._con.path

    @property
    def schema_version(self) -> int:
        return int(self._con.read_one("PRAGMA user_version")[0])

    def _query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """A read query (retried while busy). Private: other layers use the named functions."""
        return [tuple(r) for r in self._con.read(sql, params)]

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check``: ``["ok"]`` for a healthy file."""
        return [r[0] for r in self._con.read("PRAGMA integrity_check")]

    # ------------------------------------------------------------ card state

    def card(self, key: str) -> CardState | None:
        row = self._con.read_one(_CARD_SELECT + " WHERE card_key = ?", (key,))
        return CardState._from_row(row) if row else None

    def cards(self, keys: Iterable[str] | None = None) -> dict[str, CardState]:
        """Card states by key (every stored card when ``keys`` is None)."""
        if keys is None:
            rows = self._con.read(_CARD_SELECT)
        else:
            wanted = list(keys)
            rows = []
            for i in range(0, len(wanted), 900):
                chunk = wanted[i : i + 900]
                rows += self._con.read(_CARD_SELECT + f" WHERE card_key IN ({','.join('?' * len(chunk))})", chunk)
        return {r[1]: CardState._from_row(r) for r in rows}

    def due_cards(self, now: int, *, until: int | None = None) -> list[CardState]:
        """Scheduled (non-new), unsuspended, unburied cards with ``due <= until`` (default ``now``)."""
        rows = self._con.read(
            _CARD_SELECT + " WHERE suspended = 0 AND state > 0 AND due <= ? AND (buried_until IS NULL OR buried_until <= ?)",
            (now if until is None else until, now),
        )
        return [CardState._from_row(r) for r in rows]

    def due_review_keys(self, now: int) -> Generator[tuple[int, str], None, None]:
        """``(row id, key)`` of review-state cards due now, most at-risk first, lazily.

        Retrievability falls as (now - last_review) / stability grows, so ordering by
        that ratio gives fsrs' order without computing powers for every card. The
        sort runs on a covering index; fetch the rows you keep with :meth:`cards_by_id`.
        """
        cur = self._con.retry(
            lambda: self._con.conn.execute(
                "SELECT id, card_key FROM card_state WHERE state = 2 AND suspended = 0 AND due <= ? "
                "AND (buried_until IS NULL OR buried_until <= ?) "
                "ORDER BY (? - last_review) * 1.0 / max(stability, 1e-9) DESC, card_key",
                (now, now, now),
            )
        )
        try:
            while True:
                rows = cur.fetchmany(256)
                if not rows:
                    return
                yield from rows
        finally:
            cur.close()  # ends the read snapshot even when the caller stops early

    def cards_by_id(self, ids: list[int]) -> list[CardState]:
        """Card states for row ids, in the order given."""
        by_id: dict[int, CardState] = {}
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            for r in self._con.read(_CARD_SELECT + f" WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                by_id[r[0]] = CardState._from_row(r)
        return [by_id[i] for i in ids if i in by_id]

    def learning_cards(self, now: int, until: int) -> list[CardState]:
        """Learning/relearning cards (unsuspended, unburied) due up to ``until``."""
        rows = self._con.read(
            _CARD_SELECT + " WHERE state IN (1, 3) AND suspended = 0 AND due <= ? AND (buried_until IS NULL OR buried_until <= ?)",
            (until, now),
        )
        return [CardState._from_row(r) for r in rows]

    def flagged_cards(self) -> list[CardState]:
        """Flagged, unsuspended cards (any state, buried ones too), earliest due first, new ones last."""
        rows = self._con.read(
            _CARD_SELECT + " WHERE flag > 0 AND suspended = 0 ORDER BY state = 0, coalesce(due, 0), card_key"
        )
        return [CardState._from_row(r) for r in rows]

    def probe(self, keys: list[str]) -> dict[str, tuple[int, bool, int | None]]:
        """``key -> (state, suspended, buried_until)`` for those of ``keys`` that have a row."""
        out: dict[str, tuple[int, bool, int | None]] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i : i + 900]
            for k, st, su, bu in self._con.read(
                f"SELECT card_key, state, suspended, buried_until FROM card_state WHERE card_key IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                out[k] = (st, bool(su), bu)
        return out

    def new_hint(self, fingerprint: str) -> int:
        """How many leading catalog cards are known settled (0 if unknown or for another catalog)."""
        hint = self.get_setting(NEW_HINT_KEY)
        if isinstance(hint, dict) and hint.get("fp") == fingerprint and isinstance(hint.get("pos"), int):
            return int(hint["pos"])
        return 0

    def set_new_hint(self, fingerprint: str, pos: int) -> None:
        self.set_setting(NEW_HINT_KEY, {"fp": fingerprint, "pos": pos})

    def hidden_keys(self, now: int) -> set[str]:
        """Keys of cards that are suspended or buried now (new ones included)."""
        rows = self._con.read(
            "SELECT card_key FROM card_state WHERE suspended = 1 OR (buried_until IS NOT NULL AND buried_until > ?)", (now,)
        )
        return {r[0] for r in rows}

    def seen_keys(self) -> set[str]:
        """Keys of cards that have left the new state."""
        return {r[0] for r in self._con.read("SELECT card_key FROM card_state WHERE state > 0")}

    def next_due(self, after: int) -> int | None:
        """The earliest due time after ``after`` among active scheduled cards."""
        row = self._con.read_one(
            "SELECT min(due) FROM card_state WHERE suspended = 0 AND state > 0 AND due > ?", (after,)
        )
        return row[0] if row else None

    def settled_keys(self) -> set[str]:
        """Keys of cards that are studied or suspended (the new-card scan skips them)."""
        return {r[0] for r in self._con.read("SELECT card_key FROM card_state WHERE state > 0 OR suspended = 1")}

    def due_key_states(self, now: int) -> list[tuple[str, int]]:
        """``(key, state)`` of scheduled, active cards due at ``now`` (what a drill would offer)."""
        rows = self._con.read(
            "SELECT card_key, state FROM card_state WHERE suspended = 0 AND state > 0 AND due <= ? "
            "AND (buried_until IS NULL OR buried_until <= ?)",
            (now, now),
        )
        return [(r[0], int(r[1])) for r in rows]

    def due_times_before(self, horizon: int) -> list[tuple[str, int]]:
        """``(key, due)`` of scheduled, unsuspended cards due before ``horizon`` (the forecast)."""
        rows = self._con.read(
            "SELECT card_key, due FROM card_state WHERE suspended = 0 AND state > 0 AND due IS NOT NULL AND due < ?", (horizon,)
        )
        return [(r[0], int(r[1])) for r in rows]

    def card_totals(self) -> CardTotals:
        """How many cards have a stored state, and how many of them are suspended or leeches."""
        row = self._con.read_one("SELECT count(*), coalesce(sum(suspended), 0), coalesce(sum(leech), 0) FROM card_state")
        return CardTotals(int(row[0]), int(row[1]), int(row[2]))

    def put_card(self, card: CardState, *, expected: CardState | None | object = ANY_STATE) -> CardState:
        """Insert or replace a card's state (its own transaction).

        With ``expected`` (the state the caller last saw; ``None``: never stored) this is a
        changed-card check, as for answers: if another lambdaprep changed the card since,
        :class:`~lambdaprep.store.errors.StaleCard` is raised and nothing is written.
        """

        def go() -> CardState:
            if expected is not ANY_STATE:
                self._check_unchanged(card.card_key, expected)  # type: ignore[arg-type]
            return self._put(card)

        return self._con.write(go)

    def _check_unchanged(self, key: str, expected: CardState | None) -> None:
        row = self._con.conn.execute(_CARD_SELECT + " WHERE card_key = ?", (key,)).fetchone()
        current = CardState._from_row(row) if row else None
        if _version(current) != _version(expected):
            raise StaleCard(f"{key} was changed by another lambdaprep since it was shown")

    def put_cards(self, cards: Iterable[CardState]) -> list[CardState]:
        """Insert or replace several cards' states in one transaction."""
        wanted = list(cards)
        return self._con.write(lambda: [self._put(c) for c in wanted])

    def _put(self, card: CardState) -> CardState:
        values = card.to_dict()
        if card.id is None:
            existing = self._con.conn.execute("SELECT id FROM card_state WHERE card_key = ?", (card.card_key,)).fetchone()
            if existing:
                values["id"] = existing[0]
        values["suspended"] = int(card.suspended)
        values["leech"] = int(card.leech)
        cur = self._con.conn.execute(_UPSERT, [values[c] for c in _CARD_COLUMNS])
        if values["id"] is None:
            values["id"] = cur.lastrowid
        return replace(card, id=values["id"])

    def restore_card(self, key: str, before: CardState | None, *, expected: CardState | None | object = ANY_STATE) -> None:
        """Put a card back exactly as it was (``None``: as if never stored).

        ``expected`` is the state the undone change wrote: if the card has changed since
        (another lambdaprep answered it), :class:`StaleCard` is raised and nothing is written.
        """

        def go() -> None:
            if expected is not ANY_STATE:
                self._check_unchanged(key, expected)  # type: ignore[arg-type]
            if before is None:
                self._con.conn.execute("DELETE FROM card_state WHERE card_key = ?", (key,))
            else:
                self._put(before)

        self._con.write(go)

    # ------------------------------------------------------------ reviews

    def record_review(
        self,
        before: CardState | None,
        after: CardState,
        *,
        rating: int,
        reviewed_at: int,
        answer_ms: int | None = None,
        session_id: int | None = None,
    ) -> tuple[int, CardState]:
        """Save a card's new state and append its review, in ONE committed transaction.

        Returns the log row id and the stored state (with its row id). Raises
        :class:`~lambdaprep.store.errors.StaleCard` (and writes nothing) if the stored card is
        no longer ``before`` — e.g. another lambdaprep answered it meanwhile.
        """

        def go() -> tuple[int, CardState]:
            self._check_unchanged(after.card_key, before)
            stored = self._put(after)
            before_json = dumps(before.to_dict()) if before is not None else "null"
            cur = self._con.conn.execute(
                "INSERT INTO review_log (card_key, session_id, reviewed_at, rating, state_before, state_after, "
                "due_before, due_after, interval_ms, answer_ms, before_json, after_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    after.card_key,
                    session_id,
                    reviewed_at,
                    rating,
                    before.state if before is not None else STATE_NEW,
                    stored.state,
                    before.due if before is not None else None,
                    stored.due,
                    (stored.due or reviewed_at) - reviewed_at,
                    answer_ms,
                    before_json,
                    dumps(stored.to_dict()),
                ),
            )
            return int(cur.lastrowid or 0), stored

        return self._con.write(go)

    def undo_review(self, log_id: int) -> CardState | None:
        """Remove review ``log_id`` and put its card back as it was before. Returns that state.

        Only the newest review of a card can be undone (anything else would
        leave the card's state inconsistent with its log).
        """

        def go() -> CardState | None:
            row = self._con.conn.execute("SELECT card_key, before_json, after_json FROM review_log WHERE id = ?", (log_id,)).fetchone()
            if row is None:
                raise StoreError(f"review {log_id} is not in the log (already undone?)")
            key, before_json, after_json = row
            newest = self._con.conn.execute("SELECT max(id) FROM review_log WHERE card_key = ?", (key,)).fetchone()[0]
            if newest != log_id:
                raise StoreError(f"review {log_id} is not the newest review of {key}; only the newest can be undone")
            if after_json:  # suspended, hidden or flagged elsewhere since: undoing would lose that
                self._check_unchanged(key, CardState.from_dict(json.loads(after_json)))
            before = json.loads(before_json)
            self._con.conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if before is None:
                self._con.conn.execute("DELETE FROM card_state WHERE card_key = ?", (key,))
                return None
            state = CardState.from_dict(before)
            self._put(state)
            return state

        return self._con.write(go)

    def reviews(self, card_key: str | None = None, *, limit: int = 100) -> list[ReviewRecord]:
        """Newest first."""
        where, params = ("WHERE card_key = ?", [card_key]) if card_key else ("", [])
        rows = self._con.read(
            "SELECT id, card_key, session_id, reviewed_at, rating, state_before, state_after, due_before, due_after, "
            f"interval_ms, answer_ms FROM review_log {where} ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
        return [ReviewRecord(*r) for r in rows]

    def count_reviews(self, since: int | None = None, until: int | None = None, *, state_before: Iterable[int] | None = None) -> int:
        """Reviews with ``since <= reviewed_at < until`` (either bound optional)."""
        sql = "SELECT count(*) FROM review_log WHERE 1=1"
        params: list[Any] = []
        if since is not None:
            sql += " AND reviewed_at >= ?"
            params.append(since)
        if until is not None:
            sql += " AND reviewed_at < ?"
            params.append(until)
        if state_before is not None:
            states = list(state_before)
            sql += f" AND state_before IN ({','.join('?' * len(states))})"
            params += states
        return int(self._con.read_one(sql, params)[0])

    def answer_times(self, limit: int = 500) -> list[int]:
        """Answer times (ms) of the newest ``limit`` reviews that recorded one, newest first."""
        rows = self._con.read(
            "SELECT answer_ms FROM review_log WHERE answer_ms IS NOT NULL AND answer_ms > 0 ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [int(r[0]) for r in rows]

    def rating_counts(self, *, state_before: int) -> dict[int, int]:
        """How often each rating was given to cards in ``state_before`` (e.g. 0: first answers)."""
        rows = self._con.read("SELECT rating, count(*) FROM review_log WHERE state_before = ? GROUP BY rating", (state_before,))
        return {int(r): int(n) for r, n in rows}

    def keys_reviewed(self, since: int, until: int | None = None, *, ratings: Iterable[int] | None = None) -> list[str]:
        """Distinct card keys reviewed in the window (optionally only with these ratings), oldest first."""
        sql = "SELECT card_key, min(id) FROM review_log WHERE reviewed_at >= ?"
        params: list[Any] = [since]
        if until is not None:
            sql += " AND reviewed_at < ?"
            params.append(until)
        if ratings is not None:
            rs = list(ratings)
            sql += f" AND rating IN ({','.join('?' * len(rs))})"
            params += rs
        sql += " GROUP BY card_key ORDER BY min(id)"
        return [r[0] for r in self._con.read(sql, params)]

    def reviewed_between(self, since: int, until: int) -> bool:
        """Whether any review has ``since <= reviewed_at < until``."""
        return self._con.read_one("SELECT 1 FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ? LIMIT 1", (since, until)) is not None

    def review_events(self, since: int) -> list[ReviewEvent]:
        """Every review with ``reviewed_at >= since``: time, rating and the state it was answered in."""
        rows = self._con.read("SELECT reviewed_at, rating, state_before FROM review_log WHERE reviewed_at >= ?", (since,))
        return [ReviewEvent(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    def change_cards(self, keys: Iterable[str], change: Callable[[str, CardState | None], CardState | None]) -> list[str]:
        """Change several cards in ONE write transaction; returns the keys changed.

        ``change(key, stored state or None)`` returns the new state, or None to leave
        the card as it is. Keys are taken once each, in the order given.
        """
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return []

        def go() -> list[str]:
            states = self.cards(wanted)
            changed: list[str] = []
            for key in wanted:
                new = change(key, states.get(key))
                if new is not None:
                    self._put(new)
                    changed.append(key)
            return changed

        return self._con.write(go)

    def bring_forward(self, keys: Iterable[str], now_ms: int) -> list[str]:
        """Make cards due now (a quiz or mock mistake), so the next drill shows them; returns the keys changed.

        A scheduled card due later becomes due now (its memory state is kept, so the
        next rating is scheduled from what FSRS knows). A new card (or one never
        stored) starts learning now, exactly like a fresh fsrs card (step 0, no
        stability yet), without using up the day's new-card allowance. Suspended
        cards are left alone; buried ones are unburied. One transaction.
        """

        def forward(key: str, st: CardState | None) -> CardState | None:
            if st is not None and st.suspended:
                return None
            if st is None or st.state == STATE_NEW:
                return replace(st or CardState(key), state=STATE_LEARNING, step=0, due=now_ms, buried_until=None, updated_at=now_ms)
            if (st.due or 0) > now_ms or (st.buried_until or 0) > now_ms:
                return replace(st, due=min(st.due or now_ms, now_ms), buried_until=None, updated_at=now_ms)
            return None

        return self.change_cards(keys, forward)

    # ------------------------------------------------------------ sessions

    def start_session(self, kind: str, filters: Mapping[str, Any], started_at: int) -> int:
        def go() -> int:
            cur = self._con.conn.execute(
                "INSERT INTO study_sessions (kind, filters, started_at) VALUES (?, ?, ?)", (kind, dumps(dict(filters)), started_at)
            )
            return int(cur.lastrowid or 0)

        return self._con.write(go)

    def update_session(self, session_id: int, *, cards: int, again: int, duration_ms: int, finished_at: int | None = None) -> None:
        self._con.write(
            lambda: self._con.conn.execute(
                "UPDATE study_sessions SET cards = ?, again = ?, duration_ms = ?, finished_at = coalesce(?, finished_at) WHERE id = ?",
                (cards, again, duration_ms, finished_at, session_id),
            )
        )

    def session(self, session_id: int) -> dict[str, Any] | None:
        cur = self._con.retry(lambda: self._con.conn.execute("SELECT * FROM study_sessions WHERE id = ?", (session_id,)))
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None

    # ------------------------------------------------------------ settings

    def settings(self) -> dict[str, Any]:
        """Every stored setting (JSON values decoded)."""
        return {k: json.loads(v) for k, v in self._con.read("SELECT key, value FROM settings")}

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._con.read_one("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(row[0]) if row else default

    def set_settings(self, values: Mapping[str, Any]) -> None:
        def go() -> None:
            for k, v in values.items():
                if v is None:
                    self._con.conn.execute("DELETE FROM settings WHERE key = ?", (k,))
                else:
                    self._con.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (k, dumps(v)))

        self._con.write(go)

    def set_setting(self, key: str, value: Any) -> None:
        self.set_settings({key: value})

def _version(card: CardState | None) -> tuple[Any, ...] | None:
    if card is None:
        return None
    return (card.state, card.due, card.reps, card.lapses, card.suspended, card.buried_until, card.flag, card.updated_at)


__all__ = ["CardState", "CardTotals", "ReviewEvent", "ReviewRecord", "Store", "migrations"]
