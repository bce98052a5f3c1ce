"""Concurrency and scaling: how many environments a workload needs and how fast it gets them.

concurrency = requests/s × duration (Little's law, the formula AWS documents);
headroom against the account quota and reserved concurrency; time to scale from
the provisioned level to the peak at the per-function scaling rate; requests
throttled while scaling and at steady state; and the concurrency an SQS or a
Kinesis / DynamoDB Streams event source mapping will use. The quotas are read
from the content (limits tables first, then calculator parameters).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from lambdaprep.calc.data import CalcData, CalcError, Param
from lambdaprep.units import format_count, format_duration, format_percent

ACCOUNT_IDS = ("limit-concurrent-executions", "account-concurrency")
SCALING_RATE_IDS = ("limit-scaling-rate", "scale-up-rate", "scaling-rate")
SCALING_PERIOD_IDS = ("scaling-period",)
UNRESERVED_IDS = ("limit-unreserved-minimum", "unreserved-minimum")
SQS_INITIAL_IDS = ("limit-sqs-initial-batches", "sqs-initial-batches")
SQS_RATE_IDS = ("limit-sqs-scale-up-rate", "sqs-scale-up-rate")
SQS_MAX_IDS = ("limit-sqs-max-concurrent-batches", "sqs-max-concurrent-batches")
PF_MAX_IDS = ("limit-parallelization-factor", "stream-max-parallelization")


@dataclass(frozen=True, slots=True)
class ConcurrencyInputs:
    rps: float = 100
    duration_ms: float = 200
    peak_to_mean: float = 1
    account_limit: float | None = None
    """None = the default quota from the content."""
    reserved: float | None = None
    """Reserved concurrency on this function (a ceiling and a guarantee)."""
    other_reserved: float = 0
    """Concurrency reserved by other functions in the Region."""
    provisioned: float = 0
    # SQS event source mapping
    sqs_messages_per_s: float = 0
    sqs_batch_size: float = 10
    sqs_max_concurrency: float | None = None
    # Kinesis / DynamoDB Streams event source mapping
    shards: int = 0
    parallelization: int = 1
    stream_records_per_s: float = 0
    stream_batch_size: float = 100


@dataclass(frozen=True, slots=True)
class Number:
    label: str
    value: float
    unit: str
    source: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "unit": self.unit, "source": self.source, "note": self.note}


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    numbers: tuple[Number, ...]
    warnings: tuple[str, ...] = ()

    def get(self, label_start: str) -> Number:
        return next(n for n in self.numbers if n.label.startswith(label_start))

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "numbers": [n.as_dict() for n in self.numbers], "warnings": list(self.warnings)}


@dataclass(frozen=True, slots=True)
class ConcurrencyResult:
    inputs: ConcurrencyInputs
    mean: float
    peak: float
    limit: float
    """Concurrency this function can reach (reserved, or the unreserved pool)."""
    headroom: float
    scale_seconds: float
    ramp_throttled: float
    """Requests throttled while scaling from the provisioned level to the peak in one step."""
    steady_throttle_share: float
    sections: tuple[Section, ...] = field(default=())

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean_concurrency": self.mean,
            "peak_concurrency": self.peak,
            "limit": self.limit,
            "headroom": self.headroom,
            "scale_seconds": self.scale_seconds,
            "ramp_throttled_requests": self.ramp_throttled,
            "steady_throttle_share": self.steady_throttle_share,
            "sections": {s.key: s.as_dict() for s in self.sections},
        }


def _src(p: Param) -> str:
    return p.cite


def scale_time(target: float, start: float, rate: float, period_s: float) -> float:
    """Seconds to go from ``start`` to ``target`` environments.

    The allowance starts full (``rate`` environments at once) and refills
    continuously at ``rate`` per ``period_s``.
    """
    need = max(0.0, target - start)
    return max(0.0, need - rate) / rate * period_s


def ramp_throttled(target: float, start: float, rate: float, period_s: float, duration_s: float) -> float:
    """Requests refused while capacity climbs to ``target`` after a step in demand.

    Demand jumps to ``target`` concurrency (target / duration requests/s); capacity is
    ``start + rate`` at once, then grows by ``rate / period_s`` per second.
    """
    gap = max(0.0, target - start - rate)
    if gap <= 0 or duration_s <= 0:
        return 0.0
    slope = rate / period_s  # environments per second
    # ∫ (gap − slope·t) / duration dt from 0 to gap/slope
    return gap * gap / (2 * slope * duration_s)


def validate(inp: ConcurrencyInputs) -> None:
    if inp.rps < 0:
        raise CalcError("requests per second cannot be negative", "rps")
    if inp.duration_ms <= 0:
        raise CalcError("duration must be positive", "duration_ms")
    if inp.peak_to_mean < 1:
        raise CalcError("the peak-to-mean ratio is at least 1", "peak_to_mean")
    for name, value in (("reserved", inp.reserved), ("account_limit", inp.account_limit)):
        if value is not None and value < 0:
            raise CalcError(f"{name.replace('_limit', '')} concurrency cannot be negative", name)
    for name, value in (("provisioned", inp.provisioned), ("other_reserved", inp.other_reserved)):
        if value < 0:
            raise CalcError(f"{name.replace('_', ' ')} concurrency cannot be negative", name)
    if inp.sqs_messages_per_s < 0 or inp.stream_records_per_s < 0:
        raise CalcError("event rates cannot be negative", "sqs_messages_per_s" if inp.sqs_messages_per_s < 0 else "stream_records_per_s")
    if inp.sqs_batch_size < 1 or inp.stream_batch_size < 1:
        raise CalcError("batch size is at least 1", "sqs_batch_size" if inp.sqs_batch_size < 1 else "stream_batch_size")
    if inp.shards < 0:
        raise CalcError("shards cannot be negative", "shards")


def concurrency(inp: ConcurrencyInputs, data: CalcData) -> ConcurrencyResult:
    validate(inp)
    d = inp.duration_ms / 1000
    data.check_range(inp.duration_ms, "limit-timeout", "ms", "duration", "duration_ms", minimum=False)
    account_p = data.fact(*ACCOUNT_IDS, unit="count")
    if inp.account_limit is not None:
        account, account_src = inp.account_limit, "your input"
    elif account_p is not None:
        account, account_src = account_p.value, _src(account_p)
    else:
        raise CalcError(f"the content has no account concurrency quota ({', '.join(ACCOUNT_IDS)}); give an account quota", "account_limit")
    unreserved = data.fact(*UNRESERVED_IDS, unit="count")
    keep = unreserved.value if unreserved else 0.0
    if account < keep or account < 1:
        raise CalcError(f"the account quota must be at least {format_count(max(keep, 1))} (AWS keeps {format_count(keep)} unreserved)", "account_limit")
    if inp.other_reserved > account - keep:
        raise CalcError(
            f"other functions can reserve at most {format_count(account - keep)} (account {format_count(account)} − {format_count(keep)} kept unreserved)", "other_reserved"
        )
    rate_p = data.require(*SCALING_RATE_IDS, unit="count", what="per-function scaling rate")
    period_p = data.require(*SCALING_PERIOD_IDS, unit="s", what="scaling period")

    mean = inp.rps * d
    peak = mean * inp.peak_to_mean
    warnings: list[str] = []
    pool = account - inp.other_reserved
    if inp.reserved is not None:
        most = account - inp.other_reserved - keep
        if inp.reserved > most:
            raise CalcError(f"reserved concurrency can be at most {format_count(most)} (account {format_count(account)} − other reserved {format_count(inp.other_reserved)} − {format_count(keep)} kept unreserved)", "reserved")
        limit, limit_label = inp.reserved, "Reserved concurrency"
    else:
        limit, limit_label = pool, "Unreserved pool"
    if inp.provisioned > limit:
        raise CalcError(f"provisioned concurrency ({format_count(inp.provisioned)}) cannot exceed the concurrency available ({format_count(limit)})", "provisioned")
    if inp.reserved is None and inp.provisioned > account - inp.other_reserved - keep:
        raise CalcError(f"provisioned concurrency can be at most {format_count(account - inp.other_reserved - keep)} (keeps {format_count(keep)} unreserved)", "provisioned")

    headroom = limit - peak
    steady = max(0.0, peak - limit) / peak if peak > 0 else 0.0
    reach = min(peak, limit)
    t_scale = scale_time(reach, inp.provisioned, rate_p.value, period_p.value)
    throttled = ramp_throttled(reach, inp.provisioned, rate_p.value, period_p.value, d)
    if steady > 0:
        warnings.append(f"{format_percent(steady)} of requests at the peak are throttled (429): the peak needs {format_count(peak)} but only {format_count(limit)} is available")
    elif headroom < 0.1 * max(limit, 1):
        warnings.append("less than 10% headroom at the peak")
    if throttled >= 1:
        warnings.append(f"a jump straight to the peak throttles about {format_count(throttled)} requests while Lambda scales")

    numbers = [
        Number("Mean concurrency", mean, "environments", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
               f"{format_count(inp.rps)} requests/s × {format_duration(d, 's')}"),
        Number("Peak concurrency", peak, "environments", "your input", f"mean × {format_count(inp.peak_to_mean)}"),
        Number("Account quota", account, "environments", account_src),
        Number(limit_label, limit, "environments", "your input" if inp.reserved is not None else account_src),
        Number("Headroom at the peak", headroom, "environments"),
        Number("Throttled at the peak", steady * 100, "%"),
        Number(f"Time to scale {format_count(inp.provisioned)} → {format_count(reach)}", t_scale, "s", _src(rate_p),
               f"{format_count(rate_p.value)} environments at once, then {format_count(rate_p.value)} per {format_duration(period_p.value, 's')}"),
        Number("Throttled while scaling", throttled, "requests", "model", "demand jumps to the peak in one step"),
    ]
    sections = [Section("function", "Function", tuple(numbers), tuple(warnings))]
    if inp.sqs_messages_per_s > 0:
        sections.append(_sqs(inp, data, d, limit))
    if inp.shards > 0:
        sections.append(_stream(inp, data, d))
    return ConcurrencyResult(inp, mean, peak, limit, headroom, t_scale, throttled, steady, tuple(sections))


def _sqs(inp: ConcurrencyInputs, data: CalcData, d: float, limit: float) -> Section:
    initial = data.require(*SQS_INITIAL_IDS, unit="count", what="SQS initial batches")
    rate = data.require(*SQS_RATE_IDS, unit="per_min", what="SQS scale-up rate")
    most = data.require(*SQS_MAX_IDS, unit="count", what="SQS maximum concurrent batches")
    invokes_per_s = inp.sqs_messages_per_s / inp.sqs_batch_size
    need = invokes_per_s * d
    cap = min(most.value, limit)
    cap_src = _src(most)
    if inp.sqs_max_concurrency is not None:
        if inp.sqs_max_concurrency < 2:
            raise CalcError("SQS maximum concurrency is at least 2", "sqs_max_concurrency")
        cap = min(cap, inp.sqs_max_concurrency)
        cap_src = "your input"
    use = min(need, cap)
    minutes = max(0.0, math.ceil(use) - initial.value) / rate.value
    throughput = cap * inp.sqs_batch_size / d
    warnings = []
    if need > cap:
        warnings.append(f"the queue grows: it needs {format_count(need)} concurrent batches but can use {format_count(cap)} "
                        f"(at most {format_count(throughput)} messages/s)")
    numbers = (
        Number("Invocations", invokes_per_s, "per second", "your input", f"{format_count(inp.sqs_messages_per_s)} messages/s ÷ batch {format_count(inp.sqs_batch_size)}"),
        Number("Concurrent batches needed", need, "environments", "model", "invocations/s × duration"),
        Number("Concurrent batches possible", cap, "environments", cap_src),
        Number("Time to scale up", minutes * 60, "s", _src(rate),
               f"starts at {format_count(initial.value)} batches, adds up to {format_count(rate.value)} a minute"),
        Number("Maximum throughput", throughput, "messages/s", "model"),
    )
    return Section("sqs", "SQS event source", numbers, tuple(warnings))


def _stream(inp: ConcurrencyInputs, data: CalcData, d: float) -> Section:
    pf_max = data.require(*PF_MAX_IDS, unit="count", what="maximum parallelization factor")
    if not 1 <= inp.parallelization <= pf_max.value:
        raise CalcError(f"parallelization factor must be 1 to {format_count(pf_max.value)}", "parallelization")
    slots = inp.shards * inp.parallelization
    capacity = slots * inp.stream_batch_size / d
    need = inp.stream_records_per_s / inp.stream_batch_size * d
    warnings = []
    if inp.stream_records_per_s > capacity:
        warnings.append(f"the iterator age grows: {format_count(inp.stream_records_per_s)} records/s arrive but at most {format_count(capacity)} are processed")
    numbers = (
        Number("Maximum concurrency", slots, "environments", _src(pf_max), f"{inp.shards} shards × parallelization {inp.parallelization}"),
        Number("Concurrency used", min(need, slots), "environments", "model", "records/s ÷ batch × duration, up to the maximum"),
        Number("Maximum throughput", capacity, "records/s", "model", "full batches, one per slot per duration"),
    )
    return Section("stream", "Kinesis / DynamoDB Streams event source", numbers, tuple(warnings))
