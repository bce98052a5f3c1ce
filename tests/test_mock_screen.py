"""The mock interview screen: Pilot through interviews to the report; editor keys, ending, resuming; snapshots.

Timers are driven deterministically: the test moves the fake clock and calls the
screen's tick itself instead of waiting for the interval.
"""

from __future__ import annotations

from typing import Any

from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.session import DrillSession
from lambdaprep.tui.widgets.confirm import Choice
from lambdaprep.store import Store
from tests.conftest import press, screen_text, settle

TWO = ["sample/mock-explain-lifecycle", "sample/mock-calc-price"]


async def _tick(pilot: Any) -> None:
    pilot.app.screen._tick()
    await settle(pilot)


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
        await press(pilot, *"init and invoke")
        clock.advance(65)
        await _tick(pilot)
        assert "prompt ⏱ 2:55" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert s.phase == "review"
        ans = s.answers[0]
        assert ans.text == "init and invoke" and ans.ticks == [False, False, False, False]
        text = screen_text(app)
        assert "Model answer" in text and "score 0/4" in text and "Grade yourself" in text
        assert "1–4" in text and "hint: mentions init" in text
        await press(pilot, "2")  # the candidate grades their own answer
        await settle(pilot)
        assert ans.ticks[1] and "score 1/4" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert s.index == 1 and s.phase == "asking"
        # the second prompt times out: the typed answer is submitted as it is
        await press(pilot, *"12.50")
        bar = screen.query_one("#mock-timers")
        assert not bar.has_class("warning")
        clock.advance(3 * 60 + 10)  # 50 s left: the warning colour
        await _tick(pilot)
        assert bar.has_class("warning") and s.phase == "asking"
        clock.advance(51)
        await _tick(pilot)
        assert s.phase == "review"
        assert s.answers[1].timed_out and s.answers[1].text == "12.50"
        await press(pilot, "enter")
        assert s.phase == "done"
        text = screen_text(app)
        assert "Score 1/6" in text and "Weakest" in text and "Pricing" in text
        assert text.count("Ten-minute") + text.count("Custom interview") <= 1  # the title is shown once
        drill = list(s.report.drill_cards)
        assert drill and "Press a to add them" in text  # both prompts scored low: their cards are offered
        await press(pilot, "a")
        assert f"Added {len(drill)} card{'' if len(drill) == 1 else 's'}" in screen_text(app)
    with Store.open(app.locations) as store:
        rows = store.mock_history()
        assert len(rows) == 1 and rows[0]["score"] == 1
        # never-studied cards come first among the new cards (within the daily limit)
        session = DrillSession(store, study_cards(sample_catalog), clock=clock, new_limit=len(drill))
        assert [it.key for it in session.main] == drill


async def test_pick_a_format_from_home(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        assert "Ten-minute warm-up" in screen_text(app)
        assert "No interviews yet" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        s = app.screen.session
        assert s is not None and s.format_key == "sample/quick-warmup"
        await press(pilot, "f2")  # answered aloud
        await settle(pilot)
        assert s.answers[0].aloud and "Answered aloud" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert s.phase == "asking" and app.screen.focused.id == "mock-answer"
        await press(pilot, *"abc", "f9")  # F9 ends the interview even while typing - after asking
        await settle(pilot)
        assert isinstance(app.screen, Choice) and s.phase == "asking"
        await press(pilot, "y")
        await settle(pilot)
        assert s.phase == "done"
        await press(pilot, "e")
        await settle(pilot)
        reports = list((app.locations.data_dir / "reports").glob("mock-*.md"))
        assert len(reports) == 1 and reports[0].read_text().startswith("# Mock interview")
        await press(pilot, "n")  # back to the picker, which now shows the trend
        await settle(pilot)
        assert "Your last interviews: ▁" in screen_text(app)


async def test_editor_keys_never_reach_the_interview(make_test_app: Any) -> None:
    """Ctrl+A, Ctrl+E, Ctrl+K, Ctrl+U, Ctrl+W, arrows, Home and End edit the answer and do nothing else."""
    app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        s = app.screen.session
        await press(pilot, *"hello world")
        await press(pilot, "ctrl+a", "X", "ctrl+e", "Y")
        await press(pilot, "home", "left", "right", "end", "up", "down")
        await settle(pilot)
        assert s.phase == "asking" and app.screen.session is s and not isinstance(app.screen, Choice)
        assert app.screen.query_one("#mock-answer").text == "Xhello worldY" == s.draft
        await press(pilot, "ctrl+w")  # delete the word to the left
        await press(pilot, "ctrl+u", "ctrl+k")
        await settle(pilot)
        assert s.phase == "asking" and not s.answers and s.index == 0


async def test_ending_early_asks_first(make_test_app: Any) -> None:
    app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        s = app.screen.session
        await press(pilot, *"draft", "f9")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert "End the interview now?" in screen_text(app) and "1 prompt not reached counts as 0" in screen_text(app)
        await press(pilot, "n")
        await settle(pilot)
        assert s.phase == "asking" and not isinstance(app.screen, Choice)
        await press(pilot, "f9")
        await settle(pilot)
        await press(pilot, "escape")  # Escape keeps going too
        await settle(pilot)
        assert s.phase == "asking"
        await press(pilot, "f9", "y")
        await settle(pilot)
        assert s.phase == "done" and s.report.prompts[0]["answer"] == "draft"


async def test_pause_shows_resume_in_the_footer(make_test_app: Any) -> None:
    app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        s = app.screen.session
        s.allow_pause = True
        app.screen.refresh_bindings()
        await settle(pilot)
        assert "Pause" in screen_text(app).splitlines()[-1]
        await press(pilot, "f5")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert s.paused and "Resume" in footer and "Pause" not in footer
        await press(pilot, "f5")
        await settle(pilot)
        assert not s.paused


async def test_pause_stops_both_clocks_and_resume_restarts_them(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="mock", catalog=catalog, format="lambda/untimed-practice", seed=1, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        s = app.screen.session
        assert s.allow_pause and s.phase == "asking"
        clock.advance(30)
        interview, prompt = s.interview.remaining(), s.item_timer.remaining()
        await press(pilot, "f5")
        assert s.paused and "PAUSED" in screen_text(app)
        clock.advance(600)  # ten minutes away: nothing runs out
        await _tick(pilot)
        assert (s.interview.remaining(), s.item_timer.remaining()) == (interview, prompt) and s.phase == "asking"
        await press(pilot, "f5")
        assert not s.paused and "PAUSED" not in screen_text(app)
        clock.advance(10)
        assert s.interview.remaining() == interview - 10 and s.item_timer.remaining() == prompt - 10


async def test_resume_after_a_simulated_kill(make_test_app: Any) -> None:
    clock = FakeClock()
    first = make_test_app(area="mock", prompts=TWO, seed=1, clock=clock)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *"my first answer", "ctrl+s")
        await settle(pilot)
        await press(pilot, "3", "enter")
        await settle(pilot)
        await press(pilot, *"half")
        first.screen.session.checkpoint()
        sid = first.screen.session.session_id
        # the terminal closes here: the app goes away without finishing the interview
    app = make_test_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        text = screen_text(app)
        assert "still in progress" in text and "1 of 2 prompts answered" in text
        await press(pilot, "r")
        await settle(pilot)
        s = app.screen.session
        assert s.session_id == sid and s.index == 1 and s.phase == "asking"
        assert app.screen.query_one("#mock-answer").text == "half"
        assert s.answers[0].text == "my first answer" and s.answers[0].ticks[2]


async def test_discard_an_unfinished_interview_on_start(make_test_app: Any) -> None:
    first = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *"x", "ctrl+s")
        await settle(pilot)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        await press(pilot, "d")
        await settle(pilot)
        assert not app.store.unfinished_mocks() and app.screen.session is None
        assert any("discarded" in n.message for n in app._notifications)


async def test_the_editor_takes_the_free_height(make_test_app: Any) -> None:
    for size, at_least in (((80, 24), 8), ((120, 40), 22)):
        app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            editor = app.screen.query_one("#mock-answer")
            assert editor.size.height >= at_least, (size, editor.size)
            await app.workers.wait_for_complete()  # the interview's row is stored before it is discarded
            app.screen.session.discard()  # the next app starts clean
            await app.workers.wait_for_complete()


async def test_review_shows_the_whole_answer_beside_the_model_answer(make_test_app: Any) -> None:
    long = " ".join(f"word{i}" for i in range(150)) + " THE-END"
    app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#mock-answer").load_text(long)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        yours, model = app.screen.query_one("#mock-yours-pane"), app.screen.query_one("#mock-model-pane")
        assert yours.region.y == model.region.y and yours.region.x < model.region.x  # side by side
        assert "THE-END" in str(app.screen.query_one("#mock-yours").render())
        app.screen.session.discard()
    app = make_test_app(area="mock", prompts=TWO, seed=1, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#mock-answer").load_text(long)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        yours, model = app.screen.query_one("#mock-yours-pane"), app.screen.query_one("#mock-model-pane")
        assert model.region.y > yours.region.y  # one above the other
        review = app.screen.query_one("#mock-review")
        assert review.max_scroll_y > 0
        await press(pilot, "end")
        await settle(pilot)
        assert review.scroll_y == review.max_scroll_y


def _snap_app(make_test_app: Any, clock: FakeClock) -> Any:
    return make_test_app(area="mock", format="sample/quick-warmup", seed=1, clock=clock)


def test_mock_snapshot_asking(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, *"Init runs once per environment")
        clock.advance(75)
        await _tick(pilot)

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def test_mock_snapshot_last_minute_warning(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        clock.advance(3 * 60 + 15)  # 45 s left on the prompt: warning colour
        await _tick(pilot)

    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=before)


def _review_before(clock: FakeClock) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, *"init, invoke, shutdown; cold start")
        clock.advance(100)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "1")
        await settle(pilot)

    return before


def test_mock_snapshot_review(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()
    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(80, 24), run_before=_review_before(clock))


def test_mock_snapshot_review_wide(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()
    assert snap_compare(_snap_app(make_test_app, clock), terminal_size=(120, 40), run_before=_review_before(clock))
