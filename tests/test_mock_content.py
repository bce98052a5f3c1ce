"""The shipped mock prompts: honest rubrics, red flags, and every declared calculation recomputed."""

from __future__ import annotations

from typing import Any

import pytest

from lambdaprep.calc.data import CalcData
from lambdaprep.study.mock_calc import check_declared, stated_number
from lambdaprep.study.mock_scoring import STOP_WORDS, given_words, words


def _written(catalog: Any) -> list[Any]:
    return [p for p in catalog.mock_prompts.values() if p.kind in ("concept", "system_design")]


def test_every_written_prompt_uses_the_honest_format(catalog: Any) -> None:
    prompts = _written(catalog)
    assert len(prompts) >= 15
    for p in prompts:
        assert any(r.must for r in p.rubric), f"{p.key}: no must-have point"
        assert p.red_flags, f"{p.key}: no red flags"
        given = given_words(p.prompt, p.title)
        for r in p.rubric:
            assert r.phrases and not r.keywords, f"{p.key}: {r.point!r} still uses keywords"
            # at least one phrasing of every point can count: it has a word the prompt does not give away
            usable = [ph for g in r.groups for ph in g if any(w not in given and not any(x.startswith(w) for x in given) for w in words(ph))]
            assert usable, f"{p.key}: every phrasing of {r.point!r} is made of prompt words"
        for f in p.red_flags:
            assert f.source, f"{p.key}: red flag {f.claim!r} has no source"


def test_the_issue_bingo_answer_is_no_longer_evidence(catalog: Any) -> None:
    p = catalog.mock_prompts["lambda/mock-concept-cold-starts"]
    given = given_words(p.prompt, p.title)
    # "provisioned" and "java" do not appear in this prompt, but "p99", "report"... stop words and prompt words never count
    assert {"p99", "cold", "starts"} <= given
    assert "check" in STOP_WORDS and "bad" in STOP_WORDS


def test_snapstart_rubric_has_the_points_the_issue_lists(catalog: Any) -> None:
    p = catalog.mock_prompts["lambda/mock-concept-snapstart-vs-pc"]
    musts = " ".join(r.point.lower() for r in p.rubric if r.must)
    for needle in ("published", "not node.js", "container images", "runtime hooks", "priming", "cannot be combined"):
        assert needle in musts, needle


def test_image_pipeline_numbers_are_right(catalog: Any) -> None:
    """2M images/day x 30 days x 2 s x 1.5 GB = 180M GB-s a month, about $3,000 on x86 (the old text said 4M)."""
    from lambdaprep.calc.pricing import PriceInputs, price

    p = catalog.mock_prompts["lambda/mock-design-image-pipeline"]
    assert "4M GB-s" not in p.model_answer
    assert "180M GB-s" in p.model_answer and "$3,000" in p.model_answer
    data = CalcData.from_catalog(catalog)
    res = price(PriceInputs(memory_mb=1536, duration_ms=2000, requests=2_000_000 * 30, free_tier=False), data.price_book(), data)
    duration = res.line("duration")
    assert duration is not None
    assert float(duration.quantity) == pytest.approx(180e6)
    assert float(duration.usd) == pytest.approx(3000, rel=0.01)
    declared = {c.stated for c in p.calculations}
    assert {"180M GB-s", "$3,000", "230 concurrent executions"} <= declared


def _declared(catalog: Any) -> list[tuple[str, Any]]:
    return [(p.key, c) for p in catalog.mock_prompts.values() for c in p.calculations]


def test_every_declared_calculation_is_recomputed(catalog: Any) -> None:
    declared = _declared(catalog)
    assert len(declared) >= 8
    data = CalcData.from_catalog(catalog)
    for key, calc in declared:
        ok, value, stated = check_declared(calc, data)
        assert ok, f"{key}: model answer says {calc.stated!r} ({stated:g}) but {calc.calculator} gives {value:g} at {calc.result}"
        assert calc.stated in catalog.mock_prompts[key].model_answer


@pytest.mark.parametrize(
    ("text", "value"),
    [("$3,000", 3000), ("180M GB-s", 180e6), ("~1,000", 1000), ("60 × 1 = 60", 60), ("230 concurrent executions", 230), ("2.5 million", 2.5e6)],
)
def test_stated_number(text: str, value: float) -> None:
    assert stated_number(text) == pytest.approx(value)


def test_a_wrong_declared_number_is_caught(catalog: Any) -> None:
    p = catalog.mock_prompts["lambda/mock-design-image-pipeline"]
    calc = next(c for c in p.calculations if c.stated == "180M GB-s").model_copy(update={"stated": "4M GB-s"})
    ok, value, stated = check_declared(calc, CalcData.from_catalog(catalog))
    assert not ok and value == pytest.approx(180e6) and stated == 4e6


def test_rapid_fire_accepts_every_value_the_model_answer_accepts(catalog: Any) -> None:
    """'15 min' for the provisioned Init limit: the display says 'or the function timeout if that is longer (max 900 s)'."""
    import random

    from lambdaprep.study.mock_plan import expand_prompt
    from lambdaprep.study.mock_session import check_expected

    row = catalog.limits["lambda/limit-init-timeout-provisioned"]
    assert 900 in row.also_accept
    prompt = catalog.mock_prompts["lambda/mock-rapid-limits"]
    for seed in range(40):
        for item in expand_prompt(prompt, catalog, random.Random(seed), set()):
            e = item.expected
            assert check_expected(f"{e.value:g} {e.unit}", e).correct
            for v in e.also:
                assert check_expected(f"{v:g} {e.unit}", e).correct
    from lambdaprep.study.mock_types import Expected

    e = Expected(row.value, row.unit, 0.0, row.display, tuple(row.also_accept))
    assert check_expected("15 min", e).correct and check_expected("130 s", e).correct
    assert not check_expected("10 s", e).correct
