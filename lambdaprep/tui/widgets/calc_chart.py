"""A small line chart for the calculators (textual-plotext), fed with plain lists."""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual.app import RenderResult
from textual_plotext import PlotextPlot

from lambdaprep.units import format_count


def _tick(x: float) -> str:
    """Axis labels in the calculators' one number form (``1,769``, ``0.001``)."""
    return format_count(x)


def _even_ticks(ys: Sequence[float], count: int = 5) -> list[float]:
    """``count`` evenly spaced ticks from the lowest to the highest value (none for a flat line)."""
    finite = [y for y in ys if math.isfinite(y)]
    if not finite or max(finite) == min(finite):
        return []
    low, high = min(finite), max(finite)
    return [low + (high - low) * i / (count - 1) for i in range(count)]


class CalcChart(PlotextPlot):
    """Lines against one x axis (optionally logarithmic), with an optional marked point."""

    DEFAULT_CSS = """
    CalcChart { width: 1fr; height: 14; }
    """

    _last_key: object = None
    """What the figure was last drawn from (title, data, axes)."""
    _cache: tuple[object, RenderResult] | None = None
    """(what, size and theme it was rendered for, the rendering)."""

    def show_series(
        self,
        title: str,
        xs: Sequence[float],
        series: Sequence[tuple[str, Sequence[float], str]],
        *,
        xlog: bool = False,
        marker: tuple[float, float] | None = None,
        xticks: Sequence[float] | None = None,
    ) -> None:
        """Redraw: ``series`` is ``[(label, ys, "left" | "right"), …]``.

        Plotext rebuilds the whole chart on every paint, so an unchanged chart is not touched.
        """
        key = (title, tuple(xs), tuple((label, tuple(ys), side) for label, ys, side in series), xlog, marker, tuple(xticks or ()))
        if key == self._last_key:
            return
        self._last_key = key
        self._cache = None
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        # plotext's log axis is fiddly; plot against log10(x) and label the ticks.
        tx = [math.log10(x) for x in xs] if xlog else list(xs)
        for label, ys, side in series:
            plt.plot(tx, list(ys), label=label, yside=side, marker="braille")
            ticks = _even_ticks(ys)
            if ticks:
                plt.yticks(ticks, [_tick(t) for t in ticks], yside=side)  # type: ignore[arg-type]  # plotext takes "left"/"right"
        if marker is not None:
            mx = math.log10(marker[0]) if xlog and marker[0] > 0 else marker[0]
            plt.scatter([mx], [marker[1]], marker="●", label="you")
        if xticks:
            plt.xticks([math.log10(t) if xlog else t for t in xticks], [_tick(t) for t in xticks])
        self.refresh()

    def render(self) -> RenderResult:
        """Plotext rebuilds the whole figure on every call: reuse it while data, size and theme stand."""
        key = (self._last_key, self.size, self.app.theme)
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        result = super().render()
        self._cache = (key, result)
        return result
