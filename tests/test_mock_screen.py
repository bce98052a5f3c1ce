"""The mock interview screen: Pilot through a two-prompt interview to the report; snapshots with the timer."""

from __future__ import annotations

from typing import Any

from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.session import DrillSession
from tests.conftest import screen_text

TWO = ["sample/mock-explain-lifecycle", "sample/mock-calc-price"]


async def test_two_prompt_mock_to_the_report_and_drill(make_test_app: Any, sample_catalog: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="mock", prompts=TWO, seed=3, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        s = screen.session
        assert s.phase == "asking" and len(s.items) == 2
        text = screen_text(app)
        assert "prompt ⏱ 4:00" in text and "interview ⏱ 8:00" in text
        await pilot.press(*"init and invoke")
        clock.advance(65)
        await pilot.pause(0.3)
        assert "prompt ⏱ 2:55" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert s.phase == "review"
        ans = s.answers[0]
        assert ans.text == "init and invoke" and ans.ticks == [False, False, False, False]
        text = screen_text(app)
        assert "Model answer" in text and "score 0/4" in text
        await pilot.press("2")  # the candidate grades their own answer
        await pilot.pause()
        assert ans.ticks[1] and "score 1/4" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert s.index == 1 and s.phase == "asking"
        # the second prompt times out: the typed answer is submitted as it is
        await pilot.press(*"12.50")
        bar = screen.query_one("#mock-timers")
        assert not bar.has_class("warning")
        clock.advance(3 * 60 + 10)  # 50 s left: the warning colour
        await pilot.pause(0.3)
        assert bar.has_class("warning") and s.phase == "asking"
        clock.advance(51)
        await pilot.pause(0.4)
        assert s.phase == "review"
        assert s.answers[1].timed_out and s.answers[1].text == "12.50"
        await pilot.press("enter")
        await pilot.pause()
        assert s.phase == "done"
        text = screen_text(app)
        assert "Score 1/6" in text and "Weakest" in text and "Pricing" in text
        assert "Press a to add them" in text or "No cards to drill" in text
        drill = list(s.report.drill_cards)
        await pilot.press("a")
        await pilot.pause()
        assert "Added" in screen_text(app) or not drill
        rows = app.store.mock_history()
        assert len(rows) == 1 and rows[0]["score"] == 1
        # never-studied cards come first among the new cards (within the daily limit)
        session = DrillSession(app.store, study_cards(sample_catalog), clock=clock, new_limit=len(drill))
        assert [it.key for it in session.main] == drill


async def test_pick_a_format_from_home(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert "Ten-minute warm-up" in screen_text(app)
        assert "No interviews yet" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        s = app.screen.session
        assert s is not None and s.format_key == "sample/quick-warmup"
        await pilot.press("f2")  # answered aloud
        await pilot.pause()
        assert s.answers[0].aloud and "Answered aloud" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert s.phase == "asking" and app.screen.focused.id == "mock-answer"
        await pilot.press(*"abc", "ctrl+e")  # ends the interview even while typing
        await pilot.pause()
        assert s.phase == "done"
        await pilot.press("e")
        await pilot.pause()
        reports = list((app.locations.data_dir / "reports").glob("mock-*.md"))
        assert len(reports) == 1 and reports[0].read_text().startswith("# Mock interview")
        await pilot.press("n")  # back to the picker, which now shows the trend
        await pilot.pause()
        assert "Your last interviews: ▁" in screen_text(app)


def _snap_app(make_test_app: Any, clock: FakeClock) -> Any:
    return make_test_app(area="mock", format="sample/quick-warmup", seed=1, clock=clock)


def test_mock_snapshot_asking(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press(*"Init runs once per environment")
        clock.advance(75)
        await pilot.pause(0.3)

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def test_mock_snapshot_last_minute_warning(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await pilot.pause()
        clock.advance(3 * 60 + 15)  # 45 s left on the prompt: warning colour
        await pilot.pause(0.3)

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def test_mock_snapshot_review(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press(*"init, invoke, shutdown; cold start")
        clock.advance(100)
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)
