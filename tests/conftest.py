"""Shared fixtures. Every test runs with its own temporary data dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


TESTS = Path(__file__).parent
SAMPLE_PACKS = TESTS / "data" / "packs"
"""A frozen copy of the starter pack (pack id ``sample``): snapshots and Pilot tests use
it so that growing the shipped content does not change them."""


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch a real home: LAMBDAPREP_DATA points at a fresh tmp folder."""
    data = tmp_path / "lp-data"
    monkeypatch.setenv("LAMBDAPREP_DATA", str(data))
    monkeypatch.delenv("LAMBDAPREP_PACKS", raising=False)
    return data


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests, so snapshots and timings are stable.

    Sets the default of Textual's ``cursor_blink`` reactive for Input and TextArea (the
    app has no testing switch of its own). Subprocess tests and benchmarks do the same.
    """
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)


@pytest.fixture
def data_dir(_isolated_data: Path) -> Path:
    return _isolated_data


@pytest.fixture
def locations(data_dir: Path) -> Any:
    from lambdaprep.paths import Locations

    return Locations.under(data_dir)


@pytest.fixture(scope="session")
def catalog() -> Any:
    """The shipped packs (what users get)."""
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import builtin_packs_dir

    cat = load_catalog([PackSource(builtin_packs_dir(), "builtin")])
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


@pytest.fixture(scope="session")
def sample_catalog() -> Any:
    """The frozen sample pack (stable input for screens and snapshots)."""
    from lambdaprep.content import PackSource, load_catalog

    cat = load_catalog([PackSource(SAMPLE_PACKS, "builtin")])
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


@pytest.fixture
def make_test_app(locations: Any, sample_catalog: Any) -> Callable[..., Any]:
    """Build the App exactly as the CLI does, on the sample pack and a tmp data dir."""

    def make(area: str | None = None, catalog: Any = None, clock: Any = None, **options: Any) -> Any:
        """``options`` are the area's (e.g. ``seed=1`` for the quiz), built into its typed options."""
        from lambdaprep.content import PackSource
        from lambdaprep.tui.app import make_app

        return make_app(
            locations,
            [PackSource(SAMPLE_PACKS, "builtin")],
            catalog=catalog if catalog is not None else sample_catalog,
            area=area,
            options=area_options(area, **options) if options else None,
            clock=clock,
        )

    return make


def area_options(area: str | None, **values: Any) -> Any:
    """Typed options for an area from keyword values (lists become tuples)."""
    from lambdaprep.tui import options as o

    kinds = {k.AREA: k for k in (o.DrillOptions, o.QuizOptions, o.MockOptions, o.CalculatorsOptions, o.ExamOptions)}
    if area not in kinds:
        raise ValueError(f"area {area!r} takes no options")
    return kinds[area](**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def screen_text(app: Any) -> str:
    """The current screen as plain text (what a person would read), for Pilot assertions."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(pilot: Any) -> None:
    """Wait until no worker runs (catalog, store calls, and any they start) and the app has
    handled their results. Deterministic: waits for workers and messages, never for time."""
    import asyncio

    from textual.worker import WorkerState

    app = pilot.app
    loaded = getattr(app, "catalog_loaded", None)
    if loaded is not None:
        await loaded.wait()  # the packs load in a worker started after the first frame
    for _ in range(100):
        # a failed worker is the app's business (its error path); here we only wait
        await asyncio.gather(*(w.wait() for w in list(app.workers)), return_exceptions=True)
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            break
    else:
        raise AssertionError("workers kept starting: " + ", ".join(w.name for w in app.workers))
    # A DataTable measures its columns when it next goes idle, not when rows are added: on a
    # busy machine a screenshot could catch new rows in the old column widths ("revie" for
    # "review"). Wait for that measurement, as the user's next frame would.
    for _ in range(100):
        tables = [t for screen in app.screen_stack for t in screen.query("DataTable")]  # under a dialog too
        if not any(getattr(t, "_require_update_dimensions", False) for t in tables):
            return
        await pilot.pause()
    raise AssertionError("a table never measured its new rows")


async def wait_for(pilot: Any, condition: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
    """Wait until ``condition()`` holds while the app keeps running (for timers and threads
    that are meant to be independent of the test). Fails after ``timeout`` seconds."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.01)
        await pilot.pause()


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one by one like a person who waits for each to take effect (store calls included)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.fixture
def seeded(locations: Any, sample_catalog: Any) -> Any:
    """A data dir holding the fixed 120-day progress history of tests/dashboard_seed.py."""
    from tests.dashboard_seed import seed

    seed(locations, sample_catalog)
    return locations


def plain(widget: Any, width: int = 200) -> str:
    """A Static's content as plain text (whatever it holds: Text, Group, Table), wide enough not to wrap."""
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(widget.content)
    return console.export_text()
