"""Drillable cards: every content card plus one card per limits row.

A :class:`StudyCard` is what a drill shows. Its ``key`` is the content key
(``pack/item-id``; for a limit row, the row's key ``pack/limit-id``), which is
also the key of its progress in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.content.models import Card, LimitRow


@dataclass(frozen=True, slots=True)
class StudyCard:
    key: str
    pack: str
    topic: str
    tags: tuple[str, ...]
    front: str
    """Markdown."""
    back: str
    """Markdown."""
    kind: Literal["card", "limit"] = "card"
    diagram: str | None = None
    """Catalog key of a diagram shown under the answer."""
    source: str | None = None
    as_of: dt.date | None = None
    context: str = ""
    """A short line shown above the front (e.g. the limits table's title)."""
    order: int = field(default=0, compare=False)
    """Position in the catalog."""
    topic_rank: int | None = field(default=None, compare=False)
    """Position of the card's topic in the teaching order (:attr:`Catalog.curriculum`); None: not in it."""
    teach_order: int | None = field(default=None, compare=False)
    """The card's own ``order`` within its topic (None: file order)."""


def card_from_content(card: Card, catalog: Catalog, order: int = 0, topic_rank: int | None = None) -> StudyCard:
    diagram = catalog.diagram_for(card)
    return StudyCard(
        key=card.key,
        pack=card.pack,
        topic=card.topic,
        tags=tuple(card.tags),
        front=card.front,
        back=card.back,
        kind="card",
        diagram=diagram.key if diagram is not None else None,
        source=card.source,
        as_of=card.as_of,
        context=catalog.topic_title(card.topic),
        order=order,
        topic_rank=topic_rank,
        teach_order=card.order,
    )


def card_from_limit(row: LimitRow, catalog: Catalog, order: int = 0, topic_rank: int | None = None) -> StudyCard:
    from lambdaprep.units import format_number, format_quantity

    table = catalog.limit_tables.get(f"{row.pack}/{row.table}")
    value = format_quantity(row.value, row.unit)
    lines = [f"**{row.display}**"]
    if format_number(row.value).replace(",", "") not in row.display.replace(",", ""):
        lines[0] += f" ({value})"
    lines.append("")
    lines.append("Adjustable: a quota AWS can raise on request." if row.adjustable else "A hard limit: it cannot be raised.")
    extra = []
    if row.default is not None:
        extra.append(f"default {format_quantity(row.default, row.unit)}")
    if row.minimum is not None:
        extra.append(f"minimum {format_quantity(row.minimum, row.unit)}")
    if extra:
        lines.append("")
        lines.append(", ".join(extra).capitalize() + ".")
    if row.notes:
        lines += ["", row.notes]
    if row.source:
        lines += ["", f"Source: {row.source}" + (f" (as of {row.as_of.isoformat()})" if row.as_of else "")]
    return StudyCard(
        key=row.key,
        pack=row.pack,
        topic=row.topic,
        tags=tuple(dict.fromkeys([*row.tags, *(table.tags if table else []), "limit"])),
        front=f"What is the limit: **{row.name}**?",
        back="\n".join(lines),
        kind="limit",
        source=row.source,
        as_of=row.as_of,
        context=table.title if table is not None else "Limits",
        order=order,
        topic_rank=topic_rank,
    )


def study_cards(catalog: Catalog) -> dict[str, StudyCard]:
    """Every drillable card of the catalog, in catalog order (cards, then limit rows)."""
    out: dict[str, StudyCard] = {}
    ranks = {t: i for i, t in enumerate(catalog.curriculum)}
    for card in catalog.cards.values():
        out[card.key] = card_from_content(card, catalog, len(out), ranks.get(card.topic))
    for row in catalog.limits.values():
        if row.key not in out:
            out[row.key] = card_from_limit(row, catalog, len(out), ranks.get(row.topic))
    return out


NEW_ORDERS = ("curriculum", "topic", "random")
CURRICULUM_SPREAD = 3.0
"""In curriculum order, each topic's new cards are spread over this many topics' worth of the queue,
so about three neighbouring topics are interleaved at any time (fundamentals first)."""

_ORDER_CACHE: dict[tuple[int, int, str], tuple[dict[str, StudyCard], dict[str, StudyCard]]] = {}
"""Recent orderings, holding their source dict (so an id is never reused while cached)."""


def new_card_order(cards: dict[str, StudyCard], how: str = "curriculum") -> dict[str, StudyCard]:
    """``cards`` re-ordered for introducing new cards (drills take new cards in this order).

    ``curriculum``: topics in teaching order, neighbouring topics interleaved (card ``i`` of ``n``
    in the ``t``-th topic sorts at ``t + 3·(i + ½)/n``); ``topic``: one topic at a time;
    ``random``: a fixed shuffle (by a hash of each key, so it is the same every day).
    Within a topic: the cards' ``order``, then file order. Cards whose topic is in no pack's
    teaching order keep the order of ``cards``, after the others.
    """
    if how != "random" and all(c.topic_rank is None for c in cards.values()):
        return cards  # no teaching order known: catalog order
    cache_key = (id(cards), len(cards), how)
    hit = _ORDER_CACHE.get(cache_key)
    if hit is not None and hit[0] is cards:
        return hit[1]
    if how == "random":
        import zlib

        keys = sorted(cards, key=lambda k: (zlib.crc32(k.encode()), k))
    else:
        by_topic: dict[tuple[int, str], list[tuple[int, StudyCard]]] = {}
        unranked: list[str] = []
        for pos, c in enumerate(cards.values()):
            if c.topic_rank is None:
                unranked.append(c.key)
            else:
                by_topic.setdefault((c.topic_rank, c.topic), []).append((pos, c))
        scored: list[tuple[float, int, str]] = []
        for t, (_, group) in enumerate(sorted(by_topic.items(), key=lambda kv: kv[0])):
            group.sort(key=lambda pc: (pc[1].teach_order is None, pc[1].teach_order or 0, pc[0]))
            n = len(group)
            for i, (pos, c) in enumerate(group):
                score = t + CURRICULUM_SPREAD * (i + 0.5) / n if how == "curriculum" else t + i / n
                scored.append((score, pos, c.key))
        scored.sort()
        keys = [k for _, _, k in scored] + unranked
    out = {k: cards[k] for k in keys}
    if len(_ORDER_CACHE) > 8:
        _ORDER_CACHE.clear()
    _ORDER_CACHE[cache_key] = (cards, out)
    return out


def filter_cards(
    cards: dict[str, StudyCard],
    *,
    packs: Iterable[str] = (),
    topics: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> dict[str, StudyCard]:
    """Cards in any of ``packs`` AND any of ``topics`` AND with any of ``tags`` (empty = no filter)."""
    ps, ts, gs = set(packs), set(topics), set(tags)
    if not (ps or ts or gs):
        return cards
    return {
        k: c
        for k, c in cards.items()
        if (not ps or c.pack in ps) and (not ts or c.topic in ts) and (not gs or gs.intersection(c.tags))
    }
