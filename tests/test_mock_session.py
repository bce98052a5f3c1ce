"""Nothing lost: answers stored at submit, an interview resumed after a kill or discarded; the adaptive format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambdaprep.store import Store
from lambdaprep.study.clock import FakeClock
from lambdaprep.study.mock import MockSession

TWO = ["sample/mock-explain-lifecycle", "sample/mock-calc-price"]


@pytest.fixture
def store(locations: Any) -> Any:
    with Store.open(locations) as s:
        yield s


def test_the_answer_is_stored_when_submitted(sample_catalog: Any, store: Store) -> None:
    s = MockSession.build(sample_catalog, prompts=TWO, seed=1, clock=FakeClock(), store=store)
    s.submit("Init, then the handler; shutdown at the end")
    (row,) = store.mock_answers(s.session_id)
    assert row["answer_text"] == "Init, then the handler; shutdown at the end"
    assert row["score"] == 0  # nothing ticked yet
    s.toggle(0)
    s.next()  # ticks are stored when moving on
    (row,) = store.mock_answers(s.session_id)
    assert row["score"] == 1 and row["points"][0]["ticked"] is True


def test_resume_after_a_kill(sample_catalog: Any, locations: Any) -> None:
    clock = FakeClock()
    with Store.open(locations) as store:
        s = MockSession.build(sample_catalog, prompts=TWO, seed=1, clock=clock, store=store)
        clock.advance(30)
        s.submit("first answer")
        s.toggle(1)
        s.next()
        clock.advance(20)
        s.set_draft("half of my second ans")
        s.checkpoint()
        sid, items = s.session_id, [it.key for it in s.items]
        del s  # the process dies here: nothing else is written
    with Store.open(locations) as store:
        (row,) = store.unfinished_mocks()
        assert row["id"] == sid
        r = MockSession.resume(row, clock=clock, store=store, catalog=sample_catalog)
        assert [it.key for it in r.items] == items
        assert r.index == 1 and r.phase == "asking" and r.draft == "half of my second ans"
        assert r.answers[0].text == "first answer" and r.answers[0].ticks[1]
        # the clock continues from where it was saved: 50 s used of 8 minutes
        assert r.elapsed() == pytest.approx(50)
        assert r.item_timer.remaining() == pytest.approx(240 - 20)
        r.submit(r.draft + "wer")
        r.next()
        assert r.phase == "done" and r.report is not None
        assert [p["answer"] for p in r.report.prompts] == ["first answer", "half of my second answer"]
        assert not store.unfinished_mocks()
        (done,) = store.mock_history()
        assert done["id"] == sid and done["report"]["prompts"][0]["answer"] == "first answer"


def test_resume_in_review_keeps_the_ticks_to_come(sample_catalog: Any, store: Store) -> None:
    clock = FakeClock()
    s = MockSession.build(sample_catalog, prompts=TWO, seed=1, clock=clock, store=store)
    s.submit("typed")
    (row,) = store.unfinished_mocks()
    r = MockSession.resume(row, clock=clock, store=store, catalog=sample_catalog)
    assert r.phase == "review" and r.current_answer is not None and r.current_answer.text == "typed"


def test_discard_an_interview_in_progress_or_finished(sample_catalog: Any, store: Store) -> None:
    s = MockSession.build(sample_catalog, prompts=TWO, seed=1, clock=FakeClock(), store=store)
    s.submit("x")
    s.discard()
    assert not store.unfinished_mocks() and not store.mock_answers(s.session_id)
    done = MockSession.build(sample_catalog, prompts=TWO[:1], seed=1, clock=FakeClock(), store=store)
    done.submit("y")
    done.next()
    assert len(store.mock_history()) == 1
    assert store.discard_mock(done.session_id)
    assert store.mock_history() == [] and not store.discard_mock(done.session_id)


def test_state_is_json(sample_catalog: Any) -> None:
    s = MockSession.build(sample_catalog, prompts=TWO, seed=1, clock=FakeClock())
    s.submit("12")
    assert json.loads(json.dumps(s.state()))["items"][0]["key"] == TWO[0]


# ------------------------------------------------------------------ adaptive "weak spots"


def test_weak_spots_pick_the_weakest_topics(catalog: Any, store: Store) -> None:
    from lambdaprep.study.weakspots import TopicSignal, combine, topic_strength

    assert combine(TopicSignal()) == 0.5
    assert combine(TopicSignal(memory=1.0, quiz_right=0, quiz_total=10)) == pytest.approx(0.5)
    assert combine(TopicSignal(memory=None, quiz_right=1, quiz_total=1)) == 1.0  # one lucky answer: the only signal
    # a strong memory of every card except networking's
    from lambdaprep.study.cards import study_cards

    strong = [k for k, c in study_cards(catalog).items() if c.topic != "networking"]
    store.bring_forward(strong, 0)
    strength = topic_strength(store, catalog, FakeClock())
    assert strength["networking"] <= min(strength.values()) + 1e-9
    s = MockSession.build(catalog, "weak-spots", seed=3, clock=FakeClock(), store=store)
    assert s.adaptive
    concepts = [it for it in s.items if it.kind == "concept"]
    weakest = min(strength[p.topic] for p in catalog.mock_prompts.values() if p.kind == "concept")
    assert strength[concepts[0].topic] == pytest.approx(weakest)


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_a_missed_must_have_brings_a_follow_up_on_the_same_topic(catalog: Any, seed: int) -> None:
    s = MockSession.build(catalog, "weak-spots", seed=seed, clock=FakeClock())
    first = s.current
    assert first is not None and any(p.must for p in first.rubric)
    n = len(s.items)
    asked = {it.prompt_key for it in s.items}
    s.submit("not much")
    s.next()  # nothing ticked: must-haves missed
    assert len(s.items) == n + 1
    follow = s.current
    assert follow is not None and follow.topic == first.topic and follow.follow_up_for == first.key
    others = [
        p for p in catalog.mock_prompts.values() if p.topic == first.topic and p.kind in ("concept", "system_design") and p.key not in asked
    ]
    if others:
        assert follow.prompt_key != first.prompt_key
    else:  # no other prompt on the topic: the follow-up question, graded on the missed must-haves
        assert follow.text.startswith(first.follow_ups[0]) and all(p.must for p in follow.rubric)
    # a follow-up never brings another follow-up
    s.submit("")
    s.next()
    assert len(s.items) == n + 1


def test_the_markdown_debrief_reads_like_an_interview(catalog: Any) -> None:
    from lambdaprep.study.mock import report_markdown

    key = "lambda/mock-concept-cold-starts"
    s = MockSession.build(catalog, prompts=[key], seed=1, clock=FakeClock())
    answer = "I would check Init Duration in the REPORT line. Then add scheduled warming pings to keep it warm."
    ans = s.submit(answer)
    assert ans.flags_hit  # the warming-ping claim is flagged
    s.toggle(0)
    s.next()
    md = report_markdown(s.report.as_dict())
    p = catalog.mock_prompts[key]
    assert "### Question" in md and p.prompt.split("\n")[0] in md
    assert "### Your answer" in md and "> I would check Init Duration" in md
    assert "### Model answer" in md and "**Confirm it.**" in md
    assert "- [x] Confirms with data" in md and "- [ ] Cheap fixes first" in md and "must-have" in md and "hint:" in md
    assert "### Red flags in your answer" in md and "warming pings" in md.lower()
    assert "### Follow-ups to prepare" in md and p.follow_ups[0] in md
    assert "## Cards to drill next" in md
    for card_key in s.report.drill_cards:  # by their question, never by internal key
        assert card_key not in md.split("## Cards to drill next")[1]
