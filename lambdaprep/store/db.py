"""The progress database: one SQLite file, opened safely.

Opening does, in order, and writes nothing until the checks pass:

1. refuse a file that is not an SQLite database (never overwritten);
2. refuse a database written by a newer lambdaprep (``user_version`` above ours,
   or a migration name we do not know) — left untouched;
3. switch to WAL, turn on foreign keys, set a busy timeout;
4. apply pending migrations (:mod:`lambdaprep.store.migrations`).

Every write runs in a ``BEGIN IMMEDIATE`` transaction taken with retry, so two
lambdaprep processes on one data dir wait for each other instead of failing
with "database is locked". If the other process holds the lock for longer than
:attr:`Store.lock_timeout` seconds, a :class:`StoreBusy` error (a
:class:`~lambdaprep.errors.LambdaprepError`) says so in plain words.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lambdaprep.store import migrations
from lambdaprep.store.backupfiles import restore_hint
from lambdaprep.store.errors import CorruptDatabase, NewerDatabase, StoreBusy, StoreClosed, StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")

SQLITE_HEADER = b"SQLite format 3\x00"


_savepoints = itertools.count(1)


def _is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _corrupt_text(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text or "encrypted" in text


_SCHEMA_DAMAGE = ("no such table", "no such column", "has no column named", "columns but", "datatype mismatch")
"""OperationalError texts that mean the tables are not the ones our migrations made
(a table dropped or replaced by hand): the database is damaged, not the code."""


def _schema_damaged(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and any(t in text for t in _SCHEMA_DAMAGE)


def corrupt_message(path: Path, detail: str = "") -> CorruptDatabase:
    extra = f" ({detail})" if detail else ""
    return CorruptDatabase(
        f"the progress database {path} is damaged or is not a lambdaprep database{extra}; it was left as it is",
        hint=restore_hint(path)
        or "move it aside (e.g. rename it to lambdaprep.db.broken) to start fresh; there is no backup to restore",
    )


class Connection:
    """A sqlite3 connection (wrapped by sqlite-utils) with retrying transactions."""

    busy_timeout_ms = 500
    """SQLite's own wait per attempt; :meth:`retry` keeps trying (and can be stopped) beyond it."""
    lock_timeout = 30.0
    """Seconds to keep retrying for the write lock before giving up with :class:`StoreBusy`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            conn = sqlite3.connect(str(path), timeout=self.busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the progress database {path}: {exc}") from None
        self.conn = conn
        self._db: Database | None = None
        self.before_write: Callable[[], None] | None = None
        """Called before each write transaction begins (the daily backup; see store/backup.py)."""
        self.lock = threading.RLock()
        """Held for each read and for a whole write transaction: one connection, one user at a time."""
        self.closing = threading.Event()
        """Set by :meth:`close`: retry loops waiting for a busy database give up at once."""
        conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")

    @property
    def db(self) -> Database:
        """The connection wrapped by ``sqlite_utils.Database`` (imported on first use: it is slow to import)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # ---------------------------------------------------------------- helpers

    def close(self) -> None:
        """Close the connection. Another thread waiting for a busy database stops waiting
        (:class:`StoreClosed`); one in the middle of a statement is let finish first."""
        self.closing.set()
        with self.lock:
            with contextlib.suppress(sqlite3.Error):
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            self.conn.close()

    def retry(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (a read, or a whole transaction) again while the database is busy.

        Waits between attempts on :attr:`closing` (not ``time.sleep``), so closing the
        store ends the wait at once. The app never calls this on its UI thread: every
        store call from a screen runs in a worker (see docs/architecture.md).
        """
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.005
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise self._translate(exc) from None
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                if self.closing.is_set():
                    raise StoreClosed(f"the progress database {self.path} was closed while it was busy") from None
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"the progress database {self.path} is busy: another lambdaprep has held it for "
                        f"{self.lock_timeout:.0f} s",
                        hint="close the other lambdaprep (or wait) and try again",
                    ) from None
                if self.closing.wait(delay):
                    raise StoreClosed(f"the progress database {self.path} was closed while it was busy") from None
                delay = min(delay * 2, 0.1)
            except sqlite3.DatabaseError as exc:
                raise self._translate(exc) from None

    def _translate(self, exc: sqlite3.Error) -> Exception:
        if _corrupt_text(exc):
            return corrupt_message(self.path, str(exc))
        if _schema_damaged(exc):
            return corrupt_message(self.path, f"its tables are not as lambdaprep made them: {exc}")
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower():
            return StoreError(f"the progress database {self.path} is read-only: {exc}")
        if isinstance(exc, sqlite3.OperationalError) and ("disk" in str(exc).lower() or "full" in str(exc).lower()):
            return StoreError(f"cannot write the progress database {self.path}: {exc}")
        return exc

    def begin(self) -> None:
        self.retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))

    @contextlib.contextmanager
    def raw_transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` (retried while busy) … ``COMMIT``.

        Nested use becomes a savepoint. Holds :attr:`lock` throughout.
        """
        with self.lock:
            if self.conn.in_transaction:
                name = f"sp_{next(_savepoints)}"
                self.conn.execute(f"SAVEPOINT {name}")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                        self.conn.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
                return
            if self.before_write is not None:
                self.before_write()
            self.begin()
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
            try:
                self.retry(lambda: self.conn.execute("COMMIT"))
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """Like :meth:`raw_transaction`, yielding the ``sqlite_utils.Database``."""
        with self.raw_transaction():
            yield self.db

    def write(self, fn: Callable[[], T]) -> T:
        """Run ``fn()`` in a write transaction; the whole transaction is retried if busy."""

        def attempt() -> T:
            with self.raw_transaction():
                return fn()

        with self.lock:
            return self.retry(attempt)

    def read(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:  # no row_factory: plain tuples
        with self.lock:
            return self.retry(lambda: self.conn.execute(sql, params).fetchall())

    def read_one(self, sql: str, params: Any = ()) -> Any:
        with self.lock:
            return self.retry(lambda: self.conn.execute(sql, params).fetchone())


def check_header(path: Path) -> None:
    """Raise :class:`CorruptDatabase` unless ``path`` is empty/missing or starts like SQLite."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the progress database {path}: {exc}") from None
    if head and head != SQLITE_HEADER:
        raise corrupt_message(path, "not an SQLite file")


def open_connection(path: Path, *, migrate: bool = True, stop_after: int | None = None) -> Connection:
    """Open (creating if needed), check and migrate the database at ``path``."""
    if path.is_dir():
        raise StoreError(f"the progress database path {path} is a folder")
    check_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for the progress database {path.parent}: {exc}") from None
    con = Connection(path)
    try:
        _check_version(con)
        mode = con.retry(lambda: con.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network filesystem
            raise StoreError(f"the progress database {path} cannot use WAL mode (journal mode is {mode})")
        con.conn.execute("PRAGMA foreign_keys = ON")
        con.conn.execute("PRAGMA synchronous = NORMAL")
        target = migrations.latest_version() if stop_after is None else stop_after
        if migrate and migrations.user_version(con.conn) < target:
            con.retry(lambda: migrations.migrate(con.db, con.begin, stop_after=stop_after))
    except BaseException:
        con.close()
        raise
    return con


def _check_version(con: Connection) -> None:
    """Refuse a database we did not write (foreign), a newer one, or one whose records disagree."""

    def inspect() -> tuple[int, list[str], int, bool]:
        version = migrations.user_version(con.conn)
        objects = con.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]  # raises on a damaged header
        has_log = con.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (migrations.MIGRATIONS_TABLE,)
        ).fetchone() is not None
        names = migrations.applied(con.conn)
        return version, names, int(objects), has_log

    try:
        version, names, objects, has_log = con.retry(inspect)
    except sqlite3.Error as exc:  # e.g. a schema_migrations table of another shape
        raise corrupt_message(con.path, str(exc)) from None
    latest = migrations.latest_version()
    if version > latest:
        raise NewerDatabase(
            f"the progress database {con.path} was written by a newer lambdaprep "
            f"(schema version {version}; this version knows up to {latest}); it was left untouched",
            hint="upgrade lambdaprep (pip install -U lambdaprep), or use another --data-dir",
        )
    if not has_log:
        if objects:  # tables, but none of ours: another program's database at our path
            raise CorruptDatabase(
                f"the file {con.path} is an SQLite database but not a lambdaprep database "
                f"(it has {objects} {'table or index' if objects == 1 else 'tables or indexes'} and no lambdaprep schema); it was left untouched",
                hint="point --data-dir (or LAMBDAPREP_DATA) elsewhere, or move that file aside",
            )
        if version:
            raise corrupt_message(con.path, f"schema version {version} but no record of its migrations")
        return  # a new, empty database
    known = [m.name for m in migrations.MIGRATIONS]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise NewerDatabase(
            f"the progress database {con.path} records schema migration {unknown[0]!r}, which this lambdaprep "
            f"does not know (it knows {', '.join(known)}): it was written by a newer or a different lambdaprep; "
            "it was left untouched",
            hint="upgrade lambdaprep (pip install -U lambdaprep), or use another --data-dir",
        )
    if names != known[: len(names)] or len(names) != version:
        raise corrupt_message(
            con.path, f"schema version {version} does not match its migration records ({', '.join(names) or 'none'})"
        )


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
