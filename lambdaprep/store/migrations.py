"""Named, transactional, versioned schema migrations.

Each migration is a function registered in :data:`MIGRATIONS` (in order, never
renamed, never removed, never edited once released). :func:`migrate` applies the
pending ones, each inside its own ``BEGIN IMMEDIATE`` transaction together with
the record that it ran (a row in ``schema_migrations`` and ``PRAGMA user_version``
= the number of migrations applied). A migration that fails is rolled back as a
whole and the database keeps its previous version.

Two processes opening an old database at once are safe: the write lock is taken
before the version is re-read, so the second one finds nothing left to do.

A database whose ``user_version`` is larger than ``len(MIGRATIONS)`` — or that
records a migration this version does not know — was written by a newer
lambdaprep and is refused (see :mod:`lambdaprep.store.db`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS_TABLE = "schema_migrations"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    fn: Callable[[Database], None]


MIGRATIONS: list[Migration] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        if any(m.name == name for m in MIGRATIONS):
            raise ValueError(f"duplicate migration name {name!r}")
        MIGRATIONS.append(Migration(len(MIGRATIONS) + 1, name, fn))
        return fn

    return register


def latest_version() -> int:
    return len(MIGRATIONS)


# ---------------------------------------------------------------------- 0001


@migration("0001_initial")
def _initial(db: Database) -> None:
    """Everything the study engine, the quiz and the mock interviews need.

    The quiz and mock tables are created here (owned by those features) so that
    features do not race each other with migrations of their own.
    """
    _script(
        db,
        """
        CREATE TABLE card_state (
            id            INTEGER PRIMARY KEY,          -- also the fsrs card_id
            card_key      TEXT NOT NULL UNIQUE,         -- "pack/item-id"
            state         INTEGER NOT NULL DEFAULT 0,   -- 0 new, 1 learning, 2 review, 3 relearning (fsrs.State)
            step          INTEGER,
            stability     REAL,
            difficulty    REAL,
            due           INTEGER,                      -- epoch ms (UTC); NULL while new
            last_review   INTEGER,                      -- epoch ms (UTC)
            reps          INTEGER NOT NULL DEFAULT 0,
            lapses        INTEGER NOT NULL DEFAULT 0,
            suspended     INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
            buried_until  INTEGER,                      -- epoch ms; hidden until then
            leech         INTEGER NOT NULL DEFAULT 0 CHECK (leech IN (0, 1)),
            flag          INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 7),
            updated_at    INTEGER NOT NULL
        );
        CREATE INDEX card_state_due ON card_state (due) WHERE suspended = 0 AND state > 0;
        -- covering: the due-review queue is sorted from the index alone
        CREATE INDEX card_state_queue ON card_state (state, due, last_review, stability, buried_until, card_key) WHERE suspended = 0;

        -- The drill remembers how far into the catalog every card is "settled" (studied
        -- or suspended while new), so it need not re-check those to find new cards.
        -- Anything that makes a settled card new and visible again forgets that hint.
        CREATE TRIGGER card_state_unsettled AFTER UPDATE ON card_state
        WHEN NEW.state = 0 AND NEW.suspended = 0 AND (OLD.state > 0 OR OLD.suspended = 1)
        BEGIN
            DELETE FROM settings WHERE key = 'engine.new_hint';
        END;
        CREATE TRIGGER card_state_deleted AFTER DELETE ON card_state
        BEGIN
            DELETE FROM settings WHERE key = 'engine.new_hint';
        END;

        CREATE TABLE study_sessions (
            id            INTEGER PRIMARY KEY,
            kind          TEXT NOT NULL,                -- normal, review_ahead, forgotten, cram
            filters       TEXT NOT NULL DEFAULT '{}',   -- JSON
            started_at    INTEGER NOT NULL,
            finished_at   INTEGER,
            cards         INTEGER NOT NULL DEFAULT 0,
            again         INTEGER NOT NULL DEFAULT 0,
            duration_ms   INTEGER NOT NULL DEFAULT 0
        );

        -- Append-only; only "undo" removes the newest row of a card.
        CREATE TABLE review_log (
            id            INTEGER PRIMARY KEY,
            card_key      TEXT NOT NULL REFERENCES card_state (card_key),
            session_id    INTEGER REFERENCES study_sessions (id) ON DELETE SET NULL,
            reviewed_at   INTEGER NOT NULL,             -- epoch ms
            rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            state_before  INTEGER NOT NULL,
            state_after   INTEGER NOT NULL,
            due_before    INTEGER,
            due_after     INTEGER NOT NULL,
            interval_ms   INTEGER NOT NULL,             -- due_after - reviewed_at
            answer_ms     INTEGER,                      -- time taken to answer
            before_json   TEXT NOT NULL,                -- full card_state row before (for exact undo)
            after_json    TEXT NOT NULL
        );
        CREATE INDEX review_log_time ON review_log (reviewed_at);
        CREATE INDEX review_log_card ON review_log (card_key, id);

        CREATE TABLE settings (
            key           TEXT PRIMARY KEY,
            value         TEXT NOT NULL                 -- JSON
        );

        CREATE TABLE quiz_attempts (
            id            INTEGER PRIMARY KEY,
            started_at    INTEGER NOT NULL,
            finished_at   INTEGER,
            packs         TEXT NOT NULL DEFAULT '[]',   -- JSON list of pack filters
            topics        TEXT NOT NULL DEFAULT '[]',   -- JSON list of topic filters
            seed          INTEGER,
            score         REAL,
            total         INTEGER,
            duration_ms   INTEGER
        );
        CREATE TABLE quiz_answers (
            id            INTEGER PRIMARY KEY,
            attempt_id    INTEGER NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
            question_key  TEXT NOT NULL,
            chosen        TEXT NOT NULL DEFAULT '[]',   -- JSON
            correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
            answered_at   INTEGER NOT NULL,
            time_ms       INTEGER
        );
        CREATE INDEX quiz_answers_attempt ON quiz_answers (attempt_id);
        CREATE INDEX quiz_answers_question ON quiz_answers (question_key);

        CREATE TABLE mock_sessions (
            id            INTEGER PRIMARY KEY,
            format_key    TEXT NOT NULL,
            started_at    INTEGER NOT NULL,
            finished_at   INTEGER,
            score         REAL,
            max_score     REAL,
            report        TEXT NOT NULL DEFAULT '{}'    -- JSON
        );
        CREATE TABLE mock_answers (
            id            INTEGER PRIMARY KEY,
            session_id    INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
            prompt_key    TEXT NOT NULL,
            kind          TEXT NOT NULL,
            answer_text   TEXT NOT NULL DEFAULT '',
            points        TEXT NOT NULL DEFAULT '[]',   -- JSON
            score         REAL,
            max_score     REAL,
            time_used_ms  INTEGER
        );
        CREATE INDEX mock_answers_session ON mock_answers (session_id);
        """,
    )


# ---------------------------------------------------------------------- 0002


@migration("0002_quiz_attempt_kind")
def _quiz_attempt_kind(db: Database) -> None:
    """Quiz attempts say whether they were a quiz or a practice exam (History tells them apart).

    Attempts made before this migration were recorded the same way for both; they stay
    ``quiz``, since nothing stored says otherwise.
    """
    _script(
        db,
        """
        ALTER TABLE quiz_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz' CHECK (kind IN ('quiz', 'exam'));
        """,
    )


# --------------------------------------------------------------------- runner


def _script(db: Database, sql: str) -> None:
    """Run several statements inside the current transaction.

    (``executescript`` would COMMIT first, breaking the migration's atomicity.)
    """
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:60]}")


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the applied migrations, in order."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)).fetchone():
        return []
    return [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY version")]


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, begin: Callable[[], None], *, stop_after: int | None = None) -> list[str]:
    """Apply pending migrations; return the names applied.

    ``begin`` starts a write transaction (``BEGIN IMMEDIATE`` with retry).
    ``stop_after`` (tests) stops once that version is reached.
    """
    done: list[str] = []
    target = latest_version() if stop_after is None else stop_after
    while True:
        if user_version(db.conn) >= target:
            return done
        begin()
        try:
            version = user_version(db.conn)  # re-read under the write lock
            if version >= target:
                db.conn.execute("COMMIT")
                return done
            step = MIGRATIONS[version]
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
            )
            step.fn(db)
            db.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)",
                [step.version, step.name, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")],
            )
            db.execute(f"PRAGMA user_version = {int(step.version)}")
            db.conn.execute("COMMIT")
            done.append(step.name)
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
