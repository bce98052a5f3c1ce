"""Card browser logic: search and filter study cards with their progress (no Textual).

A query is words plus optional ``field:value`` filters, Anki style:
``cold start tag:snapstart is:review pack:lambda topic:cold-starts``. Words must all
appear in the card's front, back, topic or tags (case-insensitive).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lambdaprep.store import STATE_NEW, CardState

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.cards import StudyCard

STATES = ("new", "learning", "review", "suspended", "leech")
"""What ``is:`` accepts (and the state filter offers)."""

_STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def state_name(state: CardState | None) -> str:
    if state is None:
        return "new"
    if state.suspended:
        return "suspended"
    return _STATE_NAMES.get(state.state, "new")


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, *, topic: str | None = None, state: str | None = None) -> Query:
        words: list[str] = []
        fields: dict[str, list[str]] = {"pack": [], "topic": [], "tag": [], "is": []}
        for token in text.split():
            name, sep, value = token.partition(":")
            if sep and name.lower() in fields and value:
                fields[name.lower()].append(value.lower())
            else:
                words.append(token.lower())
        if topic:
            fields["topic"].append(topic)
        if state:
            fields["is"].append(state)
        return cls(tuple(words), tuple(fields["pack"]), tuple(fields["topic"]), tuple(fields["tag"]), tuple(fields["is"]))


def _matches_state(wanted: Iterable[str], state: CardState | None) -> bool:
    wanted = tuple(wanted)
    if not wanted:
        return True
    name = state_name(state)
    for w in wanted:
        if w == "leech" and state is not None and state.leech:
            return True
        if w == "learning" and name in ("learning", "relearning"):
            return True
        if w == name:
            return True
    return False


def search_cards(
    cards: Mapping[str, StudyCard], states: Mapping[str, CardState], query: Query, limit: int | None = None
) -> list[StudyCard]:
    """Cards matching ``query``, in catalog order."""
    out: list[StudyCard] = []
    for key, card in cards.items():
        if query.packs and card.pack.lower() not in query.packs:
            continue
        if query.topics and card.topic.lower() not in query.topics:
            continue
        if query.tags and not set(query.tags) & {t.lower() for t in card.tags}:
            continue
        state = states.get(key)
        if not _matches_state(query.states, state):
            continue
        if query.words:
            hay = f"{card.front}\n{card.back}\n{card.topic}\n{' '.join(card.tags)}".lower()
            if not all(w in hay for w in query.words):
                continue
        out.append(card)
        if limit is not None and len(out) >= limit:
            break
    return out


def set_suspended(store: Store, key: str, suspended: bool, now_ms: int) -> CardState:
    """Suspend or unsuspend a card (a new card gets a state row so it can be suspended)."""
    stored = store.card(key)
    current = stored or CardState(card_key=key)
    return store.put_card(dataclasses.replace(current, suspended=suspended, updated_at=now_ms), expected=stored)


def reset_card(store: Store, key: str, now_ms: int) -> CardState | None:
    """Forget a card's schedule: it becomes new again. Its review history is kept."""
    current = store.card(key)
    if current is None:
        return None
    fresh = CardState(card_key=key, id=current.id, state=STATE_NEW, flag=current.flag, updated_at=now_ms)
    return store.put_card(fresh, expected=current)


def describe_due(state: CardState | None, now: dt.datetime) -> str:
    if state is None or state.state == STATE_NEW or state.due is None:
        return "—"
    due = dt.datetime.fromtimestamp(state.due / 1000, tz=dt.timezone.utc)
    delta = due - now
    if delta.total_seconds() <= 0:
        return "due now"
    days = delta.total_seconds() / 86400
    if days < 1:
        return f"in {max(1, round(delta.total_seconds() / 3600))} h"
    return f"in {round(days)} d"
