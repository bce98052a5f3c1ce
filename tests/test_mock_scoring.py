"""Honest mock scoring: hints never come from the prompt's own words, red flags are always reported."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lambdaprep.study.clock import FakeClock
from lambdaprep.study.mock import MockSession, hints_for
from lambdaprep.study.mock_scoring import STOP_WORDS, given_words, point_hint, red_flags_hit, words


def _written_prompts(catalog: Any) -> list[Any]:
    return [p for p in catalog.mock_prompts.values() if p.kind in ("concept", "system_design")]


def _items(catalog: Any) -> list[Any]:
    import random

    from lambdaprep.study.mock_plan import expand_prompt

    return [expand_prompt(p, catalog, random.Random(1), set())[0] for p in _written_prompts(catalog)]


def test_phrase_groups_and_prompt_words() -> None:
    given = given_words("Should we use provisioned concurrency for our Java function?")
    groups = [["at publish time", "when a version is published"], ["snapshot"]]
    assert point_hint("SnapStart takes a snapshot when a version is published", groups, given).level == 1.0
    assert point_hint("it snapshots at publish time", groups, given).found == ("at publish time", "snapshot")
    assert point_hint("a snapshot", groups, given).level == 0.5
    # words of the prompt never count: "provisioned" and "java" are the question, not the answer
    assert point_hint("provisioned java", [["provisioned"], ["java"]], given).level == 0.0
    # a phrasing counts through a word the prompt does not give away
    assert point_hint("use provisioned concurrency schedules", [["provisioned concurrency schedul"]], given).level == 1.0


def test_keyword_bingo_from_the_issue_gets_nothing(catalog: Any) -> None:
    prompt = catalog.mock_prompts["lambda/mock-concept-cold-starts"]
    s = MockSession.build(catalog, prompts=[prompt.key], clock=FakeClock())
    ans = s.submit("I don't know. Maybe memory? Or the package? Check the report. p99 is bad.")
    assert ans.score == 0 and ans.ticks == [False] * len(ans.ticks)
    # hints may notice a stray word, but never a whole point's worth of ideas for a must-have
    for p, level in zip(ans.item.rubric, ans.hint_levels):
        if p.must:
            assert level < 1.0, p.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_prompt_words_and_stop_words_never_hint(catalog: Any, data: Any) -> None:
    items = _items(catalog)
    item = data.draw(st.sampled_from(items))
    vocab = sorted(set(words(item.text)) | set(words(item.title)) | STOP_WORDS)
    answer = " ".join(data.draw(st.lists(st.sampled_from(vocab), min_size=0, max_size=60)))
    labels, levels, _flags = hints_for(item, answer)
    assert all(level == 0.0 for level in levels), (answer, labels)
    session = MockSession("custom", "t", [item], item.seconds, clock=FakeClock())
    ans = session.submit(answer)
    assert ans.score == 0 and not any(ans.ticks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_adding_a_must_have_phrasing_raises_the_hint(catalog: Any, data: Any) -> None:
    items = [it for it in _items(catalog) if any(p.must and p.groups for p in it.rubric)]
    item = data.draw(st.sampled_from(items))
    i = data.draw(st.sampled_from([i for i, p in enumerate(item.rubric) if p.must and p.groups]))
    point = item.rubric[i]
    given = given_words(item.text, item.title)
    usable = [(g, ph) for g in point.groups for ph in g if any(w not in STOP_WORDS and not any(x.startswith(w) for x in given) for w in words(ph))]
    assume(bool(usable))
    group, phrase = data.draw(st.sampled_from(usable))
    base = data.draw(st.text(alphabet="abcdefghij ,.", max_size=40))
    before = point_hint(base, point.groups, given).level
    after = point_hint(base + " " + phrase + " ", point.groups, given).level
    assert after > before or before == 1.0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_red_flag_phrase_is_always_reported(catalog: Any, data: Any) -> None:
    items = [it for it in _items(catalog) if it.red_flags]
    assert items, "the shipped prompts carry red flags"
    item = data.draw(st.sampled_from(items))
    fi = data.draw(st.integers(0, len(item.red_flags) - 1))
    group = data.draw(st.sampled_from(item.red_flags[fi].groups))
    filler = st.text(alphabet="abcdefghijklmnop 0123456789,", max_size=30)
    answer = data.draw(filler) + ". " + " ".join(group) + " " + data.draw(filler) + ". " + data.draw(filler)
    _labels, _levels, flags = hints_for(item, answer)
    assert fi in flags, (answer, item.red_flags[fi].claim)


def test_red_flags_in_one_sentence_only() -> None:
    flags = [[["sqs", "1,000 per minute"]]]
    assert red_flags_hit("SQS scales by 1,000 per minute.", flags) == [0]
    assert red_flags_hit("SQS is a queue. Lambda adds 1,000 per minute? no.", flags) == []
