"""The calculators registry: every entry works in the CLI and the TUI, nothing is listed twice."""

from __future__ import annotations

import json

import pytest
from tests.calc_support import calc_catalog, calc_data

from lambdaprep.calc.registry import CALCULATORS
from lambdaprep.calc.report import Block


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_entry_is_complete_and_runs_on_its_defaults(name):
    calc = CALCULATORS[name]
    assert calc.name == name == calc.form.name
    assert calc.help and calc.example.startswith(f"lambdaprep calc {name}") and calc.short
    assert set(calc.options) <= {f.name for f in calc.form.fields}
    options = [calc.option(f.name) for f in calc.form.fields]
    assert len(options) == len(set(options)), "two fields share a CLI option"
    result = calc.compute(calc.form.parse(calc.form.defaults()), calc_data())
    blocks = calc.report(result)
    assert blocks and all(isinstance(b, Block) for b in blocks)
    assert all(len(row) == len(b.headers) for b in blocks for row in b.rows)
    json.dumps(calc.as_json(result))


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_preset_parses(name):
    form = CALCULATORS[name].form
    for preset, _ in form.presets:
        form.parse(form.preset(preset))


def test_each_calculator_is_a_cli_subcommand_and_a_tab(capsys):
    from lambdaprep.cli import main
    from lambdaprep.tui.screens.calculators import CalculatorsScreen

    with pytest.raises(SystemExit):
        main(["calc", "--help"])
    out = capsys.readouterr().out
    for name in CALCULATORS:
        assert name in out
    keys = [b.action for b in CalculatorsScreen.BINDINGS]
    assert [f"tab('{name}')" for name in CALCULATORS] == keys[: len(CALCULATORS)]


def test_mock_calculation_prompts_name_registered_calculators():
    from typing import get_args

    from lambdaprep.content.models import CalculatorName
    from lambdaprep.study.calcq import GENERATORS

    assert set(get_args(CalculatorName)) == set(GENERATORS) <= set(CALCULATORS)


def test_panels_with_charts_belong_to_registered_calculators():
    """A calculator without its own panel is shown by CalcPanel from its report."""
    from lambdaprep.tui.screens.calculators import PANELS, CalcPanel

    assert set(PANELS) <= set(CALCULATORS)
    assert all(issubclass(p, CalcPanel) for p in PANELS.values())


@pytest.mark.parametrize("name", [n for n in CALCULATORS])
async def test_every_tab_is_built_when_first_shown_and_shows_its_report(make_test_app, name):
    from lambdaprep.tui.screens.calculators import CalcPanel

    app = make_test_app(area="calculators", catalog=calc_catalog())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = next(iter(CALCULATORS))
        assert [p.id for p in screen.query(CalcPanel)] == [f"{first}-panel"]  # only the first tab is built
        await pilot.press(f"f{list(CALCULATORS).index(name) + 2}")
        await pilot.pause()
        panel = screen.panel(name)
        assert panel.last_error is None and panel.last_result is not None
