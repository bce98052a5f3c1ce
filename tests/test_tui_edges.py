"""TUI edge paths a mutation sample found unguarded: keys pressed before the packs load,
and which quiz/mock Home calls the last one."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from lambdaprep.content import PackSource
from lambdaprep.store import Store
from lambdaprep.tui.app import make_app
from tests.conftest import SAMPLE_PACKS, press, screen_text, settle
from tests.seeding import seed_mock, seed_quiz


@pytest.fixture
def held_catalog(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Packs that load only when the test says so (the loader waits for this event)."""
    import lambdaprep.content.catalog as catalog_module

    release = threading.Event()
    real = catalog_module.load_catalog

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(60), "the test never released the packs"
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog_module, "load_catalog", slow)
    return release


async def test_area_keys_before_the_packs_load_wait_for_them(locations: Any, held_catalog: threading.Event) -> None:
    app = make_app(locations, [PackSource(SAMPLE_PACKS, "builtin")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.catalog is None and "Loading packs…" in screen_text(app)
        for key in ("d", "q", "m", "b", "s", "l", "c", "g"):
            await pilot.press(key)
            assert app.current_mode == "home", key  # nothing opens on half-loaded content
        held_catalog.set()
        await settle(pilot)
        assert app.catalog is not None and app.current_mode == "diagrams"  # the last key pressed, once the packs are in
        await press(pilot, "escape")
        assert "sample" in screen_text(app)
        await press(pilot, "d")
        assert app.current_mode == "drill" and app.screen.session is not None


async def test_an_area_asked_for_on_the_command_line_opens_once_the_packs_load(
    locations: Any, held_catalog: threading.Event
) -> None:
    app = make_app(locations, [PackSource(SAMPLE_PACKS, "builtin")], area="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "home"  # Home paints first
        held_catalog.set()
        await settle(pilot)
        assert app.current_mode == "quiz" and app.screen.session is not None
        assert "Question 1/" in screen_text(app)


async def test_home_shows_the_quiz_and_mock_finished_last(make_test_app: Any, locations: Any) -> None:
    with Store.open(locations) as store:
        # started first, finished last: this is the last quiz
        seed_quiz(store, started_at=1_000, finished_at=9_000, score=1, total=3)
        # started later, finished earlier
        seed_quiz(store, started_at=2_000, finished_at=5_000, score=3, total=3)
        seed_quiz(store, started_at=3_000, finished_at=None, score=0, total=3)  # still running: not counted
        seed_quiz(store, started_at=4_000, finished_at=9_500, score=0, total=0)  # no questions: not counted
        seed_mock(store, format_key="f", started_at=1_000, finished_at=9_000, score=3, max_score=4)
        seed_mock(store, format_key="f", started_at=2_000, finished_at=5_000, score=1, max_score=4)
        seed_mock(store, format_key="f", started_at=3_000, finished_at=None, score=0, max_score=4)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "last quiz 1/3" in text and "last mock 75%" in text
