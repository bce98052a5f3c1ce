"""The Drill screen driven by keys (Pilot), its snapshots, and the drill/due/stats commands."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.clock import UTC, FakeClock
from tests.conftest import area_options, press, settle

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def drill_app(make_test_app: Any, clock: Any = None, **options: Any) -> Any:
    """The app at Home with drill options set; tests press "d" like a user."""
    app = make_test_app(clock=clock)
    if options:
        app.area_options["drill"] = area_options("drill", **options)
    return app


async def _ready(pilot: Any) -> Any:
    """Open the drill with "d" and wait until its session is built (a store call in a worker)."""
    app = pilot.app
    await settle(pilot)
    if getattr(app.screen, "AREA_ID", "") != "drill":
        await press(pilot, "d")
    screen = app.screen
    assert getattr(screen, "AREA_ID", "") == "drill" and screen.session is not None, f"drill did not open: {screen!r}"
    return screen


async def test_a_whole_drill_by_keys(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        total = screen.session.left()
        assert total > 0
        shown: list[str] = []
        for _ in range(200):
            if screen.finished:
                break
            shown.append(screen.session.current.key)
            await press(pilot, "space")
            assert screen.revealed
            bar = str(screen.query_one("#drill-bar").render())
            for rating, outcome in screen.session.preview().items():
                assert outcome.label in bar, (rating, outcome.label, bar)  # every button shows its interval
            await press(pilot, "4")  # Easy: graduates at once
            clock.advance(5)
        assert screen.finished
        assert screen.summary.cards == total
        # Escape goes Home
        await press(pilot, "escape")
        assert app.screen.__class__.__name__ == "HomeScreen"
    with Store.open(locations) as store:
        assert store.count_reviews() == total
        assert {r.card_key for r in store.reviews(limit=1000)} == set(shown)


async def test_the_saved_due_date_is_the_previewed_one(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        key = screen.session.current.key
        await pilot.press("enter")
        previewed = screen.session.preview()[3].after.due
        bar = str(screen.query_one("#drill-bar").render())
        assert screen.session.preview()[3].label in bar
        await press(pilot, "3")
    with Store.open(locations) as store:
        assert store.card(key).due == previewed  # type: ignore[union-attr]


async def test_undo_suspend_flag_by_keys(make_test_app: Any, locations: Any) -> None:
    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        first = screen.session.current.key
        await press(pilot, "space", "1")
        assert screen.session.current.key != first
        await press(pilot, "u")
        assert screen.session.current.key == first
        await press(pilot, "f")
        assert screen.session.current.state.flag == 1
        await press(pilot, "x")
        assert screen.session.current.key != first
    with Store.open(locations) as store:
        card = store.card(first)
        assert card is not None and card.suspended and card.flag == 1
        assert store.count_reviews() == 0


async def test_nothing_due_shows_the_summary_and_custom_study(make_test_app: Any) -> None:
    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock, new_limit=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert screen.finished
        assert "Nothing to study" in str(screen.query_one("#drill-end").render())
        from tests.conftest import screen_text

        assert "Escape Home" in screen_text(app)  # not split over two lines at 80×24
        await press(pilot, "k")  # cram everything
        assert screen.session.mode == "cram" and not screen.finished


async def test_damaged_database_is_a_message_not_a_crash(make_test_app: Any, locations: Any) -> None:
    locations.database.parent.mkdir(parents=True, exist_ok=True)
    locations.database.write_bytes(b"garbage" * 100)
    app = drill_app(make_test_app, clock=FakeClock(start=START))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        screen = app.screen
        assert "cannot start" in str(screen.query_one("#drill-end").render())
    assert locations.database.read_bytes() == b"garbage" * 100


def _snap_app(make_test_app: Any) -> Any:
    return drill_app(make_test_app, clock=FakeClock(start=START))


def test_snapshot_question(snap_compare: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await _ready(pilot)

    assert snap_compare(_snap_app(make_test_app), terminal_size=(80, 24), run_before=before)


def test_snapshot_answer(snap_compare: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await _ready(pilot)
        random.seed(1234)  # fsrs fuzz: the Easy interval on the button is random
        await press(pilot, "space")

    assert snap_compare(_snap_app(make_test_app), terminal_size=(80, 24), run_before=before)


def test_snapshot_answer_wide(snap_compare: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await _ready(pilot)
        random.seed(1234)  # fsrs fuzz: the Easy interval on the button is random
        await press(pilot, "space")

    assert snap_compare(_snap_app(make_test_app), terminal_size=(120, 40), run_before=before)


# ------------------------------------------------------------------ CLI


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from lambdaprep.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_due_prints_one_line(data_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["--data-dir", str(data_dir), "due"], capsys)
    assert code == 0
    assert out.count("\n") == 1 and out.strip().endswith("new") and "due" in out


def test_stats_json(data_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["--data-dir", str(data_dir), "stats", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    for key in ("total_reviews", "reviews_today", "due_now", "new_available", "streak_days"):
        assert isinstance(data[key], int)
    code, out, _ = _cli(["--data-dir", str(data_dir), "stats"], capsys)
    assert code == 0 and "streak" in out


def test_stats_on_a_newer_database_is_a_clear_error(data_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    data_dir.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(data_dir / "lambdaprep.db")
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    code, out, err = _cli(["--data-dir", str(data_dir), "stats"], capsys)
    assert code == 1 and "newer lambdaprep" in err and "Traceback" not in err


def test_drill_command_options(data_dir: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lambdaprep.cli.context import Context
    from lambdaprep.tui.options import DrillOptions

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Context, "run_tui", lambda self, area=None, options=None: seen.update(area=area, options=options) or 0)
    code, _, _ = _cli(["drill", "--data-dir", str(data_dir), "--pack", "lambda", "--topic", "limits", "--tag", "x", "--new", "3"], capsys)
    assert code == 0
    assert seen == {
        "area": "drill",
        "options": DrillOptions(packs=("lambda",), topics=("limits",), tags=("x",), new_limit=3, mode="normal"),
    }
    code, _, err = _cli(["drill", "--pack", "nope"], capsys)
    assert code == 2 and "nope" in err


def test_drill_settings_set_and_show(data_dir: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["drill", "--data-dir", str(data_dir), "--set", "new_per_day=3", "--set", "grading=pass_fail"], capsys)
    assert code == 0 and "new_per_day = 3" in out and 'grading = "pass_fail"' in out
    code, out, _ = _cli(["drill", "--data-dir", str(data_dir), "--settings"], capsys)
    assert "new_per_day = 3" in out
    code, out, _ = _cli(["--data-dir", str(data_dir), "due"], capsys)
    assert out.strip() == "0 due, 3 new"
    code, _, err = _cli(["drill", "--data-dir", str(data_dir), "--set", "desired_retention=2"], capsys)
    assert code == 2 and "desired_retention" in err
    code, _, err = _cli(["drill", "--data-dir", str(data_dir), "--set", "nope=1"], capsys)
    assert code == 2


async def test_pass_fail_mode_on_screen(make_test_app: Any, locations: Any) -> None:
    from lambdaprep.study.settings import StudySettings

    with Store.open(locations) as store:
        StudySettings(grading="pass_fail").save(store)
    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await press(pilot, "space")
        bar = str(screen.query_one("#drill-bar").render())
        assert "Fail" in bar and "Pass" in bar and "Hard" not in bar
        await press(pilot, "2")  # Pass = Good
    with Store.open(locations) as store:
        assert [r.rating for r in store.reviews()] == [3]


async def test_filters_from_the_command_line_reach_the_session(make_test_app: Any) -> None:
    app = drill_app(make_test_app, clock=FakeClock(start=START), topics=["limits"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert screen.session.current.card.kind == "limit"
        assert all(it.card.topic == "limits" for it in screen.session.main)


@pytest.mark.slow
def test_due_on_a_warm_cache_loads_no_yaml_pydantic_or_fsrs(data_dir: Any) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from lambdaprep.cli import main; rc = main(['--data-dir', sys.argv[1], 'due']); "
        "print(sorted(m for m in ('pydantic', 'fsrs', 'yaml', 'sqlite_utils', 'textual') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, check=True)
    assert first.stdout.splitlines()[0] == warm.stdout.splitlines()[0]
    assert warm.stdout.splitlines()[-1] == "[]"


async def test_flag_then_drill_the_flagged_cards_by_keys(make_test_app: Any) -> None:
    """f flags the card on screen; F starts a drill of the flagged cards (issue 18)."""
    from tests.conftest import screen_text

    clock = FakeClock(start=START)
    app = drill_app(make_test_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await press(pilot, "space", "3")  # answer the first card
        second = screen.session.current.key
        await press(pilot, "f")  # flag the second
        await press(pilot, "space", "4")
        await press(pilot, "F")
        assert screen.session.mode == "flagged"
        assert [screen.session.current.key] + [it.key for it in screen.session.main] == [second]
        assert "flagged" in str(screen.sub_title).lower()
        await press(pilot, "space", "3")
        assert screen.finished
        assert "F flagged" in screen_text(app)  # the summary offers it with the other custom study
        await press(pilot, "n")  # a normal session again
        assert screen.session.mode == "normal"


async def test_flagged_study_with_no_flags_says_how_to_flag(make_test_app: Any) -> None:
    from tests.conftest import screen_text

    app = drill_app(make_test_app, clock=FakeClock(start=START))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await press(pilot, "F")
        assert screen.session.mode == "flagged" and screen.finished
        text = screen_text(app)
        assert "No flagged cards" in text and "f flags" in text


def test_drill_mode_flagged_from_the_command_line(data_dir: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lambdaprep.cli.context import Context
    from lambdaprep.tui.options import DrillOptions

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Context, "run_tui", lambda self, area=None, options=None: seen.update(area=area, options=options) or 0)
    for argv in (["drill", "--mode", "flagged"], ["drill", "--flagged"]):
        code, _, err = _cli([*argv, "--data-dir", str(data_dir)], capsys)
        assert code == 0, err
        assert seen["options"] == DrillOptions(mode="flagged")


async def test_a_wide_diagram_in_the_drill_scrolls_instead_of_wrapping(make_test_app: Any, catalog: Any) -> None:
    """Issue 18: at 80 columns the VPC diagram wrapped "internet" onto a line of its own in
    the drill (the Diagrams screen shows it whole). Its lines stay whole; the card scrolls."""
    from rich.cells import cell_len
    from textual.containers import VerticalScroll

    from tests.conftest import screen_text

    app = make_test_app(area="drill", catalog=catalog, clock=FakeClock(start=START), topics=["networking"], mode="cram")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert screen.session.mode == "cram"
        for _ in range(60):
            if (screen.session.current.card.diagram or "").endswith("diagram-vpc-networking"):
                break
            await press(pilot, "space", "3")
        else:
            raise AssertionError("no card with the VPC diagram in the networking cram")
        await press(pilot, "space")
        body = catalog.diagrams["lambda/diagram-vpc-networking"].body
        widest = max(cell_len(line) for line in body.splitlines())
        view = screen.query_one("#drill-diagram")
        assert view.size.width >= widest  # every line whole: nothing wrapped
        card = screen.query_one("#drill-card", VerticalScroll)
        assert card.max_scroll_x > 0  # wider than the screen: it scrolls sideways
        card.scroll_to_widget(view, animate=False, top=True)
        await settle(pilot)
        assert "NAT gateway" in screen_text(app)
        assert not any(line.strip() == "internet" or line.strip().endswith("│ internet") for line in screen_text(app).splitlines())
        await press(pilot, "right", "right", "right", "right", "right", "right", "right", "right")
        assert card.scroll_x > 0  # → scrolls it
        assert any("IGW" in line and "internet" in line for line in screen_text(app).splitlines()), screen_text(app)


async def test_the_leech_notice_names_the_question(make_test_app: Any, locations: Any, sample_catalog: Any) -> None:
    """Issue 18: the notice read "Leech: lambda/architecture-api-backend has lapsed 1 times"."""
    from lambdaprep.store import STATE_REVIEW, CardState
    from lambdaprep.study.clock import to_ms
    from tests.conftest import screen_text

    key, card = next((k, c) for k, c in sample_catalog.cards.items())
    now = to_ms(START)
    with Store.open(locations) as store:
        store.put_card(CardState(key, state=STATE_REVIEW, stability=2.0, difficulty=8, due=now - 1, last_review=now - 3 * 86_400_000, lapses=7, reps=9))
    app = drill_app(make_test_app, clock=FakeClock(start=START), new_limit=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(pilot)
        assert screen.session.current.key == key
        await press(pilot, "space", "1")
        text = " ".join(screen_text(app).split())
        words = " ".join(card.front.replace("**", "").replace("`", "").split()[:3])
        assert words in text and "has lapsed 8 times" in text and key not in text
        assert "Leech: Leech" not in text
