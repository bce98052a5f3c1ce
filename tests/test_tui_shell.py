"""The TUI shell: Home, help, command palette, theme memory, quit, loader warnings."""

from __future__ import annotations

import json
from pathlib import Path

from lambdaprep.content import PackSource
from lambdaprep.tui.app import make_app
from lambdaprep.tui.screens.help import HelpScreen
from lambdaprep.tui.screens.home import HomeScreen
from tests.conftest import SAMPLE_PACKS, press, screen_text, settle, wait_for
from tests.test_loader import make_pack


async def test_home_shows_loaded_packs(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Sample pack for tests" not in screen_text(app)  # titles are not listed, ids are
        assert "sample" in screen_text(app)


async def test_catalog_loads_in_a_worker_when_not_given(locations) -> None:
    app = make_app(locations, [PackSource(SAMPLE_PACKS, "builtin")])
    async with app.run_test() as pilot:
        assert app.catalog is None  # the first frame does not wait for the packs
        await settle(pilot)
        assert app.catalog is not None and app.catalog.packs[0].id == "sample"
        assert "sample" in screen_text(app)


async def test_help_opens_and_closes_by_keys(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "command palette" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_opens(make_test_app) -> None:
    from textual.command import CommandPalette

    app = make_test_app()
    async with app.run_test() as pilot:
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"help")
        palette = app.screen
        await wait_for(pilot, lambda: palette.query_one("CommandList").option_count > 0, what="palette matches")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")


async def test_theme_choice_is_remembered(make_test_app, locations) -> None:
    app = make_test_app()
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
    saved = json.loads(Path(locations.settings_file).read_text())
    assert saved["theme"] == "nord"
    again = make_test_app()
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_unreadable_settings_fall_back_to_defaults(make_test_app, locations) -> None:
    Path(locations.settings_file).parent.mkdir(parents=True, exist_ok=True)
    Path(locations.settings_file).write_text("{not json")
    app = make_test_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


async def test_ctrl_q_quits(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("x")  # any other key does not quit
        assert app.return_code is None
        await pilot.press("ctrl+q")
        assert app.return_code == 0  # App.exit() was called by the key, not by leaving run_test
    assert not app.is_running


async def test_broken_pack_becomes_a_notification(locations, tmp_path: Path) -> None:
    make_pack(tmp_path / "extra", "broken", files={"c.yaml": "cards: [1]\n"})
    app = make_app(locations, [PackSource(SAMPLE_PACKS, "builtin"), PackSource(tmp_path / "extra", "cli")])
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("c.yaml:1:9" in m for m in messages), messages
        assert [p.id for p in app.catalog.packs] == ["sample"]



def test_home_snapshot(snap_compare, make_test_app) -> None:
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=settle)


def test_help_snapshot(snap_compare, make_test_app) -> None:
    assert snap_compare(make_test_app(), press=["question_mark"], terminal_size=(80, 24), run_before=settle)


async def test_an_area_key_pressed_while_the_packs_load_opens_the_area_once_they_have(locations, monkeypatch) -> None:
    """The first key after Home appears is never lost: the area opens when the packs are in."""
    import threading

    import lambdaprep.content.catalog as catalog_module

    release = threading.Event()
    real_load = catalog_module.load_catalog

    def held_back_load(*args, **kwargs):
        release.wait(30)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(catalog_module, "load_catalog", held_back_load)
    app = make_app(locations, [PackSource(SAMPLE_PACKS, "builtin")])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.catalog is None
        await pilot.press("l")
        assert isinstance(app.screen, HomeScreen)  # nothing to search yet
        assert any("Loading the packs" in n.message and "Limits" in n.message for n in app._notifications)
        release.set()
        await settle(pilot)
        assert app.current_mode == "limits"
        assert app.screen.query_one("#limits-list").option_count > 1  # the limits are listed
