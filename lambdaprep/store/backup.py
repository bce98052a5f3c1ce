"""Backups of the progress database: daily automatic ones, manual ones, and restoring.

Every copy is made with SQLite's online backup API (never a file copy of a live WAL
database), so it is a consistent snapshot even while another lambdaprep is writing.
A backup is written to a temporary name, switched out of WAL mode (one self-contained
file) and renamed into place, so a half-written backup never carries a backup's name.

Files live in the ``backups/`` folder beside the database and are named
``lambdaprep-YYYYMMDD-HHMMSS-KIND.db`` (local time), where KIND is

``daily``
    made automatically once per study day, before the first write; the newest of each
    of the last 7 study days and the newest of each of the last 4 weeks are kept, the
    other daily backups are deleted;
``manual``
    made by ``lambdaprep backup``; never deleted by lambdaprep;
``before-restore``
    the database as it was just before ``lambdaprep restore`` replaced it; never deleted;
``before-import``
    the database as it was just before ``lambdaprep progress import`` merged a file into it;
    the newest 5 are kept;
``damaged``
    a database that could not be read, moved aside by ``lambdaprep restore`` (with its
    ``-wal``/``-shm`` files when present); never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lambdaprep.store import migrations
from lambdaprep.store.backupfiles import (
    KINDS,
    Backup,
    backup_dir_for,
    find_backup,
    human_size,
    list_backups,
    newest_backup,
    restore_hint,
)
from lambdaprep.store.db import SQLITE_HEADER
from lambdaprep.store.errors import StoreError

if TYPE_CHECKING:
    from lambdaprep.store.db import Connection
    from lambdaprep.store.store import Store

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE_IMPORT = 5
DAY_START_KEY = "study.day_starts_hour"
"""The study setting that says when a study day begins (see ``lambdaprep.study.daily``)."""
DEFAULT_DAY_START = 4

# ------------------------------------------------------------------ making


def _file_name(kind: str, when: dt.datetime, folder: Path) -> Path:
    stem = f"lambdaprep-{when:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}-{kind}.db"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}-{kind}.db"
    return path


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` (online backup API; atomic rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            # One step (pages=-1): the whole copy is read in a single read transaction,
            # so it is one consistent snapshot even while another process commits.
            source.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def make_backup(store: Store, folder: Path, kind: str = "manual", *, now: dt.datetime | None = None) -> Backup:
    """Back up the open ``store`` into ``folder`` (a ``manual`` backup unless told otherwise)."""
    con = store._con  # noqa: SLF001 - the store package's own connection
    with con.lock:
        return _make_backup(con.conn, folder, kind, now=now)


def daily_backup(store: Store, folder: Path, *, now: dt.datetime | None = None) -> Backup | None:
    """Make today's automatic backup unless this study day already has one (of any kind).

    Returns the new backup, or None when none was needed (already done today, or a
    database with no progress yet).
    """
    con = store._con  # noqa: SLF001
    with con.lock:
        return _daily_backup(con.conn, folder, now=now)


def _make_backup(source: sqlite3.Connection, folder: Path, kind: str = "manual", *, now: dt.datetime | None = None) -> Backup:
    if kind not in KINDS:
        raise ValueError(kind)
    when = (now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _file_name(kind, when, folder)
        copy_database(source, target)
        size = target.stat().st_size
    except OSError as exc:
        raise StoreError(f"cannot write a backup into {folder}: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up the progress database: {exc}") from None
    return Backup(target, kind, when, size)


def study_day_start(now: dt.datetime, day_starts_hour: int) -> dt.datetime:
    """Start (local, naive) of the study day that ``now`` (local, naive) falls in."""
    start = now.replace(hour=day_starts_hour, minute=0, second=0, microsecond=0)
    return start if now >= start else start - dt.timedelta(days=1)


def _day_starts_hour(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (DAY_START_KEY,)).fetchone()
    except sqlite3.Error:
        return DEFAULT_DAY_START
    if row is not None:
        with contextlib.suppress(ValueError, TypeError):
            value = int(row[0])
            if 0 <= value <= 23 and str(value) == str(row[0]).strip():
                return value
    return DEFAULT_DAY_START


def _has_progress(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM review_log) OR EXISTS (SELECT 1 FROM card_state) "
            "OR EXISTS (SELECT 1 FROM quiz_attempts) OR EXISTS (SELECT 1 FROM mock_sessions)"
        ).fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


def prune(folder: Path, *, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> list[Path]:
    """Delete daily backups beyond the newest of each of the last ``keep_daily`` days and
    ``keep_weekly`` ISO weeks, and ``before-import`` ones beyond the newest 5. Other kinds
    are never deleted. Returns the deleted paths."""
    dailies = [b for b in list_backups(folder) if b.kind == "daily"]
    dailies.sort(key=lambda b: (b.taken, b.name), reverse=True)
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for b in dailies:  # newest first: the first seen of a day/week is its newest
        day = b.taken.date()
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep.add(b.path)
        week = tuple(b.taken.isocalendar())[:2]
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.add(week)  # type: ignore[arg-type]
            keep.add(b.path)
    imports = [b for b in list_backups(folder) if b.kind == "before-import"]
    keep.update(b.path for b in imports[-KEEP_BEFORE_IMPORT:])
    deleted = []
    for b in dailies + imports:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                deleted.append(b.path)
    return deleted


def _daily_backup(conn: sqlite3.Connection, folder: Path, *, now: dt.datetime | None = None) -> Backup | None:
    now = (now or dt.datetime.now()).replace(tzinfo=None)
    start = study_day_start(now, _day_starts_hour(conn))
    if any(b.taken >= start and b.kind != "damaged" for b in list_backups(folder)):
        return None
    if not _has_progress(conn):
        return None
    made = _make_backup(conn, folder, "daily", now=now)
    prune(folder)
    return made


class DailyBackupHook:
    """Runs :func:`daily_backup` before a connection's first write of each study day.

    Installed on a :class:`~lambdaprep.store.db.Connection` as ``before_write``: after
    the first check it costs one clock read per write until the study day ends. A
    failed backup never stops studying; its error is kept in :attr:`error`.
    """

    def __init__(self, con: Connection, folder: Path, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.con = con
        self.folder = folder
        self.clock = clock
        self.valid_until = 0.0
        self.last: Backup | None = None
        self.error: str | None = None

    def __call__(self) -> None:
        if time.time() < self.valid_until:
            return
        now = self.clock().replace(tzinfo=None)
        try:
            made = _daily_backup(self.con.conn, self.folder, now=now)
        except (StoreError, sqlite3.Error, OSError) as exc:
            self.error = str(exc)
            made = None
        else:
            self.error = None
        if made is not None:
            self.last = made
        start = study_day_start(now, _day_starts_hour(self.con.conn))
        next_day = start + dt.timedelta(days=1)
        self.valid_until = time.time() + max(0.0, (next_day - now).total_seconds())


def install_daily_backup(con: Connection, folder: Path) -> DailyBackupHook:
    hook = DailyBackupHook(con, folder)
    con.before_write = hook
    return hook


def daily_backup_status(store: Store) -> DailyBackupHook | None:
    """The automatic backup of a store opened on a data dir (None for a plain path)."""
    hook = store._con.before_write  # noqa: SLF001
    return hook if isinstance(hook, DailyBackupHook) else None


def run_daily_backup(store: Store) -> Backup | None:
    """Make today's automatic backup now if it is due (e.g. from a worker, so no write waits for it)."""
    hook = daily_backup_status(store)
    if hook is None:
        return None
    with store._con.lock:  # noqa: SLF001
        hook()
    return hook.last


# ------------------------------------------------------------------ restoring


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: Backup
    kept_aside: Path | None
    """Where the replaced database was kept (None: there was no database)."""
    damaged: bool
    """True when the replaced database could not be read and was moved aside as it was."""


def check_backup(path: Path) -> None:
    """Raise :class:`StoreError` unless ``path`` is a healthy lambdaprep database this version can use."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise StoreError(f"the backup {path.name} is not an SQLite database")
    except OSError as exc:
        raise StoreError(f"cannot read the backup {path}: {exc.strerror or exc}") from None
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            version = migrations.user_version(con)
            names = migrations.applied(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"the backup {path.name} is damaged ({exc})") from None
    if result != ["ok"]:
        raise StoreError(f"the backup {path.name} is damaged ({'; '.join(result[:3])})")
    if not names:
        raise StoreError(f"the backup {path.name} is not a lambdaprep database")
    known = {m.name for m in migrations.MIGRATIONS}
    if version > migrations.latest_version() or any(n not in known for n in names):
        raise StoreError(f"the backup {path.name} was written by a newer lambdaprep", hint="upgrade lambdaprep first")


def _healthy(database: Path) -> sqlite3.Connection | None:
    """A connection to ``database`` if it opens and passes ``quick_check``; else None."""
    try:
        with database.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            return None
        con = sqlite3.connect(str(database), isolation_level=None, timeout=30)
    except (OSError, sqlite3.Error):
        return None
    try:
        if [r[0] for r in con.execute("PRAGMA quick_check")] != ["ok"]:
            con.close()
            return None
    except sqlite3.Error:
        con.close()
        return None
    return con


def restore(database: Path, backup: Backup, *, now: dt.datetime | None = None) -> RestoreResult:
    """Put ``backup`` in place of ``database``; the current file is kept aside first.

    A readable database is first copied (backup API) to a ``before-restore`` backup,
    then overwritten through the backup API (safe even if another lambdaprep has it
    open). A damaged one is moved aside as it is (with its ``-wal``/``-shm`` files)
    as a ``damaged`` file, and the backup copied in its place.
    """
    check_backup(backup.path)
    folder = backup_dir_for(database)
    when = (now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    if not database.exists():
        src = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
        try:
            copy_database(src, database)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot write {database}: {exc}") from None
        finally:
            src.close()
        return RestoreResult(backup, None, False)
    live = _healthy(database)
    if live is not None:
        try:
            aside = _make_backup(live, folder, "before-restore", now=when)
            src = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
            try:
                src.backup(live, pages=-1)
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot restore into {database}: {exc}") from None
        finally:
            live.close()
        return RestoreResult(backup, aside.path, False)
    # Damaged: move it (and its WAL and shared-memory files) aside untouched.
    try:
        folder.mkdir(parents=True, exist_ok=True)
        aside_path = _file_name("damaged", when, folder)
        for suffix in ("-wal", "-shm"):
            extra = database.with_name(database.name + suffix)
            if extra.exists():
                os.replace(extra, aside_path.with_name(aside_path.name + suffix))
        os.replace(database, aside_path)
        src = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
        try:
            copy_database(src, database)
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot restore into {database}: {exc}") from None
    return RestoreResult(backup, aside_path, True)


# ------------------------------------------------------------------ overview (the Data screen)


@dataclass(frozen=True, slots=True)
class DataOverview:
    database: Path
    size: int
    wal_size: int
    reviews: int
    cards: int
    last_backup: Backup | None
    backups: int
    backups_dir: Path
    error: str | None
    """The last automatic backup's failure, if it failed."""


def data_overview(store: Store, folder: Path) -> DataOverview:
    """What the Data screen shows (file sizes, progress counts, the newest backup)."""

    def size(p: Path) -> int:
        try:
            return p.stat().st_size
        except OSError:
            return 0

    db = store.path
    backups = list_backups(folder)
    restorable = [b for b in backups if b.kind != "damaged"]
    hook = daily_backup_status(store)
    return DataOverview(
        database=db,
        size=size(db),
        wal_size=size(db.with_name(db.name + "-wal")),
        reviews=store.count_reviews(),
        cards=store.card_totals().stored,
        last_backup=restorable[-1] if restorable else None,
        backups=len(backups),
        backups_dir=folder,
        error=hook.error if hook is not None else None,
    )


__all__ = [
    "Backup",
    "DataOverview",
    "DailyBackupHook",
    "RestoreResult",
    "backup_dir_for",
    "check_backup",
    "daily_backup",
    "daily_backup_status",
    "data_overview",
    "find_backup",
    "human_size",
    "install_daily_backup",
    "list_backups",
    "make_backup",
    "newest_backup",
    "prune",
    "restore",
    "restore_hint",
    "run_daily_backup",
]
