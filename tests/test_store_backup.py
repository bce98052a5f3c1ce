"""Backups: daily automatic ones, retention, a consistent copy under a live writer, restore."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lambdaprep.cli import main
from lambdaprep.store import CardState, CorruptDatabase, Store
from lambdaprep.store import backup as bk

NOW = dt.datetime(2026, 12, 2, 9, 30)


def _review(store: Store, key: str, at: int, rating: int = 3) -> None:
    before = store.card(key)
    after = CardState(key, state=2, stability=3.0, difficulty=5.0, due=at + 86_400_000, last_review=at, reps=1, updated_at=at)
    store.record_review(before, after, rating=rating, reviewed_at=at)


def _review_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM review_log").fetchone()[0])
    finally:
        con.close()


def _integrity(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


def test_daily_backup_once_per_study_day(locations: Any) -> None:
    folder = locations.backups_dir
    with Store.open(locations.database) as store:  # no hook: a plain path
        assert bk.daily_backup(store, folder, now=NOW) is None  # nothing studied yet
        _review(store, "p/a", 1_000)
        made = bk.daily_backup(store, folder, now=NOW)
        assert made is not None and made.kind == "daily"
        assert bk.daily_backup(store, folder, now=NOW + dt.timedelta(hours=10)) is None  # same day
        # the study day starts at 04:00 by default: 03:00 next morning is still today
        assert bk.daily_backup(store, folder, now=dt.datetime(2026, 12, 3, 3, 0)) is None
        nxt = bk.daily_backup(store, folder, now=dt.datetime(2026, 12, 3, 4, 0))
        assert nxt is not None
        # a stored day_starts_hour moves the boundary
        store.set_setting("study.day_starts_hour", 12)
        # (the day that began at noon on the 2nd already has the 04:00 backup of the 3rd)
        assert bk.daily_backup(store, folder, now=dt.datetime(2026, 12, 3, 11, 59)) is None
        assert bk.daily_backup(store, folder, now=dt.datetime(2026, 12, 3, 12, 0)) is not None
    # retention keeps the newest daily backup of each calendar day: 04:00 on the 3rd went
    assert [f"{b.taken:%d %H}" for b in bk.list_backups(folder)] == ["02 09", "03 12"]
    assert _review_count(made.path) == 1 and _integrity(made.path) == ["ok"] and nxt.path.exists() is False
    assert not list(folder.glob("*.tmp")) and not list(folder.glob("*-wal"))


def test_store_opened_on_a_data_dir_backs_up_before_the_first_write(locations: Any) -> None:
    with Store.open(locations) as store:
        _review(store, "p/a", 1_000)
    assert bk.list_backups(locations.backups_dir) == []  # the first write found nothing to keep
    with Store.open(locations) as store:
        assert bk.list_backups(locations.backups_dir) == []  # opening and reading write nothing
        store.card("p/a")
        _review(store, "p/a", 2_000)  # the first write of the day backs up first
        backups = bk.list_backups(locations.backups_dir)
        assert [b.kind for b in backups] == ["daily"]
        assert _review_count(backups[0].path) == 1  # taken before this write
        _review(store, "p/a", 3_000)
    assert len(bk.list_backups(locations.backups_dir)) == 1


def test_backup_failure_never_stops_studying(locations: Any) -> None:
    with Store.open(locations) as store:
        _review(store, "p/a", 1_000)
    locations.backups_dir.parent.mkdir(parents=True, exist_ok=True)
    locations.backups_dir.write_text("a file where the folder should be")
    with Store.open(locations) as store:
        _review(store, "p/a", 2_000)
        hook = bk.daily_backup_status(store)
        assert hook is not None and hook.error
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 2


def _touch(folder: Path, when: dt.datetime, kind: str = "daily") -> Path:
    p = folder / f"lambdaprep-{when:%Y%m%d-%H%M%S}-{kind}.db"
    p.write_bytes(b"x")
    return p


def test_prune_keeps_7_daily_and_4_weekly(tmp_path: Path) -> None:
    start = dt.datetime(2026, 9, 1, 8, 0)  # a Tuesday
    made = [_touch(tmp_path, start + dt.timedelta(days=i)) for i in range(60)]
    manual = _touch(tmp_path, start, "manual")
    restored = _touch(tmp_path, start, "before-restore")
    bk.prune(tmp_path)
    left = {b.path for b in bk.list_backups(tmp_path)}
    newest_days = set(made[-7:])
    # newest of each of the last 4 ISO weeks
    weeks: dict[tuple[int, int], Path] = {}
    for p, i in zip(made, range(60)):
        d = start + dt.timedelta(days=i)
        weeks[tuple(d.isocalendar())[:2]] = p  # type: ignore[index]
    last_weeks = {weeks[w] for w in sorted(weeks)[-4:]}
    assert left == newest_days | last_weeks | {manual, restored}
    assert len(left - {manual, restored}) > 7  # the weekly ones reach further back than a week


def test_names_and_listing_ignore_other_files(tmp_path: Path) -> None:
    _touch(tmp_path, NOW)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "lambdaprep-2026-bad-daily.db").write_text("x")
    assert [b.name for b in bk.list_backups(tmp_path)] == ["lambdaprep-20261202-093000-daily.db"]
    assert bk.list_backups(tmp_path / "missing") == []


WRITER = textwrap.dedent(
    """
    import sys
    from lambdaprep.store import CardState, Store

    db, done_file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(db) as store, open(done_file, "a") as done:
        for i in range(n):
            key = f"p/c{i % 50}"
            before = store.card(key)
            t = 1_000_000 + i
            after = CardState(key, state=2, stability=1.0 + i, difficulty=5.0, due=t + 1000, last_review=t, reps=i, updated_at=t)
            store.record_review(before, after, rating=3, reviewed_at=t)
            done.write(f"{i + 1}\\n")  # written only after the commit returned
            done.flush()
    """
)


@pytest.mark.slow
def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "lambdaprep.db"
    done = tmp_path / "done.txt"
    done.write_text("")
    Store.open(db).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(done), "3000"], stderr=subprocess.PIPE, text=True)
    try:
        backups = []
        with Store.open(db) as store:
            while proc.poll() is None or len(backups) < 2:
                lines = done.read_text().split()
                committed = int(lines[-1]) if lines else 0
                if committed == 0 and proc.poll() is None:
                    continue
                made = bk.make_backup(store, tmp_path / "backups", now=dt.datetime(2026, 1, 1) + dt.timedelta(seconds=len(backups)))
                backups.append((committed, made))
                if len(backups) >= 6:
                    break
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert any(0 < c < 3000 for c, _ in backups), "no backup was taken while the writer was running"
    for committed, made in backups:
        assert _integrity(made.path) == ["ok"]
        con = sqlite3.connect(made.path)
        ids = [r[0] for r in con.execute("SELECT reviewed_at - 1000000 + 1 FROM review_log ORDER BY id")]
        # every review committed before the backup began is in it, and it is a clean prefix
        assert len(ids) >= committed
        assert ids == list(range(1, len(ids) + 1))
        # each card's state matches its newest logged review (one consistent snapshot)
        for key, last, reps in con.execute("SELECT card_key, last_review, reps FROM card_state"):
            newest = con.execute("SELECT max(reviewed_at) FROM review_log WHERE card_key = ?", (key,)).fetchone()[0]
            assert last == newest and reps == newest - 1_000_000
        con.close()


def test_restore_round_trip(locations: Any) -> None:
    db = locations.database
    with Store.open(db) as store:
        for i in range(5):
            _review(store, f"p/c{i}", 1_000 + i)
        made = bk.make_backup(store, locations.backups_dir, now=NOW)
        for i in range(5, 9):
            _review(store, f"p/c{i}", 1_000 + i)
        store.set_setting("study.new_per_day", 3)
    result = bk.restore(db, made, now=NOW + dt.timedelta(minutes=1))
    assert not result.damaged and result.kept_aside is not None
    with Store.open(db) as store:
        assert store.count_reviews() == 5
        assert set(store.cards()) == {f"p/c{i}" for i in range(5)}
        assert store.get_setting("study.new_per_day") is None
        assert store.integrity_check() == ["ok"]
    # the replaced database was kept, whole
    assert _review_count(result.kept_aside) == 9
    assert bk.find_backup(locations.backups_dir, result.kept_aside.name).kind == "before-restore"
    # and restoring it brings the later reviews back
    bk.restore(db, bk.find_backup(locations.backups_dir, result.kept_aside.stem))
    with Store.open(db) as store:
        assert store.count_reviews() == 9


def test_damaged_database_names_the_newest_backup_and_restores(locations: Any) -> None:
    db = locations.database
    with Store.open(db) as store:
        _review(store, "p/a", 1_000)
        bk.make_backup(store, locations.backups_dir, now=NOW - dt.timedelta(days=2))
        newest = bk.make_backup(store, locations.backups_dir, "daily", now=NOW)
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabase) as info:
        Store.open(db)
    text = str(info.value)
    assert newest.name in text and f"lambdaprep restore {newest.name}" in text
    result = bk.restore(db, bk.find_backup(locations.backups_dir, None))
    assert result.damaged and result.kept_aside is not None
    assert result.kept_aside.read_bytes().startswith(b"this is not a database")
    with Store.open(db) as store:
        assert store.count_reviews() == 1
    # a damaged file is never offered as "the newest backup"
    assert bk.newest_backup(locations.backups_dir) == newest


def test_damaged_message_without_backups(locations: Any) -> None:
    locations.database.parent.mkdir(parents=True, exist_ok=True)
    locations.database.write_bytes(b"garbage" * 10)
    with pytest.raises(CorruptDatabase, match="there is no backup"):
        Store.open(locations.database)


def test_restore_refuses_a_bad_backup(locations: Any, tmp_path: Path) -> None:
    with Store.open(locations.database) as store:
        _review(store, "p/a", 1_000)
    folder = locations.backups_dir
    folder.mkdir(parents=True)
    bad = _touch(folder, NOW)
    plain = folder / "lambdaprep-20261202-100000-manual.db"
    sqlite3.connect(plain).execute("CREATE TABLE x (y)").connection.close()
    for b in (bad, plain):
        with pytest.raises(bk.StoreError):
            bk.restore(locations.database, bk.find_backup(folder, b.name))
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 1  # untouched


# --------------------------------------------------------------------- CLI


def test_cli_backup_list_and_restore(data_dir: Path, locations: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["backup"]) == 1
    assert "nothing to back up" in capsys.readouterr().err
    with Store.open(locations.database) as store:
        _review(store, "p/a", 1_000)
    assert main(["backup"]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert main(["backup", "--list", "--json"]) == 0
    listed = __import__("json").loads(capsys.readouterr().out)
    assert [b["kind"] for b in listed] == ["manual"]
    with Store.open(locations.database) as store:
        _review(store, "p/b", 2_000)
    # no terminal and no --yes: refused, nothing changed
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert main(["restore"]) == 2
    assert "--yes" in capsys.readouterr().err
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 2
    # a terminal that answers "n": nothing changes
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert main(["restore", listed[0]["name"]]) == 1
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 2
    monkeypatch.setattr("builtins.input", lambda prompt="": "y")
    assert main(["restore", listed[0]["name"]]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "kept as" in out
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 1
    assert main(["restore", "--yes", "nope.db"]) == 1
    assert "no backup called" in capsys.readouterr().err


def test_paths_lists_backups(locations: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--json"]) == 0
    assert __import__("json").loads(capsys.readouterr().out)["backups"] == str(locations.backups_dir)
    assert bk.backup_dir_for(locations.database) == locations.backups_dir
