"""Limits lookup: ranking, numbers by value, the CLI fast path, the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.cli import main
from lambdaprep.lookup import LimitIndex, entries_from_catalog, load_entries
from tests.conftest import screen_text


@pytest.fixture(scope="module")
def index(catalog) -> LimitIndex:
    return LimitIndex(entries_from_catalog(catalog))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tmp", "limit-ephemeral-storage"),
        ("/tmp", "limit-ephemeral-storage"),
        ("ephemeral", "limit-ephemeral-storage"),
        ("ephemral storage", "limit-ephemeral-storage"),  # typo
        ("payload", "limit-sync-payload"),
        ("env vars", "limit-env-vars"),
        ("environment variables", "limit-env-vars"),
        ("layers", "limit-layers"),
        ("timeout", "limit-timeout"),
        ("timeuot", "limit-timeout"),  # typo
        ("900", "limit-timeout"),
        ("15 min", "limit-timeout"),
        ("15 minutes", "limit-timeout"),
        ("6 MB", "limit-sync-payload"),
        ("async payload", "limit-async-payload"),
    ],
)
def test_ranking_puts_the_expected_row_first(index: LimitIndex, query: str, expected: str) -> None:
    matches = index.search(query)
    assert matches, f"no match for {query!r}"
    assert matches[0].entry.id == expected, [(m.entry.id, m.score) for m in matches[:4]]


def test_numbers_match_by_value_in_any_unit(index: LimitIndex) -> None:
    ids = [m.entry.id for m in index.search("10240")]
    assert "limit-memory" in ids[:3] and "limit-ephemeral-storage" in ids[:3]
    assert "limit-memory" in [m.entry.id for m in index.search("10 GB")][:3]
    assert "limit-timeout" in [m.entry.id for m in index.search("900 s")][:3]
    assert all(m.why == "value" for m in index.search("10240")[:2])


def test_no_match_and_suggestions(index: LimitIndex) -> None:
    assert index.search("qwxzv") == []
    assert "Function timeout" in index.suggest("timeoutt")
    assert index.suggest("qwxzv") == []  # nothing close: no made-up suggestions
    assert len(index.suggest("timeoutt")) <= 3 and index.suggest("timeoutt", n=1) == ["Function timeout"]


def test_empty_query_lists_everything(index: LimitIndex, catalog) -> None:
    assert len(index.search("")) == len(catalog.limits)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_query_is_safe(index: LimitIndex, query: str) -> None:
    for m in index.search(query):
        assert m.score >= 0


def test_index_cache_is_used_and_refreshed(tmp_path: Path) -> None:
    from lambdaprep.content import PackSource
    from tests.test_loader import make_pack

    rows = """\
limit_tables:
  - id: limits-t
    topic: limits
    title: T
    source: https://example.com/l
    rows:
      - {id: limit-a, name: Alpha limit, value: 5, unit: s, display: 5 s, adjustable: false, aliases: [alpha]}
"""
    folder = make_pack(tmp_path / "packs", files={"l.yaml": rows})
    cache = tmp_path / "cache"
    sources = [PackSource(tmp_path / "packs", "cli")]
    entries, problems = load_entries(sources, cache)
    assert [e.name for e in entries] == ["Alpha limit"] and not problems
    assert (cache / "limits-index.json").exists()
    again, _ = load_entries(sources, cache)
    assert again == entries
    (folder / "l.yaml").write_text(rows.replace("Alpha limit", "Beta limit"))
    import os

    os.utime(folder / "l.yaml", ns=(5, 5))
    assert [e.name for e in load_entries(sources, cache)[0]] == ["Beta limit"]
    (cache / "limits-index.json").write_text("{broken")
    assert [e.name for e in load_entries(sources, cache)[0]] == ["Beta limit"]


# ---------------------------------------------------------------- CLI


def test_cli_answers_with_source_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limits", "tmp"]) == 0
    out = capsys.readouterr().out
    assert "Ephemeral storage" in out and "10,240 MB" in out
    assert "gettingstarted-limits" in out or "ephemeral" in out
    assert "2026-" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limits", "--json", "timeout"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["matches"][0]
    assert first["id"] == "limit-timeout" and first["value"] == 900 and first["unit"] == "s"
    assert first["source"].startswith("https://") and first["as_of"]


def test_cli_no_match_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limits", "timeoutzzz", "qqq"]) == 1
    err = capsys.readouterr().err
    assert "No limit matches" in err


def test_cli_without_query_lists_all_tables(capsys: pytest.CaptureFixture[str], catalog) -> None:
    assert main(["limits"]) == 0
    out = capsys.readouterr().out
    for table in catalog.limit_tables.values():
        assert table.title[:30] in out


def test_cli_bad_max(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:  # bounded in argparse: a usage error
        main(["limits", "--max", "0", "tmp"])
    assert info.value.code == 2


# ---------------------------------------------------------------- screen


async def test_limits_screen_filters_as_you_type(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"tmp")
        await pilot.pause()
        text = screen_text(app)
        assert "Ephemeral storage (/tmp)" in text
        assert "Function timeout" not in text
        assert "512 MB to 10,240 MB" in text  # detail panel
        await pilot.press("backspace", "backspace", "backspace", *"900")
        await pilot.pause()
        assert "Function timeout" in screen_text(app)


async def test_limits_screen_detail_follows_selection_and_copies(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.press(*"payload")
        await pilot.pause()
        assert "6 MB each way" in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert "Raised from 256 KB" in screen_text(app)
        await pilot.press("tab")  # focus the list
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == "1 MB"
        await pilot.press("escape")
        assert app.current_mode == "home"


async def test_markup_in_limit_text_is_literal(make_test_app, sample_catalog) -> None:
    from lambdaprep.lookup import LimitEntry
    from lambdaprep.tui.screens.limits import LimitsScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LimitsScreen)
        evil = LimitEntry(key="x/y", pack="x", table="t", table_title="T", topic="limits", id="y", name="[bold]Evil[/]",
                          value=1, unit="s", display="[link=https://x]1[/link]", adjustable=False, notes="[red]n[/]")
        screen._detail(evil)
        await pilot.pause()
        assert "[bold]Evil[/]" in screen_text(app)


def test_limits_snapshot(snap_compare, make_test_app) -> None:
    assert snap_compare(make_test_app(), press=["l", "t", "m", "p"], terminal_size=(80, 24))


def test_diagrams_snapshot(snap_compare, make_test_app) -> None:
    assert snap_compare(make_test_app(), press=["g", "enter"], terminal_size=(80, 24))


async def test_diagram_viewer_scrolls_and_lists_cards(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(40, 20)) as pilot:  # narrower than the diagram
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one("#diagram-view")
        assert view.max_scroll_x > 0
        await pilot.press("right", "right")
        await pilot.pause()
        assert view.scroll_x > 0
        await pilot.press("escape", "escape")
        assert app.current_mode == "home"


async def test_diagram_list_is_one_line_per_diagram_at_80_columns(make_test_app, catalog) -> None:
    """Titles with their topic used to wrap onto two lines at 80 columns; the topic now shows in the preview."""
    from tests.conftest import screen_text, settle

    app = make_test_app(catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        olist = app.screen.query_one("#diagram-list")
        assert olist.option_count == len(catalog.diagrams)
        assert olist.virtual_size.height == olist.option_count  # one line each, nothing wraps
        first = next(iter(catalog.diagrams.values()))
        text = screen_text(app)
        assert catalog.topic_title(first.topic) in text and first.title in text
