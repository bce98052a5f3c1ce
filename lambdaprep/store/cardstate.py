"""A card's scheduling state: the ``card_state`` row, and the IntEnums of states and ratings.

One IntEnum each for card states and review ratings, with the one set of labels.

The numbers are fsrs' (``fsrs.State``, ``fsrs.Rating``) and what the database stores, so
an enum member compares equal to the stored integer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from enum import IntEnum
from typing import Any


class State(IntEnum):
    """A card's scheduling state."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        """``new``, ``learning``, ``review``, ``relearning``."""
        return self.name.lower()


class Rating(IntEnum):
    """An answer's rating (the key pressed in a drill)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """``Again``, ``Hard``, ``Good``, ``Easy``."""
        return self.name.capitalize()

    @property
    def pass_fail_label(self) -> str:
        """The label with Pass/Fail grading: ``Fail`` (= Again) and ``Pass`` (= Good)."""
        return {Rating.AGAIN: "Fail", Rating.GOOD: "Pass"}.get(self, self.label)


@dataclass(frozen=True, slots=True)
class CardState:
    """One card's scheduling state (a ``card_state`` row)."""

    card_key: str
    id: int | None = None
    """Row id, also used as the fsrs ``card_id``; None until the row exists."""
    state: int = State.NEW
    """A :class:`State` number: 0 new, 1 learning, 2 review, 3 relearning."""
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int | None = None
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: int | None = None
    leech: bool = False
    flag: int = 0
    updated_at: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardState:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["suspended"] = bool(values.get("suspended", False))
        values["leech"] = bool(values.get("leech", False))
        return cls(**values)

    @classmethod
    def _from_row(cls, row: tuple[Any, ...]) -> CardState:
        (id_, key, state, step, stab, diff, due, last, reps, lapses, susp, buried, leech, flag, upd) = row
        return cls(key, id_, state, step, stab, diff, due, last, reps, lapses, bool(susp), buried, bool(leech), flag, upd)
