"""Browse on the busier seeded database: state filters, the reset dialog, wide layout."""

from __future__ import annotations

from typing import Any


from tests.conftest import screen_text, settle
from tests.dashboard_seed import clock




def browse_app(make_test_app: Any) -> Any:
    return make_test_app(area="browse", clock=clock())


async def test_leech_and_suspended_filters(seeded: Any, make_test_app: Any, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards

    leech = list(study_cards(sample_catalog))[5]  # the seed suspends it and tags it a leech
    app = browse_app(make_test_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for state in ("leech", "suspended"):
            app.screen.query_one("#browse-state").value = state
            await settle(pilot)
            assert app.screen.current_key == leech
            table = app.screen.query_one("#browse-table")
            assert table.row_count == 1
        app.screen.query_one("#browse-state").value = "new"
        await settle(pilot)
        assert app.screen.query_one("#browse-table").row_count == 2  # the last two cards were never studied


async def test_history_and_retrievability_shown(seeded: Any, make_test_app: Any) -> None:
    app = browse_app(make_test_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "History" in text and "Good" in text
        assert "%" in text  # retrievability


def test_snapshot_browse_wide(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    assert snap_compare(browse_app(make_test_app), terminal_size=(120, 40), run_before=settle)


def test_snapshot_reset_dialog(snap_compare: Any, seeded: Any, make_test_app: Any) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#browse-table").focus()
        await pilot.press("R")
        await settle(pilot)

    assert snap_compare(browse_app(make_test_app), terminal_size=(80, 24), run_before=before)


def test_unknown_is_filter_is_reported_and_flagged_matches() -> None:
    from lambdaprep.store import STATE_NEW, CardState
    from lambdaprep.study.browse import Query, _matches_state

    bogus = Query.parse("cold is:bogus")
    assert bogus.unknown == ("bogus",)
    problem = bogus.problem() or ""
    assert problem.startswith("unknown filter is:bogus; try is:new") and "is:flagged" in problem
    flagged = Query.parse("is:flagged")
    assert flagged.problem() is None
    assert _matches_state(flagged.states, CardState(card_key="a", id=1, state=STATE_NEW, flag=2, updated_at=0))
    assert not _matches_state(flagged.states, CardState(card_key="b", id=2, state=STATE_NEW, flag=0, updated_at=0))
    assert not _matches_state(flagged.states, None)


async def test_unknown_is_filter_shown_on_screen(seeded: Any, make_test_app: Any) -> None:
    app = browse_app(make_test_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#browse-search").value = "is:bogus"
        await settle(pilot)
        assert "unknown filter is:bogus" in screen_text(app)
        assert "unknown filter" in app.screen.sub_title


async def test_no_flagged_cards_says_how_to_flag(make_test_app: Any) -> None:
    """is:flagged with nothing flagged tells a newcomer how flags are made and used; the
    title counts cards in words ("1 card", "0 cards", not "card(s)")."""
    from tests.conftest import screen_text, settle

    app = make_test_app(area="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#browse-search").value = "is:flagged"
        await settle(pilot)
        text = screen_text(app)
        assert "No card matches." in text and "f flags the card" in text
        assert "0 cards" in text and "card(s)" not in text
        app.screen.query_one("#browse-search").value = "is:new tmp"
        await settle(pilot)
        assert "card(s)" not in screen_text(app)
