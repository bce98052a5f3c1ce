"""The History screen: quizzes and interviews with trends, any past report opens, discard after asking."""

from __future__ import annotations

from typing import Any

from lambdaprep.store import Store
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.history import collect, quiz_markdown, quiz_report
from lambdaprep.study.mock import MockSession
from lambdaprep.study.quiz import QuizSession
from lambdaprep.study.quiz_exam import ExamSession
from lambdaprep.tui.widgets.confirm import Choice
from tests.conftest import press, screen_text, settle


def _seed(locations: Any, catalog: Any) -> tuple[int, int]:
    clock = FakeClock()
    with Store.open(locations) as store:
        m = MockSession.build(catalog, prompts=["sample/mock-explain-lifecycle"], seed=1, clock=clock, store=store)
        m.submit("Init then the handler; outside the handler code is reused")
        m.toggle(0)
        m.toggle(1)
        m.next()
        q = QuizSession.build(catalog, n=2, seed=1, clock=clock, store=store)
        first = q.current
        q.answer(set(first.correct))
        q.advance()
        q.answer({i for i in range(len(q.current.choices)) if i not in q.current.correct} or {0})
        q.advance()
        q.finish()
        return m.session_id, q.attempt_id


def _seed_exam(locations: Any, catalog: Any) -> int:
    with Store.open(locations) as store:
        e = ExamSession.build(catalog, n=2, seed=3, clock=FakeClock(), store=store)
        e.pick(0)
        e.submit()
        assert e.attempt_id is not None
        return e.attempt_id


def test_collect_and_quiz_report(locations: Any, sample_catalog: Any) -> None:
    mock_id, quiz_id = _seed(locations, sample_catalog)
    with Store.open(locations) as store:
        data = collect(store)
        assert [m["id"] for m in data["mock"]] == [mock_id] and data["mock"][0]["percent"] == 50.0
        assert [q["id"] for q in data["quiz"]] == [quiz_id] and data["quiz"][0]["right"] == 1
        assert data["mock_trend"] and data["quiz_trend"]
        report = quiz_report(store, sample_catalog, quiz_id)
        assert report is not None and report["right"] == 1 and len(report["answers"]) == 2
        md = quiz_markdown(report)
        assert md.startswith(f"# Quiz {quiz_id}") and "✓" in md and "✗" in md and "The answer:" in md
        assert quiz_report(store, sample_catalog, 999) is None


async def test_history_lists_opens_and_discards(make_test_app: Any, locations: Any, sample_catalog: Any) -> None:
    mock_id, quiz_id = _seed(locations, sample_catalog)
    app = make_test_app(area="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Interviews" in text and "Quizzes" in text and "interview" in text and "quiz" in text
        table = app.screen.query_one("#history-table")
        assert table.row_count == 2
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(2)]
        table.move_cursor(row=keys.index(f"mock:{mock_id}"))
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.opened == {"kind": "mock", "id": mock_id}
        text = screen_text(app)
        assert "Mock interview" in text and "Your answer" in app.screen.markdown and "Model answer" in app.screen.markdown
        await press(pilot, "e")
        await settle(pilot)
        assert (app.locations.data_dir / "reports" / f"mock-{mock_id:04d}.md").exists()
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen.opened is None
        table.move_cursor(row=keys.index(f"quiz:{quiz_id}"))
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.opened == {"kind": "quiz", "id": quiz_id} and app.screen.markdown.startswith("# Quiz")
        await press(pilot, "x")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await press(pilot, "n")
        await settle(pilot)
        assert app.store.quiz_history()
        await press(pilot, "x", "y")
        await settle(pilot)
        assert app.store.quiz_history() == [] and len(app.store.mock_history()) == 1
        assert app.screen.query_one("#history-table").row_count == 1


async def test_history_from_home_when_empty(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        await settle(pilot)
        assert "Nothing yet" in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


def test_exams_are_told_apart_from_quizzes(locations: Any, sample_catalog: Any) -> None:
    _, quiz_id = _seed(locations, sample_catalog)
    exam_id = _seed_exam(locations, sample_catalog)
    with Store.open(locations) as store:
        kinds = {q["id"]: q["kind"] for q in collect(store)["quiz"]}
        assert kinds == {quiz_id: "quiz", exam_id: "exam"}
        report = quiz_report(store, sample_catalog, exam_id)
        assert report is not None and report["kind"] == "exam"
        assert quiz_markdown(report).startswith(f"# Practice exam {exam_id}")


async def test_history_screen_labels_an_exam(make_test_app: Any, locations: Any, sample_catalog: Any) -> None:
    _, quiz_id = _seed(locations, sample_catalog)
    exam_id = _seed_exam(locations, sample_catalog)
    app = make_test_app(area="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#history-table")
        kinds = {table.coordinate_to_cell_key((r, 0)).row_key.value: str(table.get_row_at(r)[1]) for r in range(table.row_count)}
        assert kinds == {f"quiz:{quiz_id}": "quiz", f"quiz:{exam_id}": "exam", next(k for k in kinds if k.startswith("mock:")): "interview"}


def test_history_command_shows_the_kind(locations: Any, sample_catalog: Any, capsys: Any) -> None:
    from tests.hostile_support import run_cli

    exam_id = _seed_exam(locations, sample_catalog)
    code, out, err = run_cli(capsys, "history", "--kind", "quiz", "--json")
    assert code == 0, err
    import json

    assert [(q["id"], q["kind"]) for q in json.loads(out)["quiz"]] == [(exam_id, "exam")]
    code, out, err = run_cli(capsys, "history", "--kind", "quiz")
    assert code == 0 and "Quizzes and exams" in out and " exam " in out


def test_an_exam_stays_an_exam_through_a_progress_file(locations: Any, sample_catalog: Any, capsys: Any, tmp_path: Any) -> None:
    from tests.hostile_support import run_cli

    _seed_exam(locations, sample_catalog)
    file = tmp_path / "progress.jsonl"
    code, _, err = run_cli(capsys, "--data-dir", str(locations.data_dir), "progress", "export", "-o", str(file))
    assert code == 0, err
    other = tmp_path / "other"
    code, _, err = run_cli(capsys, "--data-dir", str(other), "progress", "import", str(file))
    assert code == 0, err
    with Store.open(other / "lambdaprep.db") as store:
        assert [r["kind"] for r in store.quiz_history()] == ["exam"]
