"""The quiz screen, driven by keys (Pilot)."""

from __future__ import annotations

from typing import Any

from lambdaprep.study.clock import FakeClock
from tests.conftest import plain, press, screen_text, settle, wait_for

LETTERS = "abcdefghi"


async def test_quiz_from_home_to_score_and_retry(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "q")
        screen = app.screen
        assert type(screen).__name__ == "QuizScreen"
        session = screen.session
        assert session.total == 2
        # answer the first question wrongly, the second one right; letters and digits both pick
        for n in range(session.total):
            q = session.current
            if n == 0:
                wrong = next(i for i in range(len(q.choices)) if i not in q.correct)
                await press(pilot, LETTERS[wrong])
                if q.multiple:
                    await press(pilot, "enter")
            else:
                if q.multiple:
                    for i in sorted(q.correct):
                        await press(pilot, str(i + 1))
                    await press(pilot, "enter")
                else:
                    await press(pilot, str(next(iter(q.correct)) + 1))
            feedback = plain(screen.query_one("#quiz-feedback"))
            assert ("✓ Correct" in feedback) == (n == 1)
            assert ("✗ Not quite" in feedback) == (n == 0)
            assert f"Source: {q.source}" in feedback
            await press(pilot, "enter")
        assert screen.result is not None
        text = screen_text(app)
        assert "1/2" in text and "Execution environment" in text
        await press(pilot, "r")
        assert screen.result is None and screen.session.total == 1
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "HomeScreen"
    # attempts are stored: the finished one (the retry was left unfinished)
    from lambdaprep.store import Store

    with Store.open(app.locations) as store:
        rows = store.quiz_history()
    assert [(r["score"], r["total"]) for r in rows] == [(1, 2)]


async def test_multiple_answer_ticks_then_enter(make_test_app: Any) -> None:
    app = make_test_app(area="quiz", seed=1, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        q = screen.session.current
        assert q.multiple
        await press(pilot, "1", "2")
        assert screen.picked == {0, 1}
        assert "[x]" in screen_text(app)
        await press(pilot, "1")
        assert screen.picked == {1}
        await press(pilot, "enter")
        assert screen.feedback is not None and screen.feedback.chosen == {1}


async def test_quiz_countdown_ends_the_quiz(make_test_app: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="quiz", seed=1, clock=clock, time_limit_s=90)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "1:30" in screen_text(app)
        clock.advance(91)
        screen = app.screen
        await wait_for(pilot, lambda: screen.result is not None, what="the quiz's timer to end it")
        assert screen.result.timed_out
        await settle(pilot)
        assert "time ran out" in screen_text(app)


async def test_t_starts_a_timed_quiz(make_test_app: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="quiz", seed=1, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.session.countdown is None
        await press(pilot, "t")
        assert screen.session.countdown is not None and screen.session.countdown.seconds == 300
        assert "quiz ⏱ 5:00" in screen_text(app)


def test_quiz_snapshot(snap_compare: Any, make_test_app: Any) -> None:
    app = make_test_app(area="quiz", seed=1, clock=FakeClock(), time_limit_s=300)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, "3")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_quiz_score_snapshot(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()
    app = make_test_app(area="quiz", seed=1, clock=clock)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        clock.advance(20)
        await press(pilot, "1", "enter", "enter")  # first question (select all): wrong
        clock.advance(7)
        await press(pilot, "3", "enter")  # second: right

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


WHY_PACK = """\
quiz:
  - id: q-why
    topic: basics
    source: https://example.com/doc
    question: Which timeout?
    choices:
      - Fifteen minutes
      - text: Five minutes
        why: Five minutes was the ceiling until 2018.
      - text: One hour
        why: An hour is a Step Functions activity, not a Lambda timeout.
    correct: [Fifteen minutes]
    explanation: A function runs for at most 15 minutes.
"""


async def test_feedback_shows_why_each_wrong_choice_is_wrong(make_test_app: Any, tmp_path: Any) -> None:
    from lambdaprep.content import PackSource, load_catalog

    folder = tmp_path / "why"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: why\ntitle: Why\nversion: 1.0.0\nas_of: 2026-01-01\n")
    (folder / "quiz.yaml").write_text(WHY_PACK)
    catalog = load_catalog([PackSource(folder, "builtin")])
    assert not catalog.problems
    app = make_test_app(area="quiz", catalog=catalog, seed=3, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        q = app.screen.session.current
        before = screen_text(app)
        assert "until 2018" not in before  # not given away before answering
        wrong = q.choices.index("Five minutes")
        await press(pilot, str(wrong + 1))
        text = screen_text(app)
        assert "Five minutes was the ceiling until 2018." in text
        assert "activity, not a Lambda timeout" in text
