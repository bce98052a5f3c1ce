"""Home dashboard, Stats and Browse on a seeded database with a fixed clock."""

from __future__ import annotations

import datetime as dt


from lambdaprep.store import STATE_REVIEW, CardState, Store
from lambdaprep.study.browse import Query, reset_card, search_cards, set_suspended
from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import FakeClock, to_ms
from tests.conftest import press, screen_text, settle
from tests.seeding import seed_mock, seed_quiz

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)
DAY = 86_400_000
PHASES = "sample/execution-environment-phases"
TMP = "sample/execution-environment-tmp"


def seed(locations) -> None:
    """Three reviews over three days; one card due now, one mastered."""
    now_ms = to_ms(NOW)
    with Store.open(locations) as store:
        store.record_review(None, CardState(card_key=PHASES, state=STATE_REVIEW, stability=3.0, difficulty=5.0,
                                            due=now_ms - 3_600_000, last_review=now_ms - 2 * DAY), rating=3, reviewed_at=now_ms - 2 * DAY)
        before = store.card(PHASES)
        store.record_review(before, CardState(card_key=PHASES, id=before.id, state=STATE_REVIEW, stability=3.0, difficulty=5.0,
                                              due=now_ms - 3_600_000, last_review=now_ms - DAY), rating=1, reviewed_at=now_ms - DAY)
        store.record_review(None, CardState(card_key=TMP, state=STATE_REVIEW, stability=80.0, difficulty=4.0,
                                            due=now_ms + 30 * DAY, last_review=now_ms - 3_600_000), rating=4, reviewed_at=now_ms - 3_600_000)
        seed_quiz(store, started_at=now_ms - 100, finished_at=now_ms - 50, score=1, total=2, answered_at=now_ms - 90,
                  answers=[("sample/q-init-timeout", True), ("sample/q-reuse-safe", False)])
        seed_mock(store, format_key="sample/quick-warmup", started_at=now_ms - DAY, finished_at=now_ms - DAY + 600_000,
                  score=7.0, max_score=10.0)


# ---------------------------------------------------------------- browse logic


def test_query_parsing() -> None:
    q = Query.parse("Cold START tag:SnapStart is:review pack:lambda topic:cold-starts", state="new")
    assert q.words == ("cold", "start") and q.tags == ("snapstart",) and q.packs == ("lambda",)
    assert q.topics == ("cold-starts",) and q.states == ("review", "new")


def test_search_and_state_changes(sample_catalog, locations) -> None:
    cards = study_cards(sample_catalog)
    seed(locations)
    with Store.open(locations) as store:
        states = store.cards()
        assert [c.key for c in search_cards(cards, states, Query.parse("tmp"))] == [TMP, "sample/limit-ephemeral-storage"] or \
            TMP in [c.key for c in search_cards(cards, states, Query.parse("tmp"))]
        assert [c.key for c in search_cards(cards, states, Query.parse("is:review"))] == [PHASES, TMP]
        assert all(c.kind == "limit" for c in search_cards(cards, states, Query.parse("tag:limit")))
        assert search_cards(cards, states, Query.parse("is:new"))[0].key not in (PHASES, TMP)
        set_suspended(store, PHASES, True, to_ms(NOW))
        assert store.card(PHASES).suspended
        assert [c.key for c in search_cards(cards, store.cards(), Query.parse("is:suspended"))] == [PHASES]
        set_suspended(store, PHASES, False, to_ms(NOW))
        reviews_before = len(store.reviews(PHASES))
        reset_card(store, PHASES, to_ms(NOW))
        state = store.card(PHASES)
        assert state.state == 0 and state.due is None and state.stability is None
        assert len(store.reviews(PHASES)) == reviews_before  # history kept


# ---------------------------------------------------------------- screens


async def test_home_shows_todays_numbers(make_test_app, locations) -> None:
    seed(locations)
    app = make_test_app(area=None, clock=FakeClock(start=NOW))
    async with app.run_test() as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "1 due" in text and "last quiz 1/2" in text and "last mock 70%" in text
        for key, title in (("b", "Browse"), ("s", "Stats")):
            assert f" {key}   {title}" in text


async def test_stats_screen_by_keys(make_test_app, locations) -> None:
    seed(locations)
    app = make_test_app(area="stats", clock=FakeClock(start=NOW))
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "3 reviews" in text and "Studied on 3 days" in text
        await pilot.press("right")  # forecast
        await settle(pilot)
        assert "Due in the next 30 days: 1" in screen_text(app)  # the other card is due on day 30
        await pilot.press("right")  # retention
        await pilot.pause()
        assert "True retention 0%" in screen_text(app)  # the one review-state review was a miss
        await pilot.press("right")  # topics
        await pilot.pause()
        text = screen_text(app)
        assert "Quiz accuracy by topic" in text and "50% (1/2)" in text
        await pilot.press("right")  # mock
        await pilot.pause()
        assert "latest 70%" in screen_text(app)
        await pilot.press("escape")
        assert app.current_mode == "home"


async def test_browse_by_keys(make_test_app, locations) -> None:
    seed(locations)
    app = make_test_app(area="browse", clock=FakeClock(start=NOW))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"lifecycle")
        text = screen_text(app)
        assert "What are the phases of a Lambda execution" in text
        assert "History" in text and "Again" in text  # the detail shows its review history
        await pilot.press("tab", "tab", "tab")  # search -> topic -> state -> table
        await pilot.pause()
        await press(pilot, "x")
        assert app.store.card(PHASES).suspended
        await press(pilot, "R")
        await press(pilot, "n")
        assert app.store.card(PHASES).stability == 3.0  # cancelled
        await press(pilot, "R")
        await press(pilot, "y")
        assert app.store.card(PHASES).state == 0



def test_stats_snapshot(snap_compare, make_test_app, locations) -> None:
    seed(locations)
    assert snap_compare(make_test_app(area="stats", clock=FakeClock(start=NOW)), terminal_size=(80, 24), run_before=settle)


def test_browse_snapshot(snap_compare, make_test_app, locations) -> None:
    seed(locations)
    assert snap_compare(make_test_app(area="browse", clock=FakeClock(start=NOW)), terminal_size=(80, 24), run_before=settle)


def test_home_dashboard_snapshot(snap_compare, make_test_app, locations) -> None:
    seed(locations)
    app = make_test_app(clock=FakeClock(start=NOW))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_stats_cli_text_and_json(capsys, data_dir) -> None:
    import json

    from lambdaprep.cli import main
    from lambdaprep.paths import Locations

    seed(Locations.under(data_dir))
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("total_reviews", "reviews_today", "due_now", "new_available", "streak_days", "heatmap", "forecast",
                "true_retention", "retention_weekly", "retention_monthly", "topic_mastery", "quiz_accuracy", "mock_trend"):
        assert key in data, key
    assert data["total_reviews"] == 3 and sum(data["heatmap"].values()) == 3 and len(data["forecast"]) == 30
    assert data["mock_trend"][0]["percent"] == 70.0
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "true retention" in out and "due next 30 days" in out and "mock scores" in out
    # mastery is a lasting memory, and the output says how it is measured
    assert "mastered" in out and "stability ≥ 21 days" in out
    assert data["mastered_stability_days"] == 21


async def test_home_pack_date_is_the_newest_fact(make_test_app, catalog) -> None:
    """Issue 18: Home said "as of 2026-11-22" (the manifest) while the pack held facts checked
    later. The date shown is the newest of the manifest's and every item's."""
    import datetime as dt

    from lambdaprep.content.staleness import last_checked, pack_as_of

    pack = catalog.packs[0]
    dates = [found[0] for items in pack.items.values() for item in items if (found := last_checked(item))]
    newest = max([pack.manifest.as_of, *dates])
    assert pack_as_of(pack) == newest
    assert newest > pack.manifest.as_of  # the shipped pack has facts re-checked after its manifest date
    app = make_test_app(catalog=catalog, clock=FakeClock(start=dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert newest.isoformat() in text and pack.manifest.as_of.isoformat() not in text
