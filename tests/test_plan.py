"""The interview plan: caps, new cards a day, curriculum order, follow-ups, the forecast,
and a simulated candidate who follows the plan for two weeks on the real lambda pack."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.store import STATE_NEW, STATE_REVIEW, CardState, Store
from lambdaprep.study.cards import StudyCard, new_card_order, study_cards
from lambdaprep.study.clock import UTC, FakeClock, day_bounds, study_day, to_ms
from lambdaprep.study.deadline import Deadline
from lambdaprep.study.followup import PER_MISTAKE, follow_up, new_front
from lambdaprep.study.plan import apply_interview_caps, compute_plan
from lambdaprep.study.scheduler import AGAIN, GOOD, Scheduler
from lambdaprep.study.session import DrillSession
from lambdaprep.study.settings import SettingError, StudySettings
from lambdaprep.study.stats import due_counts

START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
INTERVIEW = dt.date(2026, 12, 16)


@pytest.fixture
def store(tmp_path: Any) -> Any:
    s = Store.open(tmp_path / "p.db")
    yield s
    s.close()


def make_cards(topics: int = 4, per: int = 10) -> dict[str, StudyCard]:
    out: dict[str, StudyCard] = {}
    # file order: topics last-to-first, so the teaching order is visible
    for t in reversed(range(topics)):
        for i in range(per):
            key = f"p/t{t}-{i:02d}"
            out[key] = StudyCard(key, "p", f"t{t}", (), f"front {t}/{i}", "back", order=len(out), topic_rank=t)
    return out


# ---------------------------------------------------------------- the caps


@settings(max_examples=300, deadline=None)
@given(
    review=st.integers(-40, 20),
    due=st.integers(0, 400),
    window=st.integers(0, 14),
    salt=st.integers(0, 2**32 - 1),
)
def test_cap_never_lets_a_review_fall_after_the_interview(review: int, due: int, window: int, salt: int) -> None:
    dl = Deadline(INTERVIEW, buffer_days=3, window_days=window)
    r = INTERVIEW + dt.timedelta(days=review)
    d = r + dt.timedelta(days=max(due, 1))
    capped = dl.cap_day(r, d, salt)
    if r >= INTERVIEW:
        assert capped is None  # from the day on: plain FSRS
        return
    result = capped or d
    assert result <= d  # capping only shortens an interval
    if d >= INTERVIEW:
        assert result <= INTERVIEW and result > r
        if r < dl.window_start and window:
            assert dl.window_start <= result < INTERVIEW  # comes up in the final window
    elif d >= dl.window_start:
        assert capped == d  # due inside the window: from the start of that day
    else:
        assert capped is None


@settings(max_examples=200, deadline=None)
@given(unseen=st.integers(0, 5000), days_out=st.integers(1, 90), buffer=st.integers(0, 10), base=st.integers(0, 100), ceiling=st.integers(0, 500))
def test_new_per_day_is_at_least_the_setting_and_never_above_the_ceiling_unless_the_setting_is(
    unseen: int, days_out: int, buffer: int, base: int, ceiling: int
) -> None:
    today = INTERVIEW - dt.timedelta(days=days_out)
    dl = Deadline(INTERVIEW, buffer, 3, ceiling)
    n = dl.new_per_day(base, unseen, today)
    assert n >= base
    assert n <= max(base, ceiling)
    need = dl.needed_per_day(unseen, today)
    if need <= ceiling:
        assert n >= need
        days = dl.days_to_introduce(today)
        if days:
            assert n * days >= unseen  # every card introduced by the buffer


def test_scheduler_agrees_with_fsrs_without_a_date_and_caps_with_one() -> None:
    plain = Scheduler(StudySettings(fuzz=False))
    theirs = fsrs.Scheduler(enable_fuzzing=False)
    state = CardState("p/a", id=7)
    card = fsrs.Card(card_id=7, due=START)
    now = START
    for rating in (GOOD, GOOD, GOOD, GOOD, GOOD):
        out = plain.review(state, rating, now)
        card, _ = theirs.review_card(card, fsrs.Rating(rating), review_datetime=now)
        assert out.after.due == to_ms(card.due)
        state, now = out.after, card.due
    capped = Scheduler(StudySettings(fuzz=False, interview_date=dt.date(2026, 12, 10)), UTC)
    st0 = CardState("p/b", id=8)
    o = capped.review(st0, GOOD, START)
    o = capped.review(o.after, GOOD, START + dt.timedelta(minutes=10))
    o = capped.review(o.after, GOOD, START + dt.timedelta(days=3))  # would be ~10 days
    limit = day_bounds(dt.date(2026, 12, 10), UTC, 4)[0]
    assert o.after.due <= to_ms(limit)
    assert o.interval < dt.timedelta(days=8)
    # after the day: plain FSRS again
    late = capped.review(o.after, GOOD, dt.datetime(2026, 12, 11, 9, tzinfo=UTC))
    plain_late = plain.review(o.after, GOOD, dt.datetime(2026, 12, 11, 9, tzinfo=UTC))
    assert late.after.due == plain_late.after.due


def test_setting_a_date_pulls_later_reviews_into_the_final_window(store: Store) -> None:
    clock = FakeClock(start=START)
    far = to_ms(START + dt.timedelta(days=40))
    store.put_card(CardState("p/x", state=STATE_REVIEW, stability=40.0, difficulty=5.0, due=far, last_review=to_ms(START), reps=3))
    settings_ = StudySettings(interview_date=INTERVIEW)
    assert apply_interview_caps(store, settings_, clock=clock) == 1
    due = store.card("p/x").due
    window = [day_bounds(INTERVIEW - dt.timedelta(days=k), UTC, 4)[0] for k in (3, 2, 1)]
    assert to_ms(window[0]) <= due <= to_ms(window[-1])
    assert store.count_reviews() == 0  # no review-log rows


# ---------------------------------------------------------------- settings


def test_one_validator_names_the_setting_and_parses_text() -> None:
    s = StudySettings().changed({"new_per_day": "30", "interview_date": "2026-12-16", "new_card_order": "topic"})
    assert (s.new_per_day, s.interview_date, s.new_card_order) == (30, INTERVIEW, "topic")
    assert s.changed({"interview_date": "none"}).interview_date is None
    for bad, words in (
        ({"plan_buffer_days": "99"}, "plan_buffer_days"),
        ({"interview_date": "16/12/2026"}, "YYYY-MM-DD"),
        ({"desired_retention": "abc"}, "number"),
        ({"new_card_order": "alphabetical"}, "new_card_order"),
        ({"nosuch": "1"}, "no setting"),
    ):
        with pytest.raises(SettingError, match=words):
            StudySettings().changed(bad)
    assert StudySettings.explain("plan_buffer_days").startswith("Every card is introduced")


def test_settings_round_trip_through_the_store(store: Store) -> None:
    StudySettings(interview_date=INTERVIEW, plan_buffer_days=2, new_card_order="random").save(store)
    loaded = StudySettings.load(store)
    assert (loaded.interview_date, loaded.plan_buffer_days, loaded.new_card_order) == (INTERVIEW, 2, "random")
    assert store.get_setting("study.interview_date") == "2026-12-16"


# ---------------------------------------------------------------- curriculum order


def test_curriculum_interleaves_neighbouring_topics_in_teaching_order() -> None:
    cards = make_cards(topics=5, per=10)
    order = list(new_card_order(cards, "curriculum").values())
    first = order[:10]
    assert len({c.topic for c in first}) >= 2  # day 1 is never one topic
    assert {c.topic for c in first} <= {"t0", "t1", "t2"}  # fundamentals first
    assert order[0].topic == "t0" and order[-1].topic == "t4"
    ranks = [c.topic_rank or 0 for c in order]
    assert sum(ranks[:25]) / 25 < sum(ranks[25:]) / 25
    one = [c.topic for c in new_card_order(cards, "topic").values()]
    assert one == sorted(one)  # one topic at a time
    rnd = list(new_card_order(cards, "random"))
    assert sorted(rnd) == sorted(cards) and rnd == list(new_card_order(dict(cards), "random"))


def test_a_cards_own_order_comes_before_file_order() -> None:
    cards = make_cards(topics=1, per=4)
    keys = list(cards)
    c = cards[keys[3]]
    cards[keys[3]] = StudyCard(c.key, c.pack, c.topic, c.tags, c.front, c.back, order=c.order, topic_rank=0, teach_order=0)
    assert list(new_card_order(cards, "topic"))[0] == keys[3]


def test_the_lambda_pack_starts_with_fundamentals_across_topics(catalog: Any) -> None:
    cards = study_cards(catalog)
    first = list(new_card_order(cards, "curriculum").values())[:20]
    topics = {c.topic for c in first}
    assert "serverless-basics" in topics and len(topics) >= 2
    assert "architecture" not in topics
    assert catalog.curriculum[0] == "serverless-basics"


def test_drill_takes_new_cards_in_curriculum_order(store: Store) -> None:
    cards = make_cards(topics=4, per=10)
    s = DrillSession(store, cards, clock=FakeClock(start=START), settings=StudySettings(new_per_day=8))
    assert [it.key for it in s.main] == list(new_card_order(cards, "curriculum"))[:8]
    assert len({it.card.topic for it in s.main}) >= 2


# ---------------------------------------------------------------- follow-ups


def test_a_mistake_makes_at_most_three_studied_cards_due_and_queues_unseen_ones(store: Store) -> None:
    clock = FakeClock(start=START)
    later = to_ms(START + dt.timedelta(days=5))
    for i in range(5):
        store.put_card(CardState(f"p/s{i}", state=STATE_REVIEW, stability=5.0, difficulty=5.0, due=later, last_review=to_ms(START), reps=2))
    store.put_card(CardState("p/susp", state=STATE_REVIEW, stability=5.0, difficulty=5.0, due=later, suspended=True))
    store.put_card(CardState("p/hidden", state=STATE_REVIEW, stability=5.0, difficulty=5.0, due=later, buried_until=later))
    keys = ["p/susp", "p/hidden", "p/n1", *[f"p/s{i}" for i in range(5)], "p/n2"]
    done = follow_up(store, keys, clock)
    assert len(done.due) == PER_MISTAKE and done.due == ("p/s0", "p/s1", "p/s2")
    assert done.queued == ("p/n1", "p/n2")
    assert store.card("p/susp").due == later and store.card("p/hidden").due == later  # respected
    assert store.card("p/n1") is None  # an unseen card is not made due
    assert new_front(store) == ["p/n1", "p/n2"]
    assert store.count_reviews() == 0


def test_follow_ups_stop_at_the_daily_cap(store: Store) -> None:
    clock = FakeClock(start=START)
    StudySettings(followup_per_day=4).save(store)
    later = to_ms(START + dt.timedelta(days=5))
    for i in range(10):
        store.put_card(CardState(f"p/s{i}", state=STATE_REVIEW, stability=5.0, difficulty=5.0, due=later, last_review=to_ms(START), reps=2))
    a = follow_up(store, [f"p/s{i}" for i in range(3)], clock)
    b = follow_up(store, [f"p/s{i}" for i in range(3, 6)], clock)
    c = follow_up(store, [f"p/s{i}" for i in range(6, 9)], clock)
    assert (len(a.due), len(b.due), len(c.due)) == (3, 1, 0)
    clock.advance(days=1)
    assert len(follow_up(store, ["p/s9"], clock).due) == 1  # a new day


def test_queued_cards_come_first_within_the_daily_limit(store: Store) -> None:
    cards = make_cards(topics=2, per=10)
    clock = FakeClock(start=START)
    last = list(cards)[-1]
    follow_up(store, [last], clock)
    s = DrillSession(store, cards, clock=clock, settings=StudySettings(new_per_day=3))
    assert [it.key for it in s.main][0] == last and len(s.main) == 3
    assert due_counts(store, cards, clock=clock, settings=StudySettings(new_per_day=3)).new == 3


# ---------------------------------------------------------------- the plan


def test_plan_numbers_for_a_fresh_deck(store: Store, catalog: Any) -> None:
    cards = study_cards(catalog)
    clock = FakeClock(start=START)
    s = StudySettings(interview_date=INTERVIEW)
    plan = compute_plan(store, cards, clock=clock, settings=s, topic_titles=catalog.topics)
    d = plan.to_dict()
    for key in ("interview", "days_left", "cards_total", "cards_unseen", "new_per_day_needed", "new_per_day",
                "all_introduced_by", "days", "readiness_now", "readiness_on_day", "topics", "on_track"):
        assert key in d
    assert d["days_left"] == 14 and d["cards_unseen"] == d["cards_total"] == len(cards)
    assert d["new_per_day_needed"] == -(-len(cards) // 12)  # 14 days, 3-day buffer: 12 days of new cards
    assert d["on_track"] is True and d["all_introduced_by"] <= "2026-12-13"
    assert len(d["days"]) == 14 and d["days"][0]["new"] == d["new_per_day"]
    assert d["readiness_now"] == 0 and 0.8 < d["readiness_on_day"] <= 1
    assert sum(day["new"] for day in d["days"]) == len(cards)
    assert {t["topic"] for t in d["topics"]} == set(catalog.curriculum)
    json.dumps(d, allow_nan=False)
    assert plan.summary_line().startswith("Interview Wed 16 Dec · 14 days · ready 0% now → ")
    behind = compute_plan(store, cards, clock=clock, settings=s.changed({"interview_date": "2026-12-07"}))
    assert behind.on_track is False and behind.behind_by > 0 and behind.advice
    assert "behind by" in behind.summary_line()


def test_a_far_date_is_planned_but_forecast_at_most_a_year(store: Store) -> None:
    from lambdaprep.study.plan import MAX_FORECAST_DAYS

    plan = compute_plan(store, make_cards(), clock=FakeClock(start=START), settings=StudySettings(interview_date=dt.date(2999, 1, 1)))
    assert len(plan.days) == MAX_FORECAST_DAYS and plan.days_left is not None and plan.days_left > MAX_FORECAST_DAYS


def test_plan_is_deterministic_and_uses_your_answer_times(store: Store) -> None:
    cards = make_cards(topics=3, per=10)
    clock = FakeClock(start=START)
    s = DrillSession(store, cards, clock=clock, settings=StudySettings(new_per_day=30, learning_steps_minutes=[]))
    while s.next() is not None:
        clock.advance(seconds=30)
        s.answer(GOOD)
    a = compute_plan(store, cards, clock=clock, settings=StudySettings())
    b = compute_plan(store, cards, clock=clock, settings=StudySettings())
    assert a.to_dict() == b.to_dict()
    assert a.timing == "history" and a.seconds_per_answer == pytest.approx(30)
    assert 0.9 < a.readiness_now <= 1


# ---------------------------------------------------------------- a simulated candidate


def test_a_simulated_candidate_following_the_plan_is_ready_on_the_day(store: Store, catalog: Any) -> None:
    """Fake clock, a seeded answerer with ~90 % recall, an interview 14 days out, the real
    lambda pack, the plan followed daily (with a quiz a day answered wrong)."""
    from lambdaprep.study.quiz import QuizSession

    cards = study_cards(catalog)
    clock = FakeClock(start=START)
    settings_ = StudySettings(interview_date=INTERVIEW)
    settings_.save(store)
    forecast = compute_plan(store, cards, clock=clock, settings=settings_)
    introduce_by, window_start = settings_.deadline().introduce_by, settings_.deadline().window_start  # type: ignore[union-attr]
    interview_start = to_ms(day_bounds(INTERVIEW, UTC, settings_.day_starts_hour)[0])
    rng = random.Random(90)
    day = 0
    while True:
        clock.set(START + dt.timedelta(days=day))
        today = study_day(clock.now(), UTC, 4)
        if today >= INTERVIEW:
            break
        session = DrillSession(store, cards, clock=clock, settings=settings_)
        counts = due_counts(store, cards, clock=clock, settings=settings_)
        opened = session.counts()
        assert (counts.new, counts.due) == (opened["new"], opened["learning"] + opened["review"])  # drill and `due` agree
        while session.next() is not None:
            clock.advance(seconds=8)
            session.answer(GOOD if rng.random() < 0.9 else AGAIN)
        # a quiz, every answer wrong: the due count may grow by at most 3 a mistake, new stays
        before = due_counts(store, cards, clock=clock, settings=settings_)
        quiz = QuizSession.build(catalog, n=4, seed=day, clock=clock, store=store)
        while quiz.current is not None:
            q = quiz.current
            wrong = next(i for i in range(len(q.choices)) if i not in q.correct)
            quiz.answer({wrong})
            quiz.advance()
        after = due_counts(store, cards, clock=clock, settings=settings_)
        assert after.due - before.due <= min(PER_MISTAKE * 4, settings_.followup_per_day)
        assert after.new == before.new
        # no review falls after the interview; cards reviewed before the window come up in it
        for st_ in store.cards(cards).values():
            if st_.state != STATE_NEW and not st_.suspended:
                assert (st_.due or 0) <= interview_start, st_
        if today >= introduce_by:
            unseen = [k for k, s_ in store.cards(cards).items() if s_.state == STATE_NEW]
            assert len(store.cards(cards)) == len(cards) and not unseen, "every card introduced by the buffer"
        day += 1
    assert day == 14
    # on the morning of the day: readiness within 5 points of the day-1 forecast
    actual = compute_plan(store, cards, clock=clock, settings=settings_)
    assert actual.cards_unseen == 0
    print("readiness forecast", forecast.readiness_on_day, "actual", actual.readiness_now)
    assert abs(actual.readiness_now - forecast.readiness_on_day) <= 0.05, (actual.readiness_now, forecast.readiness_on_day)
    reviewed_in_window = set(store.keys_reviewed(to_ms(day_bounds(window_start, UTC, 4)[0])))
    missing = {k for k, s_ in store.cards(cards).items() if s_.state != STATE_NEW and not s_.suspended} - reviewed_in_window
    assert not missing, "every card you know comes up in the final window"


# ---------------------------------------------------------------- the loop never floods or traps


def test_unreached_quiz_questions_are_never_wrong_and_push_nothing(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.quiz import QuizSession

    clock = FakeClock(start=START)
    quiz = QuizSession.build(sample_catalog, n=5, seed=1, time_limit_s=60, clock=clock, store=store)
    q = quiz.current
    assert q is not None
    quiz.answer(set(q.correct))
    quiz.advance()
    clock.advance(seconds=120)  # time runs out with the other questions unreached
    result = quiz.finish()
    assert len(quiz.questions) >= 2
    assert (result.right, result.total, len(result.unreached)) == (1, 1, len(quiz.questions) - 1)
    assert result.percent == 100 and all(f.correct for f in result.answers)
    assert set(result.mistakes) == set(result.unreached)  # retry asks them again
    assert store.keys_reviewed(0) == [] and not new_front(store)


def test_a_quiz_left_before_any_answer_saves_no_attempt(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.quiz import QuizSession

    quiz = QuizSession.build(sample_catalog, n=5, seed=1, clock=FakeClock(start=START), store=store)
    quiz.finish()
    assert store.last_quiz() is None


def test_cram_skips_suspended_cards(store: Store) -> None:
    cards = make_cards(topics=1, per=4)
    first = list(cards)[0]
    store.put_card(CardState(first, suspended=True))
    s = DrillSession(store, cards, clock=FakeClock(start=START), mode="cram")
    assert first not in {it.key for it in s.main} and len(s.main) == 3


def test_the_drill_clock_counts_only_time_on_screen(store: Store) -> None:
    cards = make_cards(topics=1, per=4)
    clock = FakeClock(start=START)
    s = DrillSession(store, cards, clock=clock)
    s.next()
    clock.advance(seconds=5)
    s.pause()
    clock.advance(minutes=30)  # away in another area
    s.resume()
    clock.advance(seconds=3)
    assert s.elapsed() == pytest.approx(8)
    s.answer(GOOD)
    assert store.answer_times() == [8000]


def test_the_simulation_uses_fsrs_own_memory_updates() -> None:
    """One card, always recalled: the simulated memory state equals fsrs' review_card chain."""
    from lambdaprep.study.plan import SimInput, _run

    class Always:
        def random(self) -> float:
            return 0.0  # every review recalled, every first answer Good

    sch = fsrs.Scheduler(enable_fuzzing=False)
    t0 = START.date().toordinal()
    inp = SimInput(today=t0, end=t0 + 60, stability=[0.0], difficulty=[0.0], last=[t0], due=[t0], topic=[0], salt=[1],
                   scheduled=0, topics=1, new_per_day=1, reviews_per_day=100, first_again=0.0)
    result = _run(inp, sch, Always())  # type: ignore[arg-type]
    card = fsrs.Card(card_id=1, due=START)
    now = START
    card, _ = sch.review_card(card, fsrs.Rating.Good, review_datetime=now)
    now += dt.timedelta(minutes=10)
    card, _ = sch.review_card(card, fsrs.Rating.Good, review_datetime=now)
    reviews = 0
    while card.due.date().toordinal() < t0 + 60:
        now = card.due
        card, _ = sch.review_card(card, fsrs.Rating.Good, review_datetime=now)
        reviews += 1
    assert sum(result.reviews) == reviews
    end = dt.datetime.combine(dt.date.fromordinal(t0 + 60), now.time(), tzinfo=UTC)
    assert result.readiness[-1][0] == pytest.approx(sch.get_card_retrievability(card, end), abs=1e-9)


# ---------------------------------------------------------------- the commands


def test_plan_topics_and_stats_commands(capsys: Any, data_dir: Any) -> None:
    from lambdaprep.cli import main

    assert main(["plan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["interview"] is None
    day = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    assert main(["plan", "--interview", day, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["interview"] == day and len(data["days"]) in (19, 20, 21) and data["topics"]
    assert main(["plan", "--interview", "2020-01-01"]) == 2
    assert "not after today" in capsys.readouterr().err
    assert main(["plan", "--interview", "16/12"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["stats", "--json"]) == 0
    readiness = json.loads(capsys.readouterr().out)["readiness"]
    assert readiness["interview"] == day and 0 <= readiness["now"] <= 1 and readiness["topics"]
    assert main(["plan", "--clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["interview"] is None
    assert main(["topics", "--json"]) == 0
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert topics[0]["id"] == "serverless-basics" and all(t["title"] for t in topics)
    for command in (["drill", "--topic", "nope"], ["quiz", "--topic", "nope"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "'nope'" in err and "serverless-basics" in err
