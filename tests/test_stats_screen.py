"""Stats screen and Home dashboard on a seeded database (fixed clock): Pilot and snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import screen_text
from tests.dashboard_seed import clock, seed


@pytest.fixture
def seeded(locations: Any, sample_catalog: Any) -> Any:
    seed(locations, sample_catalog)
    return locations


def stats_app(make_test_app: Any) -> Any:
    return make_test_app(area="stats", clock=clock())


def home_app(make_test_app: Any) -> Any:
    app = make_test_app()
    app.area_options["home"] = {"clock": clock()}
    return app


async def test_stats_tabs_by_keys(seeded: Any, make_test_app: Any) -> None:
    app = stats_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Streak" in text and "reviews on" in text and "Mon" in text
        p = app.screen.progress
        assert p is not None and sum(p.heatmap.values()) > 0 and p.mocks
        await pilot.press("2")
        await pilot.pause()
        assert "Due in the next 30 days" in screen_text(app)
        await pilot.press("]")
        await pilot.pause()
        assert "True retention" in screen_text(app)
        await pilot.press("4")
        await pilot.pause()
        assert "Mastery by topic" in screen_text(app)
        await pilot.press("5")
        await pilot.pause()
        text = screen_text(app)
        assert "Quiz accuracy by topic" in text and "mock interview" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Today" in screen_text(app)


async def test_stats_on_an_empty_database_says_no_quizzes_yet(make_test_app: Any) -> None:
    app = stats_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        text = screen_text(app)
        assert "no quizzes yet" in text and "no mock interviews yet" in text


async def test_home_shows_todays_numbers_and_every_area_key(seeded: Any, make_test_app: Any) -> None:
    from lambdaprep.tui.areas import AREAS

    app = home_app(make_test_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for label in ("due now", "new available", "streak", "reviews today", "last quiz", "last mock"):
            assert label in text
        for a in AREAS:
            assert f" {a.key} " in text and a.title in text
        await pilot.press("s")
        await pilot.pause()
        assert app.current_mode == "stats"


async def test_home_on_an_empty_database(make_test_app: Any) -> None:
    app = home_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "0 due now" in text and "no quizzes yet" in text and "no mock interviews yet" in text


def test_snapshot_home_seeded(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(home_app(make_test_app), terminal_size=(80, 24))


@pytest.mark.parametrize("tab", ["1", "2", "3", "4", "5"])
def test_snapshot_stats_tabs(snap_compare: Any, seeded: Any, make_test_app: Any, tab: str) -> None:
    assert snap_compare(stats_app(make_test_app), press=[tab], terminal_size=(80, 24))


def test_snapshot_stats_wide(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(stats_app(make_test_app), terminal_size=(120, 40))
