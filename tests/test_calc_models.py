"""Power tuning, cold-start estimator and concurrency calculator on frozen test data."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from tests.calc_support import calc_data, data_without

from lambdaprep.calc.coldstart import EXPECTED_PARAMETERS, ColdStartInputs, estimate, find_profile, log_rates, share_curve
from lambdaprep.calc.concurrency import ConcurrencyInputs, concurrency, ramp_throttled, scale_time
from lambdaprep.calc.data import CalcError
from lambdaprep.calc.tuning import TuneInputs, model_duration, price_per_ms_at_128, tune


@pytest.fixture(scope="module")
def data():
    return calc_data()


@pytest.fixture(scope="module")
def book(data):
    return data.price_book()


# ---------------------------------------------------------------------- tuning


def test_power_tuning_base_cost_matches_power_tuning(book):
    # Power Tuning's x86 baseCost is 2.1e-9 (rounded); the book's tier-1 price gives 2.0833e-9.
    assert float(price_per_ms_at_128(book, "x86_64")) == pytest.approx(2.0833e-9, rel=1e-4)
    assert float(price_per_ms_at_128(book, "arm64")) == pytest.approx(1.6667e-9, rel=1e-4)


def test_cost_formula_is_ceil_ms_times_base_times_memory_over_128(book, data):
    r = tune(TuneInputs(duration_ms=100.4, cpu_fraction=0, power_values=(1024,)), book, data)
    row = r.rows[0]
    assert row.duration_ms == pytest.approx(100.4)
    assert row.cost == Decimal(101) * price_per_ms_at_128(book, "x86_64") * 8


def test_duration_model(data):
    inp = TuneInputs(duration_ms=1000, cpu_fraction=1.0)
    assert model_duration(1769, inp, 1769) == pytest.approx(1000)
    assert model_duration(1769 / 2, inp, 1769) == pytest.approx(2000)
    assert model_duration(3538, inp, 1769) == pytest.approx(1000)  # single-threaded: no gain past one vCPU
    multi = TuneInputs(duration_ms=1000, cpu_fraction=1.0, threads=2)
    assert model_duration(3538, multi, 1769) == pytest.approx(500)
    io = TuneInputs(duration_ms=1000, cpu_fraction=0.0)
    assert model_duration(128, io, 1769) == pytest.approx(1000)


def test_io_bound_function_is_cheapest_at_128(book, data):
    r = tune(TuneInputs(duration_ms=200, cpu_fraction=0.0), book, data)
    assert r.cheapest.memory_mb == 128
    # all durations tie, so "speed" breaks the tie on cost
    assert r.fastest.memory_mb == 128


def test_cpu_bound_picks(book, data):
    r = tune(TuneInputs(duration_ms=1000, cpu_fraction=1.0, threads=6), book, data)
    assert r.fastest.memory_mb == 10240
    # perfectly parallel and CPU-bound up to 6 vCPUs: cost per ms-GB is flat, ceil rounding decides
    assert r.cheapest.duration_ms >= r.fastest.duration_ms
    assert r.picks(r.fastest) and "speed" in r.picks(r.fastest)


def test_balanced_weight_extremes(book, data):
    inp = dict(duration_ms=1000, cpu_fraction=0.7)
    speed = tune(TuneInputs(**inp, balanced_weight=0.0), book, data)
    cost = tune(TuneInputs(**inp, balanced_weight=1.0), book, data)
    assert speed.balanced.duration_ms == speed.fastest.duration_ms
    assert cost.balanced.cost == cost.cheapest.cost


def test_tune_rejects_bad_inputs(book, data):
    with pytest.raises(CalcError) as e:
        tune(TuneInputs(cpu_fraction=1.5), book, data)
    assert e.value.field == "cpu_fraction"
    with pytest.raises(CalcError):
        tune(TuneInputs(power_values=(64,)), book, data)


def test_tune_needs_vcpu_memory(book):
    d = data_without("memory-per-vcpu")
    with pytest.raises(CalcError, match="one vCPU"):
        tune(TuneInputs(), book, d)


# ------------------------------------------------------------------ cold starts


def test_profile_lookup(data):
    assert find_profile(data, "python3.13").id == "python3-13"
    assert find_profile(data, "python3-13").id == "python3-13"
    assert find_profile(data, "Node.js 22").id == "nodejs22"
    with pytest.raises(CalcError) as e:
        find_profile(data, "cobol")
    assert e.value.field == "runtime"


def test_latency_adds_up_with_sources(data):
    r = estimate(ColdStartInputs(runtime="python3.13", arch="x86_64", package_mb=10, memory_mb=1024, user_init_ms=0), data)
    by = {f.key: f for f in r.factors}
    assert by["platform"].p50_ms == 100 and by["platform"].source == "assumption"
    assert by["runtime"].p50_ms == 83 and by["runtime"].p90_ms == 96  # nearest measurement: 1,024 MB
    assert by["runtime"].source.startswith("https://")
    assert by["package"].p50_ms == 50 and by["package"].p90_ms == 80
    assert r.p50_ms == pytest.approx(100 + 83 + 50 + by.get("first_invoke", by["platform"]).p50_ms * 0)
    assert r.p90_ms >= r.p50_ms


def test_user_init_scales_below_one_vcpu(data):
    full = estimate(ColdStartInputs(user_init_ms=200, memory_mb=1769), data)
    half = estimate(ColdStartInputs(user_init_ms=200, memory_mb=1769 / 2), data)
    f = {x.key: x for x in full.factors}["user_init"]
    h = {x.key: x for x in half.factors}["user_init"]
    assert f.p50_ms == pytest.approx(200)
    assert h.p50_ms == pytest.approx(400)
    assert f.source == "your input"


def test_arm_measurement_used_for_arm(data):
    r = estimate(ColdStartInputs(runtime="nodejs22.x", arch="arm64", memory_mb=128), data)
    assert {x.key: x for x in r.factors}["runtime"].p50_ms == 128


def test_image_without_measurement_uses_the_image_factor(data):
    r = estimate(ColdStartInputs(runtime="python3.13", package_type="image", memory_mb=1024), data)
    rt = {x.key: x for x in r.factors}["runtime"]
    assert rt.p50_ms == pytest.approx(83 * 1.8)
    assert rt.basis == "assumption"


def test_snapstart_replaces_init(data):
    r = estimate(ColdStartInputs(runtime="java21", snapstart=True, user_init_ms=3000), data)
    keys = [f.key for f in r.factors]
    assert "snapstart" in keys and "runtime" not in keys and "user_init" not in keys
    with pytest.raises(CalcError) as e:
        estimate(ColdStartInputs(runtime="nodejs22.x", snapstart=True), data)
    assert e.value.field == "snapstart"


def test_vpc_adds_the_vpc_parameter(data):
    r = estimate(ColdStartInputs(vpc=True), data)
    vpc = {x.key: x for x in r.factors}["vpc"]
    assert vpc.p50_ms == 0 and vpc.p90_ms == 50


def test_low_traffic_is_mostly_cold(data):
    hourly = estimate(ColdStartInputs(mean_rps=1 / 3600), data)  # one request an hour
    assert hourly.cold_share == pytest.approx(math.exp(-600 / 3600), rel=1e-3)  # Poisson: no request in the last 10 min
    daily = estimate(ColdStartInputs(mean_rps=1 / 86400), data)
    assert daily.cold_share > 0.99


def test_steady_traffic_is_rarely_cold(data):
    r = estimate(ColdStartInputs(mean_rps=100, duration_ms=200), data)
    # duration / lifetime = 0.2 s / 7,200 s
    life = {t.key: t for t in r.terms}["lifetime"]
    assert life.share == pytest.approx(0.2 / 7200)
    assert r.cold_share < 0.001
    assert not r.in_p99


def test_peaks_and_deploys(data):
    from dataclasses import replace

    base = ColdStartInputs(mean_rps=100, duration_ms=1000)
    r = estimate(base, data)

    peaky = estimate(replace(base, peak_to_mean=3, peaks_per_day=1, deploys_per_day=4), data)
    t = {x.key: x for x in peaky.terms}
    assert t["peaks"].share == pytest.approx(200 / (100 * 86400))
    assert t["deploys"].share == pytest.approx(4 * 100 / (100 * 86400))
    assert peaky.cold_share > r.cold_share


def test_provisioned_concurrency_covering_the_peak_removes_cold_starts(data):
    r = estimate(ColdStartInputs(mean_rps=10, duration_ms=100, peak_to_mean=2, deploys_per_day=3, provisioned=5), data)
    assert r.cold_share == 0
    assert any("covers the peak" in n for n in r.notes)


def test_missing_parameters_are_reported_not_invented():
    d = data_without("idle-reclaim", "environment-lifetime", "download-per-mb")
    r = estimate(ColdStartInputs(mean_rps=1), d)
    terms = {t.key: t for t in r.terms}
    assert terms["idle"].basis == "missing" and "idle-reclaim" in terms["idle"].source
    assert terms["lifetime"].basis == "missing"
    pkg = {f.key: f for f in r.factors}["package"]
    assert pkg.basis == "missing" and pkg.p50_ms == 0


def test_expected_parameters_listed():
    assert {"platform-overhead", "download-per-mb", "idle-reclaim", "environment-lifetime", "snapstart-restore"} <= set(EXPECTED_PARAMETERS)


def test_share_curve_falls_with_traffic(data):
    curve = share_curve(ColdStartInputs(), data, log_rates(0.001, 1000, 13))
    shares = [s for _, s in curve]
    assert shares[0] > 0.5 and shares[-1] < 0.001
    assert all(a >= b for a, b in zip(shares, shares[1:]))


def test_estimator_json(data):
    d = estimate(ColdStartInputs(), data).as_dict()
    assert {"p50_ms", "p90_ms", "cold_share", "factors", "terms"} <= set(d)
    for f in d["factors"]:
        assert f["source"]


# ------------------------------------------------------------------ concurrency


def test_concurrency_is_rps_times_duration(data):
    r = concurrency(ConcurrencyInputs(rps=5000, duration_ms=200), data)
    assert r.mean == 1000
    assert r.limit == 1000  # default account quota from the content
    assert r.headroom == 0


def test_scale_time_model():
    assert scale_time(1000, 0, 1000, 10) == 0
    assert scale_time(5000, 0, 1000, 10) == pytest.approx(40)
    assert scale_time(5000, 2000, 1000, 10) == pytest.approx(20)
    assert ramp_throttled(1000, 0, 1000, 10, 0.1) == 0
    # gap 1,000 environments closed at 100/s: 10 s, ∫ = 1000²/(2·100·0.1) requests
    assert ramp_throttled(2000, 0, 1000, 10, 0.1) == pytest.approx(1000**2 / (2 * 100 * 0.1))


def test_throttling_above_the_account_limit(data):
    r = concurrency(ConcurrencyInputs(rps=5000, duration_ms=200, peak_to_mean=2), data)
    assert r.steady_throttle_share == pytest.approx(0.5)
    assert any("throttled" in w for w in r.sections[0].warnings)


def test_reserved_concurrency(data):
    r = concurrency(ConcurrencyInputs(rps=100, duration_ms=500, reserved=100, account_limit=10_000), data)
    assert r.limit == 100 and r.headroom == 50
    with pytest.raises(CalcError) as e:
        concurrency(ConcurrencyInputs(reserved=950), data)  # 1,000 − 100 kept unreserved
    assert e.value.field == "reserved"


def test_provisioned_cannot_exceed_reserved(data):
    with pytest.raises(CalcError) as e:
        concurrency(ConcurrencyInputs(reserved=10, provisioned=20), data)
    assert e.value.field == "provisioned"


def test_big_spike_takes_time(data):
    r = concurrency(ConcurrencyInputs(rps=50_000, duration_ms=200, account_limit=20_000), data)
    assert r.mean == 10_000
    assert r.scale_seconds == pytest.approx(90)
    assert r.ramp_throttled > 0


def test_sqs_section(data):
    r = concurrency(ConcurrencyInputs(rps=0, sqs_messages_per_s=1000, sqs_batch_size=10, duration_ms=2000), data)
    s = r.section("sqs")
    assert s.get("Concurrent batches needed").value == pytest.approx(200)
    assert s.get("Concurrent batches possible").value == 1000
    assert s.get("Time to scale").value == pytest.approx((200 - 5) / 300 * 60)
    capped = concurrency(ConcurrencyInputs(rps=0, sqs_messages_per_s=1000, sqs_batch_size=10, duration_ms=2000,
                                           sqs_max_concurrency=50), data).section("sqs")
    assert capped.warnings and "queue grows" in capped.warnings[0]


def test_stream_section(data):
    r = concurrency(ConcurrencyInputs(rps=0, shards=4, parallelization=10, stream_records_per_s=1000,
                                      stream_batch_size=100, duration_ms=500), data)
    s = r.section("stream")
    assert s.get("Maximum concurrency").value == 40
    assert s.get("Concurrency used").value == pytest.approx(5)
    with pytest.raises(CalcError):
        concurrency(ConcurrencyInputs(shards=1, parallelization=11), data)


def test_concurrency_json(data):
    d = concurrency(ConcurrencyInputs(rps=10, shards=1, sqs_messages_per_s=10), data).as_dict()
    assert set(d["sections"]) == {"function", "sqs", "stream"}
    assert math.isfinite(d["scale_seconds"])


# ------------------------------------------------------------------ forms and presets


def _compute(name, inputs, data):
    from lambdaprep.calc.pricing import price_both

    book = data.price_book()
    return {
        "price": lambda: price_both(inputs, book, data),
        "tune": lambda: tune(inputs, book, data),
        "coldstart": lambda: estimate(inputs, data),
        "concurrency": lambda: concurrency(inputs, data),
    }[name]()


@pytest.mark.parametrize("name", ["price", "tune", "coldstart", "concurrency"])
def test_defaults_and_every_preset_compute(name, data):
    from lambdaprep.calc.forms import FORMS

    form = FORMS[name]
    assert _compute(name, form.parse(form.defaults()), data) is not None
    for preset, _ in form.presets:
        assert _compute(name, form.parse(form.preset(preset)), data) is not None, preset


@pytest.mark.parametrize(
    "name, field, text, value",
    [
        ("price", "memory_mb", "1.5GB", 1536),
        ("price", "duration_ms", "1.5s", 1500),
        ("price", "requests", "2.5k", 2500),
        ("price", "ephemeral_mb", "10GB", 10240),
        ("price", "cold_share", "1%", 0.01),
        ("price", "payload_kb", "1MB", 1024),
        ("coldstart", "mean_rps", "600/min", 10),
        ("concurrency", "rps", "50k/s", 50_000),
        ("concurrency", "account_limit", "", None),
    ],
)
def test_form_quantities(name, field, text, value):
    from lambdaprep.calc.forms import FORMS

    assert FORMS[name].field(field).parse(text) == pytest.approx(value) if value is not None else FORMS[name].field(field).parse(text) is None


def test_form_errors_name_the_field():
    from lambdaprep.calc.forms import FORMS

    with pytest.raises(CalcError) as e:
        FORMS["price"].parse(FORMS["price"].defaults() | {"duration_ms": "10GB"})
    assert e.value.field == "duration_ms" and "duration" in str(e.value)
    with pytest.raises(CalcError) as e:
        FORMS["price"].parse(FORMS["price"].defaults() | {"provisioned": "1.5"})
    assert e.value.field == "provisioned"
