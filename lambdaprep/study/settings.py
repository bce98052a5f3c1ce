"""Study settings: a typed model with defaults, kept in the database's settings table.

Each field is stored under the key ``study.<field>`` so other features can keep
their own settings in the same table without clashing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lambdaprep.study.daily import DAILY_DEFAULTS, PREFIX

if TYPE_CHECKING:
    from lambdaprep.store import Store


class StudySettings(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

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
        store.set_settings({PREFIX + k: v for k, v in self.model_dump().items()})
