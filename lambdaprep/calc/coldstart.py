"""Cold-start estimator: how long a cold start takes, and how often one happens.

The model (docs/calculators.md, FACTS §3.4) adds up the parts of a cold start —
platform overhead, the runtime's measured Init Duration, package download, the
user's own init code (scaled by the CPU that memory buys), VPC and first-invoke
overheads — and estimates the share of invocations that start cold from idle
reclaim, environment recycling, scale-up peaks and deploys, minus what
provisioned concurrency absorbs. Every number comes from the content: measured
profiles, documented limits, or parameters labelled as assumptions. A
parameter that is missing leaves its factor out, and the result says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lambdaprep.calc.data import ARCHES, ASSUMPTION, Arch, CalcData, CalcError, Param
from lambdaprep.units import format_count, format_duration, format_size

if TYPE_CHECKING:
    from lambdaprep.content.models import ColdStartMeasurement, ColdStartProfile

PackageType = Literal["zip", "image"]
SECONDS_PER_DAY = 86_400

# Parameter ids the estimator reads (first found wins). Listed in docs/calculators.md.
P_PLATFORM = ("platform-overhead",)
P_DOWNLOAD = ("download-per-mb",)
P_IDLE = ("idle-reclaim",)
P_LIFETIME = ("environment-lifetime",)
P_CPU_FACTOR = ("cpu-boost-factor", "init-cpu-factor")
P_VPC = ("vpc-penalty", "vpc-overhead")
P_FIRST_INVOKE = ("first-invoke",)
P_SNAPSTART = ("snapstart-restore",)
P_IMAGE_FACTOR = ("image-init-factor",)
P_VCPU = ("full-vcpu-memory", "limit-one-vcpu-memory", "memory-per-vcpu")
P_LOAD = ("load-per-mb",)
RARELY_INVOKED_IDLE_SHARE = 0.1
"""When idle reclaim makes this share of invocations cold, the function counts as rarely invoked
for SnapStart: AWS says infrequently invoked functions may not see the same improvement."""
EXPECTED_PARAMETERS: tuple[str, ...] = tuple(
    ids[0] for ids in (P_PLATFORM, P_DOWNLOAD, P_LOAD, P_IDLE, P_LIFETIME, P_CPU_FACTOR, P_VPC, P_FIRST_INVOKE, P_SNAPSTART, P_IMAGE_FACTOR)
)


@dataclass(frozen=True, slots=True)
class ColdStartInputs:
    runtime: str = "python3.13"
    """A profile id (``python3-13``) or a runtime identifier (``python3.13``)."""
    arch: Arch = "x86_64"
    package_type: PackageType = "zip"
    package_mb: float = 5
    imported_mb: float = 0
    """MB of code actually loaded or imported during Init (JavaScript or Python)."""
    memory_mb: float = 1024
    vpc: bool = False
    snapstart: bool = False
    provisioned: int = 0
    user_init_ms: float = 0
    """Your own init code's time, measured at the memory of one vCPU or more."""
    duration_ms: float = 100
    mean_rps: float = 10
    peak_to_mean: float = 1
    peaks_per_day: float = 1
    deploys_per_day: float = 0


@dataclass(frozen=True, slots=True)
class Factor:
    key: str
    label: str
    p50_ms: float
    p90_ms: float
    basis: str
    """measured, documented, assumption, input or missing."""
    source: str
    """A URL, "assumption", "your input" or why the factor is left out."""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "p50_ms": round(self.p50_ms, 3),
            "p90_ms": round(self.p90_ms, 3),
            "basis": self.basis,
            "source": self.source,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ShareTerm:
    key: str
    label: str
    share: float
    """Fraction of invocations that start cold for this reason."""
    basis: str
    source: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "share": self.share, "basis": self.basis, "source": self.source, "note": self.note}


@dataclass(frozen=True, slots=True)
class SnapStartComparison:
    """What SnapStart trades: the Init it skips against the restore that replaces it.

    With SnapStart, Lambda runs Init once when a version is published and snapshots the
    environment; a cold start then restores the snapshot (Restore Duration: restore, load
    the runtime, run after-restore hooks) instead of running Init. It only pays off when
    the Init it skips is longer than the restore.
    """

    enabled: bool
    init_p50_ms: float
    """Runtime Init, package download, imports and your init code: what a restore replaces."""
    init_p90_ms: float
    restore_p50_ms: float
    restore_p90_ms: float
    restore_basis: str
    restore_source: str
    rarely_invoked: bool = False
    """Idle reclaim makes many invocations cold: restores then often come from a cold snapshot cache (AWS: SnapStart works best at scale)."""

    @property
    def saved_p50_ms(self) -> float:
        """Positive when SnapStart makes a cold start faster, negative when it makes it slower."""
        return self.init_p50_ms - self.restore_p50_ms

    @property
    def saved_p90_ms(self) -> float:
        return self.init_p90_ms - self.restore_p90_ms

    @property
    def helps(self) -> bool:
        return self.saved_p50_ms > 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "init_p50_ms": round(self.init_p50_ms, 3),
            "init_p90_ms": round(self.init_p90_ms, 3),
            "restore_p50_ms": round(self.restore_p50_ms, 3),
            "restore_p90_ms": round(self.restore_p90_ms, 3),
            "restore_basis": self.restore_basis,
            "restore_source": self.restore_source,
            "saved_p50_ms": round(self.saved_p50_ms, 3),
            "saved_p90_ms": round(self.saved_p90_ms, 3),
            "helps": self.helps,
            "rarely_invoked": self.rarely_invoked,
        }


@dataclass(frozen=True, slots=True)
class ColdStartResult:
    inputs: ColdStartInputs
    profile_id: str
    profile_label: str
    factors: tuple[Factor, ...]
    terms: tuple[ShareTerm, ...]
    cold_share: float
    concurrency: float
    notes: tuple[str, ...] = field(default=())
    snapstart: SnapStartComparison | None = None
    """The SnapStart trade-off, for runtimes that support it (None otherwise)."""

    @property
    def p50_ms(self) -> float:
        return sum(f.p50_ms for f in self.factors)

    @property
    def p90_ms(self) -> float:
        return sum(f.p90_ms for f in self.factors)

    @property
    def cold_per_day(self) -> float:
        return self.cold_share * self.inputs.mean_rps * SECONDS_PER_DAY

    @property
    def mean_added_ms(self) -> float:
        """Average latency a cold start adds per invocation (share × p50)."""
        return self.cold_share * self.p50_ms

    @property
    def in_p99(self) -> bool:
        """At 1% or more cold invocations, cold starts set the p99 latency."""
        return self.cold_share >= 0.01

    def as_dict(self) -> dict[str, Any]:
        return {
            "runtime": self.profile_id,
            "label": self.profile_label,
            "p50_ms": round(self.p50_ms, 3),
            "p90_ms": round(self.p90_ms, 3),
            "cold_share": self.cold_share,
            "cold_starts_per_day": round(self.cold_per_day, 3),
            "mean_added_ms": round(self.mean_added_ms, 4),
            "concurrency": round(self.concurrency, 4),
            "cold_starts_in_p99": self.in_p99,
            "factors": [f.as_dict() for f in self.factors],
            "terms": [t.as_dict() for t in self.terms],
            "notes": list(self.notes),
            "snapstart": self.snapstart.as_dict() if self.snapstart else None,
        }


# ------------------------------------------------------------------- profiles


def find_profile(data: CalcData, runtime: str) -> ColdStartProfile:
    """A profile by id, runtime identifier or label (case-insensitive)."""
    want = runtime.strip().lower()
    for profile in data.profiles.values():
        if want in (profile.id.lower(), profile.runtime.lower(), profile.label.lower()):
            return profile
    raise CalcError(f"no cold-start profile for {runtime!r} (known: {known_runtimes(data)})", "runtime")


def _shared_runtimes(data: CalcData) -> dict[str, list[str]]:
    """Runtime identifiers that several profiles share (provided.al2023: Go, Rust, …) → their profile ids."""
    by_runtime: dict[str, list[str]] = {}
    for profile in data.profiles.values():
        by_runtime.setdefault(profile.runtime, []).append(profile.id)
    return {runtime: ids for runtime, ids in by_runtime.items() if len(ids) > 1}


def known_runtimes(data: CalcData) -> str:
    """Every valid ``--runtime`` once: runtime ids, and profile ids where a runtime has several profiles."""
    shared = _shared_runtimes(data)
    names = sorted({p.runtime for p in data.profiles.values() if p.runtime not in shared})
    text = ", ".join(names) or "none"
    for runtime, ids in sorted(shared.items()):
        text += f"; {runtime} (or one of its profiles: {', '.join(ids)})"
    return text


def pick_measurement(profile: ColdStartProfile, arch: Arch, package_type: str, memory_mb: float) -> tuple[ColdStartMeasurement, list[str]]:
    """The measurement closest to the configuration, and notes on any fallback."""
    notes: list[str] = []
    rows = list(profile.measurements)
    same_pkg = [m for m in rows if m.package_type == package_type]
    if same_pkg:
        rows = same_pkg
    same_arch = [m for m in rows if m.architecture == arch]
    if same_arch:
        rows = same_arch
    else:
        notes.append(f"no {arch} measurement for {profile.label}; using {rows[0].architecture}")
    best = min(rows, key=lambda m: (abs((m.memory_mb or memory_mb) - memory_mb), m.memory_mb or 0))
    return best, notes


def _cite(p: Param) -> str:
    return p.source or ASSUMPTION


def _missing(key: str, label: str, ids: tuple[str, ...], why: str) -> Factor:
    return Factor(key, label, 0.0, 0.0, "missing", f"not modelled: no parameter {ids[0]} in the content", why)


# ------------------------------------------------------------------- estimator


def validate(inp: ColdStartInputs, data: CalcData) -> None:
    if inp.arch not in ARCHES:
        raise CalcError(f"architecture must be x86_64 or arm64, not {inp.arch!r}", "arch")
    if inp.package_type not in ("zip", "image"):
        raise CalcError("package type must be zip or image", "package_type")
    if inp.package_mb < 0:
        raise CalcError("package size cannot be negative", "package_mb")
    if inp.package_type == "image":
        data.check_range(inp.package_mb, "limit-container-image-size", "MB", "a container image", "package_mb", minimum=False)
    else:
        data.check_range(inp.package_mb, "limit-unzipped-package", "MB", "an unzipped .zip package", "package_mb", minimum=False)
    if inp.imported_mb < 0:
        raise CalcError("imported code size cannot be negative", "imported_mb")
    data.check_range(inp.memory_mb, "limit-memory", "MB", "memory", "memory_mb")
    if inp.memory_mb <= 0:
        raise CalcError("memory must be positive", "memory_mb")
    if inp.user_init_ms < 0:
        raise CalcError("init time cannot be negative", "user_init_ms")
    if inp.user_init_ms > 3_600_000:
        raise CalcError("init time can be at most an hour", "user_init_ms")
    if inp.duration_ms <= 0:
        raise CalcError("duration must be positive", "duration_ms")
    if inp.mean_rps <= 0:
        raise CalcError("traffic must be above zero requests per second", "mean_rps")
    if inp.peak_to_mean < 1:
        raise CalcError("the peak-to-mean ratio is at least 1", "peak_to_mean")
    for name, value in (("peaks_per_day", inp.peaks_per_day), ("deploys_per_day", inp.deploys_per_day)):
        if value < 0:
            raise CalcError(f"{name.replace('_per_day', '')} per day cannot be negative", name)
        if value > 86_400:
            raise CalcError(f"{name.replace('_per_day', '')} per day can be at most 86,400 (one a second)", name)
    if inp.provisioned < 0:
        raise CalcError("provisioned concurrency cannot be negative", "provisioned")
    if inp.snapstart and inp.provisioned > 0:
        raise CalcError("SnapStart cannot be combined with provisioned concurrency", "snapstart")
    if inp.snapstart and inp.package_type == "image":
        raise CalcError("SnapStart does not support container images", "snapstart")


def init_factors(inp: ColdStartInputs, data: CalcData, profile: ColdStartProfile) -> tuple[list[Factor], list[str]]:
    """The parts of a cold start that Init takes (and a SnapStart restore replaces): runtime, package, imports, your code."""
    factors: list[Factor] = []
    m, notes = pick_measurement(profile, inp.arch, inp.package_type, inp.memory_mb)
    p50, p90 = m.p50_ms, m.p90_ms
    label = f"{profile.label} runtime Init ({m.architecture}, {m.package_type}"
    label += f", {format_size(m.memory_mb)})" if m.memory_mb else ")"
    basis, source, note = "measured", profile.source, profile.method
    if inp.package_type == "image" and m.package_type != "image":
        factor = data.param(*P_IMAGE_FACTOR, unit="count")
        if factor is None:
            notes.append(f"no container-image measurement and no {P_IMAGE_FACTOR[0]} parameter: using the zip figure")
        else:
            p50, p90 = p50 * factor.value, p90 * factor.upper
            basis, source = factor.basis, _cite(factor)
            note = f"zip measurement × {factor.value:g} for a container image ({factor.name})"
    factors.append(Factor("runtime", label, p50, p90, basis, source, note))

    dl = data.param(*P_DOWNLOAD, unit="ms")
    if dl:
        factors.append(Factor("package", f"Package download ({format_size(inp.package_mb)})", dl.value * inp.package_mb, dl.upper * inp.package_mb,
                              dl.basis, _cite(dl), dl.note))
    else:
        factors.append(_missing("package", "Package download", P_DOWNLOAD, "package size has no effect in this estimate"))

    if inp.imported_mb > 0:
        load = data.param(*P_LOAD, unit="ms")
        if load:
            factors.append(Factor("imports", f"Code imported at Init ({format_size(inp.imported_mb)})", load.value * inp.imported_mb,
                                  load.upper * inp.imported_mb, load.basis, _cite(load), load.note))
        else:
            factors.append(_missing("imports", "Code imported at Init", P_LOAD, "imported code size has no effect in this estimate"))

    if inp.user_init_ms > 0:
        vcpu = data.fact(*P_VCPU, unit="MB")
        scale = max(1.0, vcpu.value / inp.memory_mb) if vcpu else 1.0
        cpu = data.param(*P_CPU_FACTOR, unit="count")
        c50 = cpu.value if cpu else 1.0
        c90 = cpu.upper if cpu else 1.0
        note = f"× {scale:.2f} for the CPU share at {format_size(inp.memory_mb)}" if vcpu else f"no {P_VCPU[0]}: not scaled by memory"
        if cpu is None:
            note += "; no init CPU boost assumed"
        factors.append(Factor("user_init", "Your init code", inp.user_init_ms * scale * c50, inp.user_init_ms * scale * c90,
                              "input", "your input", note))

    return factors, notes


def latency_factors(inp: ColdStartInputs, data: CalcData, profile: ColdStartProfile) -> tuple[list[Factor], list[str]]:
    factors: list[Factor] = []
    notes: list[str] = []

    platform = data.param(*P_PLATFORM, unit="ms")
    if platform:
        factors.append(Factor("platform", "Sandbox and code fetch", platform.value, platform.upper, platform.basis, _cite(platform), platform.note))
    else:
        factors.append(_missing("platform", "Sandbox and code fetch", P_PLATFORM, "time before Init is not counted"))

    init, more = init_factors(inp, data, profile)
    notes += more
    if inp.snapstart:
        if not profile.snapstart:
            raise CalcError(f"SnapStart is not available for {profile.label}", "snapstart")
        restore = data.param(*P_SNAPSTART, unit="ms")
        if restore is None:
            raise CalcError(f"the content has no {P_SNAPSTART[0]} parameter, so SnapStart cannot be estimated", "snapstart")
        factors.append(Factor("snapstart", "SnapStart restore (replaces Init)", restore.value, restore.upper, restore.basis, _cite(restore),
                              restore.note))
    else:
        factors += init
    vpc_on = inp.vpc
    vpc = data.param(*P_VPC, unit="ms")
    if vpc_on:
        if vpc:
            factors.append(Factor("vpc", "VPC networking", vpc.value, vpc.upper, vpc.basis, _cite(vpc), vpc.note))
        else:
            factors.append(Factor("vpc", "VPC networking", 0.0, 0.0, "missing", f"not modelled: no parameter {P_VPC[0]} in the content",
                                  "Hyperplane ENIs are created with the function, not per cold start"))

    first = data.param(*P_FIRST_INVOKE, unit="ms")
    if first:
        factors.append(Factor("first_invoke", "First invoke overhead", first.value, first.upper, first.basis, _cite(first), first.note))
    return factors, notes


def share_terms(inp: ColdStartInputs, data: CalcData) -> tuple[list[ShareTerm], float]:
    """The reasons an invocation starts cold, each as a share of invocations."""
    lam = inp.mean_rps
    d = inp.duration_ms / 1000
    c_mean = lam * d
    c_peak = c_mean * inp.peak_to_mean
    pc = float(inp.provisioned)
    per_day = lam * SECONDS_PER_DAY
    terms: list[ShareTerm] = []

    idle = data.param(*P_IDLE, unit="s")
    if idle is None:
        terms.append(ShareTerm("idle", "Idle reclaim", 0.0, "missing", f"not modelled: no parameter {P_IDLE[0]} in the content"))
    elif pc >= 1:
        terms.append(ShareTerm("idle", "Idle reclaim", 0.0, idle.basis, _cite(idle), "provisioned environments are never reclaimed"))
    else:
        terms.append(ShareTerm("idle", "Idle reclaim", math.exp(-lam * idle.value), idle.basis, _cite(idle),
                               f"exp(−rate × {format_duration(idle.value, 's')}): the chance no request came since the environment was last used"))

    life = data.param(*P_LIFETIME, unit="s")
    od_fraction = max(0.0, c_mean - pc) / c_mean if c_mean > 0 else 0.0
    if life is None:
        terms.append(ShareTerm("lifetime", "Environment recycling", 0.0, "missing", f"not modelled: no parameter {P_LIFETIME[0]} in the content"))
    else:
        terms.append(ShareTerm("lifetime", "Environment recycling", d / life.value * od_fraction, life.basis, _cite(life),
                               f"duration / lifetime ({format_duration(life.value, 's')}) for traffic above provisioned concurrency"))

    burst_envs = max(0.0, c_peak - max(c_mean, pc))
    terms.append(ShareTerm("peaks", "Scale-up to the daily peak", inp.peaks_per_day * burst_envs / per_day, "input", "your input",
                           f"{format_count(burst_envs)} new environments per peak × {format_count(inp.peaks_per_day)} peaks a day"))

    deploy_envs = max(0.0, max(1.0, c_mean) - pc)
    terms.append(ShareTerm("deploys", "Deploys replace environments", inp.deploys_per_day * deploy_envs / per_day, "input", "your input",
                           f"{format_count(deploy_envs)} environments per deploy × {format_count(inp.deploys_per_day)} deploys a day"))
    share = min(1.0, sum(t.share for t in terms))
    return terms, share


def snapstart_comparison(inp: ColdStartInputs, data: CalcData, profile: ColdStartProfile,
                         terms: list[ShareTerm]) -> SnapStartComparison | None:
    """The Init that SnapStart skips against its restore; None where SnapStart cannot be used."""
    if not profile.snapstart or inp.package_type != "zip" or inp.provisioned > 0:
        return None
    restore = data.param(*P_SNAPSTART, unit="ms")
    if restore is None:
        return None
    init, _ = init_factors(inp, data, profile)
    idle = next((t.share for t in terms if t.key == "idle"), 0.0)
    return SnapStartComparison(
        enabled=inp.snapstart,
        init_p50_ms=sum(f.p50_ms for f in init),
        init_p90_ms=sum(f.p90_ms for f in init),
        restore_p50_ms=restore.value,
        restore_p90_ms=restore.upper,
        restore_basis=restore.basis,
        restore_source=_cite(restore),
        rarely_invoked=idle >= RARELY_INVOKED_IDLE_SHARE,
    )


def estimate(inp: ColdStartInputs, data: CalcData) -> ColdStartResult:
    validate(inp, data)
    profile = find_profile(data, inp.runtime)
    factors, notes = latency_factors(inp, data, profile)
    shared = _shared_runtimes(data).get(profile.runtime)
    if shared and inp.runtime.strip().lower() == profile.runtime.lower():
        others = ", ".join(pid for pid in shared if pid != profile.id)
        notes.insert(0, f"{profile.runtime} has several profiles; this is {profile.label} (others: {others})")
    terms, share = share_terms(inp, data)
    c_peak = inp.mean_rps * inp.duration_ms / 1000 * inp.peak_to_mean
    if inp.provisioned and inp.provisioned >= c_peak:
        notes.append("provisioned concurrency covers the peak: traffic is served by pre-initialised environments")
    return ColdStartResult(
        inputs=inp,
        profile_id=profile.id,
        profile_label=profile.label,
        factors=tuple(factors),
        terms=tuple(terms),
        cold_share=share,
        concurrency=inp.mean_rps * inp.duration_ms / 1000,
        notes=tuple(notes),
        snapstart=snapstart_comparison(inp, data, profile, terms),
    )


def share_curve(inp: ColdStartInputs, data: CalcData, rates: list[float]) -> list[tuple[float, float]]:
    """``(requests/s, cold share)`` for each traffic level, the rest of ``inp`` unchanged."""
    from dataclasses import replace

    out = []
    for rate in rates:
        terms, share = share_terms(replace(inp, mean_rps=rate), data)
        out.append((rate, share))
    return out


def log_rates(low: float = 0.0001, high: float = 1000.0, points: int = 25) -> list[float]:
    step = (math.log10(high) - math.log10(low)) / (points - 1)
    return [10 ** (math.log10(low) + i * step) for i in range(points)]
