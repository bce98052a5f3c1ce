"""Argument types shared by the commands: every number a person types is bounded here.

argparse turns the ``ArgumentTypeError`` into one usage line and exit status 2, so a
seed of 10**29 or a count of -1 never reaches the code that would hang or crash on it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

SEED_MAX = 999_999_999
"""Seeds are at most nine digits: plenty to replay a quiz, small enough for every store and RNG."""
ROW_ID_MAX = 2**63 - 1
"""The largest SQLite row id."""


def bounded_int(low: int, high: int, what: str = "a whole number") -> Callable[[str], int]:
    """An argparse ``type`` accepting whole numbers from ``low`` to ``high``."""

    def parse(text: str) -> int:
        from lambdaprep.safe import cut

        raw = text.strip().replace("_", "")
        if len(raw) > 30 or not raw.lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(f"expected {what} from {low:,} to {high:,}, got {cut(text, 40)!r}")
        value = int(raw)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}, got {cut(text, 40)}")
        return value

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse
