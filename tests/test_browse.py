"""Browse: search and filters (logic), suspend/reset, and the screen by keys; snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.browse import Filters, facets, reset_card, search, set_suspended, state_names
from tests.conftest import screen_text
from tests.dashboard_seed import clock, seed


@pytest.fixture
def seeded(locations: Any, sample_catalog: Any) -> Any:
    seed(locations, sample_catalog)
    return locations


@pytest.fixture
def cards(sample_catalog: Any) -> Any:
    from lambdaprep.study.cards import study_cards

    return study_cards(sample_catalog)


def test_search_text_and_filters(seeded: Any, cards: Any) -> None:
    with Store.open(seeded) as store:
        states = store.cards()
    keys = list(cards)
    assert search(cards, states, Filters()) == keys
    assert all("tmp" in (cards[k].front + cards[k].back + k).lower() for k in search(cards, states, Filters(text="TMP")))
    assert search(cards, states, Filters(text="tmp"))
    limits = search(cards, states, Filters(tag="limit"))
    assert limits and all("limit" in cards[k].tags for k in limits)
    packs, topics, tags = facets(cards)
    assert packs == ["sample"] and "limit" in tags
    topic = cards[keys[0]].topic
    assert all(cards[k].topic == topic for k in search(cards, states, Filters(topic=topic)))
    assert search(cards, states, Filters(pack="nope")) == []
    # the seed suspends keys[5] and tags it a leech; keys[8:] were never studied
    assert search(cards, states, Filters(state="suspended")) == [keys[5]]
    assert search(cards, states, Filters(state="leech")) == [keys[5]]
    assert set(keys[8:]) <= set(search(cards, states, Filters(state="new")))
    assert state_names(None) == {"new"}


def test_suspend_and_reset(seeded: Any, cards: Any) -> None:
    key = list(cards)[0]
    with Store.open(seeded) as store:
        before = store.card(key)
        assert before is not None and before.reps > 0
        n_log = len(store.reviews(key))
        assert set_suspended(store, key, True, 1).suspended
        assert not set_suspended(store, key, False, 2).suspended
        fresh = reset_card(store, key, 3)
        assert fresh.state == 0 and fresh.reps == 0 and fresh.due is None and fresh.id == before.id
        assert len(store.reviews(key)) == n_log  # history is kept
        # a never-studied card can be suspended too
        new_key = list(cards)[-1]
        assert set_suspended(store, new_key, True, 4).state == 0


def browse_app(make_test_app: Any) -> Any:
    return make_test_app(area="browse", clock=clock())


async def test_browse_by_keys(seeded: Any, make_test_app: Any, cards: Any) -> None:
    keys = list(cards)
    app = browse_app(make_test_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "10 of 10 cards" in text and "Review history" in text and "Retrievability" in text
        await pilot.press(*"limit")
        await pilot.pause()
        assert "of 10 cards" in screen_text(app) and len(app.screen.shown) < 10
        await pilot.press("enter")  # to the list
        await pilot.pause()
        key = app.screen.current_key()
        await pilot.press("s")
        await pilot.pause()
        with Store.open(app.locations) as store:
            assert store.card(key).suspended
        await pilot.press("s")
        await pilot.pause()
        with Store.open(app.locations) as store:
            assert not store.card(key).suspended
        # reset: cancel first, then confirm
        first = keys[0]
        await pilot.press("ctrl+l")
        await pilot.pause()
        app.screen.query_one("DataTable").focus()
        app.screen.query_one("DataTable").move_cursor(row=0)
        await pilot.pause()
        assert app.screen.current_key() == first
        await pilot.press("r")
        await pilot.pause()
        assert "Reset this card's progress?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        with Store.open(app.locations) as store:
            assert store.card(first).reps > 0
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        with Store.open(app.locations) as store:
            assert store.card(first).reps == 0 and store.card(first).state == 0


async def test_browse_state_filter(seeded: Any, make_test_app: Any, cards: Any) -> None:
    app = browse_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#browse-state").value = "leech"
        await pilot.pause()
        assert app.screen.shown == [list(cards)[5]]
        assert "1 of 10 cards" in screen_text(app)


def test_snapshot_browse(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(browse_app(make_test_app), terminal_size=(80, 24))


def test_snapshot_browse_wide(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await pilot.press("tab", "tab", "tab", "tab", "tab", "down")
        await pilot.pause()

    assert snap_compare(browse_app(make_test_app), terminal_size=(120, 40), run_before=before)


def test_snapshot_reset_dialog(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        pilot.app.screen.query_one("DataTable").focus()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(browse_app(make_test_app), terminal_size=(80, 24), run_before=before)
