"""Issue 12, data loss: card actions check for changes made elsewhere; foreign or damaged
databases are refused untouched; SIGTERM restores the terminal and keeps answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from lambdaprep.store import STATE_REVIEW, StaleCard, Store
from lambdaprep.study.clock import UTC, FakeClock
from lambdaprep.study.session import DrillSession
from tests.hostile_support import one_line_error, run_cli, sqlite_file
from tests.test_study_session import make_cards

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def two(tmp_path: Path) -> Any:
    """Two lambdaprep instances (A and B) on one database, showing the same first card."""
    clock = FakeClock(start=START)
    a = Store.open(tmp_path / "x.db")
    b = Store.open(tmp_path / "x.db")
    sa = DrillSession(a, make_cards(3), clock=clock)
    sb = DrillSession(b, make_cards(3), clock=clock)
    assert sa.next().key == sb.next().key  # type: ignore[union-attr]
    yield sa, sb, a
    a.close()
    b.close()


@pytest.mark.parametrize("action", ["suspend", "bury", "toggle_flag"])
def test_a_card_action_does_not_undo_an_answer_given_elsewhere(two: Any, action: str) -> None:
    sa, sb, store = two
    key = sa.current.key
    sb.answer(3)  # B answers the card A is still showing
    answered = store.card(key)
    with pytest.raises(StaleCard):
        getattr(sa, action)()  # A presses x / h / f
    assert store.card(key) == answered and answered.state != 0  # B's progress stands
    assert store.count_reviews() == 1
    assert sa.current is None  # A moves on


@pytest.mark.parametrize("action", ["suspend", "bury", "toggle_flag"])
def test_undoing_a_card_action_does_not_undo_an_answer_given_elsewhere(two: Any, action: str) -> None:
    import dataclasses

    sa, sb, store = two
    key = sa.current.key
    getattr(sa, action)()
    # B then reviews the card (it reads it fresh, so its write is legitimate)
    current = sb.store.card(key)
    after = dataclasses.replace(current, state=STATE_REVIEW, reps=1, due=current.updated_at + 86_400_000, updated_at=current.updated_at + 1)
    sb.store.record_review(current, after, rating=3, reviewed_at=current.updated_at + 1)
    changed = store.card(key)
    with pytest.raises(StaleCard):
        sa.undo()
    assert store.card(key) == changed and store.count_reviews() == 1


def test_undoing_an_answer_does_not_undo_a_suspend_done_elsewhere(two: Any) -> None:
    from lambdaprep.study.browse import set_suspended

    sa, sb, store = two
    key = sa.current.key
    sa.answer(3)
    set_suspended(sb.store, key, True, 1_800_000_000_000)  # B suspends it in Browse
    with pytest.raises(StaleCard):
        sa.undo()
    card = store.card(key)
    assert card.suspended and card.state != 0 and store.count_reviews() == 1


async def test_drill_screen_moves_on_when_a_suspend_comes_too_late(make_test_app: Any, locations: Any) -> None:
    from tests.conftest import settle

    app = make_test_app()
    app.area_options["drill"] = {"clock": FakeClock(start=START)}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        for _ in range(50):
            await settle(pilot)
            if getattr(app.screen, "session", None) is not None and app.screen.session.current is not None:
                break
        screen = app.screen
        key = screen.session.current.key
        other = Store.open(locations)
        try:
            other_session = DrillSession(other, {key: screen.session.current.card}, clock=FakeClock(start=START))
            assert other_session.next().key == key
            other_session.answer(3)
            answered = other.card(key)
        finally:
            other.close()
        await pilot.press("x")
        await settle(pilot)
        assert any("another lambdaprep" in str(n.message) for n in app._notifications)
        assert screen.session.current is None or screen.session.current.key != key
    with Store.open(locations) as store:
        assert store.card(key) == answered


# ------------------------------------------------------------------ foreign and damaged databases


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_foreign_sqlite_file_is_refused_untouched(locations: Any, capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite_file(locations.database, "create table foo(x)", "insert into foo values (42)")
    before = _digest(db)
    for argv in (["stats"], ["due"], ["drill", "--settings"], ["history"]):
        code, out, err = run_cli(capsys, *argv)
        assert code == 1, (argv, out, err)
        assert "not a lambdaprep database" in one_line_error(err.split("\n  hint:")[0])
    assert _digest(db) == before
    assert not Path(str(db) + "-wal").exists()
    con = sqlite3.connect(db)
    assert con.execute("select name from sqlite_master").fetchall() == [("foo",)]
    con.close()


@pytest.mark.parametrize(
    "damage",
    [
        ["drop table review_log"],
        ["drop table card_state", "create table card_state(x)"],
        ["drop table settings", "create table settings(k, v)"],
    ],
    ids=["dropped", "conflicting", "conflicting-settings"],
)
def test_a_database_with_damaged_tables_is_reported_as_damaged(
    damage: list[str], locations: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(locations).close()
    con = sqlite3.connect(locations.database)
    con.execute("PRAGMA foreign_keys = OFF")
    for sql in damage:
        con.execute(sql)
    con.commit()
    con.close()
    code, out, err = run_cli(capsys, "stats")
    assert code == 1
    assert "damaged" in err and "unexpected error" not in err and "Traceback" not in err


def test_an_unknown_migration_is_named(locations: Any, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(locations).close()
    con = sqlite3.connect(locations.database)
    con.execute("update schema_migrations set name = '0001_from_elsewhere' where version = 1")
    con.commit()
    con.close()
    before = _digest(locations.database)
    code, out, err = run_cli(capsys, "stats")
    assert code == 1
    assert "'0001_from_elsewhere'" in err and "does not know" in err
    assert "this version knows up to" not in err
    assert _digest(locations.database) == before


# ------------------------------------------------------------------ SIGTERM


def test_sigterm_restores_the_terminal_and_keeps_answers(tmp_path: Path) -> None:
    import os
    import pty
    import select
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    env = {**os.environ, "LAMBDAPREP_DATA": str(data), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("LAMBDAPREP_TESTING", None)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lambdaprep", "drill"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    out = b""

    def read_until(pred: Any, timeout: float) -> None:
        nonlocal out
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not pred():
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    try:
        read_until(lambda: b"\x1b[?1049h" in out and b"Again" in out, 60)  # the app is up, a card is shown
        assert b"\x1b[?1049h" in out, out[-500:]
        os.write(master, b" ")
        read_until(lambda: b"Good" in out.split(b"\x1b[?1049h")[-1], 20)
        os.write(master, b"3")
        time.sleep(0.5)  # let the answer be written (a real process, not a Pilot)
        mark = len(out)
        proc.send_signal(signal.SIGTERM)
        read_until(lambda: proc.poll() is not None and b"\x1b[?1049l" in out[mark:], 30)
        proc.wait(timeout=30)
        tail = out[mark:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert b"\x1b[?1049l" in tail  # left the alternate screen
    assert b"\x1b[?1000l" in tail  # mouse reporting off
    with Store.open(data / "lambdaprep.db") as store:
        assert store.count_reviews() == 1
