"""Pilot and snapshot tests for the plan in the app: Settings, Home's plan line, the topic
picker, leaving cram, custom study at any time, a timed quiz that pauses when left."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.clock import UTC, FakeClock
from lambdaprep.study.settings import StudySettings
from tests.conftest import screen_text, settle

START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def app_at(make_test_app: Any, area: str | None = None, **options: Any) -> Any:
    clock = options.pop("clock", None) or FakeClock(start=START)
    return make_test_app(area=area, clock=clock, **options)


async def wait_for(pilot: Any, check: Any) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if check():
            return
    raise AssertionError(f"never true on {pilot.app.screen!r}")


def save_date(locations: Any, day: str = "2026-12-16") -> None:
    with Store.open(locations) as store:
        StudySettings().changed({"interview_date": day}).save(store)


# ---------------------------------------------------------------- Settings


async def test_settings_set_a_date_see_the_plan_change_then_save(make_test_app: Any, locations: Any) -> None:
    app = app_at(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: getattr(app.screen, "saved", None) is not None and "Plan" in screen_text(app))
        screen = app.screen
        assert "No interview date" in screen_text(app)
        await pilot.press("enter")  # edit the first setting: the interview date
        await pilot.press("ctrl+u")
        for ch in "2026-13-01":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert "YYYY-MM-DD" in screen_text(app)  # the validator's message, nothing changed
        assert screen.pending.interview_date is None
        box = app.screen.query_one("#settings-input")
        box.value = "2026-12-16"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "After" in screen_text(app))
        text = screen_text(app)
        assert "After Interview Wed 16 Dec · 14 days" in text and "(was none)" in text
        with Store.open(locations) as store:
            assert StudySettings.load(store).interview_date is None  # not saved yet
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.saved.interview_date == dt.date(2026, 12, 16))
        with Store.open(locations) as store:
            assert StudySettings.load(store).interview_date == dt.date(2026, 12, 16)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Interview Wed 16 Dec" in screen_text(app))
        assert "on track" in screen_text(app)


async def test_settings_bounds_come_from_the_one_validator(make_test_app: Any, locations: Any) -> None:
    app = app_at(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: getattr(app.screen, "saved", None) is not None)
        screen = app.screen
        await pilot.press("down")  # plan_buffer_days
        assert "introduced at least" in screen_text(app)
        await pilot.press("enter")
        screen.query_one("#settings-input").value = "99"
        await pilot.press("enter")
        await pilot.pause()
        assert "plan_buffer_days must be at most 60" in screen_text(app)
        await pilot.press("escape")  # leaves the edit, not the screen
        assert app.screen is screen and screen.pending == screen.saved
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "HomeScreen"


def test_settings_snapshot_with_a_pending_change(snap_compare: Any, make_test_app: Any, locations: Any) -> None:
    save_date(locations)
    app = app_at(make_test_app, area="settings")

    async def change(pilot: Any) -> None:
        await wait_for(pilot, lambda: getattr(app.screen, "saved", None) is not None and "Plan" in screen_text(app))
        for _ in range(4):
            await pilot.press("down")  # new_per_day
        await pilot.press("enter")
        app.screen.query_one("#settings-input").value = "45"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "After" in screen_text(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=change)


def test_home_snapshot_with_a_plan(snap_compare: Any, make_test_app: Any, locations: Any) -> None:
    save_date(locations)
    app = app_at(make_test_app)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: "Interview Wed 16 Dec" in screen_text(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


# ---------------------------------------------------------------- drill: topics, custom study, cram


async def _drill(pilot: Any) -> Any:
    app = pilot.app
    await settle(pilot)
    await pilot.press("d")
    await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None)
    return app.screen


async def test_topic_picker_drills_one_topic(make_test_app: Any, sample_catalog: Any) -> None:
    app = app_at(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _drill(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: "mastered" in screen_text(app))
        text = screen_text(app)
        assert "due" in text and "new" in text
        picker = app.screen
        chosen = picker.query_one("#topics-list").get_option_at_index(0).id
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and screen.session is not None and screen.session.filters["topics"] == [chosen])
        assert {it.card.topic for it in screen.session.main} == {chosen}
        assert sample_catalog.topic_title(chosen) in screen.sub_title


@pytest.mark.parametrize(("size", "whole"), [((120, 40), True), ((80, 24), False)])
async def test_topic_picker_titles_use_the_room_there_is(make_test_app: Any, catalog: Any, size: tuple[int, int], whole: bool) -> None:
    longest = max(catalog.topics.values(), key=len)
    app = app_at(make_test_app, catalog=catalog)
    async with app.run_test(size=size) as pilot:
        await _drill(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: "mastered" in screen_text(app))
        rows = [ln for ln in screen_text(app).splitlines() if "│" in ln and " due " in ln]
        assert len(rows) >= 10 and all("mastered" in ln for ln in rows), rows  # the numbers are never cut
        cut = [ln for ln in rows if "…" in ln]
        if whole:  # 120 columns: every title whole, the longest included
            assert not cut and any(longest in ln for ln in rows), rows
        else:  # 80 columns: the long ones shortened with an ellipsis
            assert cut, rows


async def test_custom_study_at_any_time_and_leaving_cram(make_test_app: Any) -> None:
    app = app_at(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _drill(pilot)
        assert screen.session.mode == "normal" and not screen.finished
        await pilot.press("k")  # cram in the middle of a drill
        await wait_for(pilot, lambda: screen.session is not None and screen.session.mode == "cram")
        await pilot.press("escape")  # Escape leaves cram…
        assert app.screen.__class__.__name__ == "HomeScreen"
        await pilot.press("d")  # …and d gives a normal drill
        await wait_for(pilot, lambda: app.screen is screen and screen.session is not None and screen.session.mode == "normal")
        await pilot.press("k")
        await wait_for(pilot, lambda: screen.session is not None and screen.session.mode == "cram")
        await pilot.press("d")  # d inside cram leaves it too
        await wait_for(pilot, lambda: screen.session is not None and screen.session.mode == "normal")
        await pilot.press("e")  # extra new cards today
        await wait_for(pilot, lambda: screen.session is not None and screen.session.new_limit == screen.EXTRA_NEW)
        assert "extra new" in screen.sub_title


async def test_the_drill_clock_stops_while_away(make_test_app: Any) -> None:
    clock = FakeClock(start=START)
    app = app_at(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _drill(pilot)
        clock.advance(seconds=10)
        await pilot.press("escape")
        clock.advance(minutes=20)
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen is screen)
        clock.advance(seconds=5)
        assert 14 <= screen.session.elapsed() <= 16


# ---------------------------------------------------------------- quiz


async def test_leaving_a_timed_quiz_pauses_it(make_test_app: Any) -> None:
    clock = FakeClock(start=START)
    app = app_at(make_test_app, clock=clock)
    from lambdaprep.tui.options import QuizOptions

    app.area_options["quiz"] = QuizOptions(time_limit_s=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None)
        quiz = app.screen
        clock.advance(seconds=10)
        await pilot.press("escape")
        clock.advance(minutes=30)  # away far longer than the countdown
        await pilot.pause()
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is quiz)
        assert not quiz.session.expired() and quiz.result is None
        assert 49 <= quiz.session.countdown.remaining() <= 51


async def test_t_before_answering_saves_no_empty_attempt(make_test_app: Any, locations: Any) -> None:
    app = app_at(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None)
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.session is not None and app.screen.session.countdown is not None)
    with Store.open(locations) as store:
        assert store.last_quiz() is None


async def test_settings_plan_preview_reads_well_at_80_columns(make_test_app: Any, locations: Any) -> None:
    """Issue 18: on Settings the plan said "set a date in Settings (o)" (we are there), and at
    80 columns the After line wrapped back to the left edge, under the labels."""
    from textual.widgets import Static

    from tests.conftest import plain

    app = app_at(make_test_app, area="settings")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "saved", None) is not None and "Plan" in screen_text(app))
        text = screen_text(app)
        assert "No interview date" in text and "(o)" not in text and "Settings (o)" not in text
        assert "Interview date below" in text
        await pilot.press("enter")
        app.screen.query_one("#settings-input").value = "2027-01-15"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "After" in screen_text(app))
        block = plain(app.screen.query_one("#settings-plan", Static), width=78).rstrip("\n").splitlines()
        assert block[0].startswith("Plan ") and any(line.startswith("After ") for line in block)
        # every line of the block either starts with its label or is indented under the text
        for line in block:
            assert line.startswith(("Plan ", "After ")) or line.startswith("      "), block
        assert all(len(line.rstrip()) <= 78 for line in block)


def test_plan_summary_line_says_how_to_set_a_date_where_you_are(locations: Any, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.plan import compute_plan

    with Store.open(locations) as store:
        plan = compute_plan(store, study_cards(sample_catalog), clock=FakeClock(start=START))
    plan = __import__("dataclasses").replace(plan, readiness_now=0.5)
    assert plan.summary_line().endswith("set a date in Settings (o)")
    assert plan.summary_line(how_to_set=None) == "No interview date · ready 50% now"
    assert plan.summary_line(how_to_set="the Interview date below sets one").endswith("below sets one")
