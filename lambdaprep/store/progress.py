"""Progress files: export the whole progress database, import (merge) one, a review-log CSV.

The file format is JSON Lines, one JSON object per line, described in
docs/export-format.md: a header, then settings, study sessions, card states, reviews,
quiz attempts and mock interviews, then an ``end`` record with the counts (a file
without it was cut short and is refused). Export and import stream: memory does not
grow with the number of reviews.

Import merges into the current database inside ONE transaction (a dry run is the
same work rolled back):

* reviews are matched by (card key, review time); those not present are added, so
  importing a file twice adds nothing;
* a card whose merged log is exactly one side's log keeps that side's stored state
  (the state the machine that has the whole history computed); otherwise its state is
  rebuilt by replaying the merged log through the scheduler (a ``replay`` function the
  caller passes in — scheduling lives in ``lambdaprep.study``). Suspension, flag and
  burial come from whichever side changed the card last;
* study sessions, quiz attempts and mock interviews are matched by their start time
  (and kind/format) and added once;
* settings the database does not have are added; a setting both sides have keeps the
  local value (reported).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from lambdaprep.store.db import dumps
from lambdaprep.store.errors import StoreError
from lambdaprep.store.store import _CARD_COLUMNS, _UPSERT, STATE_NEW, CardState

if TYPE_CHECKING:
    from lambdaprep.store.store import Store

FORMAT_NAME = "lambdaprep-progress"
FORMAT_VERSION = 1
"""Bumped when a reader of the previous version could misread a file; new fields do not bump it."""

NOT_EXPORTED_SETTINGS = frozenset({"engine.new_hint", "exam.unfinished"})
"""Caches and work in progress, not settings: rebuilt by the app (``exam.unfinished`` names an attempt of this database only)."""

CSV_COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
"""The review-log columns FSRS tools (fsrs-optimizer) read; ``card_id`` is the card key."""

_CARD_FIELDS = tuple(c for c in _CARD_COLUMNS if c not in ("id", "card_key"))
_SESSION_COLUMNS = ("kind", "filters", "started_at", "finished_at", "cards", "again", "duration_ms")
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """One review of a card's merged log, as :func:`import_progress` hands it to ``replay``."""

    reviewed_at: int
    rating: int
    answer_ms: int | None
    before: CardState | None
    """The card as the reviewing machine had it (None: a new card)."""
    after: CardState | None
    """What that machine's scheduler made of it (None: not recorded)."""
    recorded: bool = True
    """False when the log row lacks a usable before/after state (the review must be recomputed)."""


Replay = Callable[[str, Sequence[LoggedReview]], CardState]


@dataclass
class ExportSummary:
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportSummary:
    dry_run: bool = False
    exported_at: str = ""
    reviews_in_file: int = 0
    reviews_added: int = 0
    cards_in_file: int = 0
    cards_added: int = 0
    cards_taken: int = 0
    """Cards whose state was taken from the file (its log holds the local one)."""
    cards_replayed: int = 0
    """Cards whose merged log is new to both sides: state rebuilt by the scheduler."""
    sessions_added: int = 0
    quiz_added: int = 0
    mock_added: int = 0
    settings_added: list[str] = field(default_factory=list)
    settings_kept: list[str] = field(default_factory=list)
    """Settings both sides have with different values: the local value was kept."""
    packs_not_installed: dict[str, int] = field(default_factory=dict)
    """Pack id -> cards in the file from a pack that is not installed (kept, not dropped)."""

    @property
    def changed(self) -> bool:
        return bool(
            self.reviews_added or self.cards_added or self.cards_taken or self.cards_replayed or self.sessions_added
            or self.quiz_added or self.mock_added or self.settings_added
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {**asdict(self), "changed": self.changed}


class ProgressFileError(StoreError):
    """A progress file that cannot be imported (nothing was changed)."""


# ====================================================================== export


def _iso_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"


def _loads_or_none(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


@contextlib.contextmanager
def _read_snapshot(store: Store) -> Iterator[sqlite3.Connection]:
    """One read transaction (a consistent snapshot) on the store's connection."""
    con = store._con  # noqa: SLF001 - the store package's own connection
    with con.lock:
        con.retry(lambda: con.conn.execute("BEGIN"))
        try:
            yield con.conn
        finally:
            with contextlib.suppress(sqlite3.Error):
                con.conn.execute("COMMIT")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    cur = conn.execute(sql, params)
    try:
        while True:
            rows = cur.fetchmany(_BATCH)
            if not rows:
                return
            yield from rows
    finally:
        cur.close()


def export_progress(store: Store, out: IO[str], *, lambdaprep_version: str = "") -> ExportSummary:
    """Write every piece of progress to ``out`` (JSON Lines; see docs/export-format.md)."""
    from lambdaprep.store import migrations

    counts = {"settings": 0, "sessions": 0, "cards": 0, "reviews": 0, "quiz": 0, "mock": 0}
    with _read_snapshot(store) as conn:
        out.write(
            _line(
                {
                    "format": FORMAT_NAME,
                    "version": FORMAT_VERSION,
                    "lambdaprep": lambdaprep_version,
                    "exported_at": _iso_now(),
                    "schema_version": migrations.user_version(conn),
                }
            )
        )
        for key, value in _rows(conn, "SELECT key, value FROM settings ORDER BY key"):
            if key in NOT_EXPORTED_SETTINGS:
                continue
            out.write(_line({"type": "setting", "key": key, "value": _loads_or_none(value)}))
            counts["settings"] += 1
        for row in _rows(conn, "SELECT id, " + ", ".join(_SESSION_COLUMNS) + " FROM study_sessions ORDER BY id"):
            rec: dict[str, Any] = {"type": "session", "ref": row[0], **dict(zip(_SESSION_COLUMNS, row[1:]))}
            rec["filters"] = _loads_or_none(rec["filters"]) or {}
            out.write(_line(rec))
            counts["sessions"] += 1
        for row in _rows(conn, "SELECT card_key, " + ", ".join(_CARD_FIELDS) + " FROM card_state ORDER BY card_key"):
            rec = {"type": "card", "key": row[0], **dict(zip(_CARD_FIELDS, row[1:]))}
            rec["suspended"] = bool(rec["suspended"])
            rec["leech"] = bool(rec["leech"])
            out.write(_line(rec))
            counts["cards"] += 1
        # Reviews are the bulk: SQLite builds each line (its JSON functions run in C). The
        # stored before/after JSON is embedded as it is (numbers keep every digit); a value
        # that is not a JSON object is exported as null, never as broken JSON.
        write = out.write
        for (text,) in _rows(conn, _REVIEW_EXPORT_SQL):
            write(text)
            write("\n")
            counts["reviews"] += 1
        counts["quiz"] = _export_with_answers(conn, out, "quiz", "attempt", "quiz_attempts", "quiz_answers", "attempt_id")
        counts["mock"] = _export_with_answers(conn, out, "mock", "session", "mock_sessions", "mock_answers", "session_id")
        out.write(_line({"type": "end", "counts": counts}))
    return ExportSummary(counts)


def _export_with_answers(
    conn: sqlite3.Connection, out: IO[str], kind: str, name: str, table: str, answers_table: str, parent: str
) -> int:
    """Write each row of ``table`` (minus its id) with its rows of ``answers_table``; returns the count."""
    cols = [c for c in _columns(conn, table) if c != "id"]
    answer_cols = [c for c in _columns(conn, answers_table) if c not in ("id", parent)]
    answers_sql = f"SELECT {', '.join(answer_cols)} FROM {answers_table} WHERE {parent} = ? ORDER BY id"
    n = 0
    for row in _rows(conn, f"SELECT id, {', '.join(cols)} FROM {table} ORDER BY id"):
        answers = [dict(zip(answer_cols, a)) for a in conn.execute(answers_sql, (row[0],))]
        out.write(_line({"type": kind, name: dict(zip(cols, row[1:])), "answers": answers}))
        n += 1
    return n


def _state_sql(column: str) -> str:
    return f"CASE WHEN json_valid({column}) AND json_type({column}) IN ('object', 'null') THEN json({column}) END"


_REVIEW_EXPORT_SQL = (
    "SELECT json_object('type', 'review', 'card', card_key, 'at', reviewed_at, 'rating', rating, "
    "'state_before', state_before, 'state_after', state_after, 'due_before', due_before, 'due_after', due_after, "
    "'interval_ms', interval_ms, 'answer_ms', answer_ms, 'session', session_id, "
    f"'before', {_state_sql('before_json')}, 'after', {_state_sql('after_json')}) FROM review_log ORDER BY id"
)
_FAST_REVIEW = '{"type":"review","card":"'
"""How every review line this module writes begins: such lines are parsed by SQLite."""
_KEY_AT = len(_FAST_REVIEW)


def export_reviews_csv(store: Store, out: IO[str]) -> int:
    """The review log as CSV in the columns FSRS tools read (:data:`CSV_COLUMNS`); returns the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    with _read_snapshot(store) as conn:
        for row in _rows(
            conn, "SELECT card_key, reviewed_at, rating, state_before, answer_ms FROM review_log ORDER BY reviewed_at, id"
        ):
            writer.writerow(["" if v is None else v for v in row])
            n += 1
    return n


# ====================================================================== import


class _DryRun(Exception):
    pass


def _bad(lineno: int, what: str) -> ProgressFileError:
    return ProgressFileError(f"line {lineno} of the progress file: {what}; nothing was imported")


def _int(rec: dict[str, Any], name: str, lineno: int, *, optional: bool = False, lo: int | None = None, hi: int | None = None) -> Any:
    v = rec.get(name)
    if v is None and optional:
        return None
    if not isinstance(v, int) or isinstance(v, bool):
        raise _bad(lineno, f"'{name}' must be a whole number, not {json.dumps(v)[:40]}")
    if not _I64[0] <= v <= _I64[1] or (lo is not None and v < lo) or (hi is not None and v > hi):
        raise _bad(lineno, f"'{name}' is out of range ({v})")
    return v


_I64 = (-(1 << 63), (1 << 63) - 1)
"""The whole numbers SQLite stores."""
_MAX_MS = 253_402_300_799_999
"""The last millisecond of the year 9999 (the latest time Python's datetime holds)."""


def _float(rec: dict[str, Any], name: str, lineno: int) -> float | None:
    v = rec.get(name)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
        raise _bad(lineno, f"'{name}' must be a number")
    return float(v)


def _key(rec: dict[str, Any], name: str, lineno: int) -> str:
    v = rec.get(name)
    if not isinstance(v, str) or len(v) > 400 or v.find("/") < 1:
        raise _bad(lineno, f"'{name}' must be a card key like 'pack/item-id'")
    return v


def _card_values(rec: dict[str, Any], lineno: int) -> tuple[Any, ...]:
    state = _int(rec, "state", lineno, lo=0, hi=3)
    flag = _int(rec, "flag", lineno, optional=True, lo=0, hi=7) or 0
    for b in ("suspended", "leech"):
        if not isinstance(rec.get(b, False), bool):
            raise _bad(lineno, f"'{b}' must be true or false")
    return (
        state,
        _int(rec, "step", lineno, optional=True),
        _float(rec, "stability", lineno),
        _float(rec, "difficulty", lineno),
        _int(rec, "due", lineno, optional=True),
        _int(rec, "last_review", lineno, optional=True),
        _int(rec, "reps", lineno, optional=True, lo=0) or 0,
        _int(rec, "lapses", lineno, optional=True, lo=0) or 0,
        int(bool(rec.get("suspended", False))),
        _int(rec, "buried_until", lineno, optional=True),
        int(bool(rec.get("leech", False))),
        flag,
        _int(rec, "updated_at", lineno, optional=True) or 0,
    )


def _state_json(v: Any, key: str, lineno: int) -> str:
    if v is None:
        return "null"
    if not isinstance(v, dict):
        raise _bad(lineno, "'before' and 'after' must be objects or null")
    return dumps(v)


_STATE_NAMES = frozenset(f.name for f in fields(CardState))


def _state_from_json(text: str | None, key: str) -> CardState | None:
    """The card state a review log row saved (as ``CardState.from_dict`` reads it), or None."""
    data = _loads_or_none(text)
    if not isinstance(data, dict):
        return None
    values = {k: v for k, v in data.items() if k in _STATE_NAMES}
    values["suspended"] = bool(values.get("suspended", False))
    values["leech"] = bool(values.get("leech", False))
    values["card_key"], values["id"] = key, None
    try:
        state = CardState(**values)
    except (TypeError, ValueError):
        return None
    if not isinstance(state.state, int) or not 0 <= state.state <= 3:
        return None
    if state.state and not _schedulable(state):
        return None  # not a state the scheduler can go on from: the review is recomputed instead
    return state


def _schedulable(s: CardState) -> bool:
    """A learning/review/relearning state fsrs can review again (what the app always saves)."""

    def number(v: Any) -> bool:
        return type(v) in (int, float) and v == v

    def moment(v: Any) -> bool:
        return v is None or (type(v) is int and 0 <= v <= _MAX_MS)

    return (
        number(s.stability) and number(s.difficulty) and (s.step is None or type(s.step) is int)
        and (s.step is not None or s.state == 2) and moment(s.last_review) and moment(s.due)
        and type(s.reps) is int and type(s.lapses) is int
    )  # fmt: skip


_TEMP_SCHEMA = (
    "CREATE TEMP TABLE imp_card (card_key TEXT PRIMARY KEY, " + ", ".join(_CARD_FIELDS) + ")",
    "CREATE TEMP TABLE imp_count (card_key TEXT PRIMARY KEY, imp_n INTEGER NOT NULL)",
    "CREATE TEMP TABLE imp_session (ref INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
)
_TEMP_TABLES = ("imp_plan", "imp_count", "imp_card", "imp_session")

_REVIEW_COLUMNS = (
    "card_key, session_id, reviewed_at, rating, state_before, state_after, due_before, due_after, "
    "interval_ms, answer_ms, before_json, after_json"
)
_NOT_THERE = "NOT EXISTS (SELECT 1 FROM review_log WHERE card_key = {key} AND reviewed_at = {at})"
_STATE_TEXT = "CASE WHEN {p} = 'null' OR (substr({p}, 1, 1) = '{{' AND json_valid({p})) THEN {p} END"


def _insert_review_sql(*, dedupe: bool) -> str:
    """Adds a review (Python-checked values); with ``dedupe``, unless the log has (card, time) already.

    A before/after that is not a JSON object (or null) becomes NULL, which the NOT NULL
    column refuses: the batch is then re-checked line by line to say which line is wrong."""
    return (
        f"INSERT INTO review_log ({_REVIEW_COLUMNS}) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        f"{_STATE_TEXT.format(p='?11')}, {_STATE_TEXT.format(p='?12')}"
        + (" WHERE " + _NOT_THERE.format(key="?1", at="?3") if dedupe else "")
    )


_INT = r"(-?(?:0|[1-9][0-9]{0,17}))"
_INT_OR_NULL = r"(-?(?:0|[1-9][0-9]{0,17})|null)"
_FAST_HEAD = re.compile(
    rf'","at":{_INT},"rating":([1-4]),"state_before":([0-3]),"state_after":([0-3]),"due_before":{_INT_OR_NULL},'
    rf'"due_after":{_INT},"interval_ms":{_INT},"answer_ms":((?:0|[1-9][0-9]{{0,17}})|null),"session":{_INT_OR_NULL}'
)
"""The scalar head of a review line as the export writes it, after the card key: exactly
these fields in this order, each a whole number (of at most 18 digits, so it fits SQLite's
integers) in range, or null where null is allowed. Anything else goes the long way."""

_FAST_INSERT = (
    f"INSERT INTO review_log ({_REVIEW_COLUMNS}) SELECT CASE WHEN CAST(?2 AS INTEGER) BETWEEN 0 AND {_MAX_MS} THEN ?1 END, "
    "(SELECT id FROM temp.imp_session WHERE ref = CAST(NULLIF(?10, 'null') AS INTEGER)), "
    "CAST(?2 AS INTEGER), CAST(?3 AS INTEGER), CAST(?4 AS INTEGER), CAST(?5 AS INTEGER), "
    "CAST(NULLIF(?6, 'null') AS INTEGER), CAST(?7 AS INTEGER), CAST(?8 AS INTEGER), CAST(NULLIF(?9, 'null') AS INTEGER), "
    f"{_STATE_TEXT.format(p='?11')}, {_STATE_TEXT.format(p='?12')}"
)


def _fast_review_sql(*, dedupe: bool) -> str:
    """Adds a review line of the export's own layout, its head matched by :data:`_FAST_HEAD`
    (``?1`` the card key, ``?2``…``?10`` the head's numbers as text, in the head's order;
    ``?11``/``?12`` the before/after text). SQLite checks the before/after objects: one
    that is not a JSON object (or null) becomes NULL, which the NOT NULL column refuses;
    the batch is then redone by Python (:func:`_split_review`), which names the line."""
    return _FAST_INSERT + (" WHERE " + _NOT_THERE.format(key="?1", at="CAST(?2 AS INTEGER)") if dedupe else "")


def _drop_temp(conn: sqlite3.Connection) -> None:
    for t in _TEMP_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.{t}")


def _read_record(lineno: int, text: str) -> dict[str, Any]:
    try:
        rec = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(lineno, f"not JSON ({exc.msg})") from None
    if not isinstance(rec, dict):
        raise _bad(lineno, "each line must be a JSON object")
    return rec


def _review_values(rec: dict[str, Any], lineno: int, sessions: dict[int, int], *, raw: bool = False) -> tuple[Any, ...]:
    """A checked review record as the parameters of :func:`_insert_review_sql` (before/after as
    text; with ``raw`` they are the line's own text already, checked by SQLite)."""
    key = _key(rec, "card", lineno)
    ref = _int(rec, "session", lineno, optional=True)
    before, after = rec.get("before"), rec.get("after")
    return (
        key,
        sessions.get(ref) if ref is not None else None,
        _int(rec, "at", lineno, lo=0, hi=_MAX_MS),
        _int(rec, "rating", lineno, lo=1, hi=4),
        _int(rec, "state_before", lineno, lo=0, hi=3),
        _int(rec, "state_after", lineno, lo=0, hi=3),
        _int(rec, "due_before", lineno, optional=True),
        _int(rec, "due_after", lineno),
        _int(rec, "interval_ms", lineno),
        _int(rec, "answer_ms", lineno, optional=True, lo=0),
        before if raw else _state_json(before, key, lineno),
        after if raw else _state_json(after, key, lineno),
    )


def _split_review(lineno: int, text: str, sessions: dict[int, int]) -> tuple[Any, ...]:
    """A review line that starts like the export's layout but did not take the fast path:
    checked by Python (the precise message for anything wrong), its before/after states
    passed on as text when the line splits cleanly (SQLite then checks them)."""
    i = text.find(',"before":')
    j = text.rfind(',"after":')
    end = text.rstrip()
    if i < 0 or j < i or not end.endswith("}"):
        return _review_values(_read_record(lineno, text), lineno, sessions)
    head = _read_record(lineno, text[:i] + "}")
    head["before"], head["after"] = text[i + 10 : j], end[j + 9 : -1]
    return _review_values(head, lineno, sessions, raw=True)


def _check_states(lineno: int, values: tuple[Any, ...]) -> None:
    for name, text in (("before", values[10]), ("after", values[11])):
        try:
            value = json.loads(text)
        except ValueError:
            raise _bad(lineno, f"'{name}' is not valid JSON") from None
        if value is not None and not isinstance(value, dict):
            raise _bad(lineno, "'before' and 'after' must be objects or null")


def check_header(rec: dict[str, Any]) -> None:
    if rec.get("format") != FORMAT_NAME:
        raise ProgressFileError("this is not a lambdaprep progress file (made by 'lambdaprep progress export'); nothing was imported")
    version = rec.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProgressFileError("the progress file has no valid format version; nothing was imported")
    if version > FORMAT_VERSION:
        raise ProgressFileError(
            f"the progress file uses format version {version}, written by a newer lambdaprep "
            f"(this one reads up to version {FORMAT_VERSION}); nothing was imported",
            hint="upgrade lambdaprep on this machine (pip install -U lambdaprep) and import again",
        )


def import_progress(
    store: Store,
    path: Path,
    *,
    replay: Replay,
    installed_packs: Iterable[str] | None = None,
    dry_run: bool = False,
    timings: dict[str, float] | None = None,
) -> ImportSummary:
    """Merge the progress file at ``path`` into ``store`` (see the module docstring).

    ``timings``, when given, receives the seconds spent in each phase (for the benchmark).
    """
    installed = set(installed_packs) if installed_packs is not None else None
    con = store._con  # noqa: SLF001 - the store package's own connection
    result: list[ImportSummary] = []
    clock = _Phases(timings)
    try:
        fh = path.open("r", encoding="utf-8", newline="")
    except OSError as exc:
        raise ProgressFileError(f"cannot read {path}: {exc.strerror or exc}") from None

    try:
        big = path.stat().st_size >= _BIG_FILE
    except OSError:
        big = False

    def attempt(bulk: bool) -> None:
        fh.seek(0)  # a retried attempt starts over
        clock.reset()
        summary = ImportSummary(dry_run=dry_run)
        result[:] = [summary]
        conn = con.conn
        _drop_temp(conn)
        for sql in _TEMP_SCHEMA:
            conn.execute(sql)
        try:
            max_before = conn.execute("SELECT coalesce(max(id), 0) FROM review_log").fetchone()[0]
            if bulk:
                # Nothing to match against: append without looking anything up, indexes built
                # afterwards (far faster than keeping them up to date row by row).
                conn.execute("SAVEPOINT imp_bulk")
                indexes = conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'review_log' AND sql IS NOT NULL"
                ).fetchall()
                for name, _sql in indexes:
                    conn.execute(f'DROP INDEX "{name}"')
            match = big and not bulk and max_before >= _BIG_LOG
            if match:
                # a big file into a big log: one index seek per review to match it (dropped
                # before the transaction ends, so the database never keeps it)
                conn.execute(f"CREATE INDEX {_MATCH_INDEX} ON review_log (card_key, reviewed_at)")
                clock.lap("index")
            _load(conn, fh, summary, dedupe=not bulk, clock=clock)
            if match:
                conn.execute(f"DROP INDEX {_MATCH_INDEX}")
            if bulk:
                for _name, sql in indexes:
                    conn.execute(sql)
                clock.lap("index")
                # the file itself may hold a review twice: redo the careful way (first one wins)
                try:
                    conn.execute(f"CREATE UNIQUE INDEX {_MATCH_INDEX} ON review_log (card_key, reviewed_at)")
                except sqlite3.IntegrityError:
                    twice = True
                else:
                    twice = False
                    conn.execute(f"DROP INDEX {_MATCH_INDEX}")
                clock.lap("dedupe")
                if twice:
                    conn.execute("ROLLBACK TO imp_bulk")
                    conn.execute("RELEASE imp_bulk")
                    raise _Redo
                conn.execute("RELEASE imp_bulk")
            _merge(conn, summary, replay, installed, max_before, clock)
        finally:
            _drop_temp(conn)
        if dry_run:
            raise _DryRun

    def go() -> None:
        conn = con.conn
        conn.execute("PRAGMA defer_foreign_keys = ON")  # card rows are settled after the reviews
        empty = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM review_log)").fetchone()[0]
        try:
            attempt(bool(empty) and _BULK)
        except _Redo:
            attempt(False)

    cache = con.conn.execute("PRAGMA cache_size").fetchone()[0]
    con.conn.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KB}")  # while merging: fewer page reads and writes
    journal = _rollback_journal(con.conn) if not dry_run else False
    try:
        with fh:
            con.write(go)
    except _DryRun:
        pass
    except UnicodeDecodeError:
        raise ProgressFileError(f"{path} is not a UTF-8 text file; nothing was imported") from None
    finally:
        con.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if journal:
            with contextlib.suppress(sqlite3.Error):  # the next open sets WAL again anyway
                con.retry(lambda: con.conn.execute("PRAGMA journal_mode = WAL"))
    clock.lap("commit")
    return result[0]


def _rollback_journal(conn: sqlite3.Connection) -> bool:
    """Into an empty log, import with a rollback journal instead of the WAL: pages added
    to the file are then written once, not to the WAL and again at the checkpoint — half
    the writing. Still all or nothing (a killed import is rolled back from the journal
    when the database is next opened). Only when no other connection has the database
    open (SQLite refuses the switch otherwise, and the import keeps the WAL)."""
    if not _BULK or not conn.execute("SELECT NOT EXISTS (SELECT 1 FROM review_log)").fetchone()[0]:
        return False
    try:
        return str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower() == "delete"
    except sqlite3.OperationalError:
        return False


_IMPORT_CACHE_KB = 65536
_BULK = True
"""Use the bulk path when this database has no reviews yet (tests turn it off to compare)."""
_BIG_FILE = 64 << 20
"""A file this big (some 80,000 reviews) matched against a log of :data:`_BIG_LOG` reviews or
more gets an index on (card, time) for the length of the import."""
_BIG_LOG = 100_000
_MATCH_INDEX = "imp_review_match"


class _Redo(Exception):
    """The bulk path met a review twice in the file: import again, matching row by row."""


class _Phases:
    """Adds the time since the last lap to ``timings[name]`` (does nothing without ``timings``)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.now = timings, time.perf_counter
        self.last = self.now()

    def reset(self) -> None:
        if self.timings is not None:
            self.timings.clear()
        self.last = self.now()

    def lap(self, name: str) -> None:
        if self.timings is not None:
            now = self.now()
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last
            self.last = now

    def add(self, name: str, seconds: float) -> None:
        """``seconds`` of the current lap were spent in ``name`` (subtracted from the next lap)."""
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            self.last += seconds


def _numbered(fh: IO[str]) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for each line of ``fh``, without its line end; read in big
    pieces (much faster than line by line). Lines end at \\n, \\r\\n or \\r, as Python's
    own line iteration has them."""
    n = 0
    rest = ""
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            break
        if "\r" in chunk:
            if chunk.endswith("\r"):
                chunk += fh.read(1)  # a \r\n cut in two is one line end
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        parts = (rest + chunk).split("\n")
        rest = parts.pop()
        for text in parts:
            n += 1
            yield n, text
    if rest:
        yield n + 1, rest


def _load(conn: sqlite3.Connection, fh: IO[str], summary: ImportSummary, *, dedupe: bool, clock: _Phases) -> None:
    """Stream the file: reviews go straight into the log (with ``dedupe``, unless present), cards
    into a temp table, sessions, quiz, mock and settings are merged as they come."""
    lines = _numbered(fh)
    first = next((x for x in lines if x[1].strip()), None)
    if first is None:
        raise ProgressFileError("the progress file is empty; nothing was imported")
    check_header(_read_record(*first))
    header = _read_record(*first)
    summary.exported_at = str(header.get("exported_at", ""))
    settings: dict[str, Any] = {}
    sessions: dict[int, int] = {}
    counts: dict[str, int] = {}
    cards: list[tuple[Any, ...]] = []
    fast: list[tuple[Any, ...]] = []
    """Review lines in the export's layout: the head matched by a pattern, parsed and checked by SQLite."""
    texts_of: list[str] = []
    reviews: list[tuple[Any, ...]] = []
    """Other review lines, parsed and checked by Python."""
    lines_of: list[int] = []
    ended = False
    quiz_cols = set(_columns(conn, "quiz_attempts")) - {"id"}
    qa_cols = set(_columns(conn, "quiz_answers")) - {"id", "attempt_id"}
    mock_cols = set(_columns(conn, "mock_sessions")) - {"id"}
    ma_cols = set(_columns(conn, "mock_answers")) - {"id", "session_id"}
    insert_sql = _insert_review_sql(dedupe=dedupe)
    fast_sql = _fast_review_sql(dedupe=dedupe)
    in_sql = 0.0

    def insert_checked(values: list[tuple[Any, ...]]) -> None:
        try:
            conn.executemany(insert_sql, values)
        except sqlite3.IntegrityError:
            for lineno, row in zip(lines_of, values):
                _check_states(lineno, row)
            raise
        except OverflowError:
            for lineno, row in zip(lines_of, values):
                if any(type(v) is int and not _I64[0] <= v <= _I64[1] for v in row):
                    raise _bad(lineno, "a number is out of range") from None
            raise

    def flush() -> None:
        nonlocal in_sql
        t0 = time.perf_counter()
        if fast:
            conn.execute("SAVEPOINT imp_batch")
            try:
                conn.executemany(fast_sql, fast)
            except (sqlite3.Error, OverflowError):
                if not conn.in_transaction:
                    raise
                # a line SQLite's checks refuse: Python's checks name it (or take it)
                conn.execute("ROLLBACK TO imp_batch")
                conn.execute("RELEASE imp_batch")
                insert_checked([_split_review(lineno, text, sessions) for lineno, text in zip(lines_of, texts_of)])
            else:
                conn.execute("RELEASE imp_batch")
            summary.reviews_in_file += len(fast)
            fast.clear()
            lines_of.clear()
            texts_of.clear()
        if reviews:
            insert_checked(reviews)
            for values in reviews:
                counts[values[0]] = counts.get(values[0], 0) + 1
            summary.reviews_in_file += len(reviews)
            reviews.clear()
            lines_of.clear()
        if cards:
            conn.executemany(f"INSERT OR REPLACE INTO imp_card VALUES ({', '.join('?' * (len(_CARD_FIELDS) + 1))})", cards)
            cards.clear()
        in_sql += time.perf_counter() - t0

    for lineno, text in lines:
        if ended and text.strip():
            raise _bad(lineno, "data after the end record")
        if text.startswith(_FAST_REVIEW):
            # the export's layout: the head is matched by a pattern (its numbers go to SQLite as
            # text), SQLite checks the before/after objects (see _fast_review_sql)
            q = text.find('"', _KEY_AT)
            i = text.find(',"before":', q)
            j = text.rfind(',"after":')
            if 0 < q < i < j and text.endswith("}") and q - _KEY_AT <= 400 and text.find("/", _KEY_AT, q) > _KEY_AT:
                head = _FAST_HEAD.fullmatch(text, q, i)
                key = text[_KEY_AT:q]
                if head is not None and "\\" not in key and key.isprintable():
                    if reviews:
                        flush()  # keep the file's order
                    fast.append((key, *head.groups(), text[i + 10 : j], text[j + 9 : -1]))
                    lines_of.append(lineno)
                    texts_of.append(text)
                    counts[key] = counts.get(key, 0) + 1
                    if len(fast) >= _BATCH:
                        flush()
                    continue
        if text.startswith('{"type":"review",'):
            if fast:
                flush()
            reviews.append(_split_review(lineno, text, sessions))
            lines_of.append(lineno)
            if len(reviews) >= _BATCH:
                flush()
            continue
        if not text.strip():
            continue
        rec = _read_record(lineno, text)
        kind = rec.get("type")
        if kind == "review":
            if fast:
                flush()
            reviews.append(_review_values(rec, lineno, sessions))
            lines_of.append(lineno)
            if len(reviews) >= _BATCH:
                flush()
        elif kind == "card":
            cards.append((_key(rec, "key", lineno), *_card_values(rec, lineno)))
            summary.cards_in_file += 1
            if len(cards) >= _BATCH:
                flush()
        elif kind == "session":
            ref = _int(rec, "ref", lineno)
            sessions[ref] = _add_session(conn, rec, lineno, summary)
            conn.execute("INSERT OR REPLACE INTO imp_session (ref, id) VALUES (?, ?)", (ref, sessions[ref]))
        elif kind == "setting":
            name = rec.get("key")
            if not isinstance(name, str) or not name or "value" not in rec:
                raise _bad(lineno, "a setting needs a 'key' and a 'value'")
            if name not in NOT_EXPORTED_SETTINGS:
                settings[name] = rec["value"]
        elif kind == "quiz":
            summary.quiz_added += _add_quiz(conn, rec, lineno, quiz_cols, qa_cols)
        elif kind == "mock":
            summary.mock_added += _add_mock(conn, rec, lineno, mock_cols, ma_cols)
        elif kind == "end":
            ended = True
        else:
            raise _bad(lineno, f"unknown record type {json.dumps(kind)[:40]}")
    if not ended:
        raise ProgressFileError("the progress file ends early (no end record): it was cut short; nothing was imported")
    flush()
    conn.executemany("INSERT INTO imp_count (card_key, imp_n) VALUES (?, ?)", counts.items())
    _merge_settings(conn, settings, summary)
    clock.add("insert", in_sql)
    clock.lap("read")


def _add_session(conn: sqlite3.Connection, rec: dict[str, Any], lineno: int, summary: ImportSummary) -> int:
    """The local id of the study session (kind, started_at), added if this database lacks it."""
    filters = rec.get("filters") or {}
    if not isinstance(filters, dict) or not isinstance(rec.get("kind"), str):
        raise _bad(lineno, "a session needs a 'kind' and object 'filters'")
    values = (
        rec["kind"],
        dumps(filters),
        _int(rec, "started_at", lineno),
        _int(rec, "finished_at", lineno, optional=True),
        _int(rec, "cards", lineno, optional=True, lo=0) or 0,
        _int(rec, "again", lineno, optional=True, lo=0) or 0,
        _int(rec, "duration_ms", lineno, optional=True, lo=0) or 0,
    )
    row = conn.execute("SELECT id FROM study_sessions WHERE kind = ? AND started_at = ?", (values[0], values[2])).fetchone()
    if row is not None:
        return int(row[0])
    cur = conn.execute(f"INSERT INTO study_sessions ({', '.join(_SESSION_COLUMNS)}) VALUES (?,?,?,?,?,?,?)", values)
    summary.sessions_added += 1
    return int(cur.lastrowid or 0)


def _row_values(rec: Any, allowed: set[str], lineno: int, what: str) -> dict[str, Any]:
    if not isinstance(rec, dict):
        raise _bad(lineno, f"'{what}' must be an object")
    out = {}
    for k, v in rec.items():
        if k in allowed:
            if isinstance(v, (dict, list)):
                v = dumps(v)
            elif v is not None and not isinstance(v, (str, int, float)):
                raise _bad(lineno, f"'{what}.{k}' has an unsupported value")
            out[k] = int(v) if isinstance(v, bool) else v
    return out


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    cols = list(values)
    cur = conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols])
    return int(cur.lastrowid or 0)


def _add_quiz(conn: sqlite3.Connection, rec: dict[str, Any], lineno: int, cols: set[str], answer_cols: set[str]) -> int:
    attempt = _row_values(rec.get("attempt"), cols, lineno, "attempt")
    started = _int(attempt, "started_at", lineno)
    if conn.execute("SELECT 1 FROM quiz_attempts WHERE started_at = ?", (started,)).fetchone():
        return 0
    answers = rec.get("answers") or []
    if not isinstance(answers, list):
        raise _bad(lineno, "'answers' must be a list")
    try:
        attempt_id = _insert(conn, "quiz_attempts", attempt)
        for a in answers:
            _insert(conn, "quiz_answers", {**_row_values(a, answer_cols, lineno, "answers[]"), "attempt_id": attempt_id})
    except sqlite3.IntegrityError as exc:
        raise _bad(lineno, f"a quiz record does not fit the database ({exc})") from None
    return 1


def _add_mock(conn: sqlite3.Connection, rec: dict[str, Any], lineno: int, cols: set[str], answer_cols: set[str]) -> int:
    session = _row_values(rec.get("session"), cols, lineno, "session")
    started = _int(session, "started_at", lineno)
    if not isinstance(session.get("format_key"), str):
        raise _bad(lineno, "a mock interview needs a 'format_key'")
    if conn.execute(
        "SELECT 1 FROM mock_sessions WHERE started_at = ? AND format_key = ?", (started, session["format_key"])
    ).fetchone():
        return 0
    answers = rec.get("answers") or []
    if not isinstance(answers, list):
        raise _bad(lineno, "'answers' must be a list")
    try:
        session_id = _insert(conn, "mock_sessions", session)
        for a in answers:
            _insert(conn, "mock_answers", {**_row_values(a, answer_cols, lineno, "answers[]"), "session_id": session_id})
    except sqlite3.IntegrityError as exc:
        raise _bad(lineno, f"a mock interview record does not fit the database ({exc})") from None
    return 1


def _merge_settings(conn: sqlite3.Connection, settings: dict[str, Any], summary: ImportSummary) -> None:
    local = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    for key, value in sorted(settings.items()):
        if value is None:
            continue
        if key not in local:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, dumps(value)))
            summary.settings_added.append(key)
        elif _loads_or_none(local[key]) != value:
            summary.settings_kept.append(key)


def _merge(
    conn: sqlite3.Connection, summary: ImportSummary, replay: Replay, installed: set[str] | None, max_before: int, clock: _Phases
) -> None:
    """Settle card states once the new reviews are in the log (ids above ``max_before``)."""
    summary.reviews_added = conn.execute("SELECT count(*) FROM review_log WHERE id > ?", (max_before,)).fetchone()[0]
    # The plan: for every card in the file, how its log compares with the local one.
    conn.execute(
        """
        CREATE TEMP TABLE imp_plan AS
        SELECT k.card_key AS card_key,
               EXISTS (SELECT 1 FROM card_state s WHERE s.card_key = k.card_key) AS has_local,
               (SELECT count(*) FROM review_log l WHERE l.card_key = k.card_key AND l.id <= :max) AS local_n,
               (SELECT count(*) FROM review_log l WHERE l.card_key = k.card_key AND l.id > :max) AS new_n,
               coalesce((SELECT imp_n FROM imp_count c WHERE c.card_key = k.card_key), 0) AS imp_n,
               EXISTS (SELECT 1 FROM imp_card c WHERE c.card_key = k.card_key) AS has_imp
        FROM (SELECT card_key FROM imp_card UNION SELECT card_key FROM imp_count) AS k
        """,
        {"max": max_before},
    )
    conn.execute("CREATE UNIQUE INDEX temp.imp_plan_key ON imp_plan (card_key)")
    if installed is not None:
        for pack, n in conn.execute(
            "SELECT substr(card_key, 1, instr(card_key, '/') - 1) AS pack, count(*) FROM imp_plan GROUP BY pack"
        ):
            if pack not in installed:
                summary.packs_not_installed[pack] = n

    # Cards this database has never seen: the file's state as it is (one statement).
    cols = ", ".join(_CARD_FIELDS)
    cur = conn.execute(
        f"INSERT INTO card_state (card_key, {cols}) SELECT c.card_key, {', '.join('c.' + f for f in _CARD_FIELDS)} "
        "FROM imp_card c JOIN imp_plan p ON p.card_key = c.card_key WHERE p.has_local = 0"
    )
    summary.cards_added = max(0, cur.rowcount)
    # Reviews of cards with no stored state anywhere: a row to replay into.
    conn.execute(
        "INSERT INTO card_state (card_key, updated_at) SELECT card_key, 0 FROM imp_plan WHERE has_local = 0 AND has_imp = 0"
    )
    clock.lap("plan")

    # Cards both sides know that got new reviews, and cards only known by their reviews.
    last = ""
    in_replay = 0.0
    while True:
        plan = conn.execute(
            "SELECT card_key, has_local, local_n, imp_n, new_n, has_imp FROM imp_plan "
            "WHERE card_key > ? AND ((has_local = 1 AND new_n > 0) OR (has_local = 0 AND has_imp = 0)) "
            "ORDER BY card_key LIMIT 1000",
            (last,),
        ).fetchall()
        if not plan:
            break
        last = plan[-1][0]
        keys = [p[0] for p in plan]
        marks = ",".join("?" * len(keys))
        local = {r[1]: CardState._from_row(r) for r in conn.execute(
            "SELECT " + ", ".join(_CARD_COLUMNS) + f" FROM card_state WHERE card_key IN ({marks})", keys)}  # fmt: skip
        imported = {
            r[0]: CardState._from_row((None, *r))
            for r in conn.execute(f"SELECT card_key, {cols} FROM imp_card WHERE card_key IN ({marks})", keys)
        }
        for key, has_local, local_n, imp_n, new_n, _has_imp in plan:
            mine = local[key] if has_local else None
            theirs = imported.get(key)
            if theirs is not None and local_n + new_n == imp_n:
                # the file holds this card's whole merged log: take its state
                merged = _with_flags(theirs, mine, theirs)
                summary.cards_taken += 1
            else:
                # each side has reviews the other lacks: replay the union
                log = [
                    _logged(key, at, rating, ams, bj, aj)
                    for at, rating, ams, bj, aj in conn.execute(
                        "SELECT reviewed_at, rating, answer_ms, before_json, after_json FROM review_log WHERE card_key = ? "
                        "ORDER BY reviewed_at, id",
                        (key,),
                    )
                ]
                t0 = time.perf_counter()
                replayed = replay(key, log)
                in_replay += time.perf_counter() - t0
                merged = _with_flags(replayed, mine, theirs)
                summary.cards_replayed += 1
            row = replace(merged, id=local[key].id, card_key=key)
            conn.execute(_UPSERT, [getattr(row, c) if c not in ("suspended", "leech") else int(getattr(row, c)) for c in _CARD_COLUMNS])
    clock.add("replay", in_replay)
    clock.lap("settle")


def _logged(key: str, at: int, rating: int, answer_ms: int | None, before_json: str, after_json: str) -> LoggedReview:
    before = None if before_json == "null" else _state_from_json(before_json, key)
    after = _state_from_json(after_json, key)
    recorded = after is not None and (before_json == "null" or before is not None)
    return LoggedReview(at, rating, answer_ms, before, after, recorded)


def _with_flags(base: CardState, mine: CardState | None, theirs: CardState | None) -> CardState:
    """``base`` with suspension, flag and burial from the side that changed the card last."""
    sides = [s for s in (mine, theirs) if s is not None and not (s.state == STATE_NEW and s.updated_at == 0)]
    if not sides:
        return base
    newest = max(sides, key=lambda s: (s.updated_at, s.suspended, s.flag, s.buried_until or 0))
    return replace(
        base,
        suspended=newest.suspended or (base.leech and not newest.leech),
        flag=newest.flag,
        buried_until=newest.buried_until,
        updated_at=max(base.updated_at, *(s.updated_at for s in sides)),
    )


__all__ = [
    "CSV_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ExportSummary",
    "ImportSummary",
    "LoggedReview",
    "ProgressFileError",
    "Replay",
    "check_header",
    "export_progress",
    "export_reviews_csv",
    "import_progress",
]
