"""Rebuilding a card's state from its review log (used when two machines' progress merges).

:func:`replay` walks a card's merged log oldest first through the scheduler. Where a
logged review was made from exactly the state the replay has reached, the state that
review's machine saved is taken as it is (same inputs, same result — including that
machine's interval fuzz). Where the histories diverge (the review was made without
knowing an earlier one from the other machine), fsrs computes the review again, with
fuzz off so the result is the same on every machine that replays the same log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter

from lambdaprep.store import CardState
from lambdaprep.store.progress import LoggedReview
from lambdaprep.study.clock import from_ms
from lambdaprep.study.scheduler import Scheduler
from lambdaprep.study.settings import StudySettings

_MEMORY = ("state", "step", "stability", "difficulty", "last_review", "reps", "lapses", "leech")
"""What a review's result depends on (fsrs uses the memory state and the time of the last review)."""


_memory = attrgetter(*_MEMORY)
"""``_memory(card)``: the tuple of a card's :data:`_MEMORY` fields."""


class Replayer:
    """``replayer(key, log) -> CardState``: the function :func:`lambdaprep.store.progress.import_progress` takes."""

    def __init__(self, settings: StudySettings | None = None) -> None:
        base = settings or StudySettings()
        self.scheduler = Scheduler(base.model_copy(update={"fuzz": False}))

    def __call__(self, key: str, log: Sequence[LoggedReview]) -> CardState:
        state = CardState(key)
        new = reached = _memory(state)
        review_card = self.scheduler.review
        for review in sorted(log, key=lambda r: r.reviewed_at):
            after = review.after
            if review.recorded and after is not None and (new if review.before is None else _memory(review.before)) == reached:
                state = replace(after, card_key=key, id=None, suspended=after.suspended and after.leech)
            else:
                state = review_card(state, review.rating, from_ms(review.reviewed_at)).after
                if state.id is not None:
                    state = replace(state, id=None)
            reached = _memory(state)
        return replace(state, buried_until=None)


def replay(key: str, log: Sequence[LoggedReview], settings: StudySettings | None = None) -> CardState:
    """The state ``key`` reaches after ``log`` (see the module docstring)."""
    return Replayer(settings)(key, log)
