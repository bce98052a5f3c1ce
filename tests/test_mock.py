"""Mock interviews: planning, generated questions, fake-clock timers, scoring, reports, history."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.calc.data import CalcData
from lambdaprep.errors import LambdaprepError
from lambdaprep.store import Store
from lambdaprep.study.answers import check_number
from lambdaprep.study.calcq import generate
from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.mock import MockSession, find_format, report_markdown
from lambdaprep.study.session import DrillSession
from lambdaprep.study.timers import Countdown, format_clock

FORMAT = "sample/quick-warmup"


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = Store.open(tmp_path / "lambdaprep.db")
    yield s
    s.close()


def build(catalog: Any, clock: FakeClock, store: Any = None, seed: int = 1, **kw: Any) -> MockSession:
    return MockSession.build(catalog, FORMAT, seed=seed, clock=clock, store=store, **kw)


# ------------------------------------------------------------------ timers


def test_countdown_on_a_fake_clock() -> None:
    clock = FakeClock()
    cd = Countdown(clock, 120).start()
    assert cd.remaining() == 120 and not cd.warning()
    clock.advance(59)
    assert not cd.warning()
    clock.advance(2)
    assert cd.warning() and not cd.expired()
    cd.pause()
    clock.advance(100)
    assert cd.remaining() == 59
    cd.resume()
    clock.advance(59)
    assert cd.expired() and cd.remaining() == 0
    assert cd.stop() == 120
    clock.advance(10)
    assert cd.elapsed() == 120


def test_short_countdowns_warn_in_their_last_half() -> None:
    clock = FakeClock()
    cd = Countdown(clock, 36).start()
    assert not cd.warning()
    clock.advance(17)
    assert not cd.warning()
    clock.advance(2)
    assert cd.warning()


def test_format_clock() -> None:
    assert format_clock(0) == "0:00"
    assert format_clock(59.2) == "1:00"  # rounded up: 0:00 only when time is up
    assert format_clock(125) == "2:05"
    assert format_clock(3725) == "1:02:05"


# ------------------------------------------------------------------ planning


def test_format_plan_expands_rapid_fire_and_calculation(sample_catalog: Any) -> None:
    s = build(sample_catalog, FakeClock())
    kinds = [it.kind for it in s.items]
    assert kinds == ["concept"] + ["rapid_fire"] * 5 + ["calculation"]
    assert s.total_seconds == 11 * 60
    assert len({it.key for it in s.items}) == len(s.items)
    rapid = [it for it in s.items if it.kind == "rapid_fire"]
    assert all(it.seconds == pytest.approx(3 * 60 / 5) for it in rapid)
    for it in rapid:
        row = sample_catalog.limits[it.cards[0]]
        assert it.expected.value == row.value and it.expected.unit == row.unit


def test_same_seed_same_interview(sample_catalog: Any) -> None:
    a = build(sample_catalog, FakeClock(), seed=9)
    b = build(sample_catalog, FakeClock(), seed=9)
    assert [(i.key, i.text) for i in a.items] == [(i.key, i.text) for i in b.items]


def test_unknown_format_is_a_clear_error(sample_catalog: Any) -> None:
    with pytest.raises(LambdaprepError, match="no mock format 'nope'.*quick-warmup"):
        find_format(sample_catalog, "nope")
    assert find_format(sample_catalog, "quick-warmup").key == FORMAT


def test_shipped_formats_all_build(catalog: Any) -> None:
    for key in catalog.mock_formats:
        s = MockSession.build(catalog, key, seed=1, clock=FakeClock())
        assert s.items, key
        for it in s.items:
            assert it.rubric and it.model_answer


# ------------------------------------------------------------------ generated calculations agree with the calculators


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), calculator=st.sampled_from(["price", "concurrency", "coldstart", "tune"]))
def test_generated_calculations_agree_with_the_calculators(catalog: Any, seed: int, calculator: str) -> None:
    from lambdaprep.calc.coldstart import ColdStartInputs, estimate
    from lambdaprep.calc.concurrency import ConcurrencyInputs, concurrency
    from lambdaprep.calc.pricing import PriceInputs, price
    from lambdaprep.calc.tuning import TuneInputs, tune

    data = CalcData.from_catalog(catalog)
    q = generate(calculator, random.Random(seed), data)
    i = q.inputs
    if calculator == "price":
        expected = float(price(PriceInputs(memory_mb=i["memory_mb"], duration_ms=i["duration_ms"], requests=i["requests"],
                                           arch=i["arch"], free_tier=False), data.price_book(), data).total_exact)
        assert q.unit == "USD"
    elif calculator == "concurrency":
        expected = concurrency(ConcurrencyInputs(rps=i["rps"], duration_ms=i["duration_ms"]), data).mean
        assert expected == pytest.approx(i["rps"] * i["duration_ms"] / 1000)
    elif calculator == "coldstart":
        expected = estimate(ColdStartInputs(runtime=i["runtime"], memory_mb=i["memory_mb"], package_mb=i["package_mb"]), data).p50_ms
    else:
        expected = tune(TuneInputs(duration_ms=i["duration_ms"], cpu_fraction=i["cpu_fraction"]), data.price_book(), data).cheapest.memory_mb
    assert q.value == pytest.approx(expected)
    assert q.value > 0
    # the calculator's own answer is accepted; 30% off is not
    assert check_number(repr(expected), q.value, q.unit, tolerance=q.tolerance).correct
    assert not check_number(repr(expected * 1.3), q.value, q.unit, tolerance=q.tolerance or 1e-9).correct


def test_calculation_item_is_checked_within_tolerance(sample_catalog: Any) -> None:
    clock = FakeClock()
    s = MockSession.build(sample_catalog, prompts=["sample/mock-calc-price"], seed=4, clock=clock)
    item = s.current
    assert item.kind == "calculation" and item.expected.unit == "USD"
    ans = s.submit(f"${item.expected.value * 1.03:.2f}, that is 30M × 0.8 s × 1 GB = 24M GB-s")
    assert ans.check.correct
    # the number is checked; the working out is the candidate's own call, with a hint
    assert ans.ticks == [True, False]
    assert ans.hint_levels[1] == 1.0 and "gb-s" in ans.hints[1].lower()
    s.toggle(1)
    assert ans.score == ans.max_score == 2
    s2 = MockSession.build(sample_catalog, prompts=["sample/mock-calc-price"], seed=4, clock=clock)
    assert s2.submit(f"requests + 24M GB-s at the x86 price\n= {item.expected.value:.2f} USD").check.correct
    s3 = MockSession.build(sample_catalog, prompts=["sample/mock-calc-price"], seed=4, clock=clock)
    assert not s3.submit(f"{item.expected.value * 2:.2f}\nbecause").check.correct


# ------------------------------------------------------------------ asking, timing out, scoring


def test_time_out_submits_the_answer_as_typed(sample_catalog: Any) -> None:
    clock = FakeClock()
    s = build(sample_catalog, clock)
    assert s.phase == "asking"
    s.tick("Init then invoke; code outside the handler is reused while warm")
    clock.advance(239)
    assert s.tick() is None and s.phase == "asking"
    clock.advance(2)
    ans = s.tick()
    assert ans is not None and ans.timed_out
    assert ans.text == "Init then invoke; code outside the handler is reused while warm"
    assert ans.time_s == 240
    assert s.phase == "review"
    assert ans.ticks == [False] * 4  # the candidate grades first
    assert ans.hint_levels[0] == 1.0 and ans.hint_levels[1] == 1.0  # keywords are only hints


def test_interview_time_out_ends_the_interview(sample_catalog: Any, store: Store) -> None:
    clock = FakeClock()
    s = build(sample_catalog, clock, store)
    s.submit("init invoke shutdown")
    s.next()
    clock.advance(11 * 60 + 1)  # the whole interview's time is gone
    ans = s.tick("900 s")
    assert ans is not None and ans.timed_out
    assert s.next() is None and s.phase == "done"
    r = s.report
    assert r.timed_out
    assert [p["reached"] for p in r.prompts] == [True, True] + [False] * 5
    assert len(store.mock_answers(s.session_id)) == 2


def test_review_ticks_can_be_changed_and_score(sample_catalog: Any) -> None:
    s = build(sample_catalog, FakeClock())
    ans = s.submit("We pay a cold start once")
    assert ans.ticks == [False, False, False, False]
    assert ans.hint_levels[3] == 1.0
    s.toggle(0)
    s.toggle(3)
    s.toggle(3)
    s.toggle(99)  # ignored
    assert ans.ticks == [True, False, False, False]
    assert ans.score == 1 and ans.max_score == 4


def test_answered_aloud_starts_unticked(sample_catalog: Any) -> None:
    s = build(sample_catalog, FakeClock())
    ans = s.submit("init invoke shutdown", aloud=True)
    assert ans.aloud and ans.ticks == [False] * 4


def test_rapid_fire_answers_are_unit_aware(sample_catalog: Any) -> None:
    s = build(sample_catalog, FakeClock())
    s.submit("")
    s.next()
    for _ in range(5):
        it = s.current
        e = it.expected
        typed = {"s": "15 min", "MB": f"{e.value / 1024:g} GB" if e.value >= 1024 else f"{e.value:g} MB"}.get(e.unit, f"{e.value:g} {e.unit}")
        if e.unit == "s" and e.value != 900:
            typed = f"{e.value:g} s"
        ans = s.submit(typed)
        assert ans.check.correct, (it.text, typed, ans.check)
        assert ans.ticks == [True]
        s.next()


def test_no_pause_unless_the_format_allows_it(sample_catalog: Any) -> None:
    clock = FakeClock()
    s = build(sample_catalog, clock)
    assert not s.pause()
    clock.advance(10)
    assert s.interview.remaining() == 650
    s.allow_pause = True
    assert s.pause()
    clock.advance(100)
    assert s.interview.remaining() == 650 and s.item_timer.remaining() == 230
    s.resume_clock()
    clock.advance(5)
    assert s.interview.remaining() == 645


# ------------------------------------------------------------------ report, storage, drill


def _run_two_prompts(catalog: Any, clock: FakeClock, store: Any) -> MockSession:
    s = MockSession.build(catalog, prompts=["sample/mock-explain-lifecycle", "sample/mock-calc-price"], seed=2, clock=clock, store=store)
    clock.advance(100)
    s.submit("Init, invoke and shutdown. Code outside the handler is reused while warm; one request at a time; 10 second init limit.")
    for i in range(4):
        s.toggle(i)  # the candidate ticks what they covered
    s.next()
    clock.advance(50)
    s.submit("no idea")
    assert s.next() is None
    return s


def test_report_scores_times_topics_and_cards(sample_catalog: Any, store: Store) -> None:
    clock = FakeClock()
    s = _run_two_prompts(sample_catalog, clock, store)
    r = s.report
    assert [p["score"] for p in r.prompts] == [4, 0]
    assert [p["time_s"] for p in r.prompts] == [100, 50]
    assert r.score == 4 and r.max_score == 6
    assert r.strongest[0].topic == "execution-environment"
    assert r.weakest[0].topic == "pricing"
    # weak prompts send their cards (links or same-topic cards) to the drill list
    calc_cards = s.items[1].cards
    assert list(r.drill_cards) == list(calc_cards)
    (row,) = store.mock_history()
    assert row["score"] == 4 and row["max_score"] == 6 and row["report"]["drill_cards"] == list(calc_cards)
    answers = store.mock_answers(row["id"])
    assert [a["time_used_ms"] for a in answers] == [100_000, 50_000]
    first = answers[0]["points"][0]
    assert first["point"] == "Names the Init, Invoke and Shutdown phases" and first["ticked"] is True


def test_add_to_drill_puts_the_cards_in_todays_drill(sample_catalog: Any, store: Store) -> None:
    clock = FakeClock()
    s = MockSession.build(sample_catalog, prompts=["sample/mock-explain-lifecycle"], seed=2, clock=clock, store=store)
    s.submit("nothing useful")
    s.next()
    cards = s.report.drill_cards
    assert cards
    assert s.add_to_drill() == list(cards)
    # never-studied cards move to the front of the new-card queue (the daily limit stays)
    drill = DrillSession(store, study_cards(sample_catalog), clock=clock, new_limit=len(cards))
    assert [it.key for it in drill.main] == list(cards)


def test_end_early_keeps_the_answer_being_typed(sample_catalog: Any, store: Store) -> None:
    s = build(sample_catalog, FakeClock(), store)
    s.set_draft("init invoke")
    r = s.end()
    # stored as typed, but never graded: no credit until the candidate ticks something
    assert r.prompts[0]["reached"] and r.prompts[0]["score"] == 0 and r.prompts[0]["answer"] == "init invoke"
    assert not any(p["reached"] for p in r.prompts[1:])
    assert s.phase == "done" and s.current is None


def test_markdown_report(sample_catalog: Any, store: Store) -> None:
    s = _run_two_prompts(sample_catalog, FakeClock(), store)
    md = report_markdown(s.report.as_dict())
    assert md.startswith("# Mock interview: Custom interview")
    assert "| 1 | The execution environment | Concept | 4/4 | 1:40 |" in md
    assert "## Cards to drill next" in md or not s.report.drill_cards


def test_history_cli_json_trend_and_markdown(sample_catalog: Any, data_dir: Path, capsys: Any) -> None:
    from lambdaprep.cli import main
    from lambdaprep.paths import Locations

    with Store.open(Locations.under(data_dir)) as st:
        _run_two_prompts(sample_catalog, FakeClock(), st)
        s2 = MockSession.build(sample_catalog, prompts=["sample/mock-explain-lifecycle"], seed=2, clock=FakeClock(), store=st)
        s2.submit("")
        s2.next()
    assert main(["history", "--json", "--data-dir", str(data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["percent"] for m in data["mock"]] == [pytest.approx(66.7), 0.0]
    assert len(data["mock_trend"]) == 2 and data["quiz"] == []
    assert main(["history", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Mock interviews" in out and "67%" in out and "No quizzes yet" in out
    first = data["mock"][0]["id"]
    assert main(["history", "--markdown", str(first), "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith("# Mock interview")
    assert main(["history", "--markdown", "999", "--data-dir", str(data_dir)]) == 1
    assert "no finished mock interview with id 999" in capsys.readouterr().err


def test_mock_list_cli(capsys: Any) -> None:
    from lambdaprep.cli import main

    assert main(["mock", "--list", "--json"]) == 0
    formats = json.loads(capsys.readouterr().out)
    assert formats and all({"id", "title", "minutes"} <= set(f) for f in formats)


def test_mock_cli_unknown_format(capsys: Any) -> None:
    from lambdaprep.cli import main

    assert main(["mock", "no-such-format"]) == 2  # a usage error, one line naming the formats
    err = capsys.readouterr().err
    assert "no mock format 'no-such-format'" in err and len(err.strip().splitlines()) == 1


def test_sparkline() -> None:
    from lambdaprep.study.mock import sparkline

    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([]) == ""


def test_quiz_cli_rejects_bad_options(capsys: Any) -> None:
    from lambdaprep.cli import main
    from lambdaprep.cli.cmd_quiz import parse_duration

    assert parse_duration("5m") == 300
    assert parse_duration("90s") == 90
    assert parse_duration("2") == 120
    assert main(["quiz", "--time", "soon"]) == 2
    assert "--time wants a duration" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:  # bounded in argparse
        main(["quiz", "--n", "0"])
    assert info.value.code == 2
