"""Pricing against AWS's own worked examples, to the cent, on the shipped price book.

Examples are from https://aws.amazon.com/lambda/pricing/ (and the seed notes), as
quoted in /work/shared/FACTS.md §2 and §5. Where AWS rounded a price in an older
example, the test says so and checks the exact-price figure.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from lambdaprep.calc.data import CalcData, CalcError
from lambdaprep.calc.pricing import PriceInputs, async_chunks, price, price_both, tiered_cost


@pytest.fixture(scope="module")
def data(catalog):
    return CalcData.from_catalog(catalog)


@pytest.fixture(scope="module")
def book(data):
    return data.price_book("us-east-1")


def bill(book, data, **kw):
    return price(PriceInputs(**kw), book, data)


def usd(x: str) -> Decimal:
    return Decimal(x)


# ------------------------------------------------------------------ worked examples


def test_seed_example_512mb_500ms_1m_no_free_tier(book, data):
    r = bill(book, data, memory_mb=512, duration_ms=500, requests=1_000_000, free_tier=False)
    assert r.line("duration").usd == usd("4.17")
    assert r.line("requests").usd == usd("0.20")
    assert r.total == usd("4.37")


def test_seed_example_with_free_tier_is_zero(book, data):
    r = bill(book, data, memory_mb=512, duration_ms=500, requests=1_000_000, free_tier=True)
    assert r.total == usd("0.00")
    assert r.free_tier_applied


def test_aws_mobile_backend_x86(book, data):
    # 3M requests, 120 ms, 1,536 MB, x86: $9.00 compute + $0.60 requests = $9.60.
    r = bill(book, data, memory_mb=1536, duration_ms=120, requests=3_000_000, free_tier=False)
    assert r.line("duration").quantity == Decimal(540_000)
    assert r.line("duration").usd == usd("9.00")
    assert r.line("requests").usd == usd("0.60")
    assert r.total == usd("9.60")


def test_aws_mobile_backend_arm(book, data):
    # The same workload on Arm: 540,000 GB-s × $0.0000133334 = $7.20; total $7.80.
    r = bill(book, data, memory_mb=1536, duration_ms=120, requests=3_000_000, free_tier=False, arch="arm64")
    assert r.line("duration").usd == usd("7.20")
    assert r.total == usd("7.80")


def test_aws_classic_example_2_128mb_30m_200ms_with_free_tier(book, data):
    # 750,000 GB-s − 400,000 free = 350,000 × $0.0000166667 = $5.83; 29M × $0.20/M = $5.80.
    r = bill(book, data, memory_mb=128, duration_ms=200, requests=30_000_000)
    assert r.line("duration").usd == usd("5.83")
    assert r.line("requests").usd == usd("5.80")
    assert r.total == usd("11.63")


def test_aws_classic_example_1_512mb_3m_1s_with_free_tier(book, data):
    # AWS printed $18.34 using a price rounded to $0.00001667; the exact book price gives
    # 1,100,000 × $0.0000166667 = $18.33. Requests: 2M × $0.20/M = $0.40.
    r = bill(book, data, memory_mb=512, duration_ms=1000, requests=3_000_000)
    assert r.line("duration").quantity == Decimal(1_500_000)
    assert r.line("duration").usd == usd("18.33")
    assert r.line("requests").usd == usd("0.40")
    assert r.total == usd("18.73")


def test_aws_provisioned_concurrency_example(book, data):
    # 1,024 MB, PC 1,000 for 2 hours, 1.2M requests of 1 s each during those hours:
    # PC 7,200,000 GB-s × $0.0000041667 = $30.00; duration 1,200,000 GB-s × $0.0000097222
    # = $11.67; requests $0.24; total $41.91. No free tier with PC.
    r = bill(book, data, memory_mb=1024, duration_ms=1000, requests=1_200_000, provisioned=1000,
             provisioned_hours=2, provisioned_requests=1_200_000)
    assert r.line("provisioned").quantity == Decimal(7_200_000)
    assert r.line("provisioned").usd == usd("30.00")
    assert r.line("provisioned_duration").usd == usd("11.67")
    assert r.line("requests").usd == usd("0.24")
    assert r.total == usd("41.91")
    assert not r.free_tier_applied


def test_aws_snapstart_example(book, data):
    # 1 GB, active 31 days, 74,400 restores: $4.03 cache + $10.40 restore = $14.43.
    r = bill(book, data, memory_mb=1024, duration_ms=100, requests=0, snapstart=True, runtime_family="python",
             snapstart_hours=31 * 24, restores=74_400, free_tier=False)
    assert r.line("snapstart_cache").usd == usd("4.03")
    assert r.line("snapstart_restore").usd == usd("10.40")
    assert r.total == usd("14.43")


def test_snapstart_java_pays_no_cache_or_restore(book, data):
    r = bill(book, data, memory_mb=1024, duration_ms=100, requests=1000, snapstart=True, runtime_family="java",
             cold_share=0.5, free_tier=False)
    assert r.line("snapstart_cache") is None and r.line("snapstart_restore") is None
    assert any("java" in n for n in r.notes)


def test_aws_lambda_edge_example(book, data):
    # 10M requests, 50 ms, 128 MB: 62,500 GB-s × $0.00005001 = $3.13; 10M × $0.60/M = $6.00.
    r = bill(book, data, memory_mb=128, duration_ms=50, requests=10_000_000, edge=True)
    assert r.line("duration").usd == usd("3.13")
    assert r.line("requests").usd == usd("6.00")
    assert r.total == usd("9.13")


def test_lambda_edge_gets_no_free_tier(book, data):
    with_ft = bill(book, data, memory_mb=128, duration_ms=5, requests=1000, edge=True, free_tier=True)
    without = bill(book, data, memory_mb=128, duration_ms=5, requests=1000, edge=True, free_tier=False)
    assert with_ft.total_exact == without.total_exact > 0
    assert not with_ft.free_tier_applied


# ------------------------------------------------------------------ tiers


def test_tier_boundary_x86(book):
    tiers = book.architectures["x86_64"].duration_tiers
    at, used = tiered_cost(Decimal(6_000_000_000), tiers)
    assert at == Decimal(6_000_000_000) * Decimal("0.0000166667")
    assert len(used) == 1
    above, used = tiered_cost(Decimal(6_000_000_001), tiers)
    assert above - at == Decimal("0.000015")
    third, used = tiered_cost(Decimal(20_000_000_000), tiers)
    expected = (Decimal(6e9) * Decimal("0.0000166667") + Decimal(9e9) * Decimal("0.000015")
                + Decimal(5e9) * Decimal("0.0000133334"))
    assert third == expected
    assert [p for _, p in used] == [Decimal("0.0000166667"), Decimal("0.000015"), Decimal("0.0000133334")]


def test_tier_boundary_arm(book):
    tiers = book.architectures["arm64"].duration_tiers
    at, used = tiered_cost(Decimal(7_500_000_000), tiers)
    assert len(used) == 1
    above, used = tiered_cost(Decimal(7_500_001_000), tiers)
    assert above - at == Decimal(1000) * Decimal("0.0000120001")
    top, used = tiered_cost(Decimal(18_750_000_000) + 1, tiers)
    assert used[-1] == (Decimal(1), Decimal("0.0000106667"))


def test_big_workload_crosses_into_tier_2(book, data):
    # 10,240 MB × 15 min × 700,000 invocations = 6.3 billion GB-s: the top 0.3 billion at tier 2.
    r = bill(book, data, memory_mb=10240, duration_ms=900_000, requests=700_000, free_tier=False)
    gbs = Decimal(10) * Decimal(900) * Decimal(700_000)
    expected = Decimal(6e9) * Decimal("0.0000166667") + (gbs - Decimal(6e9)) * Decimal("0.000015")
    assert r.line("duration").usd_exact == expected
    assert "0.000015" in r.line("duration").detail


# ------------------------------------------------------------------ other lines


def test_ephemeral_10gb(book, data):
    # 10,240 MB /tmp bills 9.5 GB above the free 512 MB: 1M × 1 s × 9.5 GB × $0.0000000309 = $0.29.
    r = bill(book, data, memory_mb=1024, duration_ms=1000, requests=1_000_000, ephemeral_mb=10240, free_tier=False)
    eph = r.line("ephemeral")
    assert eph.quantity == Decimal("9500000")
    assert eph.usd_exact == Decimal("9500000") * Decimal("0.0000000309")
    assert eph.usd == usd("0.29")


def test_ephemeral_512_is_free(book, data):
    r = bill(book, data, memory_mb=1024, duration_ms=1000, requests=1_000_000, ephemeral_mb=512)
    assert r.line("ephemeral") is None


def test_ephemeral_out_of_range(book, data):
    with pytest.raises(CalcError) as e:
        bill(book, data, ephemeral_mb=20_000)
    assert e.value.field == "ephemeral_mb"


def test_memory_out_of_range_names_the_field(book, data):
    with pytest.raises(CalcError) as e:
        bill(book, data, memory_mb=64)
    assert e.value.field == "memory_mb" and "128" in str(e.value)


def test_duration_rounds_up_to_the_millisecond(book, data):
    a = bill(book, data, memory_mb=1024, duration_ms=100.2, requests=1_000_000, free_tier=False)
    b = bill(book, data, memory_mb=1024, duration_ms=101, requests=1_000_000, free_tier=False)
    assert a.total_exact == b.total_exact


def test_async_payload_chunks(book):
    assert async_chunks(256, book) == 0
    assert async_chunks(257, book) == 1
    assert async_chunks(320, book) == 1
    assert async_chunks(321, book) == 2
    assert async_chunks(1024, book) == 12  # a 1 MB event is billed as 13 requests
    with pytest.raises(CalcError):
        async_chunks(1025, book)


def test_async_1mb_events_bill_13_requests(book, data):
    r = bill(book, data, memory_mb=128, duration_ms=1, requests=1_000_000, payload_kb=1024, free_tier=False)
    assert r.line("requests").quantity == Decimal(13_000_000)
    assert r.line("requests").usd == usd("2.60")


def test_init_billing(book, data):
    # 1M invocations, 1% cold, 500 ms INIT at 1 GB = 5,000 GB-s × $0.0000166667 = $0.08.
    r = bill(book, data, memory_mb=1024, duration_ms=100, requests=1_000_000, init_ms=500, cold_share=0.01, free_tier=False)
    init = r.line("init")
    assert init.quantity == Decimal(5000)
    assert init.usd_exact == pytest.approx(Decimal(5000) * Decimal("0.0000166667"))
    assert init.usd == usd("0.08")
    assert any("2025-08-01" in n for n in r.notes)


def test_pc_default_spreads_traffic_over_the_month(book, data):
    r = bill(book, data, memory_mb=1024, duration_ms=100, requests=7_300_000, provisioned=5, provisioned_hours=73)
    # a tenth of the month → a tenth of the requests on PC
    assert r.line("provisioned_duration").quantity == Decimal(730_000) * Decimal("0.1")
    assert r.line("duration").quantity == Decimal(6_570_000) * Decimal("0.1")


def test_pc_rounds_up_to_five_minutes(book, data):
    r = bill(book, data, memory_mb=1024, duration_ms=100, requests=0, provisioned=1, provisioned_hours=1 / 60)
    assert r.line("provisioned").quantity == Decimal(300)


def test_pc_no_free_tier(book, data):
    r = bill(book, data, memory_mb=128, duration_ms=10, requests=10, provisioned=1, provisioned_hours=1)
    assert not r.free_tier_applied
    assert any("free tier" in n for n in r.notes)


def test_snapstart_and_pc_conflict(book, data):
    with pytest.raises(CalcError) as e:
        bill(book, data, snapstart=True, runtime_family="python", provisioned=1, provisioned_hours=1)
    assert e.value.field == "snapstart"


def test_side_by_side_and_json(book, data):
    both = price_both(PriceInputs(memory_mb=1536, duration_ms=120, requests=3_000_000, free_tier=False), book, data)
    assert set(both) == {"x86_64", "arm64"}
    assert both["arm64"].total < both["x86_64"].total
    d = both["x86_64"].as_dict()
    assert d["total_usd"] == 9.6 and d["region"] == "us-east-1" and d["as_of"] == "2026-11-22"
    assert {line["key"] for line in d["lines"]} == {"requests", "duration"}
    assert both["x86_64"].per_million == Decimal("3.200006")
