"""The Scheduler tuning screen: Optimize, use, revert and the recommended retention, driven by keys."""

from __future__ import annotations

from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.settings import StudySettings
from tests.conftest import screen_text, settle
from tests.learner import simulate_learner
from tests.test_optimize import seed_store


@pytest.fixture(scope="module")
def history() -> list[Any]:
    return simulate_learner(300, 60, seed=3)


def flat(app: Any) -> str:
    return " ".join(screen_text(app).split())


async def open_tuning(pilot: Any) -> None:
    """Open the screen and wait until it has read the parameters in use (its mount starts a worker)."""
    from lambdaprep.tui.screens.fsrs_tuning import FsrsTuningScreen

    pilot.app.open_fsrs_tuning()
    for _ in range(200):  # bounded by steps of the message loop, not by time
        await settle(pilot)
        if isinstance(pilot.app.screen, FsrsTuningScreen) and "In use:" in flat(pilot.app):
            return
    raise AssertionError(f"the tuning screen never showed the set in use: {flat(pilot.app)[:200]}")


async def test_optimize_use_and_revert_by_keys(make_test_app: Any, data_dir: Any, locations: Any, history: list[Any]) -> None:
    seed_store(data_dir, history)
    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await open_tuning(pilot)
        assert "FSRS's default parameters" in flat(app)

        await pilot.press("s")  # nothing fitted yet: nothing is saved
        await pilot.press("o")
        await settle(pilot)
        text = flat(app)
        assert "fitted now" in text and "log loss" in text and "press s to use it" in text
        with Store.open(locations) as store:
            assert StudySettings.load(store).fsrs_parameters is None  # fitting alone changes nothing

        await pilot.press("s")
        await settle(pilot)
        with Store.open(locations) as store:
            fitted = StudySettings.load(store).fsrs_parameters
        assert fitted is not None and list(fitted) == app.screen.result.parameters
        assert "parameters fitted to your history" in flat(app)

        await pilot.press("v")
        await settle(pilot)
        with Store.open(locations) as store:
            assert StudySettings.load(store).fsrs_parameters is None
        assert "FSRS's default parameters" in flat(app)

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ != "FsrsTuningScreen"


async def test_too_little_history_says_so_and_changes_nothing(make_test_app: Any, data_dir: Any, locations: Any, history: list[Any]) -> None:
    seed_store(data_dir, history[:100])
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tuning(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "more are needed" in flat(app)
        await pilot.press("s")
        await settle(pilot)
    with Store.open(locations) as store:
        assert StudySettings.load(store).fsrs_parameters is None


async def test_recommended_retention_is_offered_and_applied_only_on_a(make_test_app: Any, data_dir: Any, locations: Any, history: list[Any]) -> None:
    seed_store(data_dir, history)
    app = make_test_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await open_tuning(pilot)
        await pilot.press("r")
        await settle(pilot)
        advice = app.screen.advice
        assert advice is not None and "Minimum recommended retention" in flat(app)
        with Store.open(locations) as store:
            assert StudySettings.load(store).desired_retention == 0.9
        await pilot.press("a")
        await settle(pilot)
    with Store.open(locations) as store:
        assert StudySettings.load(store).desired_retention == advice.recommended


async def test_the_palette_offers_it(make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Scheduler tuning (FSRS)" in titles
