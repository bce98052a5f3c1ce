"""Issue 18: the rough edges a newcomer hits — the limits lookup at 80 columns, typing and keys."""

from __future__ import annotations

import re

import pytest

from lambdaprep.cli import main
from lambdaprep.lookup import LimitEntry, LimitIndex, Match, entries_from_catalog
from tests.conftest import screen_text


@pytest.fixture(scope="module")
def index(catalog) -> LimitIndex:
    return LimitIndex(entries_from_catalog(catalog))


# ---------------------------------------------------------------- ranking and typing


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("payload size", "limit-sync-payload"),  # not the 50 MB .zip upload
        ("lamda timeot", "limit-timeout"),  # the product name, misspelt, says nothing; not only Lambda@Edge
        ("lambda timeout", "limit-timeout"),
        ("max memory", "limit-memory"),
    ],
)
def test_multi_word_queries_rank_the_row_people_mean(index: LimitIndex, query: str, expected: str) -> None:
    matches = index.search(query)
    assert matches and matches[0].entry.id == expected, [(m.entry.id, m.score) for m in matches[:4]]


@pytest.mark.parametrize("prefix", ["c", "co", "con", "conc"])
def test_one_or_two_letters_match_while_typing(index: LimitIndex, prefix: str) -> None:
    """Typing ``concurrency`` never passes through "No limit matches"."""
    matches = index.search(prefix)
    assert matches
    if len(prefix) < 3:  # from three letters on, typos are forgiven too
        assert all(any(w.startswith(prefix) for w in re.findall(r"[a-z0-9]+", " ".join((m.entry.name, *m.entry.aliases, m.entry.display, m.entry.table_title, *m.entry.tags)).lower())) for m in matches)


# ---------------------------------------------------------------- the CLI at 80 columns


@pytest.mark.parametrize("query", ["concurrency", "timeout", "payload"])
def test_cli_at_80_columns_never_cuts_a_value(query: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], index: LimitIndex) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["limits", query]) == 0
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines()]
    assert max(len(line) for line in out.splitlines()) <= 80
    for m in index.search(query, limit=15):
        e = m.entry
        if len(e.name) + len(e.display) + 4 <= 80:  # name and value on one line
            assert any(e.name in line and line.endswith(e.display) for line in lines), (e.name, e.display, out)
        elif len(e.display) <= 76:  # the value on its own line, whole
            assert e.display in lines, (e.display, out)
        else:  # longer than the terminal: wrapped, every word there
            assert e.display in " ".join(lines), (e.display, out)


def test_cli_at_80_columns_gives_notes_the_full_width(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["limits", "timeout"]) == 0
    out = capsys.readouterr().out
    assert "    The default is 3 seconds; the minimum is 1 second, set in 1-second steps." in out


def test_cli_wide_still_prints_tables(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    assert main(["limits", "timeout"]) == 0
    out = capsys.readouterr().out
    assert "source · as of" in out and "15 minutes (900 s)" in out


# ---------------------------------------------------------------- the cheat sheet


def test_markdown_cheat_sheet_has_every_limit_grouped_with_sources(capsys: pytest.CaptureFixture[str], catalog) -> None:
    assert main(["limits", "--all", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# AWS Lambda limits\n")
    headings = [line[3:] for line in out.splitlines() if line.startswith("## ")]
    assert sorted(headings) == sorted(t.title for t in catalog.limit_tables.values())
    items = [line for line in out.splitlines() if line.startswith("- **")]
    assert len(items) == len(catalog.limits)
    for table in catalog.limit_tables.values():
        for row in table.rows:
            assert f"**{row.name}: {row.display}**" in out or row.name.replace("_", "\\_") in out
            source = row.source or table.source
            if source:
                assert f"(<{source}>)" in out
    assert "as of 20" in out


def test_markdown_with_a_query_and_all_ignores_max(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limits", "--markdown", "--all", "--max", "1", "payload"]) == 0
    out = capsys.readouterr().out
    assert sum(line.startswith("- **") for line in out.splitlines()) > 1
    assert "matching 'payload'" in out


def test_markdown_and_json_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limits", "--markdown", "--json", "tmp"]) == 2


def test_markdown_escapes_pack_text() -> None:
    from lambdaprep.cli.cmd_limits import markdown

    evil = LimitEntry(key="x/y", pack="x", table="t", table_title="T <script>", topic="limits", id="y",
                      name="**Evil** [link](http://x)", value=1, unit="s", display="1 | 2", adjustable=False,
                      notes="<img src=x>\n# heading", source="https://example.com/a>b", as_of="2026-01-01")
    out = markdown("", [Match(evil, 1.0, "name")])
    assert "\\*\\*Evil\\*\\* \\[link\\](http://x)" in out
    assert "\\<script\\>" in out and "\\<img src=x\\>" in out and "\n# heading" not in out
    assert "1 \\| 2" in out and "(<https://example.com/a%3Eb>)" in out


# ---------------------------------------------------------------- the Limits screen


async def test_returning_to_limits_selects_the_old_query(make_test_app) -> None:
    from textual.widgets import Input

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", *"memory")
        await pilot.press("escape", "l")
        await pilot.pause()
        await pilot.press(*"timeout")
        await pilot.pause()
        assert app.screen.query_one("#limits-search", Input).value == "timeout"  # replaced, not "memorytimeout"
        assert "Function timeout" in screen_text(app)


async def test_slash_in_the_focused_search_box_is_typed(make_test_app) -> None:
    from textual.widgets import Input

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", *"/tmp")
        await pilot.pause()
        assert app.screen.query_one("#limits-search", Input).value == "/tmp"
        await pilot.press("escape", "b", "slash", *"x/y")
        await pilot.pause()
        assert app.screen.query_one("#browse-search", Input).value == "x/y"


async def test_letters_typed_in_the_limits_list_never_switch_areas(make_test_app) -> None:
    from lambdaprep.tui.screens.limits import LimitsScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", "tab", *"memory", *"qbsdgc")
        await pilot.pause()
        assert isinstance(app.screen, LimitsScreen) and app.current_mode == "limits"
        await pilot.press("escape", "m")  # from Home the letters open areas
        await pilot.pause()
        assert app.current_mode == "mock"


async def test_the_limits_detail_starts_at_the_top_of_each_limit(make_test_app) -> None:
    from textual.containers import VerticalScroll

    app = make_test_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("l", *"memory")
        await pilot.pause()
        detail = app.screen.query_one("#limits-detail", VerticalScroll)
        detail.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("backspace", *"tmp"[:0], "ctrl+u", *"tmp")
        await pilot.pause()
        assert detail.scroll_y == 0
        assert "Ephemeral storage (/tmp)" in screen_text(app)


# ---------------------------------------------------------------- help and palette


async def test_help_at_80_columns_cuts_no_description(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "…" not in text
        assert "Letters open an area from Home" in text


async def test_palette_offers_one_help(make_test_app) -> None:
    from lambdaprep.tui.app import LambdaprepApp

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in LambdaprepApp.get_system_commands(app, app.screen)]
        assert "Help" in titles and "Keys" not in titles


# ---------------------------------------------------------------- calculators: one way to write a share


@pytest.mark.parametrize(("field", "texts"), [
    ("cpu_fraction", ["90%", "0.9", "90"]),
    ("balanced_weight", ["50%", "0.5", "50"]),
])
def test_a_share_reads_the_same_as_percent_or_fraction(field: str, texts: list[str]) -> None:
    from lambdaprep.calc.forms import FORMS

    values = {FORMS["tune"].field(field).parse(t) for t in texts}
    assert len(values) == 1 and 0 < values.pop() < 1


def test_cold_share_fraction_and_percent_agree() -> None:
    from lambdaprep.calc.forms import FORMS

    cold = next(f for form in FORMS.values() for f in form.fields if f.name == "cold_share")
    assert cold.parse("0.02") == pytest.approx(cold.parse("2%")) == pytest.approx(0.02)
    assert cold.parse("1") == 1.0 and cold.parse("1%") == pytest.approx(0.01)


def test_calc_tune_cpu_fraction_gives_the_same_advice_as_percent(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    advice = []
    for cpu in ("0.9", "90%"):
        assert main(["calc", "tune", "--duration", "2s", "--cpu", cpu, "--json"]) == 0
        d = json.loads(capsys.readouterr().out)
        advice.append((d["cheapest_mb"], d["fastest_mb"], d["balanced_mb"]))
    assert advice[0] == advice[1]


def test_calc_help_says_how_to_write_a_share(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calc", "tune", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(90% or 0.9)" in out and "(50% or 0.5)" in out


def test_calc_price_without_inputs_shows_the_defaults_it_used(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "price"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "No inputs given, so these are the defaults: --memory 512, --duration 500ms, --requests 1M" in out
    assert "Give your own, e.g.: lambdaprep calc price" in out
    assert main(["calc", "price", "--requests", "2M"]) == 0
    assert "No inputs given" not in capsys.readouterr().out


# ---------------------------------------------------------------- fast typing


async def burst(pilot, *keys: str) -> None:
    """Send ``keys`` the way a fast typist or a paste-like burst does: all of them reach the
    app before it handles the first one (``pilot.press`` waits for each key to be handled,
    so it never sees what goes wrong when keys queue up), then wait until they are handled."""
    from textual import events
    from textual.app import _character_to_key

    from tests.conftest import settle, wait_for

    driver = pilot.app._driver
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        char = {"space": " ", "slash": "/", "colon": ":", "full_stop": "."}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)
    await wait_for(pilot, lambda: not pilot.app.keys_pending, what="every key handled")
    await settle(pilot)


async def test_a_burst_in_the_browse_search_keeps_every_character(make_test_app) -> None:
    from textual.widgets import Input

    from tests.conftest import settle

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "b", "slash", *"is:leech")  # "/" moves the focus while the letters are on their way
        assert app.screen.query_one("#browse-search", Input).value == "is:leech"
        await burst(pilot, *"x", "backspace", "backspace", *"h")
        assert app.screen.query_one("#browse-search", Input).value == "is:leech"


async def test_a_burst_in_the_limits_search_applies_keys_in_order(make_test_app) -> None:
    from textual.widgets import Input

    from tests.conftest import settle

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "l", *"timeout", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", *"memory")
        assert app.screen.query_one("#limits-search", Input).value == "memory"  # not "timeoutm…" with the deletes applied last
        await burst(pilot, "home", *"max ", "end", "left", "delete", *"y")
        assert app.screen.query_one("#limits-search", Input).value == "max memory"


async def test_a_burst_in_a_calculator_field_keeps_every_character(make_test_app) -> None:
    from textual.widgets import Input

    from tests.conftest import settle, wait_for

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "c")
        field = app.screen.query_one("#price-memory-mb", Input)
        await wait_for(pilot, lambda: app.focused is field, what="the first field's focus")
        await burst(pilot, "end", *["backspace"] * 6, *"2048")
        assert field.value == "2048"
        assert "2,048" in screen_text(app) or "2048" in screen_text(app)
