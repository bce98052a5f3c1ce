"""Exam mode: no feedback until submit, flags, back and forward, review, a stored attempt; the screen and the CLI."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.quiz_exam import ExamSession
from lambdaprep.tui.widgets.confirm import Choice
from tests.conftest import press, screen_text, settle


@pytest.fixture
def store(locations: Any) -> Any:
    with Store.open(locations) as s:
        yield s


def _right(q: Any) -> list[int]:
    return sorted(q.correct)


def test_answers_change_until_submit_and_score_at_the_end(catalog: Any, store: Store) -> None:
    clock = FakeClock()
    e = ExamSession.build(catalog, n=4, seed=2, time_limit_s=600, clock=clock, store=store)
    assert e.total == 4 and e.unanswered() == [0, 1, 2, 3]
    q0 = e.current
    wrong = next(i for i in range(len(q0.choices)) if i not in q0.correct)
    e.pick(wrong)
    assert e.chosen[0] == {wrong}
    for c in _right(q0):  # change the answer (single: replace; multiple: tick)
        if not q0.multiple:
            e.pick(c)
    if q0.multiple:
        e.pick(wrong)  # untick
        for c in _right(q0):
            e.pick(c)
    assert e.chosen[0] == q0.correct
    e.toggle_flag()
    clock.advance(30)
    e.next()
    e.next()
    assert e.index == 2
    e.back()
    assert e.index == 1 and e.flagged() == [0]
    assert e.unanswered() == [1, 2, 3]
    assert store.quiz_history() == []  # nothing is stored or scored before submit
    r = e.submit()
    assert r.right == 1 and r.total == 4 and r.answered == 1
    assert [f.correct for f in r.answers] == [True, False, False, False]
    assert r.answers[0].time_s == pytest.approx(30)
    (row,) = store.quiz_history()
    assert row["score"] == 1 and row["total"] == 4 and row["kind"] == "exam"
    (ans,) = store.quiz_answers(row["id"])
    assert ans["correct"] == 1 and ans["time_ms"] == 30_000
    e.pick(0)  # after submit nothing changes
    assert e.result is r


def test_time_out_submits_what_was_chosen(catalog: Any) -> None:
    clock = FakeClock()
    e = ExamSession.build(catalog, n=3, seed=1, time_limit_s=60, clock=clock)
    e.pick(0)
    clock.advance(61)
    assert e.expired()
    r = e.submit()
    assert r.timed_out and r.answered == 1


def test_exam_from_the_command_line(monkeypatch: Any) -> None:
    from lambdaprep.cli import main
    from lambdaprep.cli.context import Context

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Context, "run_tui", lambda self, area=None, **opts: seen.update(area=area, **opts) or 0)
    assert main(["quiz", "--exam"]) == 0
    o = seen["options"]
    assert seen["area"] == "exam" and o.n == 30 and o.time_limit_s == 45 * 60 and o.start
    seen.clear()
    assert main(["quiz", "--exam", "--n", "12", "--time", "20m"]) == 0
    assert seen["options"].n == 12 and seen["options"].time_limit_s == 20 * 60
    seen.clear()
    assert main(["quiz"]) == 0
    assert seen["area"] == "quiz" and seen["options"].n == 10


def _exam_app(make_test_app: Any, clock: FakeClock, n: int = 4, catalog: Any = None) -> Any:
    """The shipped questions for flows (the sample pack has two); the frozen sample for snapshots."""
    return make_test_app(area="exam", catalog=catalog, start=True, n=n, seed=2, time_limit_s=600, clock=clock)


async def test_flag_back_review_submit(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    app = _exam_app(make_test_app, clock, catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        e = screen.exam
        assert e is not None and screen.view == "question"
        assert "Question 1 of 4" in screen_text(app) and "exam ⏱ 10:00" in screen_text(app)
        await press(pilot, "1")
        await settle(pilot)
        text = screen_text(app)
        assert "Correct" not in text and "✓" not in text and "✗" not in text  # no feedback before the end
        await press(pilot, "m", "right")
        await settle(pilot)
        assert e.index == 1 and "Question 2 of 4" in screen_text(app)
        await press(pilot, "left")
        await settle(pilot)
        assert e.index == 0 and "⚑ flagged" in screen_text(app)
        await press(pilot, "n", "n", "2", "r")
        await settle(pilot)
        assert screen.view == "review"
        text = screen_text(app)
        assert "2 answered" in text and "2 unanswered" in text and "1 flagged" in text
        await press(pilot, "enter")  # the first row: an unanswered or flagged question
        await settle(pilot)
        assert screen.view == "question" and (e.index in e.unanswered() or e.index in e.flags)
        await press(pilot, "s")
        await settle(pilot)
        assert isinstance(app.screen, Choice) and "2 unanswered" in screen_text(app)
        await press(pilot, "n")
        await settle(pilot)
        assert not e.finished
        await press(pilot, "s", "y")
        await settle(pilot)
        assert e.finished and screen.view == "result"
        text = screen_text(app)
        assert f"{e.result.right}/4" in text and "Topic (weakest first)" in text
        (row,) = app.store.quiz_history()
        assert row["total"] == 4


async def test_result_shows_every_explanation_and_why(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    app = _exam_app(make_test_app, clock, n=30, catalog=catalog)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        e = app.screen.exam
        await press(pilot, "s", "y")
        await settle(pilot)
        import io

        from rich.console import Console

        console = Console(width=98, file=io.StringIO(), record=True)
        console.print(app.screen.query_one("#exam-main").content)
        body = " ".join(console.export_text().split())
        whys = 0
        for f in e.result.answers:
            assert " ".join(f.question.explanation.split())[:40] in body
            for _i, why in f.question.why:
                whys += 1
                assert " ".join(why.split())[:40] in body
        assert whys or not any(q.why for q in catalog.quiz.values())


async def test_time_running_out_submits(make_test_app: Any) -> None:
    clock = FakeClock()
    app = _exam_app(make_test_app, clock, n=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1")
        clock.advance(601)
        app.screen._tick()
        await settle(pilot)
        assert app.screen.exam.finished and app.screen.exam.result.timed_out


async def test_exam_opens_from_home_with_an_intro(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        await settle(pilot)
        assert app.screen.view == "intro" and app.screen.exam is None and "Enter starts" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.exam is not None and app.screen.view == "question"


def _review_before(clock: FakeClock) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, "1", "m", "n", "r")
        await settle(pilot)

    return before


def test_exam_review_snapshot(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()
    assert snap_compare(_exam_app(make_test_app, clock, n=2), terminal_size=(80, 24), run_before=_review_before(clock))


def test_exam_review_snapshot_wide(snap_compare: Any, make_test_app: Any) -> None:
    clock = FakeClock()
    assert snap_compare(_exam_app(make_test_app, clock, n=2), terminal_size=(120, 40), run_before=_review_before(clock))


# ------------------------------------------------------------ nothing lost: saved state, resume, discard


def test_state_round_trip(catalog: Any, store: Store) -> None:
    clock = FakeClock()
    e = ExamSession.build(catalog, n=4, seed=3, time_limit_s=600, clock=clock, store=store)
    assert store.unfinished_exam()["attempt_id"] == e.attempt_id  # saved as soon as it starts
    e.pick(0)
    e.toggle_flag()
    e.next()
    e.pick(1)
    e.next()
    saved = store.unfinished_exam()
    assert saved == e.state()
    r = ExamSession.resume(catalog, saved, clock=clock, store=store)
    assert r.attempt_id == e.attempt_id and r.index == 2 and r.dropped == []
    assert [q.key for q in r.questions] == [q.key for q in e.questions]
    assert [q.choices for q in r.questions] == [q.choices for q in e.questions]  # the same order as shown
    assert [q.correct for q in r.questions] == [q.correct for q in e.questions]
    assert r.chosen == e.chosen and r.flags == {0} and r.seed == 3


def test_resume_continues_the_countdown_from_the_time_used(catalog: Any, store: Store) -> None:
    clock = FakeClock()
    e = ExamSession.build(catalog, n=3, seed=1, time_limit_s=600, clock=clock, store=store)
    clock.advance(200)
    e.pick(0)  # saved with 200 s used
    clock.advance(3600)  # the app is closed for an hour: that does not count
    r = ExamSession.resume(catalog, store.unfinished_exam(), clock=clock, store=store)
    assert r.countdown.remaining() == pytest.approx(400)
    clock.advance(399)
    assert not r.expired()
    clock.advance(2)
    assert r.expired()
    result = r.submit()
    assert result.timed_out and result.duration_s == pytest.approx(601)
    assert store.unfinished_exam() is None  # submitting clears the saved state
    (row,) = store.quiz_history()
    assert row["kind"] == "exam" and row["id"] == e.attempt_id and row["duration_ms"] == 601_000


def test_a_question_gone_from_the_packs_is_dropped(catalog: Any, store: Store) -> None:
    clock = FakeClock()
    e = ExamSession.build(catalog, n=3, seed=1, time_limit_s=600, clock=clock, store=store)
    e.pick(0)
    e.next()
    e.pick(0)
    e.toggle_flag()
    state = store.unfinished_exam()
    gone = state["questions"][0]["key"]
    state["questions"][0]["key"] = "no-such-pack/gone-question"  # as if the pack had removed it
    r = ExamSession.resume(catalog, state, clock=clock, store=store)
    assert r.dropped == ["no-such-pack/gone-question"] and r.total == 2
    assert gone not in [q.key for q in r.questions]
    assert r.index == 0 and r.chosen == {0: e.chosen[1]} and r.flags == {0}
    result = r.submit()
    assert result.total == 2 and store.quiz_history()[0]["total"] == 2


def test_a_save_after_submit_or_discard_writes_nothing(catalog: Any, store: Store) -> None:
    e = ExamSession.build(catalog, n=2, seed=1, time_limit_s=600, clock=FakeClock(), store=store)
    late = e.state()
    e.submit()
    store.save_exam_state(e.attempt_id, late)  # a save still queued behind the submit
    assert store.unfinished_exam() is None and store.get_setting("exam.unfinished") is None


def test_a_discarded_exam_leaves_nothing_behind(catalog: Any, store: Store) -> None:
    e = ExamSession.build(catalog, n=3, seed=1, time_limit_s=600, clock=FakeClock(), store=store)
    e.pick(0)
    e.toggle_flag()
    assert store.unfinished_quiz_attempts() == [e.attempt_id]
    e.discard()
    assert store.unfinished_exam() is None and store.get_setting("exam.unfinished") is None
    assert store.unfinished_quiz_attempts() == [] and store.quiz_history() == [] and store.quiz_answers(e.attempt_id) == []


async def test_resume_after_a_simulated_kill_then_submit(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    first = _exam_app(make_test_app, clock, catalog=catalog)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        e = first.screen.exam
        await press(pilot, "1", "m", "right")
        clock.advance(100)
        await press(pilot, "2")
        await settle(pilot)
        chosen, aid = dict(e.chosen), e.attempt_id
        # the terminal closes here: the app goes away without submitting
    clock.advance(3600)  # an hour later
    app = make_test_app(clock=clock, catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        text = screen_text(app)
        assert "still in progress" in text and "2 of 4 questions answered" in text and "8:20 left" in text
        await press(pilot, "r")
        await settle(pilot)
        screen = app.screen
        r = screen.exam
        assert r.attempt_id == aid and r.chosen == chosen and r.flags == {0} and r.index == 1
        text = screen_text(app)
        assert "Question 2 of 4" in text and "2 answered · 1 flagged" in text and "exam ⏱ 8:20" in text
        await press(pilot, "left")
        await settle(pilot)
        assert "⚑ flagged" in screen_text(app) and "(•)" in screen_text(app)
        await press(pilot, "s", "y")
        await settle(pilot)
        assert r.finished and screen.view == "result"
        assert app.store.unfinished_exam() is None
        await press(pilot, "escape", "h")
        await settle(pilot)
        assert app.screen.AREA_ID == "history"
        assert " exam " in screen_text(app) and f"{r.result.right}/4" in screen_text(app)
        (row,) = app.store.quiz_history()
        assert row["kind"] == "exam" and row["id"] == aid


async def test_discard_on_open_then_a_new_exam_starts(make_test_app: Any, catalog: Any) -> None:
    clock = FakeClock()
    first = _exam_app(make_test_app, clock, catalog=catalog)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "1", "m")
        await settle(pilot)
        assert first.store.unfinished_exam()["questions"][0]["flag"]
    app = _exam_app(make_test_app, clock, catalog=catalog)  # as `lambdaprep quiz --exam` opens it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, Choice) and "still in progress" in screen_text(app)
        await press(pilot, "d")
        await settle(pilot)
        assert any("discarded" in n.message for n in app._notifications)
        e = app.screen.exam
        assert e is not None and e.chosen == {} and e.flags == set()
        saved = app.store.unfinished_exam()
        assert saved["attempt_id"] == e.attempt_id and not any(q["chosen"] or q["flag"] for q in saved["questions"])
        assert app.store.unfinished_quiz_attempts() == [e.attempt_id]  # the old attempt is gone, only the new one is left


def test_the_exam_in_progress_is_not_exported(catalog: Any, store: Store) -> None:
    import io

    from lambdaprep.store import progress as pg

    e = ExamSession.build(catalog, n=2, seed=1, time_limit_s=600, clock=FakeClock(), store=store)
    e.pick(0)
    assert store.unfinished_exam() is not None
    buf = io.StringIO()
    pg.export_progress(store, buf)
    assert "exam.unfinished" not in buf.getvalue()  # it names an attempt of this database only


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty and signals")
def test_sigkill_keeps_the_exam(data_dir: Any, catalog: Any) -> None:
    """A real app in a pseudo-terminal, SIGKILLed after an answer and a flag: the saved exam has both.

    Every wait polls the database or the terminal output with a bounded timeout (as in test_mock_crash)."""
    import os
    import signal

    from lambdaprep.paths import Locations
    from tests.ptyapp import spawn
    from tests.ptyapp import wait as _wait

    locations = Locations.under(data_dir)
    pid, fd, out = spawn(data_dir, "quiz", "--exam", "--n", "3", "--seed", "1")

    def saved() -> Any:
        from lambdaprep.errors import LambdaprepError

        if not locations.database.exists():
            return None
        try:
            with Store.open(locations, migrate=False) as s:
                return s.unfinished_exam()
        except LambdaprepError:  # the app is still creating its tables
            return None

    try:
        _wait("the exam to start", saved)
        _wait("the first question", lambda: b"Question 1 of 3" in b"".join(out))
        os.write(fd, b"2")
        _wait("the answer saved", lambda: (saved() or {"questions": [{}]})["questions"][0].get("chosen"))
        os.write(fd, b"m")
        _wait("the flag saved", lambda: (saved() or {"questions": [{}]})["questions"][0].get("flag"))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    with Store.open(locations) as s:
        state = s.unfinished_exam()
        assert state is not None and state["questions"][0]["flag"] and len(state["questions"][0]["chosen"]) == 1
        assert s.unfinished_quiz_attempts() == [state["attempt_id"]]
        exam = ExamSession.resume(catalog, state, clock=FakeClock(), store=s)
        assert exam.chosen == {0: frozenset({1})} and exam.flags == {0} and exam.total == 3
