"""The daily limits, readable without pydantic (``lambdaprep due`` runs in shell prompts)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdaprep.store import Store

PREFIX = "study."
"""Study settings are stored in the settings table as ``study.<field>``."""

DAILY_DEFAULTS = {"new_per_day": 20, "reviews_per_day": 200, "day_starts_hour": 4}
DAILY_RANGES = {"new_per_day": (0, 9999), "reviews_per_day": (0, 99999), "day_starts_hour": (0, 23)}
PLAN_DEFAULTS = {"plan_buffer_days": 3, "plan_max_new_per_day": 60, "plan_final_window_days": 3}
PLAN_RANGES = {"plan_buffer_days": (0, 60), "plan_max_new_per_day": (0, 9999), "plan_final_window_days": (0, 14)}


def daily_limits(store: Store) -> dict[str, int]:
    """``new_per_day``, ``reviews_per_day``, ``day_starts_hour`` without pydantic (for ``lambdaprep due``).

    Same values as :class:`StudySettings` would give: invalid stored values fall back to defaults.
    """
    return _ints(store.settings(), DAILY_DEFAULTS, DAILY_RANGES)


def _ints(stored: dict[str, object], defaults: dict[str, int], ranges: dict[str, tuple[int, int]]) -> dict[str, int]:
    out = dict(defaults)
    for name, (lo, hi) in ranges.items():
        value = stored.get(PREFIX + name)
        if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
            out[name] = value
    return out


def deadline_settings(store: Store) -> tuple[dt.date | None, dict[str, int]]:
    """The interview date and the plan's numbers, without pydantic (same fallbacks as StudySettings)."""
    stored = store.settings()
    raw = stored.get(PREFIX + "interview_date")
    day: dt.date | None = None
    if isinstance(raw, str):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    return day, _ints(stored, PLAN_DEFAULTS, PLAN_RANGES)
