"""The TUI shell: Home, help, command palette, theme memory, quit, loader warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.screen import ModalScreen, Screen

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
        assert "command palette" in _help_text(app)
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


# ---------------------------------------------------------------- footers and help at 80 columns

FOOTER_WALK: dict[str, list[str]] = {
    "home": [],
    "d": ["space", "3", "space"],
    "q": ["1", "enter"],
    "x": ["enter", "1", "right", "m", "r"],
    "m": ["enter", "f5", "f5"],
    "l": ["tab"],
    "c": ["f3", "f4", "f5"],
    "g": ["enter"],
    "b": [],
    "s": [],
    "h": [],
    "e": [],
    "o": ["enter"],
}
"""From Home: an area key, then keys that change what its footer shows."""


def _footer_fits(app) -> tuple[bool, str]:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    line = screen_text(app).splitlines()[-1]
    return footer.max_scroll_x == 0 and "▏" in line, line


@pytest.mark.parametrize("key", list(FOOTER_WALK))
async def test_every_footer_fits_80_columns_and_offers_help(make_test_app, key: str) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if key != "home":
            await press(pilot, key)
        for step in ["", *FOOTER_WALK[key]]:
            if step:
                await press(pilot, step)
            fits, line = _footer_fits(app)
            assert fits, f"{app.current_mode} after {step!r}: {line!r}"
            if not isinstance(app.screen, ModalScreen):
                assert "? Help" in line or "f1 Help" in line, f"{app.current_mode} after {step!r}: {line!r}"


async def test_the_drill_footer_says_what_space_does(make_test_app) -> None:
    app = make_test_app("drill")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        drill = app.screen
        assert "Space Show answer" in screen_text(app).splitlines()[-1]
        await press(pilot, "space")
        assert drill.revealed
        footer = screen_text(app).splitlines()[-1]
        assert "Space Good" in footer and "Show answer" not in footer
        done = drill.session.done
        await press(pilot, "space")  # Good, as the footer said
        assert drill.session.done == done + 1
        assert not drill.revealed
        assert "Space Show answer" in screen_text(app).splitlines()[-1]


def _help_text(app, width: int = 74) -> str:
    """The help's keys as plain text at the width of the help box at 80 columns, spaces collapsed."""
    from tests.conftest import plain

    return " ".join(plain(app.screen.query_one("#help-table"), width=width).split())


@pytest.mark.parametrize("key", ["home", *"dqxmlcgbsheo"])
async def test_help_lists_every_key_the_screen_and_the_app_define(make_test_app, key: str) -> None:
    """Help is built from the bindings, so every key with a description is in it — the ones
    the footer leaves out included — and nothing is cut at 80 columns."""
    from textual.binding import Binding

    from lambdaprep.tui.app import LambdaprepApp
    from lambdaprep.tui.areas import AREAS, SETTINGS
    from lambdaprep.tui.screens.help import binding_help, binding_label

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if key != "home":
            await press(pilot, key)
        origin = app.screen
        app.action_help()
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        expected: list[Binding] = []
        for cls in type(origin).__mro__:  # the screen's own keys (a subclass's replaces its base's), Textual's Tab keys
            if cls is Screen or cls.__module__.startswith("lambdaprep."):
                keys = {b.key for b in expected}
                expected += [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.key not in keys]
        expected += [b for b in LambdaprepApp.BINDINGS if isinstance(b, Binding) and not b.action.startswith("open_area")]
        for binding in expected:
            if binding.description:
                assert binding_help(binding) in text, (binding.key, binding_help(binding))
                assert all(part in text for part in binding_label(binding).split()), binding.key
        for area in (*AREAS, SETTINGS):
            assert f"{area.key} {area.title} — {area.description}" in text
        assert "Ctrl+p" in text


async def test_help_shows_settings_and_topic_keys(make_test_app) -> None:
    app = make_test_app("drill")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        text = _help_text(app)
        assert "o Settings — interview date" in text
        assert "t drill one topic: pick it from a list" in text
        assert "Space show the answer; once the answer shows: Good (as 3)" in text


async def test_the_drill_says_calmly_when_a_stored_setting_was_bad(make_test_app, locations) -> None:
    """The CLI warns about a stored setting out of bounds; the app's drill does too (once)."""
    from lambdaprep.store import Store

    with Store.open(locations) as store:
        store.set_setting("study.new_per_day", 100000)
    app = make_test_app("drill")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        notes = [n for n in app._notifications if "new_per_day" in n.message]
        assert len(notes) == 1 and notes[0].severity == "warning", [n.message for n in app._notifications]
        assert "using the default 20" in notes[0].message and "Settings (o)" in notes[0].message
        assert "Traceback" not in notes[0].message
        assert app.screen.session is not None  # the drill runs with the default
        await press(pilot, "n")  # a new session: no second notice
        assert len([n for n in app._notifications if "new_per_day" in n.message]) == 1


async def test_f1_opens_help_where_a_text_box_takes_the_question_mark(make_test_app) -> None:
    from textual.widgets import Input

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "l", "question_mark")
        assert app.screen.query_one("#limits-search", Input).value == "?"  # typed, as the footer expects
        assert "f1 Help" in screen_text(app).splitlines()[-1]
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "copy the limit's value" in _help_text(app)
