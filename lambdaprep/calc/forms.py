"""The calculators' inputs as text fields: one definition shared by the CLI and the TUI.

Each calculator has a :class:`Form` — its fields (name, label, unit, default
text) and how to turn the typed text into its inputs dataclass. Quantities go
through :func:`lambdaprep.units.parse_in`, so ``1M``, ``2.5k``, ``500ms``,
``1.5s`` and ``10GB`` work everywhere. A bad field raises
:class:`~lambdaprep.calc.data.CalcError` naming the field, which the TUI marks
inline and the CLI reports as a usage error.

Presets are the classic interview examples, written as the text a person would type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from lambdaprep.calc.data import CalcError
from lambdaprep.units import UnitError, format_count, parse_in

Kind = Literal["quantity", "int", "choice", "bool", "text"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    """The inputs dataclass attribute (and the CLI option, with - for _)."""
    label: str
    kind: Kind
    default: str
    unit: str | None = None
    """Target unit of a quantity; ``percent`` fields are shares, returned as fractions.

    A share is written either way, everywhere: ``90%`` or ``0.9`` (a bare number up to 1 is
    a fraction); a bare number above 1 is read as percent (``5`` → 5%).
    """
    choices: tuple[str, ...] = ()
    optional: bool = False
    """Blank means None (e.g. "use the content's account quota")."""
    help: str = ""
    minimum: float | None = None

    def parse(self, text: str) -> Any:
        raw = text.strip()
        if self.kind == "bool":
            low = raw.lower()
            if low in ("1", "true", "yes", "on", "y"):
                return True
            if low in ("", "0", "false", "no", "off", "n"):
                return False
            raise CalcError(f"{self.label}: expected yes or no", self.name)
        if self.optional and not raw:
            return None
        if self.kind == "choice":
            if raw not in self.choices:
                raise CalcError(f"{self.label}: choose one of {', '.join(self.choices)}", self.name)
            return raw
        if self.kind == "text":
            return raw
        if self.unit == "percent":
            value = _share(raw, self.label, self.name)
        else:
            try:
                value = parse_in(raw, self.unit or "count")
            except UnitError as exc:
                raise CalcError(f"{self.label}: {exc}", self.name) from None
        if self.minimum is not None and value < self.minimum:
            raise CalcError(f"{self.label}: must be at least {format_count(self.minimum)}", self.name)
        if self.kind == "int":
            if value != int(value):
                raise CalcError(f"{self.label}: expected a whole number", self.name)
            return int(value)
        return value


def _share(raw: str, label: str, name: str) -> float:
    """``90%``, ``0.9`` and ``90`` are the same share (0.9); ``1`` is all of it, ``1%`` a hundredth."""
    try:
        bare = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        bare = None
    if bare is not None and 0 <= bare <= 1:
        return bare
    try:
        return parse_in(raw, "percent") / 100
    except UnitError as exc:
        raise CalcError(f"{label}: {exc} (a share: 90% or 0.9)", name) from None


@dataclass(frozen=True, slots=True)
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    build: Callable[[dict[str, Any]], Any]
    presets: tuple[tuple[str, Mapping[str, str]], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def defaults(self) -> dict[str, str]:
        return {f.name: f.default for f in self.fields}

    def parse(self, texts: Mapping[str, str]) -> Any:
        """Inputs from field texts (missing fields take their default). Raises CalcError(field)."""
        values = {f.name: f.parse(texts.get(f.name, f.default)) for f in self.fields}
        return self.build(values)

    def preset(self, name: str) -> dict[str, str]:
        for pname, values in self.presets:
            if pname == name:
                return self.defaults() | dict(values)
        raise KeyError(name)


def _price(values: dict[str, Any]) -> Any:
    from lambdaprep.calc.pricing import PriceInputs

    return PriceInputs(**{k: v for k, v in values.items() if k != "runtime"}, runtime_family=values["runtime"])


def _tune(values: dict[str, Any]) -> Any:
    from lambdaprep.calc.tuning import DEFAULT_POWER_VALUES, TuneInputs

    powers = values.pop("power_values")
    parsed: tuple[int, ...] = DEFAULT_POWER_VALUES
    if powers:
        try:
            parsed = tuple(sorted({int(round(parse_in(p, "MB"))) for p in powers.split(",") if p.strip()}))
        except UnitError as exc:
            raise CalcError(f"Memory sizes: {exc}", "power_values") from None
        if not parsed:
            raise CalcError("Memory sizes: give sizes separated by commas", "power_values")
    return TuneInputs(**values, power_values=parsed)


def _coldstart(values: dict[str, Any]) -> Any:
    from lambdaprep.calc.coldstart import ColdStartInputs

    return ColdStartInputs(**values)


def _concurrency(values: dict[str, Any]) -> Any:
    from lambdaprep.calc.concurrency import ConcurrencyInputs

    return ConcurrencyInputs(**values)


ARCH = ("x86_64", "arm64")

PRICE = Form(
    "price",
    "Pricing",
    (
        Field("memory_mb", "Memory", "quantity", "512", "MB", help="128 MB to 10 GB (512, 1.5GB)"),
        Field("duration_ms", "Duration", "quantity", "500ms", "ms", help="average billed duration (500ms, 1.5s)"),
        Field("requests", "Requests / month", "quantity", "1M", "count", help="invocations per month (1M, 2.5k)"),
        Field("arch", "Architecture", "choice", "x86_64", choices=ARCH),
        Field("free_tier", "Free tier", "bool", "yes", help="apply the monthly free tier"),
        Field("ephemeral_mb", "Ephemeral /tmp", "quantity", "512", "MB", help="512 MB to 10 GB; above 512 MB is billed"),
        Field("provisioned", "Provisioned conc", "int", "0", "count", minimum=0, help="environments kept warm"),
        Field("provisioned_hours", "PC hours / month", "quantity", "0", "h", help="hours provisioned concurrency is on (730 = all month)"),
        Field("provisioned_requests", "Requests on PC", "quantity", "", "count", optional=True,
              help="invocations served by PC (blank: spread evenly over the month)"),
        Field("init_ms", "INIT time", "quantity", "0ms", "ms", help="INIT duration per cold start (billed)"),
        Field("cold_share", "Cold-start share", "quantity", "1%", "percent", help="share of invocations that start cold (1% or 0.01)"),
        Field("payload_kb", "Async event size", "quantity", "0KB", "KB", help="asynchronous events above 256 KB cost extra requests"),
        Field("snapstart", "SnapStart", "bool", "no"),
        Field("runtime", "Runtime family", "text", "", help="python, dotnet, java… (SnapStart charges depend on it)"),
        Field("snapstart_hours", "SnapStart hours", "quantity", "", "h", optional=True, help="hours the version is active (blank: all month)"),
        Field("restores", "SnapStart restore", "quantity", "", "count", optional=True, help="blank: one per cold start"),
        Field("edge", "Lambda@Edge", "bool", "no"),
    ),
    _price,
    presets=(
        ("seed: 512 MB, 500 ms, 1M, no free tier", {"memory_mb": "512", "duration_ms": "500ms", "requests": "1M", "free_tier": "no"}),
        ("AWS: mobile backend (1,536 MB, 120 ms, 3M)", {"memory_mb": "1536", "duration_ms": "120ms", "requests": "3M", "free_tier": "no"}),
        ("AWS: 128 MB, 200 ms, 30M with free tier", {"memory_mb": "128", "duration_ms": "200ms", "requests": "30M"}),
        ("AWS: provisioned concurrency 1,000 × 2 h", {"memory_mb": "1024", "duration_ms": "1s", "requests": "1.2M", "provisioned": "1000",
                                                    "provisioned_hours": "2", "provisioned_requests": "1.2M"}),
        ("AWS: SnapStart Python, 1 GB, 31 days", {"memory_mb": "1024", "duration_ms": "100ms", "requests": "0", "free_tier": "no",
                                                 "snapstart": "yes", "runtime": "python", "snapstart_hours": "744", "restores": "74400"}),
        ("AWS: Lambda@Edge 10M × 50 ms", {"memory_mb": "128", "duration_ms": "50ms", "requests": "10M", "edge": "yes"}),
        ("10 GB /tmp ETL job", {"memory_mb": "2GB", "duration_ms": "30s", "requests": "100k", "ephemeral_mb": "10GB"}),
    ),
)

TUNE = Form(
    "tune",
    "Power tuning",
    (
        Field("duration_ms", "Duration @1 vCPU", "quantity", "1s", "ms", help="average duration at the memory of one vCPU (1,769 MB)"),
        Field("cpu_fraction", "CPU-bound share", "quantity", "80%", "percent", help="share of that time spent computing (90% or 0.9)"),
        Field("arch", "Architecture", "choice", "x86_64", choices=ARCH),
        Field("threads", "Threads", "quantity", "1", "count", minimum=1, help="vCPUs the code can keep busy"),
        Field("balanced_weight", "Balanced weight", "quantity", "0.5", "percent", help="0 = speed only, 1 = cost only (50% or 0.5)"),
        Field("power_values", "Memory sizes", "text", "", help="comma-separated (blank: 128 … 10,240 MB)"),
    ),
    _tune,
    presets=(
        ("CPU-bound, single-threaded", {"duration_ms": "2s", "cpu_fraction": "95%"}),
        ("I/O-bound API call", {"duration_ms": "300ms", "cpu_fraction": "10%"}),
        ("Parallel image processing", {"duration_ms": "8s", "cpu_fraction": "90%", "threads": "6"}),
        ("Power Tuning defaults", {"power_values": "128,256,512,1024,1536,3008"}),
    ),
)

COLDSTART = Form(
    "coldstart",
    "Cold starts",
    (
        Field("runtime", "Runtime", "text", "python3.13", help="runtime id (python3.13, nodejs22.x, java21)"),
        Field("arch", "Architecture", "choice", "x86_64", choices=ARCH),
        Field("package_type", "Package type", "choice", "zip", choices=("zip", "image")),
        Field("package_mb", "Package size", "quantity", "5MB", "MB", help="unzipped package or image bytes read at Init"),
        Field("imported_mb", "Code imported", "quantity", "0MB", "MB", help="MB of JS/Python actually required or imported at Init"),
        Field("memory_mb", "Memory", "quantity", "1024", "MB"),
        Field("vpc", "In a VPC", "bool", "no"),
        Field("snapstart", "SnapStart", "bool", "no"),
        Field("provisioned", "Provisioned conc", "int", "0", "count", minimum=0),
        Field("user_init_ms", "Your init code", "quantity", "0ms", "ms", help="your init time at ≥ 1 vCPU"),
        Field("duration_ms", "Duration", "quantity", "100ms", "ms"),
        Field("mean_rps", "Mean traffic", "quantity", "10/s", "per_s", help="requests per second (10/s, 600/min)"),
        Field("peak_to_mean", "Peak ÷ mean", "quantity", "1", "count"),
        Field("peaks_per_day", "Peaks a day", "quantity", "1", "count"),
        Field("deploys_per_day", "Deploys a day", "quantity", "0", "count"),
    ),
    _coldstart,
    presets=(
        ("Python API, steady traffic", {"runtime": "python3.13", "mean_rps": "50/s", "duration_ms": "80ms", "deploys_per_day": "2"}),
        ("Java 21 with heavy init, low traffic", {"runtime": "java21", "user_init_ms": "3s", "mean_rps": "0.002/s", "memory_mb": "1024"}),
        ("Java 21 + SnapStart", {"runtime": "java21", "user_init_ms": "3s", "mean_rps": "0.002/s", "snapstart": "yes"}),
        ("Spiky Node.js with PC", {"runtime": "nodejs22.x", "mean_rps": "200/s", "duration_ms": "150ms", "peak_to_mean": "5",
                                   "provisioned": "100"}),
    ),
)

CONCURRENCY = Form(
    "concurrency",
    "Concurrency",
    (
        Field("rps", "Requests / s", "quantity", "1000/s", "per_s"),
        Field("duration_ms", "Duration", "quantity", "200ms", "ms"),
        Field("peak_to_mean", "Peak ÷ mean", "quantity", "1", "count", minimum=1),
        Field("account_limit", "Account quota", "quantity", "", "count", optional=True, help="blank: the default quota"),
        Field("reserved", "Reserved conc.", "quantity", "", "count", optional=True),
        Field("other_reserved", "Others reserved", "quantity", "0", "count"),
        Field("provisioned", "Provisioned conc", "quantity", "0", "count"),
        Field("sqs_messages_per_s", "SQS messages/s", "quantity", "0/s", "per_s"),
        Field("sqs_batch_size", "SQS batch size", "quantity", "10", "count"),
        Field("sqs_max_concurrency", "SQS max conc.", "quantity", "", "count", optional=True),
        Field("shards", "Stream shards", "int", "0", "count", minimum=0),
        Field("parallelization", "Parallelization", "int", "1", "count"),
        Field("stream_records_per_s", "Stream records/s", "quantity", "0/s", "per_s"),
        Field("stream_batch_size", "Stream batch", "quantity", "100", "count"),
    ),
    _concurrency,
    presets=(
        ("AWS docs: 5,000 RPS × 200 ms", {"rps": "5000/s", "duration_ms": "200ms"}),
        ("Flash sale: 50k RPS spike", {"rps": "50k/s", "duration_ms": "200ms", "account_limit": "20000"}),
        ("SQS worker, 1k msg/s", {"rps": "0/s", "sqs_messages_per_s": "1000/s", "sqs_batch_size": "10", "duration_ms": "2s"}),
        ("Kinesis 4 shards × PF 10", {"rps": "0/s", "shards": "4", "parallelization": "10", "stream_records_per_s": "4000/s",
                                      "duration_ms": "500ms"}),
    ),
)

FORMS: dict[str, Form] = {f.name: f for f in (PRICE, TUNE, COLDSTART, CONCURRENCY)}
