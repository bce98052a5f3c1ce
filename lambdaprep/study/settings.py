"""Study settings: a typed model with defaults, kept in the database's settings table.

Each field is stored under the key ``study.<field>`` so other features can keep
their own settings in the same table without clashing.

The bounds of every setting live here, once: :func:`check_setting` /
:meth:`StudySettings.with_changes` validate a value a person typed (the CLI's
``drill --set`` and the app's settings screen) with a one-line message, and
:meth:`StudySettings.load_checked` reads the stored values, replacing any that are out
of bounds (a hand-edited or older database) by their default and saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lambdaprep.errors import LambdaprepError
from lambdaprep.study.daily import DAILY_DEFAULTS, DAILY_RANGES, PLAN_DEFAULTS, PLAN_RANGES, PREFIX

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.deadline import Deadline


MAX_STEP_MINUTES = 43_200
"""A learning step of at most 30 days (longer is a review interval, not a step)."""
MAX_STEPS = 20

Step = Annotated[float, Field(gt=0, le=MAX_STEP_MINUTES)]


class SettingError(LambdaprepError):
    """A setting value out of bounds: one line naming the setting and what it accepts."""

    exit_code = 2


class StudySettings(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False, use_attribute_docstrings=True)

    desired_retention: Annotated[float, Field(ge=0.7, le=0.99)] = 0.90
    """The probability of recall FSRS aims for when a card comes due."""
    learning_steps_minutes: Annotated[list[Step], Field(max_length=MAX_STEPS)] = [1.0, 10.0]
    """Steps a new card goes through before it graduates to day-long intervals."""
    relearning_steps_minutes: Annotated[list[Step], Field(max_length=MAX_STEPS)] = [10.0]
    """Steps a forgotten card goes through before it returns to review."""
    maximum_interval_days: Annotated[int, Field(ge=1, le=36500)] = 36500
    """The longest interval a card can get."""
    fuzz: bool = True
    """Spread review intervals a little so cards learned together do not stay together."""
    new_per_day: Annotated[int, Field(ge=DAILY_RANGES["new_per_day"][0], le=DAILY_RANGES["new_per_day"][1])] = DAILY_DEFAULTS["new_per_day"]
    """New cards introduced per study day (across sessions and restarts)."""
    reviews_per_day: Annotated[int, Field(ge=DAILY_RANGES["reviews_per_day"][0], le=DAILY_RANGES["reviews_per_day"][1])] = (
        DAILY_DEFAULTS["reviews_per_day"]
    )
    """Review cards shown per study day."""
    day_starts_hour: Annotated[int, Field(ge=DAILY_RANGES["day_starts_hour"][0], le=DAILY_RANGES["day_starts_hour"][1])] = (
        DAILY_DEFAULTS["day_starts_hour"]
    )
    """Local hour at which a new study day begins."""
    learn_ahead_minutes: Annotated[float, Field(ge=0, le=120)] = 20.0
    """When nothing else is left, learning cards due within this many minutes are shown early."""
    leech_threshold: Annotated[int, Field(ge=1, le=99)] = 8
    """Lapses after which a card is tagged a leech and suspended."""
    grading: Literal["four", "pass_fail"] = "four"
    """``four``: Again/Hard/Good/Easy; ``pass_fail``: Fail (= Again) and Pass (= Good)."""
    fsrs_parameters: tuple[float, ...] | None = None
    """The 21 FSRS-6 parameters fitted to your history by ``lambdaprep optimize``; empty: FSRS's defaults."""

    @field_validator("fsrs_parameters")
    @classmethod
    def _fsrs_parameters_in_bounds(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is None:
            return None
        if len(value) != 21 or not all(math.isfinite(x) for x in value):
            raise ValueError("fsrs_parameters must be 21 finite numbers (or null for FSRS's defaults)")
        import fsrs

        try:
            fsrs.Scheduler(parameters=value)
        except ValueError as exc:
            raise ValueError(f"fsrs_parameters are outside FSRS's bounds: {exc}") from None
        return value

    # -- the interview plan (lambdaprep.study.plan) and the new-card queue
    interview_date: dt.date | None = None
    """The day of your interview (YYYY-MM-DD). With a date, new cards per day rise to what the
    plan needs and no review is scheduled after the day; unset: plain FSRS."""
    plan_buffer_days: Annotated[int, Field(ge=PLAN_RANGES["plan_buffer_days"][0], le=PLAN_RANGES["plan_buffer_days"][1])] = PLAN_DEFAULTS["plan_buffer_days"]
    """Every card is introduced at least this many days before the interview."""
    plan_max_new_per_day: Annotated[int, Field(ge=PLAN_RANGES["plan_max_new_per_day"][0], le=PLAN_RANGES["plan_max_new_per_day"][1])] = PLAN_DEFAULTS["plan_max_new_per_day"]
    """The most new cards a day the plan may ask for (a ceiling on top of new_per_day)."""
    plan_final_window_days: Annotated[int, Field(ge=PLAN_RANGES["plan_final_window_days"][0], le=PLAN_RANGES["plan_final_window_days"][1])] = PLAN_DEFAULTS["plan_final_window_days"]
    """Every card you know comes up again within this many days before the interview."""
    new_card_order: Literal["curriculum", "topic", "random"] = "curriculum"
    """``curriculum``: topics in teaching order, a few interleaved; ``topic``: one topic at a time;
    ``random``: any order."""
    followup_per_day: Annotated[int, Field(ge=0, le=999)] = 30
    """Studied cards that quiz and mock mistakes may make due now, per day (at most 3 per mistake)."""

    @classmethod
    def load(cls, store: Store) -> StudySettings:
        """The stored settings; unknown or invalid stored values fall back to defaults."""
        return cls.load_checked(store)[0]

    @classmethod
    def load_checked(cls, store: Store) -> tuple[StudySettings, list[str]]:
        """The stored settings and one message per stored value that was out of bounds
        (and replaced by its default); never fails on a bad value."""
        raw = {k[len(PREFIX) :]: v for k, v in store.settings().items() if k.startswith(PREFIX)}
        raw = {k: v for k, v in raw.items() if k in cls.model_fields}
        try:
            return cls.model_validate(raw), []
        except ValidationError:
            pass
        good: dict[str, Any] = {}
        problems: list[str] = []
        for name, value in raw.items():
            try:
                good[name] = check_setting(name, value)
            except SettingError as exc:
                default = cls.model_fields[name].default
                problems.append(f"the stored setting {exc.message}; using the default {json.dumps(default)}")
        return cls.model_validate(good), problems

    def with_changes(self, changes: dict[str, Any]) -> StudySettings:
        """These settings with ``changes`` applied; raises :class:`SettingError` for an unknown
        name or a value out of bounds (each change checked by :func:`check_setting`)."""
        checked = {name: check_setting(name, value) for name, value in changes.items()}
        return type(self).model_validate({**self.model_dump(), **checked})

    def save(self, store: Store) -> None:
        store.set_settings({PREFIX + k: v for k, v in self.model_dump(mode="json").items()})

    @classmethod
    def explain(cls, name: str) -> str:
        """The one-paragraph explanation of a setting (its docstring)."""
        info = cls.model_fields[name]
        return " ".join((info.description or "").split())

    def deadline(self) -> Deadline | None:
        """The interview plan's caps (None without an interview date)."""
        from lambdaprep.study.deadline import Deadline

        if self.interview_date is None:
            return None
        return Deadline(self.interview_date, self.plan_buffer_days, self.plan_final_window_days, self.plan_max_new_per_day)

    def changed(self, changes: Mapping[str, Any]) -> StudySettings:
        """:meth:`with_changes` for text a person typed (``"30"``, ``"[1, 10]"``, ``"2026-12-16"``,
        ``"none"`` to clear a date): each value parsed, then checked by :func:`check_setting`."""
        parsed = {name.strip().replace("-", "_"): raw for name, raw in changes.items()}
        return self.with_changes({name: parse_value(name, raw) for name, raw in parsed.items()})


def check_setting(name: str, value: Any) -> Any:
    """``value`` validated for setting ``name`` (normalised: ``"30"`` → 30), or :class:`SettingError`.

    The one place the bounds are enforced; messages read like
    ``desired_retention must be a number (got NaN)`` or ``new_per_day must be at most 9999 (got 100000)``.
    """
    from lambdaprep.safe import cut

    fields = StudySettings.model_fields
    if name not in fields:
        raise SettingError(f"there is no setting {cut(name, 40)!r} (settings: {', '.join(fields)})")
    try:
        return getattr(StudySettings.model_validate({name: value}), name)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise SettingError(f"{name} {_explain(err, name)} (got {cut(json.dumps(value, allow_nan=True, default=str), 60)})") from None


def parse_value(name: str, raw: Any) -> Any:
    """Text from a command line or an input box turned into a value for ``name`` (typed values pass)."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    field = StudySettings.model_fields.get(name)
    if field is not None and field.default is None and text.lower() in ("", "none", "null", "clear", "off"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, float) and not math.isfinite(value):
        return text
    return value


def _explain(err: Any, name: str) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind.startswith("date"):
        return "must be a date written YYYY-MM-DD"
    step = len(err["loc"]) > 1  # an item of a list of steps
    what = "each step " if step else ""
    if kind in ("finite_number", "float_parsing", "float_type", "int_parsing", "int_type") and not _is_text_choice(name):
        whole = kind.startswith("int") or StudySettings.model_fields[name].annotation is int
        return f"{what}must be a {'whole ' if whole else ''}number" + (" (not NaN or infinity)" if kind == "finite_number" else "")
    if kind == "int_from_float":
        return f"{what}must be a whole number"
    if kind == "less_than_equal":
        return f"{what}must be at most {_num(ctx.get('le'))}"
    if kind == "less_than":
        return f"{what}must be less than {_num(ctx.get('lt'))}"
    if kind == "greater_than_equal":
        return f"{what}must be at least {_num(ctx.get('ge'))}"
    if kind == "greater_than":
        return f"{what}must be more than {_num(ctx.get('gt'))}" + (" minutes" if step else "")
    if kind == "too_long":
        return f"can have at most {ctx.get('max_length')} steps"
    if kind == "list_type":
        return "must be a list of minutes, e.g. [1, 10]"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    if kind == "bool_parsing" or kind == "bool_type":
        return "must be true or false"
    message = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    return message.removeprefix(f"{name} ") if message.startswith(f"{name} ") else message


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _is_text_choice(name: str) -> bool:
    return name == "grading"
