"""The Calculators screen: typing recomputes, bad input is marked inline, presets, tabs; snapshots."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.calc_support import calc_catalog
from textual.widgets import Input, Select, Static, TabbedContent


@pytest.fixture
def app(make_test_app):
    return make_test_app(area="calculators", catalog=calc_catalog())


def screen_of(app):
    from lambdaprep.tui.screens.calculators import CalculatorsScreen

    assert isinstance(app.screen, CalculatorsScreen)
    return app.screen


def text_of(widget) -> str:
    """What a Static shows, as plain text (tables rendered at 80 columns)."""
    from rich.console import Console

    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def set_text(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    widget.value = ""
    await pilot.press(*list(text))
    await pilot.pause()


async def test_c_on_home_opens_calculators(make_test_app):
    app = make_test_app(catalog=calc_catalog())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen_of(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "home"


async def test_typing_updates_the_price(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = screen_of(app).panel("price")
        # defaults: 512 MB, 500 ms, 1M, free tier on → $0
        assert panel.last_result[1]["x86_64"].total == 0
        checkbox = app.screen.query_one("#price-free-tier")
        checkbox.focus()
        await pilot.press("space")  # free tier off
        await pilot.pause()
        assert panel.last_result[1]["x86_64"].total == Decimal("4.37")
        before = panel.recomputes
        await set_text(pilot, "#price-memory-mb", "1536")
        assert panel.recomputes >= before + 4  # one per keystroke
        await set_text(pilot, "#price-duration-ms", "120ms")
        await set_text(pilot, "#price-requests", "3M")
        assert panel.last_result[1]["x86_64"].total == Decimal("9.60")
        assert panel.last_result[1]["arm64"].total == Decimal("7.80")
        shown = text_of(app.screen.query_one("#price-out", Static))
        assert "$9.60" in shown and "$7.80" in shown


async def test_invalid_input_is_marked_and_last_result_stays(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = screen_of(app).panel("price")
        good = panel.last_result
        await set_text(pilot, "#price-memory-mb", "64")
        assert panel.last_error is not None and panel.last_error.field == "memory_mb"
        assert panel.last_result is good
        row = app.screen.query_one("#price-memory-mb-row")
        err = app.screen.query_one("#price-memory-mb-error", Static)
        assert row.has_class("-invalid") and err.has_class("-shown")
        assert "128" in text_of(err)
        status = app.screen.query_one("#price-status", Static)
        assert status.has_class("-shown") and "last good result" in text_of(status)
        await set_text(pilot, "#price-memory-mb", "lots")
        assert "expected a size" in text_of(err)
        await set_text(pilot, "#price-memory-mb", "1GB")
        assert panel.last_error is None
        assert not row.has_class("-invalid") and not status.has_class("-shown")
        assert panel.last_result is not good


async def test_preset_fills_the_form(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = screen_of(app).panel("price")
        select = app.screen.query_one("#price-preset", Select)
        select.value = "AWS: provisioned concurrency 1,000 × 2 h"
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#price-provisioned", Input).value == "1000"
        assert panel.last_result[1]["x86_64"].total == Decimal("41.91")


async def test_tabs_and_other_calculators(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tune"
        tune = screen.panel("tune")
        await set_text(pilot, "#tune-cpu-fraction", "0%")
        assert tune.last_result.cheapest.memory_mb == 128
        await pilot.press("f4")
        await pilot.pause()
        cold = screen.panel("coldstart")
        await set_text(pilot, "#coldstart-mean-rps", "0.001/s")
        high = cold.last_result[0].cold_share
        await set_text(pilot, "#coldstart-mean-rps", "100/s")
        assert cold.last_result[0].cold_share < high
        await set_text(pilot, "#coldstart-runtime", "cobol")
        assert cold.last_error is not None and cold.last_error.field == "runtime"
        await pilot.press("f5")
        await pilot.pause()
        conc = screen.panel("concurrency")
        await set_text(pilot, "#concurrency-rps", "5000")
        assert conc.last_result.mean == 1000
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen.query_one("#concurrency-rps", Input).value == "1000/s"


async def test_area_options_choose_the_tab(make_test_app):
    app = make_test_app(area="calculators", catalog=calc_catalog(), tab="coldstart")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "coldstart"


# ------------------------------------------------------------------ snapshots


def test_snapshot_price_80x24(snap_compare, make_test_app):
    app = make_test_app(area="calculators", catalog=calc_catalog())
    assert snap_compare(app, terminal_size=(80, 24))


def test_snapshot_price_error_80x24(snap_compare, make_test_app):
    app = make_test_app(area="calculators", catalog=calc_catalog())

    async def typo(pilot):
        await pilot.pause()
        await set_text(pilot, "#price-memory-mb", "64")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=typo)


@pytest.mark.parametrize("tab", ["tune", "coldstart", "concurrency"])
def test_snapshot_tabs_120x40(snap_compare, make_test_app, tab):
    app = make_test_app(area="calculators", catalog=calc_catalog(), tab=tab)
    assert snap_compare(app, terminal_size=(120, 40))


def test_snapshot_coldstart_80x24(snap_compare, make_test_app):
    app = make_test_app(area="calculators", catalog=calc_catalog(), tab="coldstart")
    assert snap_compare(app, terminal_size=(80, 24))


# ------------------------------------------------------------------ issue 18: big inputs, preset dropdown, SnapStart


async def test_big_inputs_keep_table_rows_on_one_line_at_80x24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = screen_of(app).panel("price")
        await set_text(pilot, "#price-memory-mb", "10GB")
        await set_text(pilot, "#price-duration-ms", "900s")
        await set_text(pilot, "#price-requests", "100000000M")
        assert panel.last_error is None
        output = app.screen.query_one("#price-out")
        width = output.content_region.width
        lines = output.text().splitlines()
        assert all(len(line) <= width for line in lines), lines
        table = lines[: next(i for i, line in enumerate(lines) if line.startswith("Total")) + 1]
        rows = [line for line in table[1:] if "$" in line]
        assert rows and all(line.count("$") == 2 for line in rows), table


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_preset_dropdown_is_wide_enough_to_read(make_test_app, size):
    from textual.widgets._select import SelectOverlay

    from lambdaprep.calc.forms import FORMS

    app = make_test_app(area="calculators", catalog=calc_catalog())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#price-preset", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert select.expanded
        overlay = select.query_one(SelectOverlay)
        longest = max(len(name) for name, _ in FORMS["price"].presets)
        assert overlay.content_region.width >= longest + 1, (overlay.region, longest)
        assert overlay.region.right <= size[0]
        await pilot.press("escape")
        await pilot.pause()
        assert not select.expanded


async def test_coldstart_tab_explains_snapstart(make_test_app):
    app = make_test_app(area="calculators", catalog=calc_catalog(), tab="coldstart")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        panel = screen.panel("coldstart")
        await set_text(pilot, "#coldstart-runtime", "java21")
        checkbox = app.screen.query_one("#coldstart-snapstart")
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        assert panel.last_error is None and panel.last_result[0].inputs.snapstart
        shown = " ".join(app.screen.query_one("#coldstart-out").text().split())
        assert "restore" in shown.lower() and "slower" in shown and "heavy" in shown
        await set_text(pilot, "#coldstart-user-init-ms", "3s")
        shown = " ".join(app.screen.query_one("#coldstart-out").text().split())
        assert "faster" in shown


async def test_chart_axes_use_the_same_number_form(make_test_app):
    import re

    from tests.conftest import screen_text

    app = make_test_app(area="calculators", catalog=calc_catalog(), tab="tune")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "1,769" in text and "10,240" in text  # x ticks
        assert not re.search(r"\d\.\d+k\b", text) and not re.search(r"\b\d{4,}\.\d\b", text), text
