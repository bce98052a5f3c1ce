"""Calculators: pricing, power tuning, cold starts and concurrency, recomputed on every keystroke.

One tab per calculator of :data:`lambdaprep.calc.registry.CALCULATORS`; inputs on the
left (a :class:`CalcForm`), results on the right. A calculator's report is shown by
:class:`CalcPanel`; tabs with a chart have their own panel in :data:`PANELS`. A tab is
built when it is first shown. Every edit re-parses the form and recomputes (the calculators are pure
and take well under a millisecond); a bad value is marked inline with the reason
while the last good result stays on screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from lambdaprep.calc import report
from lambdaprep.tui.options import CalculatorsOptions
from lambdaprep.calc import textlayout as ct
from lambdaprep.calc.data import CalcData, CalcError
from lambdaprep.calc.registry import CALCULATORS, Calculator
from lambdaprep.calc.report import Block
from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.tui.widgets.calc_chart import CalcChart
from lambdaprep.tui.widgets.calc_form import CalcForm


def split_source(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """Move the last column (basis / source) to its own dim line: narrow screens stay readable."""
    return headers[:-1], [r[:-1] for r in rows], [r[-1] for r in rows]


class Output(Static):
    """A result block, pre-rendered to plain lines at its width.

    Rendering Rich tables and the layout pass are the slow part of a keystroke. The
    block is rendered once here, and its height only grows (shorter results are padded
    with blank lines), so most keystrokes repaint without a layout pass.
    """

    DEFAULT_CSS = "Output { height: auto; margin-bottom: 1; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, classes="calc-out", **kwargs)
        self._lines = -1

    def show(self, text: Text) -> None:
        """Show ``text`` (already laid out at this block's width, one row per line)."""
        text.no_wrap = True
        count = text.plain.count("\n") + 1
        if count > self._lines:
            self._lines = count
            self.styles.height = count
            self.update(text)
        else:
            text.append("\n" * (self._lines - count))
            self.update(text, layout=False)

    def reset_height(self) -> None:
        self._lines = -1

    def text(self) -> str:
        content = self.content
        return content.plain if isinstance(content, Text) else str(content)


def render_blocks(blocks: list[Block], width: int) -> Text:
    """A report's blocks as one Text at ``width`` (a blank line between blocks)."""
    parts: list[Text] = []
    for block in blocks:
        out = Text(no_wrap=True)
        if block.headers:
            out.append_text(ct.table(block.headers, block.rows, width, flex=block.flex, right=block.right,
                                     bold_last=block.bold_last, sources=block.sources))
        if block.lines:
            if len(out):
                out.append("\n")
            out.append_text(ct.para("\n".join(block.lines), width, block.style))
        parts.append(out)
    return ct.join(*parts)


class CalcPanel(Horizontal):
    """A calculator tab: the form, a status line and the result widgets (by default, the report)."""

    DEFAULT_CSS = """
    CalcPanel { height: 1fr; }
    CalcPanel .calc-results { width: 1fr; height: 1fr; padding: 0 0 0 1; border-left: vkey $foreground 20%; }
    CalcPanel .calc-status { height: auto; color: $text-warning; display: none; }
    CalcPanel .calc-status.-shown { display: block; }
    CalcPanel .calc-out { height: auto; margin-bottom: 1; }
    CalcPanel CalcChart { height: 14; min-height: 10; }
    """

    def __init__(self, calc: Calculator, data: CalcData | None, values: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calc = calc
        self.FORM = calc.form
        self.data = data
        self._values = values
        self.last_error: CalcError | None = None
        self.last_result: Any = None
        self.recomputes = 0

    def compose(self) -> ComposeResult:
        yield CalcForm(self.FORM, self._values, id=f"{self.FORM.name}-form")
        with VerticalScroll(classes="calc-results", id=f"{self.FORM.name}-results"):
            yield Static("", classes="calc-status", id=f"{self.FORM.name}-status", markup=False)
            yield from self.compose_results()

    def compose_results(self) -> ComposeResult:
        yield Output(id=f"{self.FORM.name}-out")

    @property
    def form(self) -> CalcForm:
        return self.query_one(CalcForm)

    def on_mount(self) -> None:
        self.recompute()

    @on(CalcForm.Edited)
    def _edited(self, event: CalcForm.Edited) -> None:
        event.stop()
        self.recompute()

    def recompute(self) -> None:
        """Parse the form, compute, show; on a bad value keep the last good result."""
        self.recomputes += 1
        form = self.form
        status = self.query_one(f"#{self.FORM.name}-status", Static)
        try:
            if self.data is None:
                raise CalcError("the content is still loading")
            inputs = self.FORM.parse(form.values())
            result = self.compute(inputs, self.data)
        except CalcError as exc:
            self.last_error = exc
            inline = form.has_field(exc.field)
            form.show_error(exc.field if inline else None, str(exc) if inline else None)
            kept = " — showing the last good result" if self.last_result is not None else ""
            status.update(Text(f"⚠ {exc}{kept}"))
            status.add_class("-shown")
            return
        if self.last_error is not None:
            form.show_error(None, None)
            status.remove_class("-shown")
        self.last_error = None
        self.last_result = result
        self.show(result)

    def compute(self, inputs: Any, data: CalcData) -> Any:
        return self.calc.compute(inputs, data)

    def show(self, result: Any) -> None:
        self.out().show(render_blocks(self.calc.report(result), self.width_for_output()))

    def out(self, suffix: str = "out") -> Output:
        return self.query_one(f"#{self.FORM.name}-{suffix}", Output)

    def width_for_output(self) -> int:
        results = self.query_one(".calc-results")
        return max(20, results.scrollable_content_region.width - 1)

    def on_resize(self) -> None:
        # Outputs are pre-rendered at a width: redo them when it changes.
        if self.last_result is not None:
            for output in self.query(Output):
                output.reset_height()
            self.call_after_refresh(self.show, self.last_result)


class TunePanel(CalcPanel):
    """Power tuning with a cost/duration chart."""
    def compose_results(self) -> ComposeResult:
        yield Output(id="tune-summary")
        yield CalcChart(id="tune-chart")
        yield Output(id="tune-out")

    def show(self, result: Any) -> None:
        w = self.width_for_output()
        self.out("summary").show(ct.para("\n".join(report.tune_summary(result)), w, "bold"))
        xs = [float(r.memory_mb) for r in result.rows]
        cost = [float(r.per_million) for r in result.rows]
        dur = [r.duration_ms for r in result.rows]
        self.query_one("#tune-chart", CalcChart).show_series(
            "$/1M (left), ms (right) by MB",
            xs,
            [("$/1M", cost, "left"), ("ms", dur, "right")],
            xlog=True,
            xticks=[128, 512, 1769, 10240],
        )
        headers, rows = report.tune_table(result)
        self.out().show(ct.join(ct.table(headers, rows, w, flex=len(headers) - 1, right=True), ct.para(report.tune_footer(result), w, "dim")))


class ColdStartPanel(CalcPanel):
    """Cold starts with the cold share against traffic."""

    def compose_results(self) -> ComposeResult:
        yield Output(id="coldstart-out")
        yield CalcChart(id="coldstart-chart")
        yield Output(id="coldstart-terms")

    def compute(self, inputs: Any, data: CalcData) -> Any:
        from lambdaprep.calc.coldstart import log_rates, share_curve

        result = self.calc.compute(inputs, data)
        curve = share_curve(inputs, data, log_rates(0.0001, 1000, 29))
        return result, curve

    def show(self, result: Any) -> None:
        est, curve = result
        h, rows, src = split_source(*report.coldstart_factors(est))
        w = self.width_for_output()
        parts = [ct.para("\n".join(report.coldstart_summary(est)), w, "bold")]
        if snapstart := report.coldstart_snapstart(est):
            parts.append(ct.para("\n".join(snapstart), w))
        parts.append(ct.table(h, rows, w, bold_last=1, sources=src))
        self.out().show(ct.join(*parts))
        xs = [r for r, _ in curve]
        ys = [s * 100 for _, s in curve]
        self.query_one("#coldstart-chart", CalcChart).show_series(
            "% cold by requests/s",
            xs,
            [("% cold", ys, "left")],
            xlog=True,
            marker=(est.inputs.mean_rps, est.cold_share * 100),
            xticks=[0.001, 0.1, 10, 1000],
        )
        h, rows, src = split_source(*report.coldstart_terms(est))
        notes = [f"• {n}" for n in est.notes] + ["Model and assumptions: docs/calculators.md"]
        self.out("terms").show(ct.join(ct.table(h, rows, w, bold_last=1, sources=src), ct.para("\n".join(notes), w, "dim")))


PANELS: dict[str, type[CalcPanel]] = {"tune": TunePanel, "coldstart": ColdStartPanel}
"""Tabs with their own panel (a chart); every other calculator uses :class:`CalcPanel`."""


class CalculatorsScreen(AreaScreen):
    """The Calculators area (key ``c``)."""

    AREA_ID = "calculators"
    BINDINGS = [
        *(Binding(f"f{i + 2}", f"tab('{name}')", calc.short) for i, (name, calc) in enumerate(CALCULATORS.items())),
        Binding("ctrl+r", "reset", "Reset"),
    ]
    DEFAULT_CSS = """
    CalculatorsScreen TabbedContent { height: 1fr; }
    CalculatorsScreen TabPane { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        catalog = self.lp.catalog
        self._data = CalcData.from_catalog(catalog) if catalog is not None else None
        self._opts = self.lp.options_for(CalculatorsOptions)
        initial = self._opts.tab if self._opts.tab in CALCULATORS else next(iter(CALCULATORS))
        yield Header(show_clock=False, icon="λ")
        with TabbedContent(initial=initial, id="calc-tabs"):
            for name, calc in CALCULATORS.items():
                with TabPane(calc.title, id=name):
                    if name == initial:  # the others are built when first shown
                        yield self._make_panel(name)
        yield Footer()

    def _make_panel(self, name: str) -> CalcPanel:
        preset = dict(self._opts.values[name]) if name in self._opts.values else None
        return PANELS.get(name, CalcPanel)(CALCULATORS[name], self._data, preset, id=f"{name}-panel")

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        name = event.pane.id
        if name in CALCULATORS and not self.query(f"#{name}-panel"):
            await event.pane.mount(self._make_panel(name))
        self.call_after_refresh(self._focus_first)

    def on_mount(self) -> None:
        self.title = "lambdaprep"
        self.sub_title = "Calculators"
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        tabs = self.query_one(TabbedContent)
        found = self.query(f"#{tabs.active}-panel")
        if not found:  # still being built: _tab_shown focuses it
            return
        fields = found.first(CalcPanel).form.query(".calc-control")
        target = next((w for w in fields if w.id != f"{tabs.active}-preset"), None)
        if target is not None:
            target.focus()

    def panel(self, name: str) -> CalcPanel:
        return self.query_one(f"#{name}-panel", CalcPanel)

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name

    def action_reset(self) -> None:
        tabs = self.query_one(TabbedContent)
        panel = self.panel(tabs.active)
        panel.form.set_values(panel.FORM.defaults())
