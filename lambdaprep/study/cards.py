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
    """Position in the catalog (new cards are introduced in this order)."""


def card_from_content(card: Card, catalog: Catalog, order: int = 0) -> StudyCard:
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
    )


def card_from_limit(row: LimitRow, catalog: Catalog, order: int = 0) -> StudyCard:
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
    )


def study_cards(catalog: Catalog) -> dict[str, StudyCard]:
    """Every drillable card of the catalog, in catalog order (cards, then limit rows)."""
    out: dict[str, StudyCard] = {}
    for card in catalog.cards.values():
        out[card.key] = card_from_content(card, catalog, len(out))
    for row in catalog.limits.values():
        if row.key not in out:
            out[row.key] = card_from_limit(row, catalog, len(out))
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
