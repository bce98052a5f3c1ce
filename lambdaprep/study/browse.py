"""The card browser's logic (no Textual here): search, filters, suspend, reset.

States a card can be filtered by: ``new`` (never studied), ``learning`` (learning or
relearning), ``review``, ``suspended`` and ``leech``. A suspended card still has its
scheduling state, so it matches both ``suspended`` and e.g. ``review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lambdaprep.store import STATE_LEARNING, STATE_NEW, STATE_RELEARNING, STATE_REVIEW, CardState, Store

if TYPE_CHECKING:
    from lambdaprep.study.cards import StudyCard

STATES = ("new", "learning", "review", "suspended", "leech")


def state_names(state: CardState | None) -> set[str]:
    """The filter states a card is in."""
    if state is None:
        return {"new"}
    out = set()
    if state.state == STATE_NEW:
        out.add("new")
    elif state.state in (STATE_LEARNING, STATE_RELEARNING):
        out.add("learning")
    elif state.state == STATE_REVIEW:
        out.add("review")
    if state.suspended:
        out.add("suspended")
    if state.leech:
        out.add("leech")
    return out


def state_label(state: CardState | None) -> str:
    """One word for a list: suspended/leech first, then the scheduling state."""
    names = state_names(state)
    for n in ("leech", "suspended", "learning", "review", "new"):
        if n in names:
            return n
    return "new"


@dataclass(frozen=True, slots=True)
class Filters:
    text: str = ""
    pack: str | None = None
    topic: str | None = None
    tag: str | None = None
    state: str | None = None


def search(cards: Mapping[str, StudyCard], states: Mapping[str, CardState], f: Filters) -> list[str]:
    """Keys of the cards matching every filter, in catalog order.

    ``text`` matches (case-insensitively, every word) the key, front, back, topic and tags.
    """
    words = f.text.lower().split()
    out = []
    for key, card in cards.items():
        if f.pack and card.pack != f.pack:
            continue
        if f.topic and card.topic != f.topic:
            continue
        if f.tag and f.tag not in card.tags:
            continue
        if f.state and f.state not in state_names(states.get(key)):
            continue
        if words:
            hay = " ".join((key, card.front, card.back, card.topic, " ".join(card.tags), card.context)).lower()
            if not all(w in hay for w in words):
                continue
        out.append(key)
    return out


def facets(cards: Mapping[str, StudyCard]) -> tuple[list[str], list[str], list[str]]:
    """Sorted packs, topics and tags present among ``cards``."""
    packs, topics, tags = set(), set(), set()
    for c in cards.values():
        packs.add(c.pack)
        topics.add(c.topic)
        tags.update(c.tags)
    return sorted(packs), sorted(topics), sorted(tags)


def set_suspended(store: Store, key: str, suspended: bool, now_ms: int) -> CardState:
    """Suspend or unsuspend a card (a never-studied card gets a row, still new)."""
    st = store.card(key) or CardState(key)
    return store.put_card(replace(st, suspended=suspended, updated_at=now_ms))


def reset_card(store: Store, key: str, now_ms: int) -> CardState:
    """Forget a card's progress: it becomes new again (unsuspended, no leech tag).

    Its review history stays in the log (the log is append-only), so statistics of
    past days do not change.
    """
    st = store.card(key)
    fresh = CardState(key, id=st.id if st else None, updated_at=now_ms)
    return store.put_card(fresh)


def retrievability(state: CardState | None, now: dt.datetime, settings: object | None = None) -> float | None:
    """Current probability of recall (None for a card never studied)."""
    if state is None or state.state == STATE_NEW:
        return None
    from lambdaprep.study.scheduler import Scheduler

    return Scheduler(settings).retrievability(state, now)  # type: ignore[arg-type]


