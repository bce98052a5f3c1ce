"""Property tests: the bill and the estimator move the way common sense says they must."""

from __future__ import annotations

from dataclasses import replace

from tests.calc_support import calc_data
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.calc.coldstart import ColdStartInputs, estimate
from lambdaprep.calc.pricing import PriceInputs, price
from lambdaprep.calc.tuning import TuneInputs, tune

DATA = calc_data()
BOOK = DATA.price_book()


def _shipped():
    from lambdaprep.calc.data import CalcData
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import builtin_packs_dir

    return CalcData.from_catalog(load_catalog([PackSource(builtin_packs_dir(), "builtin")]))


SHIPPED = _shipped()

memory = st.integers(128, 10240)
duration = st.floats(0, 900_000, allow_nan=False)
requests = st.one_of(st.integers(0, 10**6), st.integers(0, 10**12)).map(float)
ephemeral = st.integers(512, 10240)
arch = st.sampled_from(["x86_64", "arm64"])
payload = st.floats(0, 1024, allow_nan=False)


@st.composite
def usage(draw):
    pc = draw(st.integers(0, 50))
    return PriceInputs(
        memory_mb=draw(memory),
        duration_ms=draw(duration),
        requests=draw(requests),
        arch=draw(arch),
        ephemeral_mb=draw(ephemeral),
        provisioned=pc,
        provisioned_hours=draw(st.floats(0, 744, allow_nan=False)) if pc else 0,
        free_tier=draw(st.booleans()),
        init_ms=draw(st.floats(0, 10_000, allow_nan=False)),
        cold_share=draw(st.floats(0, 1, allow_nan=False)),
        payload_kb=draw(payload),
    )


def total(inp: PriceInputs):
    return price(inp, BOOK, DATA).total_exact


@settings(max_examples=150, deadline=None)
@given(usage(), memory)
def test_cost_never_falls_as_memory_grows(inp, other):
    lo, hi = sorted((inp.memory_mb, other))
    assert total(replace(inp, memory_mb=lo)) <= total(replace(inp, memory_mb=hi))


@settings(max_examples=150, deadline=None)
@given(usage(), duration)
def test_cost_never_falls_as_duration_grows(inp, other):
    lo, hi = sorted((inp.duration_ms, other))
    assert total(replace(inp, duration_ms=lo)) <= total(replace(inp, duration_ms=hi))


@settings(max_examples=150, deadline=None)
@given(usage(), requests)
def test_cost_never_falls_as_requests_grow(inp, other):
    lo, hi = sorted((inp.requests, other))
    assert total(replace(inp, requests=lo)) <= total(replace(inp, requests=hi))


@settings(max_examples=150, deadline=None)
@given(usage())
def test_arm_never_costs_more_than_x86(inp):
    assert total(replace(inp, arch="arm64")) <= total(replace(inp, arch="x86_64"))
    rounded_arm = price(replace(inp, arch="arm64"), BOOK, DATA).total
    rounded_x86 = price(replace(inp, arch="x86_64"), BOOK, DATA).total
    assert rounded_arm <= rounded_x86


@settings(max_examples=150, deadline=None)
@given(usage())
def test_free_tier_never_raises_a_bill(inp):
    assert total(replace(inp, free_tier=True)) <= total(replace(inp, free_tier=False))


@settings(max_examples=100, deadline=None)
@given(usage())
def test_bill_is_the_sum_of_its_lines(inp):
    r = price(inp, BOOK, DATA)
    assert r.total == sum(line.usd for line in r.lines)
    assert all(line.usd_exact >= 0 for line in r.lines)


@settings(max_examples=60, deadline=None)
@given(st.floats(1, 60_000, allow_nan=False), st.floats(0, 1, allow_nan=False), arch, st.floats(1, 8, allow_nan=False))
def test_tuning_picks_are_consistent(duration_ms, cpu, a, threads):
    r = tune(TuneInputs(duration_ms=duration_ms, cpu_fraction=cpu, arch=a, threads=threads), BOOK, DATA)
    assert r.cheapest.cost == min(x.cost for x in r.rows)
    assert r.fastest.duration_ms == min(x.duration_ms for x in r.rows)
    durations = [x.duration_ms for x in r.rows]
    assert all(a >= b - 1e-9 for a, b in zip(durations, durations[1:]))  # more memory is never slower


# ------------------------------------------------------------------ estimator

runtimes = st.sampled_from(sorted({p.runtime for p in DATA.profiles.values()} & {p.runtime for p in SHIPPED.profiles.values()}))


@st.composite
def coldstart(draw):
    return ColdStartInputs(
        runtime=draw(runtimes),
        arch=draw(arch),
        package_type=draw(st.sampled_from(["zip", "image"])),
        package_mb=draw(st.floats(0, 250, allow_nan=False)),
        imported_mb=draw(st.floats(0, 50, allow_nan=False)),
        memory_mb=draw(memory),
        vpc=draw(st.booleans()),
        provisioned=draw(st.integers(0, 200)),
        user_init_ms=draw(st.floats(0, 10_000, allow_nan=False)),
        duration_ms=draw(st.floats(1, 900_000, allow_nan=False)),
        mean_rps=draw(st.floats(1e-6, 1e5, allow_nan=False)),
        peak_to_mean=draw(st.floats(1, 50, allow_nan=False)),
        peaks_per_day=draw(st.floats(0, 24, allow_nan=False)),
        deploys_per_day=draw(st.floats(0, 50, allow_nan=False)),
    )


@settings(max_examples=150, deadline=None)
@given(coldstart(), st.floats(0, 250, allow_nan=False))
def test_bigger_package_is_never_faster(inp, other):
    lo, hi = sorted((inp.package_mb, other))
    small = estimate(replace(inp, package_mb=lo), DATA)
    big = estimate(replace(inp, package_mb=hi), DATA)
    assert small.p50_ms <= big.p50_ms
    assert small.p90_ms <= big.p90_ms


@settings(max_examples=100, deadline=None)
@given(coldstart(), st.floats(0, 50, allow_nan=False))
def test_more_imported_code_is_never_faster(inp, other):
    lo, hi = sorted((inp.imported_mb, other))
    assert estimate(replace(inp, imported_mb=lo), SHIPPED).p50_ms <= estimate(replace(inp, imported_mb=hi), SHIPPED).p50_ms


@settings(max_examples=150, deadline=None)
@given(coldstart(), st.integers(0, 500))
def test_more_provisioned_concurrency_never_means_more_cold_starts(inp, other):
    lo, hi = sorted((inp.provisioned, other))
    assert estimate(replace(inp, provisioned=hi), DATA).cold_share <= estimate(replace(inp, provisioned=lo), DATA).cold_share


@settings(max_examples=100, deadline=None)
@given(coldstart())
def test_share_is_a_probability_and_p90_is_not_below_p50(inp):
    r = estimate(inp, DATA)
    assert 0 <= r.cold_share <= 1
    assert r.p90_ms >= r.p50_ms >= 0
