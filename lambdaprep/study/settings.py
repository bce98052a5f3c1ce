"""Study settings: a typed model with defaults, kept in the database's settings table.

Each field is stored under the key ``study.<field>`` so other features can keep
their own settings in the same table without clashing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lambdaprep.errors import LambdaprepError
from lambdaprep.study.daily import DAILY_DEFAULTS, PLAN_DEFAULTS, PLAN_RANGES, PREFIX

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.deadline import Deadline


class StudySettings(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, use_attribute_docstrings=True)

    desired_retention: Annotated[float, Field(ge=0.7, le=0.99)] = 0.90
    """The probability of recall FSRS aims for when a card comes due."""
    learning_steps_minutes: list[Annotated[float, Field(gt=0)]] = [1.0, 10.0]
    """Steps a new card goes through before it graduates to day-long intervals."""
    relearning_steps_minutes: list[Annotated[float, Field(gt=0)]] = [10.0]
    """Steps a forgotten card goes through before it returns to review."""
    maximum_interval_days: Annotated[int, Field(ge=1, le=36500)] = 36500
    """The longest interval a card can get."""
    fuzz: bool = True
    """Spread review intervals a little so cards learned together do not stay together."""
    new_per_day: Annotated[int, Field(ge=0, le=9999)] = DAILY_DEFAULTS["new_per_day"]
    """New cards introduced per study day (across sessions and restarts)."""
    reviews_per_day: Annotated[int, Field(ge=0, le=99999)] = DAILY_DEFAULTS["reviews_per_day"]
    """Review cards shown per study day."""
    day_starts_hour: Annotated[int, Field(ge=0, le=23)] = DAILY_DEFAULTS["day_starts_hour"]
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
        raw = {k[len(PREFIX) :]: v for k, v in store.settings().items() if k.startswith(PREFIX)}
        try:
            return cls.model_validate(raw)
        except ValidationError:
            good = {}
            for name, value in raw.items():
                try:
                    cls.model_validate({name: value})
                except ValidationError:
                    continue
                good[name] = value
            return cls.model_validate(good)

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
        """These settings with ``changes`` applied, checked by the one validator.

        Values may be typed or text (``"30"``, ``"[1, 10]"``, ``"pass_fail"``, ``"2026-12-16"``,
        ``"none"`` to clear a date). Raises :class:`SettingError` naming the setting.
        """
        values = self.model_dump()
        for name, raw in changes.items():
            name = name.strip().replace("-", "_")
            if name not in type(self).model_fields:
                known = ", ".join(type(self).model_fields)
                raise SettingError(name, f"unknown setting {name!r} (known: {known})")
            values[name] = parse_value(name, raw)
        try:
            return type(self).model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            name = str(err["loc"][0]) if err["loc"] else "?"
            raise SettingError(name, f"{name}: {_message(err)}") from None


class SettingError(LambdaprepError):
    """A study setting that fails validation (one line, names the setting)."""

    exit_code = 2

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


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


def _message(err: Any) -> str:
    msg = str(err.get("msg", "invalid value"))
    kind = str(err.get("type", ""))
    if kind.startswith("date"):
        return "must be a date written YYYY-MM-DD"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type", "finite_number"):
        return "must be a number"
    return msg[0].lower() + msg[1:] if msg else msg
