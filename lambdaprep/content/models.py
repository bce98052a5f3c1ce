"""Typed models of a content pack (validated with pydantic v2).

docs/content-format.md is the user-facing spec of these models; keep them in step.
Every model forbids unknown keys, so a typo such as ``fornt:`` is an error with a
"did you mean" suggestion rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lambdaprep.units import UnitError, parse_unit

FORMAT_VERSION = 1
"""The newest pack format this version of lambdaprep reads (``format:`` in pack.yaml)."""

_SLUG_RE = r"^[a-z0-9][a-z0-9_.-]*$"
Slug = Annotated[str, StringConstraints(pattern=_SLUG_RE, min_length=1, max_length=80)]
"""Lower-case letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit."""
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.:/-]*$", min_length=1, max_length=60)]
Ref = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9][a-z0-9_.-]*/)?[a-z0-9][a-z0-9_.-]*$", max_length=161)]
"""A reference to another item: ``item-id`` (same pack) or ``pack-id/item-id``."""
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Markdown text. Shown literally: Rich/Textual markup in it is never interpreted."""
Minutes = Annotated[float, Field(gt=0, le=240)]
Money = Annotated[Decimal, Field(ge=0, max_digits=30)]
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


def _check_https(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
        raise ValueError("must be an https:// URL")
    return url


HttpsUrl = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_https)]


def _number_to_str(value: Any) -> Any:
    """``version: 1.0`` is read by YAML as a float; accept it as the string "1.0"."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _check_unit(symbol: str) -> str:
    try:
        return parse_unit(symbol).symbol
    except UnitError as exc:
        raise ValueError(str(exc)) from None


UnitSymbol = Annotated[str, AfterValidator(_check_unit)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, str_strip_whitespace=False, allow_inf_nan=False)


class Keyed(Model):
    """Anything with an ``id`` inside a pack. Progress is keyed to ``pack/id``."""

    id: Slug
    _pack: str = PrivateAttr(default="")

    @property
    def pack(self) -> str:
        # direct dict access: pydantic's __getattr__ for private attributes is slow on hot paths
        pack: str = self.__pydantic_private__["_pack"]  # type: ignore[index]
        return pack

    @property
    def key(self) -> str:
        """The stable, globally unique key: ``pack-id/item-id``."""
        return f"{self.__pydantic_private__['_pack']}/{self.id}"  # type: ignore[index]


class Item(Keyed):
    """Fields every study item shares."""

    topic: Slug
    tags: list[Tag] = []


class Sourced(Model):
    source: HttpsUrl
    """Where the fact can be checked (an https URL, normally the AWS documentation)."""
    as_of: dt.date | None = None
    """The date the fact was checked; defaults to the pack's ``as_of``."""
    verified: dt.date | None = None
    """The date someone last re-checked the fact against its source (``packs --stale``)."""


# --------------------------------------------------------------------------- cards


class Card(Item, Sourced):
    """A question-and-answer flashcard."""

    kind: Literal["card"] = Field(default="card", exclude=True)
    front: Text
    back: Text
    diagram: Ref | None = None
    """A diagram shown under the answer."""
    order: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    """Position among its topic's new cards (lower first); cards without one follow in file order."""


# -------------------------------------------------------------------------- limits


class LimitRow(Keyed):
    """One row of a limits table. Each row is also a drillable card."""

    name: Line
    value: float
    """The limit as a number in ``unit`` (for a range, its maximum)."""
    unit: UnitSymbol
    display: Line
    """How the value is shown to people, e.g. ``15 minutes (900 s)``."""
    minimum: float | None = None
    default: float | None = None
    also_accept: list[float] = []
    """Other values (in ``unit``) a rapid-fire answer may give, e.g. the 900 s of
    "130 s, or the function timeout if that is longer (max 900 s)"."""
    adjustable: bool
    """True for a soft quota AWS can raise; false for a hard limit."""
    aliases: list[Line] = []
    """Other words people search with: ``tmp``, ``ephemeral storage``."""
    notes: str = ""
    tags: list[Tag] = []
    source: HttpsUrl | None = None
    """Defaults to the table's source."""
    as_of: dt.date | None = None
    verified: dt.date | None = None
    """Defaults to the table's ``verified``."""

    _table: str = PrivateAttr(default="")
    _topic: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _check_range(self) -> LimitRow:
        # value is the limit (a maximum) and cannot be negative; minimum and default may be
        # AWS's -1 sentinel ("retry forever"), but must lie in order: minimum ≤ default ≤ value.
        if self.value < 0:
            raise ValueError(f"value must be 0 or more (got {self.value:g})")
        if self.minimum is not None and self.minimum > self.value:
            raise ValueError(f"minimum ({self.minimum:g}) is above value ({self.value:g}); value is the maximum")
        if self.default is not None and self.default > self.value:
            raise ValueError(f"default ({self.default:g}) is above value ({self.value:g}); value is the maximum")
        if self.default is not None and self.minimum is not None and self.default < self.minimum:
            raise ValueError(f"default ({self.default:g}) is below minimum ({self.minimum:g})")
        return self

    @property
    def table(self) -> str:
        return self._table

    @property
    def topic(self) -> str:
        return self._topic


class LimitTable(Item, Sourced):
    kind: Literal["limit_table"] = Field(default="limit_table", exclude=True)
    title: Line
    description: str = ""
    rows: list[LimitRow] = Field(min_length=1)


# ------------------------------------------------------------------------ diagrams


class Diagram(Item):
    kind: Literal["diagram"] = Field(default="diagram", exclude=True)
    title: Line
    body: Text
    """Box-drawing text, shown in a monospaced, scrollable view exactly as written."""
    caption: str = ""
    source: HttpsUrl | None = None
    as_of: dt.date | None = None
    verified: dt.date | None = None


# ---------------------------------------------------------------------------- quiz


class QuizChoice(Model):
    """A quiz choice written as a mapping (a plain string is a choice without ``why``).

    Only the YAML shape: :class:`QuizQuestion` normalises choices into texts and ``why``.
    """

    text: Line
    why: Text | None = None


CHOICE_KEYS = tuple(QuizChoice.model_fields)


class QuizQuestion(Item, Sourced):
    kind: Literal["quiz"] = Field(default="quiz", exclude=True)
    question: Text
    choices: list[Line] = Field(min_length=2, max_length=9)
    """The choice texts. In YAML a choice is a plain string or a mapping ``{text, why}``;
    the mappings are normalised into ``choices`` (texts) and :attr:`why`."""
    correct: list[Line] = Field(min_length=1)
    """The correct choices, written exactly as in ``choices``."""
    why: dict[Line, Text] = {}
    """Choice text → why that choice is wrong (or right): shown after answering."""
    multiple: bool | None = None
    """Ask "select all that apply". Defaults to true when more than one choice is correct."""
    explanation: Text
    cards: list[Ref] = []
    """Cards that a wrong answer makes due sooner (besides same-topic-and-tag cards)."""

    @model_validator(mode="wrap")
    @classmethod
    def _choice_mappings(cls, data: Any, handler: Any) -> QuizQuestion:
        """Split ``{text, why}`` choices into ``choices`` and ``why``.

        Errors are reported at the YAML node they come from: a bad ``text`` at
        ``choices[i].text``, a bad ``why`` at ``choices[i].why``.
        """
        raw = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(raw, list) or not any(isinstance(c, dict) for c in raw):
            return handler(data)  # type: ignore[no-any-return]
        texts: list[Any] = []
        if "why" in data and not isinstance(data["why"], dict):
            return handler(data)  # type: ignore[no-any-return]  # reports the bad why: itself
        why: dict[Any, Any] = dict(data.get("why") or {})
        origin: dict[Any, int] = {}  # choice text -> index of the mapping that gave its why
        shape_errors: list[Any] = []
        for i, choice in enumerate(raw):
            if not isinstance(choice, dict):
                texts.append(choice)
                continue
            for key in choice:
                if key not in CHOICE_KEYS:
                    shape_errors.append(_custom_error("extra_forbidden", f"unknown key {key!r} in a choice (a choice mapping has: text, why)", ("choices", i, key), choice))
            if "text" not in choice:
                shape_errors.append(_custom_error("missing", "a choice written as a mapping needs text", ("choices", i, "text"), choice))
            text = choice.get("text")
            texts.append(text)
            if "why" in choice and "text" in choice:
                try:
                    hash(text)
                except TypeError:
                    continue
                if text in why and text not in origin:
                    shape_errors.append(_custom_error("value_error", "this choice's why is also given in the question's why:", ("choices", i, "why"), choice))
                why[text] = choice["why"]
                origin[text] = i
        normalised = {**data, "choices": texts, "why": why}
        try:
            result = handler(normalised)
        except ValidationError as exc:
            seen = {tuple(e["loc"]) for e in shape_errors}
            errors = list(shape_errors)
            for err in exc.errors(include_url=False):
                moved = _relocate(err, raw, origin)
                if moved is not None and tuple(moved["loc"]) not in seen:
                    errors.append(moved)
            raise ValidationError.from_exception_data(cls.__name__, errors) from None
        if shape_errors:
            raise ValidationError.from_exception_data(cls.__name__, shape_errors)
        return result  # type: ignore[no-any-return]

    @model_validator(mode="after")
    def _check_answers(self) -> QuizQuestion:
        if len(set(self.choices)) != len(self.choices):
            dupes = sorted({c for c in self.choices if self.choices.count(c) > 1})
            raise ValueError(f"choices must be distinct; repeated: {dupes}")
        missing = [c for c in self.correct if c not in self.choices]
        if missing:
            raise ValueError(f"every correct answer must be one of the choices; not found: {missing}")
        stray = [c for c in self.why if c not in self.choices]
        if stray:
            raise ValueError(f"why: every key must be one of the choices; not found: {stray}")
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("correct answers must be distinct")
        if self.multiple is False and len(self.correct) > 1:
            raise ValueError("multiple is false but more than one answer is marked correct")
        return self

    @property
    def is_multiple(self) -> bool:
        return self.multiple if self.multiple is not None else len(self.correct) > 1

    @property
    def wrong_choices(self) -> list[str]:
        return [c for c in self.choices if c not in self.correct]


def _custom_error(kind: str, message: str, loc: tuple[Any, ...], given: Any) -> Any:
    return {"type": PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}")), "loc": loc, "input": given}


def _relocate(err: Any, raw: list[Any], origin: dict[Any, int]) -> Any | None:
    """Map an error on the normalised question back to the YAML node it came from."""
    loc = tuple(err["loc"])
    if len(loc) >= 2 and loc[0] == "choices" and isinstance(loc[1], int) and loc[1] < len(raw) and isinstance(raw[loc[1]], dict):
        loc = ("choices", loc[1], "text", *loc[2:])
    elif len(loc) >= 2 and loc[0] == "why" and loc[1] in origin:
        if "[key]" in loc[2:]:
            return None  # the same text is reported at choices[i].text
        loc = ("choices", origin[loc[1]], "why", *loc[2:])
    msg = err["msg"]
    return _custom_error(err["type"], msg, loc, err.get("input"))


# ---------------------------------------------------------------------------- mock

MockKind = Literal["concept", "system_design", "rapid_fire", "calculation"]
CalculatorName = Literal["price", "concurrency", "coldstart", "tune"]


def _phrase_groups(value: Any) -> Any:
    """``phrases: [a, [b, c]]``: a string is a group of one phrasing."""
    if isinstance(value, list):
        return [[v] if isinstance(v, str) else v for v in value]
    return value


PhraseGroups = Annotated[list[Annotated[list[Line], Field(min_length=1)]], BeforeValidator(_phrase_groups)]
"""Groups of phrasings: each group is one idea, written any of several ways."""


class RubricPoint(Model):
    point: Line
    """What a strong answer covers."""
    phrases: PhraseGroups = []
    """Evidence for the hint beside this point: each group is one idea and lists the
    phrasings that count for it (``[at publish time, when a version is published]``).
    Words that appear in the prompt never count."""
    keywords: list[Line] = []
    """Older form: one group of alternative phrasings (same as ``phrases: [[…]]``)."""
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    must: bool = False
    """A must-have: missing it keeps the prompt on the drill list and, in an adaptive
    interview, brings a follow-up on the same topic."""

    @property
    def groups(self) -> list[list[str]]:
        return [list(g) for g in self.phrases] + ([list(self.keywords)] if self.keywords else [])


class RedFlag(Model):
    """An outdated or wrong claim that an answer to this prompt may contain."""

    claim: Line
    """The wrong claim, in a few words ("Lambda@Edge functions are capped at 128 MB")."""
    phrases: PhraseGroups = Field(min_length=1)
    """The claim is reported when all phrasings of any one group appear in one sentence
    of the answer (a group of one: that phrase anywhere)."""
    correction: Text
    """What is true instead."""
    source: HttpsUrl | None = None


class DeclaredCalculation(Model):
    """A number in a model answer, with the calculator inputs that reproduce it (a test recomputes it)."""

    calculator: CalculatorName
    inputs: dict[str, Any]
    """Keyword arguments of the calculator's inputs (``PriceInputs`` and friends)."""
    result: Line
    """Where the number is in the calculator's JSON result: a dotted path; a list of
    objects with ``key`` is indexed by key (``lines.duration.quantity``, ``total_usd``)."""
    stated: Line
    """The number exactly as the model answer writes it (``180M GB-s``, ``$3,000``)."""
    tolerance: Annotated[float, Field(ge=0, le=0.5)] = 0.02
    """Relative difference allowed between ``stated`` and the recomputed number."""


class MockPrompt(Item):
    """A mock-interview prompt.

    ``concept`` and ``system_design`` prompts carry their own text, rubric and model
    answer. ``rapid_fire`` rounds are generated from the limits tables and
    ``calculation`` questions from the calculators, ``count`` at a time.
    """

    kind: MockKind
    title: Line
    minutes: Minutes
    prompt: str = ""
    rubric: list[RubricPoint] = []
    model_answer: str = ""
    follow_ups: list[Line] = []
    count: Annotated[int, Field(ge=1, le=50)] | None = None
    calculator: CalculatorName | None = None
    limit_tags: list[Tag] = []
    """rapid_fire only: ask about limit rows with any of these tags (all rows when empty)."""
    cards: list[Ref] = []
    red_flags: list[RedFlag] = []
    """Outdated or wrong claims to point out when an answer contains them."""
    calculations: list[DeclaredCalculation] = []
    """Numbers in the model answer and how to recompute them with the calculators."""
    source: HttpsUrl | None = None
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> MockPrompt:
        if self.kind in ("concept", "system_design"):
            missing = [
                name for name, value in (("prompt", self.prompt), ("rubric", self.rubric), ("model_answer", self.model_answer)) if not value
            ]
            if missing:
                raise ValueError(f"a {self.kind} prompt needs {', '.join(missing)}")
            unstated = [c.stated for c in self.calculations if c.stated not in self.model_answer]
            if unstated:
                raise ValueError(f"calculations[].stated must appear in the model answer; not found: {unstated}")
        elif self.kind == "rapid_fire":
            if self.count is None:
                raise ValueError("a rapid_fire prompt needs count (how many limits to ask)")
        elif self.kind == "calculation":
            if self.calculator is None or self.count is None:
                raise ValueError("a calculation prompt needs calculator and count")
        return self


class MockStep(Model):
    kind: MockKind | None = None
    prompt: Ref | None = None
    count: Annotated[int, Field(ge=1, le=20)] = 1
    topics: list[Slug] = []

    @model_validator(mode="after")
    def _one_of(self) -> MockStep:
        if (self.kind is None) == (self.prompt is None):
            raise ValueError("a step names either kind (a random prompt of that kind) or prompt (a prompt id), not both")
        return self


class MockFormat(Keyed):
    """A named interview: a sequence of steps with a total time."""

    title: Line
    description: str = ""
    minutes: Minutes
    allow_pause: bool = False
    adaptive: bool = False
    """Weak spots: random steps pick prompts from the candidate's weakest topics, and a missed
    must-have point brings a follow-up on the same topic."""
    steps: list[MockStep] = Field(min_length=1)
    tags: list[Tag] = []


# ------------------------------------------------------------- calculator data


class DurationTier(Model):
    up_to_gb_seconds: Money | None
    """Upper bound of the tier in GB-seconds per month; null for the last, open tier."""
    price_per_gb_second: Money


class ArchitecturePrices(Model):
    duration_tiers: list[DurationTier] = Field(min_length=1)
    provisioned_concurrency_per_gb_second: Money
    """Charged for the configured concurrency whether it is used or not."""
    provisioned_duration_per_gb_second: Money
    """Duration price of invocations served by provisioned concurrency."""

    @field_validator("duration_tiers")
    @classmethod
    def _tiers_ascend(cls, tiers: list[DurationTier]) -> list[DurationTier]:
        bounds = [t.up_to_gb_seconds for t in tiers]
        if bounds[-1] is not None:
            raise ValueError("the last duration tier must be open-ended (up_to_gb_seconds: null)")
        if any(b is None for b in bounds[:-1]):
            raise ValueError("only the last duration tier may be open-ended")
        closed = [b for b in bounds[:-1] if b is not None]
        if closed != sorted(closed) or len(set(closed)) != len(closed):
            raise ValueError("tier bounds must strictly increase")
        return tiers


class FreeTier(Model):
    requests: NonNegative
    gb_seconds: NonNegative
    streaming_gb: NonNegative = 0


class SnapStartPrices(Model):
    cache_per_gb_second: Money
    restore_per_gb: Money
    minimum_cache_hours: NonNegative = 3
    charged_runtimes: list[Slug] = []
    """Runtime families that pay SnapStart cache and restore (e.g. python, dotnet)."""


class EdgePrices(Model):
    requests_per_million: Money
    per_gb_second: Money


class AsyncPayloadBilling(Model):
    included_kb: Positive
    chunk_kb: Positive
    max_kb: Positive


class StreamingPrices(Model):
    per_gb: Money
    free_mb_per_request: NonNegative


class PriceBook(Keyed, Sourced):
    """Per-region Lambda prices. Calculators read prices only from here."""

    region: Line
    currency: Literal["USD"] = "USD"
    requests_per_million: Money
    architectures: dict[Literal["x86_64", "arm64"], ArchitecturePrices]
    ephemeral_storage_per_gb_second: Money
    ephemeral_free_mb: Positive = 512
    provisioned_billing_increment_seconds: Positive = 300
    free_tier: FreeTier
    snapstart: SnapStartPrices
    lambda_edge: EdgePrices
    async_payload: AsyncPayloadBilling
    streaming: StreamingPrices | None = None
    init_billed_since: dt.date | None = None
    """The date from which the INIT phase is billed for every configuration."""
    notes: str = ""
    sources: list[HttpsUrl] = []
    tags: list[Tag] = []

    @field_validator("architectures")
    @classmethod
    def _both_archs(cls, value: dict[str, ArchitecturePrices]) -> dict[str, ArchitecturePrices]:
        missing = {"x86_64", "arm64"} - set(value)
        if missing:
            raise ValueError(f"prices are needed for both architectures; missing {sorted(missing)}")
        return value


class ColdStartMeasurement(Model):
    architecture: Literal["x86_64", "arm64"]
    package_type: Literal["zip", "image"]
    memory_mb: Annotated[int, Field(ge=128, le=10240)] | None = None
    p50_ms: NonNegative
    p90_ms: NonNegative
    samples: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ColdStartMeasurement:
        if self.p90_ms < self.p50_ms:
            raise ValueError("p90_ms must be at least p50_ms")
        return self


class ColdStartProfile(Keyed, Sourced):
    """Measured initialisation times for one runtime."""

    runtime: Line
    """The Lambda runtime identifier, e.g. ``python3.13`` or ``provided.al2023``."""
    label: Line
    family: Slug
    """python, nodejs, java, dotnet, ruby, go, rust, …"""
    snapstart: bool = False
    """Whether SnapStart is available for this runtime."""
    measurements: list[ColdStartMeasurement] = Field(min_length=1)
    method: str = ""
    notes: str = ""
    tags: list[Tag] = []


class ModelParameter(Keyed):
    """A number the cold-start estimator uses, labelled measured, documented or assumption."""

    name: Line
    value: float
    unit: UnitSymbol
    low: float | None = None
    high: float | None = None
    basis: Literal["documented", "measured", "assumption"]
    source: HttpsUrl | None = None
    as_of: dt.date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _sourced_unless_assumption(self) -> ModelParameter:
        if self.basis != "assumption" and self.source is None:
            raise ValueError(f"a {self.basis} parameter needs a source")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


# -------------------------------------------------------------------- files


class FileDefaults(Model):
    """Values applied to every item in the file that does not set them itself."""

    topic: Slug | None = None
    tags: list[Tag] | None = None
    source: HttpsUrl | None = None
    as_of: dt.date | None = None
    verified: dt.date | None = None


class Manifest(Model):
    """``pack.yaml``: what the pack is."""

    format: Annotated[int, Field(ge=1)] = 1
    """Pack format version; a pack newer than this lambdaprep understands is refused."""
    id: Slug
    title: Line
    version: Annotated[str, BeforeValidator(_number_to_str), StringConstraints(pattern=r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$")]
    as_of: dt.date
    description: str = ""
    authors: list[Line] = []
    license: Line | None = None
    homepage: HttpsUrl | None = None
    topics: dict[Slug, Line] = {}
    """Titles of the topics this pack introduces, by topic id."""
    curriculum: list[Slug] = []
    """Topic ids in teaching order: new cards follow it (topics left out come after, in ``topics`` order)."""

    @model_validator(mode="after")
    def _curriculum_known(self) -> Manifest:
        seen: set[str] = set()
        for topic in self.curriculum:
            if topic in seen:
                raise ValueError(f"curriculum lists {topic!r} twice")
            if self.topics and topic not in self.topics:
                raise ValueError(f"curriculum lists {topic!r}, which is not one of this pack's topics")
            seen.add(topic)
        return self

    @field_validator("format")
    @classmethod
    def _supported(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(f"this pack uses format {value}; this lambdaprep reads format {FORMAT_VERSION} (upgrade lambdaprep)")
        return value


def field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def model_at(root: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``path`` inside ``root`` (for "did you mean")."""
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = QuizChoice if (model is QuizQuestion and part == "choices") else _inner_model(info.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None

