"""The app never freezes on the database and has one error path.

- A write lock held by another connection does not stop the drill: the clock still
  ticks, Escape still works, the busy notice shows, and the answer lands once the lock
  is released.
- Another lambdaprep answering the card on screen: the drill moves on, the other answer stands.
- Leaving the app records the session's end.
- An exception inside a screen: crash.log gets the traceback, the user sees one line,
  exit code 1, no traceback with locals.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.clock import UTC, FakeClock
from tests.conftest import press, screen_text, settle, wait_for

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _app(make_test_app: Any, clock: FakeClock) -> Any:
    return make_test_app(clock=clock)


async def _open_drill(pilot: Any) -> Any:
    await settle(pilot)
    await press(pilot, "d")
    screen = pilot.app.screen
    assert screen.session is not None and screen.session.current is not None
    return screen


async def test_a_held_write_lock_never_freezes_the_drill(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = _app(make_test_app, clock)
    app.busy_notice_after = 0.2
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_drill(pilot)
        key = screen.session.current.key
        await press(pilot, "space")
        other = sqlite3.connect(locations.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another lambdaprep holds the write lock
        try:
            await pilot.press("3")
            assert screen.pending == "answer"
            # the UI thread is free: the drill's 1-second timer still repaints the clock
            clock.advance(65)
            status = lambda: str(screen.query_one("#drill-status").render())  # noqa: E731
            await wait_for(pilot, lambda: "01:05" in status(), what="the drill clock to tick")
            # after a moment the user is told why nothing happens yet
            await wait_for(pilot, lambda: screen.busy, what="the busy notice")
            assert "saving… (database busy)" in screen_text(app)
            # rating keys wait for the pending answer (no second answer is queued) …
            await pilot.press("1")
            assert screen.pending == "answer" and screen.session.done == 0
            # … and Escape still works
            await pilot.press("escape")
            assert app.screen.__class__.__name__ == "HomeScreen"
            await pilot.press("d")
            assert app.screen is screen and screen.pending == "answer"
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(pilot)
        assert screen.pending is None and not screen.busy
        assert screen.session.done == 1 and screen.session.current.key != key
        assert "database busy" not in screen_text(app)
    with Store.open(locations) as store:
        assert [(r.card_key, r.rating) for r in store.reviews()] == [(key, 3)]


async def test_a_card_answered_in_another_lambdaprep_moves_on(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = _app(make_test_app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_drill(pilot)
        key = screen.session.current.key
        await press(pilot, "space")
        # meanwhile another instance answers the same card (Again)
        with Store.open(locations) as other:
            outcome = screen.session.scheduler.preview(screen.session.current.state, clock.now(), (1,))[1]
            other.record_review(None, outcome.after, rating=1, reviewed_at=outcome.reviewed_at)
        await press(pilot, "3")
        assert screen.session.current is None or screen.session.current.key != key
        assert screen.session.done == 0  # our answer was not saved over theirs
        assert any("another lambdaprep" in n.message for n in app._notifications)
    with Store.open(locations) as store:
        assert [(r.card_key, r.rating) for r in store.reviews()] == [(key, 1)]


async def test_leaving_the_app_finishes_the_drill_session(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = _app(make_test_app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_drill(pilot)
        await press(pilot, "space", "3")
        session_id = screen.session.session_id
        clock.advance(30)
        with Store.open(locations) as store:
            row = store.session(session_id)
            assert row is not None and row["finished_at"] is None and row["cards"] == 1
    with Store.open(locations) as store:
        row = store.session(session_id)
        assert row is not None and row["finished_at"] == int(clock.now().timestamp() * 1000)
        assert row["cards"] == 1


async def test_an_exception_in_a_screen_is_logged_and_shown_in_one_line(
    make_test_app: Any, locations: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lambdaprep.tui.screens.drill import DrillScreen

    def boom(self: Any) -> None:
        raise RuntimeError("kaboom in a handler")

    monkeypatch.setattr(DrillScreen, "action_undo", boom)
    app = _app(make_test_app, FakeClock(start=START))
    with pytest.raises(RuntimeError, match="kaboom"):  # run_test re-raises it so tests notice
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_drill(pilot)
            await pilot.press("u")  # the key's handler raises
    assert app.return_code == 1
    log = locations.crash_log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "RuntimeError: kaboom in a handler" in log
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "locals" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "kaboom in a handler" in lines[0] and str(locations.crash_log) in lines[0]


async def test_a_failed_store_call_is_reported_and_the_app_keeps_running(make_test_app: Any, locations: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def broken() -> None:
            raise ValueError("a bug in a store call")

        seen: list[Exception] = []
        app.run_store(broken, failed=seen.append, owner=app.screen)
        await settle(pilot)
        assert [type(e) for e in seen] == [ValueError]
        assert any("a bug in a store call" in n.message and "crash.log" in n.message for n in app._notifications)
        await press(pilot, "d")  # still alive
        assert app.screen.__class__.__name__ == "DrillScreen"
    assert app.return_code in (0, None)
    assert "ValueError: a bug in a store call" in locations.crash_log.read_text(encoding="utf-8")
