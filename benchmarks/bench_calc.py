"""Calculator recompute time per keystroke (goal: ≤ 16 ms, one frame at 60 Hz).

Three numbers per calculator, all on the shipped packs:

1. ``pure``: parse the form text + compute + build the report rows (what a keystroke
   costs in ``lambdaprep.calc``; the cold-start tab also computes its 29-point chart curve).
2. ``screen``: ``CalcPanel.recompute()`` inside the running app (the above plus updating
   the result widgets: tables, chart data).
3. ``keystroke``: a character inserted into a field (as typing does) until the panel has
   recomputed and the next screen refresh has been painted (headless app at 80×24).
   Pilot's own ``press`` adds ~100 ms of deliberate pauses even for a one-widget app, so
   it is not used for this timing. For scale, the same timing on bare Textual apps with
   1 and 17 label + input rows (the pricing form has 17 fields): most of the repaint
   time is Textual repainting a form of that size, not the calculators.

Prints median and p95 in milliseconds. Run: ``.venv/bin/python benchmarks/bench_calc.py``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 16.0
FIELDS = {"price": "memory_mb", "tune": "duration_ms", "coldstart": "mean_rps", "concurrency": "rps"}
ALT = {"price": "5120", "tune": "2.5s", "coldstart": "0.01/s", "concurrency": "50k/s"}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(name: str, samples: list[float]) -> tuple[float, float]:
    med, p95 = statistics.median(samples), pct(samples, 0.95)
    flag = "ok" if p95 <= GOAL_MS else "OVER"
    print(f"  {name:<28} median {med:7.3f} ms   p95 {p95:7.3f} ms   [{flag}]")
    return med, p95


def load() -> object:
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import builtin_packs_dir

    return load_catalog([PackSource(builtin_packs_dir(), "builtin")])


def bench_pure(catalog: object, runs: int = 300) -> None:
    from lambdaprep.calc import report as rep
    from lambdaprep.calc.coldstart import estimate, log_rates, share_curve
    from lambdaprep.calc.concurrency import concurrency
    from lambdaprep.calc.data import CalcData
    from lambdaprep.calc.forms import FORMS
    from lambdaprep.calc.pricing import price_both
    from lambdaprep.calc.tuning import tune

    data = CalcData.from_catalog(catalog)  # type: ignore[arg-type]
    book = data.price_book()

    def price(t: dict[str, str]) -> None:
        inp = FORMS["price"].parse(t)
        res = price_both(inp, book, data)
        rep.price_table(res)
        rep.price_details(res[inp.arch])

    def tune_(t: dict[str, str]) -> None:
        res = tune(FORMS["tune"].parse(t), book, data)
        rep.tune_table(res)

    def cold(t: dict[str, str]) -> None:
        inp = FORMS["coldstart"].parse(t)
        res = estimate(inp, data)
        share_curve(inp, data, log_rates(0.0001, 1000, 29))
        rep.coldstart_factors(res)
        rep.coldstart_terms(res)

    def conc(t: dict[str, str]) -> None:
        rep.concurrency_rows(concurrency(FORMS["concurrency"].parse(t), data))

    print("pure recompute (parse + compute + report rows):")
    for name, fn in (("price", price), ("tune", tune_), ("coldstart", cold), ("concurrency", conc)):
        form = FORMS[name]
        texts = form.defaults()
        samples = []
        for i in range(runs):
            texts[FIELDS[name]] = form.defaults()[FIELDS[name]] if i % 2 else ALT[name]
            t0 = time.perf_counter()
            fn(texts)
            samples.append((time.perf_counter() - t0) * 1000)
        report(name, samples)


async def bench_app(catalog: object, keys: int = 40) -> None:
    from textual.widgets import Input, TabbedContent

    from lambdaprep.content import PackSource
    from lambdaprep.paths import Locations, builtin_packs_dir
    from lambdaprep.tui.app import make_app
    from lambdaprep.tui.screens.calculators import CalcPanel

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Locations.under(Path(tmp)), [PackSource(builtin_packs_dir(), "builtin")], catalog=catalog,  # type: ignore[arg-type]
                       area="calculators")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen_samples: dict[str, list[float]] = {}
            key_samples: dict[str, list[float]] = {}
            for name, field in FIELDS.items():
                app.screen.query_one(TabbedContent).active = name
                await pilot.pause()
                panel = app.screen.query_one(f"#{name}-panel", CalcPanel)
                s = screen_samples.setdefault(name, [])
                for _ in range(100):
                    t0 = time.perf_counter()
                    panel.recompute()
                    s.append((time.perf_counter() - t0) * 1000)
                await pilot.pause()
                widget = app.screen.query_one(f"#{name}-{field.replace('_', '-')}", Input)
                widget.focus()
                widget.cursor_position = len(widget.value)
                await pilot.pause()
                k = key_samples.setdefault(name, [])
                loop = asyncio.get_running_loop()
                for i in range(keys):
                    before = panel.recomputes
                    t0 = time.perf_counter()
                    if i % 2:
                        widget.action_delete_left()
                    else:
                        widget.insert_text_at_cursor("0")
                    while panel.recomputes == before:
                        await asyncio.sleep(0)
                    painted: asyncio.Future[float] = loop.create_future()
                    app.call_after_refresh(lambda f=painted: f.done() or f.set_result(time.perf_counter()))
                    k.append((await painted - t0) * 1000)
                    await pilot.pause()
            print("screen recompute (CalcPanel.recompute, widgets updated):")
            for name, samples in screen_samples.items():
                report(name, samples)
            print("keystroke to recomputed and repainted (headless, 80×24):")
            for name, samples in key_samples.items():
                report(name, samples)


async def bench_baseline(fields: int, keys: int = 40) -> None:
    """The same keystroke timing on a bare Textual app with ``fields`` label + input rows, for scale."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Input, Label, Static

    class Hello(App[None]):
        CSS = ".row { height: 1; } .row Label { width: 18; } .row Input { width: 1fr; } VerticalScroll { width: 36; }"
        changes = 0

        def compose(self) -> ComposeResult:
            with Horizontal():
                with VerticalScroll():
                    for i in range(fields):
                        with Horizontal(classes="row"):
                            yield Label(f"field {i}")
                            yield Input(str(i), compact=True, id=f"f{i}")
                yield Static("")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.changes += 1
            self.query_one(Static).update(event.value)

    app = Hello()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one("#f0", Input)
        widget.focus()
        await pilot.pause()
        loop = asyncio.get_running_loop()
        samples = []
        for i in range(keys):
            before = app.changes
            t0 = time.perf_counter()
            widget.action_delete_left() if i % 2 else widget.insert_text_at_cursor("0")
            while app.changes == before:
                await asyncio.sleep(0)
            painted: asyncio.Future[float] = loop.create_future()
            app.call_after_refresh(lambda f=painted: f.done() or f.set_result(time.perf_counter()))
            samples.append((await painted - t0) * 1000)
            await pilot.pause()
    report(f"bare app, {fields} input row(s)", samples)


def main() -> None:
    catalog = load()
    bench_pure(catalog)
    asyncio.run(bench_app(catalog))
    print("for scale, the same keystroke on a bare Textual app (no calculator):")
    asyncio.run(bench_baseline(1))
    asyncio.run(bench_baseline(17))


if __name__ == "__main__":
    main()
