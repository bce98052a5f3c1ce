"""Issue 12, security: no terminal escape from a pack, a path or the database reaches the screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_support import catalog_of, evil_pack, no_escape, run_cli, write_pack


def test_safe_text_makes_every_control_visible_but_keeps_layout() -> None:
    from lambdaprep.safe import cut, safe_text, strict_json_text, strip_controls

    assert safe_text("a\x1b]2;T\x1b\\b") == "a\u241b]2;T\u241b\\b"
    assert safe_text("line\n\tindented") == "line\n\tindented"
    assert safe_text("cr\rover") == "cr\u240dover"
    assert safe_text("csi\x9b2J del\x7f") == "csi\ufffd2J del\u2421"
    assert safe_text("rtl\u202eevil") == "rtl\ufffdevil"
    assert safe_text("two\nlines\tx", one_line=True) == "two\u2424lines x"
    assert strip_controls("a\x1b[2Jb\x9b") == "a[2Jb"
    no_escape(safe_text("".join(map(chr, range(0x00, 0xA0)))))


def test_cut_shortens_and_sanitises_echoed_input() -> None:
    from lambdaprep.safe import cut, safe_text, strict_json_text, strip_controls

    assert cut("x" * 10_000, 40) == "x" * 39 + "…"
    assert cut("a\x1bb") == "a\u241bb"


def test_strict_json_escapes_c1() -> None:
    from lambdaprep.safe import cut, safe_text, strict_json_text, strip_controls

    text = strict_json_text(json.dumps({"a": "x\x9by"}, ensure_ascii=False))
    assert "\x9b" not in text and json.loads(text) == {"a": "x\x9by"}


def test_pack_strings_are_made_visible_when_read(tmp_path: Path) -> None:
    catalog = catalog_of(evil_pack(tmp_path))
    assert not catalog.problems
    row = catalog.limits["evil/evil-table/evil-row"] if "evil/evil-table/evil-row" in catalog.limits else next(iter(catalog.limits.values()))
    assert "\u241b]2;PWNED" in row.name
    for text in (row.name, row.display, row.notes, catalog.packs[0].manifest.title, next(iter(catalog.cards.values())).front):
        no_escape(text)


@pytest.mark.parametrize(
    "argv",
    [
        ["limits", "zebra"],
        ["limits"],
        ["limits", "--json", "zebra"],
        ["packs"],
        ["packs", "--json"],
        ["mock", "--list"],
        ["mock", "--list", "--json"],
        ["export", "--json"],
        ["validate"],
    ],
)
def test_cli_output_carries_no_escape(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = evil_pack(tmp_path)
    code, out, err = run_cli(capsys, "--pack", str(folder), *argv)
    assert code in (0, 1), err
    assert "PWNED" in out + err or argv[0] in ("packs",) or "--json" in argv or argv[0] == "validate"
    no_escape(out, err)


def test_file_names_with_escapes_are_shown_safely(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_pack(tmp_path, "t", {"bad\x1b]2;PWNED\x07\x1b[2J.yaml": "cards: [\n"})
    for argv in (["validate", str(folder)], ["--pack", str(folder), "packs"], ["--pack", str(folder), "limits", "memory"]):
        code, out, err = run_cli(capsys, *argv)
        assert "PWNED" in out + err
        no_escape(out, err)


def test_history_from_the_database_is_shown_safely(locations: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from lambdaprep.store import Store

    report = {"title": "T \x1b[2J PWNED", "topics": [{"title": "\x1b]52;c;eA==\x07"}], "steps": []}
    with Store.open(locations) as store:
        if hasattr(store, "start_mock_session"):  # the sealed store
            sid = store.start_mock_session(format_key="x/\x1b]2;PWNED\x07", started_at=1_700_000_000_000)
            store.finish_mock_session(sid, finished_at=1_700_000_100_000, score=1, max_score=2, report=report)
        else:  # before issue 11 sealed it
            store.insert("mock_sessions", {"format_key": "x/\x1b]2;PWNED\x07", "started_at": 1_700_000_000_000,
                                           "finished_at": 1_700_000_100_000, "score": 1, "max_score": 2, "report": report})
    code, out, err = run_cli(capsys, "history")
    assert code == 0 and "\u241b[2J" in out
    no_escape(out, err)


def _svg_text(app: Any) -> str:
    import html

    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def test_limits_and_drill_screens_show_no_escape(make_test_app: Any, tmp_path: Path) -> None:
    from tests.conftest import settle

    catalog = catalog_of(evil_pack(tmp_path))
    app = make_test_app(catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", *"zebra")
        await settle(pilot)
        svg = _svg_text(app)
        assert "PWNED" in svg
        no_escape(svg)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        for _ in range(50):
            await settle(pilot)
            if getattr(app.screen, "session", None) is not None:
                break
        await pilot.press("space")
        await settle(pilot)
        svg = _svg_text(app)
        assert "Zebra question" in svg
        no_escape(svg)


async def test_tui_filter_removes_controls_from_any_widget(make_test_app: Any) -> None:
    """Text that did not come through the pack reader (a path, the database) is cleaned as it is painted."""
    from textual.widgets import Static

    from tests.conftest import settle

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.screen.mount(Static("db says \x1b]2;PWNED\x07\x1b[2J\x9b1m here"))
        await settle(pilot)
        svg = _svg_text(app)
        assert "PWNED" in svg
        no_escape(svg)
