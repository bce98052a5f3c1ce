"""A score trend as one line of block characters (``lambdaprep history``, the History screen)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SPARK", "sparkline"]

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: Iterable[float]) -> str:
    """Scores 0–100 as a one-line trend (oldest first)."""
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int(v / 100 * (len(SPARK) - 1) + 0.5)))] for v in values)
