"""Which facts have not been re-checked for a while (``lambdaprep packs --stale DAYS``).

An item's *last checked* date is its ``verified`` date, or its ``as_of`` when it has
none (``as_of`` is when the fact was written down as true). Plain Python over a
:class:`~lambdaprep.content.catalog.Catalog`; the caller supplies today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog

# Catalog index → the kind shown to people.
KINDS: tuple[tuple[str, str], ...] = (
    ("cards", "card"),
    ("limits", "limit"),
    ("quiz", "quiz"),
    ("diagrams", "diagram"),
    ("mock_prompts", "mock prompt"),
    ("price_books", "price book"),
    ("coldstart_profiles", "cold-start profile"),
)


@dataclass(frozen=True, slots=True)
class StaleItem:
    key: str
    kind: str
    checked: dt.date
    verified: bool
    """True when ``checked`` is a ``verified`` date, false when it falls back to ``as_of``."""
    age_days: int
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "last_checked": self.checked.isoformat(),
            "from": "verified" if self.verified else "as_of",
            "age_days": self.age_days,
            "source": self.source,
        }


def last_checked(item: Any) -> tuple[dt.date, bool] | None:
    verified = getattr(item, "verified", None)
    if isinstance(verified, dt.date):
        return verified, True
    as_of = getattr(item, "as_of", None)
    if isinstance(as_of, dt.date):
        return as_of, False
    return None


def _items(catalog: Catalog) -> Iterator[tuple[str, Any]]:
    for index, kind in KINDS:
        for item in getattr(catalog, index).values():
            yield kind, item


def stale_items(catalog: Catalog, days: int, today: dt.date) -> list[StaleItem]:
    """Items last checked more than ``days`` days before ``today``, oldest first."""
    if days < 0:
        raise ValueError("days must not be negative")
    out: list[StaleItem] = []
    for kind, item in _items(catalog):
        found = last_checked(item)
        if found is None:
            continue
        checked, verified = found
        age = (today - checked).days
        if age > days:
            source = getattr(item, "source", None) or ""
            out.append(StaleItem(item.key, kind, checked, verified, age, str(source)))
    out.sort(key=lambda s: (s.checked, s.key))
    return out


def pack_as_of(pack: Any) -> dt.date:
    """The date a pack's facts are current as of: the newest of its manifest's ``as_of`` and
    every item's last-checked date (a fact re-checked or added after the manifest was
    written moves it on; Home shows this date)."""
    newest: dt.date = pack.manifest.as_of
    for items in pack.items.values():
        for item in items:
            found = last_checked(item)
            if found is not None and found[0] > newest:
                newest = found[0]
    return newest
