"""The daily limits, readable without pydantic (``lambdaprep due`` runs in shell prompts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdaprep.store import Store

PREFIX = "study."
"""Study settings are stored in the settings table as ``study.<field>``."""

DAILY_DEFAULTS = {"new_per_day": 20, "reviews_per_day": 200, "day_starts_hour": 4}
DAILY_RANGES = {"new_per_day": (0, 9999), "reviews_per_day": (0, 99999), "day_starts_hour": (0, 23)}


def daily_limits(store: Store) -> dict[str, int]:
    """``new_per_day``, ``reviews_per_day``, ``day_starts_hour`` without pydantic (for ``lambdaprep due``).

    Same values as :class:`StudySettings` would give: invalid stored values fall back to defaults.
    """
    stored = store.settings()
    out = dict(DAILY_DEFAULTS)
    for name, (lo, hi) in DAILY_RANGES.items():
        value = stored.get(PREFIX + name)
        if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
            out[name] = value
    return out
