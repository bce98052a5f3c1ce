"""Finding the next new cards quickly, even in a very large collection."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from lambdaprep.store import STATE_NEW, Store

__all__ = ["catalog_fingerprint", "find_new_cards"]

BULK_SCAN_OVER = 5000
"""Catalog size above which a scan without a hint reads the settled keys in one query."""


def catalog_fingerprint(cards: Mapping[str, object]) -> str:
    """A hash of the catalog's card keys in order (the new-card hint is only valid for it)."""
    return hashlib.sha1("\x00".join(cards).encode()).hexdigest()


def find_new_cards(
    store: Store,
    all_cards: Mapping[str, object],
    cards: Mapping[str, object],
    allowance: int,
    now_ms: int,
) -> list[str]:
    """The first ``allowance`` cards of ``cards`` (a subset of ``all_cards``, in catalog order)
    that are new and visible (never studied, not suspended, not buried).

    Cards are new in catalog order, so studied cards form (mostly) a prefix of the
    catalog. The store keeps a hint — how many leading cards are settled (studied,
    or suspended while new) — so a big collection is not re-checked card by card;
    triggers in the database forget the hint whenever a settled card becomes new
    again. Without a valid hint the scan starts at the beginning and sets one.
    """
    if allowance <= 0 or not cards:
        return []
    keys = list(all_cards)
    fp = catalog_fingerprint(all_cards)
    start = min(store.new_hint(fp), len(keys))
    unfiltered = len(cards) == len(all_cards)
    found: list[str] = []
    first_unsettled: int | None = None
    i = start
    size = 64
    if start == 0 and len(keys) > BULK_SCAN_OVER:
        # no hint for a big catalog: one pass over the settled keys beats chunked probes
        settled_keys = store.settled_keys()
        while i < len(keys) and (keys[i] in settled_keys or keys[i] not in cards):
            i += 1
    while i < len(keys) and len(found) < allowance:
        chunk = keys[i : i + size]
        wanted = [k for k in chunk if k in cards]
        rows = store.probe(wanted) if wanted else {}
        for j, k in enumerate(chunk):
            if k not in cards:
                continue
            row = rows.get(k)
            state, suspended, buried = row if row is not None else (STATE_NEW, False, None)
            settled = state != STATE_NEW or suspended
            if not settled and first_unsettled is None:
                first_unsettled = i + j
            if state == STATE_NEW and not suspended and (buried is None or buried <= now_ms):
                found.append(k)
                if len(found) >= allowance:
                    break
        i += len(chunk)
        size = min(size * 2, 900)
    if unfiltered:
        pos = first_unsettled if first_unsettled is not None else i
        if pos != start:
            store.set_new_hint(fp, pos)
    return found
