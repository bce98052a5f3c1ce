"""What "mastered" means: a memory that lasts, not a card seen an hour ago.

A card is **mastered** when it is in the review state (not new, not relearning after a
lapse) and its FSRS *stability* is at least :data:`MASTERED_STABILITY_DAYS` (21) days.
Stability is the time after which the recall probability falls to 90 %, so a mastered
card is one you would still recall nine times in ten three weeks after your last review.

Why stability and why 21 days:

* Retrievability (the recall probability *now*) is near 100 % right after any review, so
  "retrievability ≥ 90 %" called a card mastered an hour after it was first seen — a
  topic read "91 % mastered" after one day. Stability only grows when a card is recalled
  after longer and longer gaps, so it measures what was learned, not how recently.
* 21 days is Anki's line between "young" and "mature" cards (an interval of three weeks).
  With lambdaprep's default desired retention of 90 % the FSRS interval equals the
  stability, so the two definitions agree; a new card needs several successful reviews
  spread over weeks to get there (even Easy on the first sight gives a stability of about
  8 days with FSRS' default parameters).

Readiness (the plan's "you would recall N % if asked now") is the measure of the present;
mastery is the measure of what will stay. The Stats screen, the topic picker and
``lambdaprep stats`` all count mastered cards with :func:`is_mastered`.
"""

from __future__ import annotations

from lambdaprep.store import STATE_REVIEW, CardState

MASTERED_STABILITY_DAYS = 21.0
"""Stability (days until recall falls to 90 %) from which a card counts as mastered."""


def is_mastered(state: CardState | None) -> bool:
    """True for a card in the review state whose stability is at least three weeks."""
    return (
        state is not None
        and state.state == STATE_REVIEW
        and state.stability is not None
        and state.stability >= MASTERED_STABILITY_DAYS
    )
