"""The mock interview screen: Pilot through a two-prompt interview to the report; snapshots with the timer."""

from __future__ import annotations

from typing import Any

from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.session import DrillSession
from lambdaprep.store import Store
from tests.conftest import press, screen_text, settle, wait_for

TWO = ["sample/mock-explain-lifecycle", "sample/mock-calc-price"]


async def test_two_prompt_mock_to_the_report_and_drill(make_test_app: Any, sample_catalog: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="mock", prompts=TWO, seed=3, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        s = screen.session
        assert s.phase == "asking" and len(s.items) == 2
        text = screen_text(app)
        assert "prompt ⏱ 4:00" in text and "interview ⏱ 8:00" in text
        await pilot.press(*"init and invoke")
        clock.advance(65)
        await wait_for(pilot, lambda: "prompt ⏱ 2:55" in screen_text(app), what="the prompt timer to tick")
        await press(pilot, "ctrl+s")
        assert s.phase == "review"
        ans = s.answers[0]
        assert ans.text == "init and invoke" and ans.ticks == [True, False, False, False]
        text = screen_text(app)
        assert "Model answer" in text and "score 1/4" in text
        await press(pilot, "2")  # the user ticks a point the keywords missed
        assert ans.ticks[1] and "score 2/4" in screen_text(app)
        await press(pilot, "enter")
        assert s.index == 1 and s.phase == "asking"
        # the second prompt times out: the typed answer is submitted as it is
        await pilot.press(*"12.50")
        bar = screen.query_one("#mock-timers")
        assert not bar.has_class("warning")
        clock.advance(3 * 60 + 10)  # 50 s left: the warning colour
        await wait_for(pilot, lambda: bar.has_class("warning"), what="the last-minute warning")
        assert s.phase == "asking"
        clock.advance(51)
        await wait_for(pilot, lambda: s.phase == "review", what="the time-out to submit the answer")
        assert s.answers[1].timed_out and s.answers[1].text == "12.50"
        await press(pilot, "enter")
        assert s.phase == "done"
        text = screen_text(app)
        assert "Score 2/6" in text and "Weakest" in text and "Pricing" in text
        drill = list(s.report.drill_cards)
        assert drill and "Press a to add them" in text
        await press(pilot, "a")
        assert f"Added {len(drill)} card(s)" in screen_text(app)
    with Store.open(app.locations) as store:
        rows = store.mock_history()
        assert len(rows) == 1 and rows[0]["score"] == 2
        session = DrillSession(store, study_cards(sample_catalog), clock=clock, new_limit=0)
        shown = []
        while (c := session.next()) is not None:
            shown.append(c.key)
            session.answer(3)
    assert set(drill) <= set(shown)


async def test_pick_a_format_from_home(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        assert "Ten-minute warm-up" in screen_text(app)
        assert "No interviews yet" in screen_text(app)
        await press(pilot, "enter")
        s = app.screen.session
        assert s is not None and s.format_key == "sample/quick-warmup"
        await press(pilot, "f2")  # answered aloud
        assert s.answers[0].aloud and "Answered aloud" in screen_text(app)
        await press(pilot, "enter")
        assert s.phase == "asking" and app.screen.focused.id == "mock-answer"
        await pilot.press(*"abc")
        await press(pilot, "ctrl+e")  # ends the interview even while typing
        assert s.phase == "done"
        await press(pilot, "e")
        reports = list((app.locations.data_dir / "reports").glob("mock-*.md"))
        assert len(reports) == 1 and reports[0].read_text().startswith("# Mock interview")
        await press(pilot, "n")  # back to the picker, which now shows the trend
        assert "Your last interviews: ▁" in screen_text(app)


async def test_pause_stops_both_clocks_and_resume_restarts_them(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="mock", catalog=catalog, format="lambda/untimed-practice", seed=1, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        s = screen.session
        assert s.allow_pause and s.phase == "asking"
        clock.advance(30)
        interview, prompt = s.interview.remaining(), s.item_timer.remaining()
        await press(pilot, "f5")
        assert s.paused
        await wait_for(pilot, lambda: "PAUSED" in screen_text(app), what="the paused mark")
        clock.advance(600)  # ten minutes away: nothing runs out
        assert (s.interview.remaining(), s.item_timer.remaining()) == (interview, prompt)
        await press(pilot, "f5")
        assert not s.paused
        await wait_for(pilot, lambda: "PAUSED" not in screen_text(app), what="the paused mark to go")
        clock.advance(10)
        assert s.interview.remaining() == interview - 10 and s.item_timer.remaining() == prompt - 10
        assert s.phase == "asking"


async def test_a_format_that_does_not_allow_pausing_keeps_running(make_test_app: Any) -> None:
    clock = FakeClock()
    app = _snap_app(make_test_app, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        s = app.screen.session
        assert not s.allow_pause
        await press(pilot, "f5")
        assert not s.paused
        clock.advance(5)
        assert s.interview.remaining() == s.interview.seconds - 5


def _snap_app(make_test_app: Any, clock: FakeClock) -> Any:
    return make_test_app(area="mock", format="sample/quick-warmup", seed=1, clock=clock)


def test_mock_snapshot_asking(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press(*"Init runs once per environment")
        clock.advance(75)
        await wait_for(pilot, lambda: "prompt ⏱ 2:45" in screen_text(pilot.app), what="the timer to tick")

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def test_mock_snapshot_last_minute_warning(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        clock.advance(3 * 60 + 15)  # 45 s left on the prompt: warning colour
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#mock-timers").has_class("warning"), what="the warning")

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def test_mock_snapshot_review(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press(*"init, invoke, shutdown; cold start")
        clock.advance(100)
        await press(pilot, "ctrl+s")

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)
