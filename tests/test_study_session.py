"""Drill sessions: queue order, limits across restarts, undo, custom study, stats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdaprep.store import STATE_LEARNING, STATE_NEW, STATE_RELEARNING, STATE_REVIEW, CardState, Store
from lambdaprep.study.cards import StudyCard, filter_cards, study_cards
from lambdaprep.study.clock import UTC, FakeClock, to_ms, today_bounds
from lambdaprep.study.session import DrillSession
from lambdaprep.study.settings import StudySettings
from lambdaprep.study.stats import due_counts, study_stats

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_cards(n: int = 30) -> dict[str, StudyCard]:
    out = {}
    for i in range(n):
        key = f"p{i % 2}/c{i:03d}"
        out[key] = StudyCard(key, f"p{i % 2}", f"t{i % 3}", (f"g{i % 5}",), f"front {i}", f"back {i}", order=i)
    return out


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = Store.open(tmp_path / "lambdaprep.db")
    yield s
    s.close()


def dump(store: Store) -> tuple[Any, ...]:
    return (
        sorted(store.cards().items()),
        store.reviews(limit=1_000_000),
    )


def run_through(session: DrillSession, clock: FakeClock, rating: int = 3, limit: int = 1000) -> int:
    n = 0
    while session.next() is not None and n < limit:
        session.preview()
        session.answer(rating)
        clock.advance(10)
        n += 1
    return n


# ------------------------------------------------------------------ basics


def test_new_cards_limited_per_day_and_in_catalog_order(store: Store) -> None:
    clock = FakeClock(start=START)
    s = DrillSession(store, make_cards(), clock=clock)
    assert s.counts()["new"] == 20
    first = s.next()
    assert first is not None and first.key == "p0/c000"


def test_new_flag_overrides_the_allowance(store: Store) -> None:
    clock = FakeClock(start=START)
    assert DrillSession(store, make_cards(), clock=clock, new_limit=3).counts()["new"] == 3
    assert DrillSession(store, make_cards(), clock=clock, new_limit=0).left() == 0


def test_due_reviews_most_at_risk_first(store: Store) -> None:
    clock = FakeClock(start=START)
    now = to_ms(START)
    day = 86_400_000
    # same elapsed time, smaller stability = lower retrievability = first
    store.put_card(CardState("p0/c000", state=STATE_REVIEW, stability=50.0, difficulty=5, due=now - 1, last_review=now - 10 * day))
    store.put_card(CardState("p0/c002", state=STATE_REVIEW, stability=2.0, difficulty=5, due=now - 1, last_review=now - 10 * day))
    store.put_card(CardState("p0/c004", state=STATE_REVIEW, stability=10.0, difficulty=5, due=now - 1, last_review=now - 10 * day))
    store.put_card(CardState("p0/c006", state=STATE_REVIEW, stability=10.0, difficulty=5, due=now + day, last_review=now))
    s = DrillSession(store, make_cards(), clock=clock, new_limit=0)
    order = []
    while s.next() is not None:
        order.append(s.current.key)  # type: ignore[union-attr]
        s.answer(3)
    assert order == ["p0/c002", "p0/c004", "p0/c000"]


def test_new_cards_are_interleaved_with_reviews(store: Store) -> None:
    clock = FakeClock(start=START)
    now = to_ms(START)
    for i in range(10):
        key = f"p0/c{2 * i:03d}"
        store.put_card(CardState(key, state=STATE_REVIEW, stability=5.0, difficulty=5, due=now - 1, last_review=now - 86_400_000))
    s = DrillSession(store, make_cards(), clock=clock, new_limit=5)
    kinds = ["new" if it.state.state == STATE_NEW else "review" for it in s.main]
    assert kinds.count("new") == 5
    assert kinds[:2] != ["new", "new"] and kinds[-2:] != ["new", "new"]


def test_learning_cards_come_back_in_the_session(store: Store) -> None:
    clock = FakeClock(start=START)
    s = DrillSession(store, make_cards(3), clock=clock, settings=StudySettings(learn_ahead_minutes=0))
    seen = []
    for _ in range(3):
        seen.append(s.next().key)  # type: ignore[union-attr]
        s.answer(1)  # Again: back in 1 minute
    assert s.next() is None  # nothing due yet, no learn-ahead
    clock.advance(minutes=1)
    back = s.next()
    assert back is not None and back.key == seen[0]
    assert s.current.state.state == STATE_LEARNING  # type: ignore[union-attr]


def test_learn_ahead_shows_waiting_cards_when_nothing_else_is_left(store: Store) -> None:
    clock = FakeClock(start=START)
    s = DrillSession(store, make_cards(1), clock=clock)
    s.next()
    s.answer(3)  # Good: 10 minutes
    assert s.next() is not None  # within the 20-minute learn-ahead


def test_limits_hold_across_restarts_same_day(store: Store) -> None:
    clock = FakeClock(start=START)
    cfg = StudySettings(new_per_day=5)
    total = 0
    for _ in range(4):
        s = DrillSession(store, make_cards(), clock=clock, settings=cfg)
        total += sum(1 for it in s.main if it.state.state == STATE_NEW)
        if s.next() is not None:
            s.answer(4)
        clock.advance(minutes=5)
    assert total == 5 + 4 + 3 + 2
    day_start, day_end = today_bounds(clock, 4)
    assert store.count_reviews(day_start, day_end, state_before=[STATE_NEW]) == 4
    # next study day (04:00 UTC): a fresh allowance
    clock.set(dt.datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    s = DrillSession(store, make_cards(), clock=clock, settings=cfg)
    assert s.counts()["new"] == 5


def test_reviews_per_day_limit(store: Store) -> None:
    clock = FakeClock(start=START)
    now = to_ms(START)
    for i in range(10):
        store.put_card(CardState(f"p0/c{2 * i:03d}", state=STATE_REVIEW, stability=5.0, difficulty=5, due=now - 1, last_review=now - 86_400_000))
    s = DrillSession(store, make_cards(), clock=clock, settings=StudySettings(reviews_per_day=4), new_limit=0)
    assert s.counts()["review"] == 4


def test_filters(store: Store) -> None:
    cards = make_cards()
    assert all(c.pack == "p1" for c in filter_cards(cards, packs=["p1"]).values())
    assert all(c.topic == "t2" for c in filter_cards(cards, topics=["t2"]).values())
    assert all("g3" in c.tags for c in filter_cards(cards, tags=["g3"]).values())
    s = DrillSession(store, cards, clock=FakeClock(start=START), packs=["p1"], tags=["g1", "g3"])
    assert s.left() > 0
    assert all(it.card.pack == "p1" and {"g1", "g3"} & set(it.card.tags) for it in s.main)


def test_suspend_bury_flag_and_undo(store: Store) -> None:
    clock = FakeClock(start=START)
    s = DrillSession(store, make_cards(), clock=clock)
    first = s.next()
    assert first is not None
    before = dump(store)
    s.suspend()
    assert store.card(first.key).suspended  # type: ignore[union-attr]
    assert s.current is None and s.next().key != first.key  # type: ignore[union-attr]
    s.undo()
    assert dump(store) == before and s.current.key == first.key  # type: ignore[union-attr]
    s.bury()
    _, day_end = today_bounds(clock, 4)
    assert store.card(first.key).buried_until == day_end  # type: ignore[union-attr]
    assert first.key not in {it.key for it in DrillSession(store, make_cards(), clock=clock, record_session=False).main}
    s.undo()
    s.toggle_flag()
    assert store.card(first.key).flag == 1 and s.current.key == first.key  # type: ignore[union-attr]
    s.toggle_flag()
    assert store.card(first.key).flag == 0  # type: ignore[union-attr]


def test_leech_is_tagged_suspended_and_noticed(store: Store) -> None:
    clock = FakeClock(start=START)
    now = to_ms(START)
    store.put_card(CardState("p0/c000", state=STATE_REVIEW, stability=2.0, difficulty=8, due=now - 1, last_review=now - 86_400_000 * 3, lapses=7))
    s = DrillSession(store, make_cards(), clock=clock, new_limit=0)
    s.next()
    result = s.answer(1)
    assert result.leech
    card = store.card("p0/c000")
    assert card is not None and card.leech and card.suspended and card.lapses == 8
    assert s.notices and "Leech" in s.notices[0]
    # the card's question (shortened), not its key, and a correct plural
    assert s.notices[0].startswith("Leech: “front 0” has lapsed 8 times"), s.notices[0]
    assert "p0/c000" not in s.notices[0]
    assert s.next() is None  # a suspended leech does not come back as relearning


def test_leech_notice_quotes_a_long_question_shortened_and_says_once(store: Store) -> None:
    from lambdaprep.study.session import leech_notice

    long = StudyCard("p/x", "p", "t", (), "What happens to an **asynchronous** invocation when the function throws and every retry fails as well?", "b")
    one = leech_notice(long, 1)
    assert "has lapsed once" in one and "1 times" not in one
    assert "…" in one and len(one) < 140 and "**" not in one
    assert "has lapsed 2 times" in leech_notice(long, 2)


def test_custom_study_modes(store: Store) -> None:
    clock = FakeClock(start=START)
    cards = make_cards(6)
    s = DrillSession(store, cards, clock=clock)
    ratings = iter([1, 3, 3, 3, 3, 3])
    while s.next() is not None:
        s.answer(next(ratings, 4))
        clock.advance(minutes=30)
    s.finish()
    # today's forgotten: the card rated Again
    forgotten = DrillSession(store, cards, clock=clock, mode="forgotten")
    assert [it.key for it in forgotten.main] == ["p0/c000"]
    # review ahead: cards due within two days are offered before they are due
    clock.advance(hours=2)
    ahead = DrillSession(store, cards, clock=clock, mode="review_ahead", ahead_days=30)
    assert ahead.left() >= 1
    assert all(it.state.state == STATE_REVIEW for it in ahead.main)
    # cram: everything, nothing saved
    before = dump(store)
    cram = DrillSession(store, cards, clock=clock, mode="cram")
    assert cram.left() == 6
    for _ in range(8):
        if cram.next() is None:
            break
        cram.answer(1 if cram.done == 0 else 3)
    assert dump(store) == before
    assert cram.session_id is None


def test_pass_fail_mode(store: Store) -> None:
    StudySettings(grading="pass_fail").save(store)
    s = DrillSession(store, make_cards(), clock=FakeClock(start=START))
    assert s.ratings == (1, 3)
    s.next()
    assert set(s.preview()) == {1, 3}
    result = s.answer(3)
    assert result.outcome.rating == 3


def test_summary_and_stats(store: Store) -> None:
    clock = FakeClock(start=START)
    cards = make_cards(10)
    s = DrillSession(store, cards, clock=clock)
    assert run_through(s, clock, rating=4) == 10
    summary = s.finish()
    assert summary.cards == 10 and summary.again_rate == 0 and summary.next_due is not None
    stats = study_stats(store, cards, clock=clock)
    assert stats.total_reviews == 10 and stats.reviews_today == 10 and stats.streak_days == 1
    assert stats.new_available == 0 and stats.due_now == 0
    clock.advance(days=1)
    stats = study_stats(store, cards, clock=clock)
    assert stats.streak_days == 1 and stats.reviews_today == 0
    clock.advance(days=60)
    assert due_counts(store, cards, clock=clock).due == 10
    assert study_stats(store, cards, clock=clock).streak_days == 0
    row = store.session(s.session_id)  # type: ignore[arg-type]
    assert row is not None and row["cards"] == 10 and row["finished_at"] is not None
    assert set(stats.to_dict()) >= {"total_reviews", "reviews_today", "due_now", "new_available", "streak_days"}


def test_limit_rows_become_cards(catalog: Any) -> None:
    cards = study_cards(catalog)
    assert set(catalog.cards) <= set(cards)
    for key, row in catalog.limits.items():
        card = cards[key]
        assert card.kind == "limit" and row.name in card.front
        assert row.display in card.back
        if row.notes:
            assert row.notes in card.back
        assert row.source and row.source in card.back
        assert "limit" in card.tags and card.topic == row.topic
    with_diagram = [c for c in catalog.cards.values() if c.diagram]
    for c in with_diagram:
        assert cards[c.key].diagram == catalog.diagram_for(c).key


# ------------------------------------------------------------------ properties

actions = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.integers(1, 4)),
        st.tuples(st.just("wait"), st.sampled_from([1, 5, 30, 180, 60 * 9, 60 * 26, 60 * 24 * 5])),
        st.tuples(st.just("restart"), st.just(0)),
        st.tuples(st.just("undo"), st.just(0)),
    ),
    min_size=1,
    max_size=60,
)

HYP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HYP
@given(steps=actions, new_per_day=st.integers(0, 6))
def test_property_limits_and_due_dates(tmp_path_factory: Any, steps: list[tuple[str, int]], new_per_day: int) -> None:
    store = Store.open(tmp_path_factory.mktemp("p") / "x.db")
    try:
        cfg = StudySettings(new_per_day=new_per_day)
        cards = make_cards(12)
        clock = FakeClock(start=START)
        s = DrillSession(store, cards, clock=clock, settings=cfg)
        for kind, arg in steps:
            if kind == "answer":
                card = s.next()
                if card is None:
                    continue
                cur = s.current.state  # type: ignore[union-attr]
                # no review card is shown before it is due
                if cur.state == STATE_REVIEW:
                    assert (cur.due or 0) <= to_ms(clock.now())
                if cur.state in (STATE_LEARNING, STATE_RELEARNING):
                    assert (cur.due or 0) <= to_ms(clock.now()) + cfg.learn_ahead_minutes * 60_000
                s.answer(arg)
            elif kind == "wait":
                clock.advance(minutes=arg)
            elif kind == "restart":
                s.finish()
                s = DrillSession(store, cards, clock=clock, settings=cfg)
            elif kind == "undo":
                s.undo()
            # the daily new-card limit holds across restarts
            day_start, day_end = today_bounds(clock, cfg.day_starts_hour)
            assert store.count_reviews(day_start, day_end, state_before=[STATE_NEW]) <= new_per_day
    finally:
        store.close()


@HYP
@given(prefix=st.lists(st.integers(1, 4), max_size=15), rating=st.integers(1, 4), waits=st.integers(0, 600))
def test_property_undo_is_an_exact_inverse(tmp_path_factory: Any, prefix: list[int], rating: int, waits: int) -> None:
    store = Store.open(tmp_path_factory.mktemp("u") / "x.db")
    try:
        clock = FakeClock(start=START)
        s = DrillSession(store, make_cards(8), clock=clock)
        for r in prefix:
            if s.next() is None:
                break
            s.answer(r)
            clock.advance(waits)
        if s.next() is None:
            return
        before_db = dump(store)
        before_key = s.current.key  # type: ignore[union-attr]
        before_left, before_counts, before_done = s.left(), s.counts(), s.done
        s.answer(rating)
        s.next()
        s.undo()
        assert dump(store) == before_db
        assert s.current is not None and s.current.key == before_key
        assert (s.left(), s.counts(), s.done) == (before_left, before_counts, before_done)
    finally:
        store.close()


def test_new_card_hint_is_forgotten_when_a_card_becomes_new_again(store: Store) -> None:
    from lambdaprep.store.store import NEW_HINT_KEY

    clock = FakeClock(start=START)
    cards = make_cards(10)
    s1 = DrillSession(store, cards, clock=clock, new_limit=3)
    s1.next()
    s1.answer(4)
    s2 = DrillSession(store, cards, clock=clock, new_limit=3)
    assert store.get_setting(NEW_HINT_KEY)["pos"] == 1
    assert "p0/c000" not in {it.key for it in s2.main}
    s1.undo()  # the first card is new again
    assert store.get_setting(NEW_HINT_KEY) is None
    s3 = DrillSession(store, cards, clock=clock, new_limit=3)
    assert [it.key for it in s3.main][0] == "p0/c000"
    # suspending a new card settles it; unsuspending forgets the hint
    s3.next()
    s3.suspend()
    DrillSession(store, cards, clock=clock, new_limit=3)
    assert store.get_setting(NEW_HINT_KEY)["pos"] == 1
    s3.undo()
    assert store.get_setting(NEW_HINT_KEY) is None
    # a different catalog does not use the hint
    other = dict(reversed(list(cards.items())))
    s4 = DrillSession(store, other, clock=clock, new_limit=2)
    assert [it.key for it in s4.main] == list(other)[:2]


@HYP
@given(
    states=st.lists(st.sampled_from(["none", "new", "seen", "suspended", "buried"]), min_size=1, max_size=40),
    allowance=st.integers(0, 8),
    bulk=st.booleans(),
    filtered=st.booleans(),
    runs=st.integers(1, 3),
)
def test_property_new_card_finder_matches_brute_force(
    tmp_path_factory: Any, monkeypatch: pytest.MonkeyPatch, states: list[str], allowance: int, bulk: bool, filtered: bool, runs: int
) -> None:
    from lambdaprep.study import newcards

    monkeypatch.setattr(newcards, "BULK_SCAN_OVER", 0 if bulk else 10**9)
    store = Store.open(tmp_path_factory.mktemp("n") / "x.db")
    try:
        now = to_ms(START)
        cards = make_cards(len(states))
        keys = list(cards)
        for key, kind in zip(keys, states):
            if kind == "new":
                store.put_card(CardState(key, flag=1))
            elif kind == "seen":
                store.put_card(CardState(key, state=STATE_REVIEW, stability=3.0, difficulty=5, due=now + 10**9, last_review=now))
            elif kind == "suspended":
                store.put_card(CardState(key, suspended=True))
            elif kind == "buried":
                store.put_card(CardState(key, buried_until=now + 1000))
        subset = filter_cards(cards, tags=["g1", "g2"]) if filtered else cards
        expected = [k for k, kind in zip(keys, states) if k in subset and kind in ("none", "new")][:allowance]
        for _ in range(runs):  # again with the hint the first run left
            assert newcards.find_new_cards(store, cards, subset, allowance, now) == expected
    finally:
        store.close()


def test_flagging_keeps_the_intervals_already_shown(store: Store) -> None:
    clock = FakeClock(start=START)
    s = DrillSession(store, make_cards(3), clock=clock)
    s.next()
    shown = {r: o.after.due for r, o in s.preview().items()}
    clock.advance(30)
    s.toggle_flag()
    assert {r: o.after.due for r, o in s.preview().items()} == shown
    s.answer(3)
    card = store.card("p0/c000")
    assert card is not None and card.flag == 1 and card.due == shown[3]


def test_a_card_answered_elsewhere_is_not_overwritten(tmp_path: Path) -> None:
    from lambdaprep.store import StaleCard

    clock = FakeClock(start=START)
    a = Store.open(tmp_path / "x.db")
    b = Store.open(tmp_path / "x.db")
    try:
        sa = DrillSession(a, make_cards(3), clock=clock)
        sb = DrillSession(b, make_cards(3), clock=clock)
        assert sa.next().key == sb.next().key  # type: ignore[union-attr]
        sa.answer(4)
        with pytest.raises(StaleCard):
            sb.answer(1)
        assert a.count_reviews() == 1
        assert a.card("p0/c000").state == STATE_REVIEW  # type: ignore[union-attr]
        assert sb.current is None and sb.next().key != "p0/c000"  # type: ignore[union-attr]
    finally:
        a.close()
        b.close()


def test_flagged_custom_study_offers_the_flagged_cards_and_reschedules_them(store: Store) -> None:
    """Issue 18: `f` flagged a card and nothing used it. The "flagged" custom study drills
    every flagged card (due or not, new or studied; suspended ones stay out) and saves
    the answers like any review."""
    clock = FakeClock(start=START)
    cards = make_cards(12)
    s = DrillSession(store, cards, clock=clock)
    flagged: list[str] = []
    for i in range(6):  # study six cards; flag the 2nd and 5th
        s.next()
        if i in (1, 4):
            s.toggle_flag()
            flagged.append(s.current.key)  # type: ignore[union-attr]
        s.answer(4)
        clock.advance(minutes=1)
    s.finish()
    unseen = "p1/c011"
    store.put_card(CardState(unseen, flag=1))  # flagged in Browse before it was ever studied
    gone = "p0/c010"
    store.put_card(CardState(gone, flag=1, suspended=True))
    clock.advance(hours=1)  # nothing is due: the normal drill has no reviews
    assert not [it for it in DrillSession(store, cards, clock=clock, new_limit=0, record_session=False).main]
    f = DrillSession(store, cards, clock=clock, mode="flagged")
    assert [it.key for it in f.main] == [*flagged, unseen]  # studied ones by due date, then new ones
    before = store.count_reviews()
    f.next()
    due_before = f.current.state.due  # type: ignore[union-attr]
    f.answer(3)
    assert store.count_reviews() == before + 1  # saved like any answer
    assert store.card(flagged[0]).due != due_before  # type: ignore[union-attr]
    # the filters apply too
    only_p1 = DrillSession(store, cards, clock=clock, mode="flagged", packs=["p1"], record_session=False)
    assert all(it.key.startswith("p1/") for it in only_p1.main)
