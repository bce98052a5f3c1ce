"""Stats, Home and Browse on a busier seeded database (120 days of reviews, quizzes, mocks).

tests/test_dashboard.py covers a three-review database; here every Stats tab is
snapshotted at 80×24 (and the first at 120×40) with months of history, so the
heatmap, forecast, retention, topic and mock charts are all drawn with real data.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import screen_text, settle
from tests.dashboard_seed import clock




def stats_app(make_test_app: Any) -> Any:
    return make_test_app(area="stats", clock=clock())


def home_app(make_test_app: Any) -> Any:
    return make_test_app(clock=clock())


async def test_every_tab_has_its_numbers(seeded: Any, make_test_app: Any) -> None:
    app = stats_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "reviews" in text and "Studied on" in text and "Mon" in text
        expected = ["Due in the next 30 days", "True retention", "Mastery by topic", "Mock interviews: 5"]
        for want in expected:
            await pilot.press("right")
            await settle(pilot)
            assert want in screen_text(app), want
        await pilot.press("right")  # wraps round to the first tab
        await settle(pilot)
        assert "Studied on" in screen_text(app)


async def test_home_numbers_on_the_seeded_database(seeded: Any, make_test_app: Any) -> None:
    from lambdaprep.tui.areas import AREAS

    app = home_app(make_test_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "last quiz 1/2" in text and "last mock 80%" in text and "streak" in text
        for a in AREAS:
            assert a.title in text


@pytest.mark.parametrize("tab", range(5))
def test_snapshot_stats_tab(snap_compare: Any, seeded: Any, make_test_app: Any, tab: int) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for _ in range(tab):
            await pilot.press("right")
        await settle(pilot)

    assert snap_compare(stats_app(make_test_app), terminal_size=(80, 24), run_before=before)


def test_snapshot_stats_wide(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(stats_app(make_test_app), terminal_size=(120, 40), run_before=settle)


def test_snapshot_home_wide(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(home_app(make_test_app), terminal_size=(120, 40), run_before=settle)


def test_whole_ticks_are_whole_numbers() -> None:
    from lambdaprep.tui.widgets.charts import whole_ticks

    assert whole_ticks(0) == []
    assert whole_ticks(1) == [1]
    assert whole_ticks(5) == [1, 2, 3, 4, 5]
    for n in range(1, 60):
        ticks = whole_ticks(n)
        assert ticks[0] == 1 and ticks[-1] == n and len(ticks) <= 9
        assert all(isinstance(t, int) for t in ticks) and ticks == sorted(set(ticks))


async def test_mock_chart_x_axis_shows_interview_numbers(seeded: Any, make_test_app: Any) -> None:
    from textual_plotext import PlotextPlot

    app = stats_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monitor = app.screen.query_one("#mock-chart", PlotextPlot).plt._active.monitor
        labels = [label for side in monitor.xlabels for label in (side or [])]
        assert sorted(labels) == ["1", "2", "3", "4", "5"], labels


async def test_topics_tab_scrolls_with_the_keys_at_once(seeded: Any, make_test_app: Any) -> None:
    """Issue 18: Down and PageDown did nothing on the Topics tab until Tab moved the focus."""
    from textual.containers import VerticalScroll

    app = stats_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(3):  # Activity → Forecast → Retention → Topics
            await pilot.press("right")
        await settle(pilot)
        assert "Readiness" in screen_text(app)
        scroll = app.screen.query_one("#topics VerticalScroll", VerticalScroll)
        assert scroll.max_scroll_y > 0  # more than a screenful at 80x24
        await pilot.press("down")
        await settle(pilot)
        assert scroll.scroll_y == 1
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroll.scroll_y > 1
        await pilot.press("right")  # the arrows still change tabs
        await settle(pilot)
        assert "Mock interviews" in screen_text(app)


async def test_topic_names_use_the_width_there_is(seeded: Any, make_test_app: Any) -> None:
    """Topic titles were cut at 30 characters whatever the width: now the bars' labels take
    the width there is (the sample pack's longest studied topic is 35 characters)."""
    long = "Execution environment and lifecycle"
    for size, whole in (((120, 40), True), ((80, 24), True)):
        app = stats_app(make_test_app)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for _ in range(3):
                await pilot.press("right")
            await settle(pilot)
            from textual.widgets import Static

            from tests.conftest import plain

            text = "".join(plain(app.screen.query_one(f"#topics-{part}", Static), width=size[0]) for part in ("readiness", "mastery"))
            assert (long in text) is whole, text
            assert "Execution environment" in text
            bar_lines = [line for line in text.splitlines() if "░" in line or "█" in line]
            assert bar_lines and max(len(line.rstrip()) for line in bar_lines) <= size[0] - 4


def test_bars_fit_labels_to_the_width_given() -> None:
    from lambdaprep.tui.widgets.charts import bars

    rows = [("A topic title of exactly forty characters", 0.5, "50% (1/2)"), ("Short", 1.0, "100% (2/2)")]
    wide = bars(rows, total_width=118).plain.splitlines()
    assert wide[0].startswith("A topic title of exactly forty characters ")
    assert all(len(line) <= 118 for line in wide)
    narrow = bars(rows, total_width=60).plain.splitlines()
    assert all(len(line) <= 60 for line in narrow), narrow
    assert "…" in narrow[0] and narrow[1].startswith("Short ")
    # bars line up: every bar starts in the same column
    assert len({line.index("█") if "█" in line else line.index("░") for line in narrow}) == 1


async def test_activity_counts_days_in_words(make_test_app: Any, locations: Any) -> None:
    """A newcomer read "streak 1 day(s)" and "Studied on 1 day(s)": plurals are spelt out."""
    from lambdaprep.study.clock import FakeClock
    from lambdaprep.study.session import DrillSession
    from lambdaprep.study.cards import study_cards
    from lambdaprep.store import Store

    clock = FakeClock(start=clock_now())
    with Store.open(locations) as store:
        s = DrillSession(store, study_cards(make_test_app().catalog), clock=clock, new_limit=1)
        s.next()
        s.answer(3)
        s.finish()
    app = make_test_app(area="stats", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "streak 1 day ·" in text and "Studied on 1 day in the last year" in text and "(s)" not in text


def clock_now() -> Any:
    return clock().now()
