"""Review logs as plain events, for fitting FSRS: ours, and an Anki collection's (read-only).

Both readers stream rows ordered by card then time, so a million-review log is never
held in memory as SQLite rows. Nothing here writes: an Anki collection is opened with
``mode=ro`` (and, if its journal needs it, ``immutable=1``), never modified.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lambdaprep.errors import LambdaprepError

if TYPE_CHECKING:
    from lambdaprep.store.store import Store


@dataclass(frozen=True, slots=True)
class RatedReview:
    """One rated review: which card, when (epoch ms, UTC), the rating 1–4, time taken."""

    card: str
    reviewed_at: int
    rating: int
    duration_ms: int | None = None


def iter_review_log(store: Store) -> Iterator[RatedReview]:
    """Every review in lambdaprep's own log, grouped by card (in log order; callers sort a card's reviews by time).

    Ordered by the ``review_log_card`` index, so a million rows stream without a sort.
    """
    cur = store._con.conn.execute(  # noqa: SLF001 - the store package's own connection; streamed, not fetched
        "SELECT card_key, reviewed_at, rating, answer_ms FROM review_log ORDER BY card_key, id"
    )
    for key, at, rating, answer_ms in cur:
        yield RatedReview(str(key), int(at), int(rating), None if answer_ms is None else int(answer_ms))


# Anki's revlog.type: 0 learning, 1 review, 2 relearning, 3 filtered (cram), 4 manual, 5 rescheduled.
_ANKI_MANUAL = (4, 5)


@dataclass(frozen=True, slots=True)
class AnkiRead:
    events: list[RatedReview]
    ignored_manual: int
    """Manual reschedules / "set due date" / "forget" rows, which are not reviews."""
    ignored_other: int
    """Rows without a 1–4 answer (e.g. cram in a filtered deck that did not reschedule)."""


def read_anki_revlog(path: Path) -> AnkiRead:
    """The review log of an Anki collection (``collection.anki2``/``.anki21``), opened read-only.

    A "forget" (a manual entry with interval 0) starts the card's history afresh, as in Anki's
    own FSRS: the reviews before it describe a memory the user chose to reset.
    """
    path = Path(path)
    if not path.is_file():
        raise LambdaprepError(f"{path}: no such file (give the path of collection.anki2 or collection.anki21)")
    con = _open_readonly(path)
    try:
        try:
            cur = con.execute("SELECT id, cid, ease, ivl, type FROM revlog ORDER BY cid, id")
        except sqlite3.DatabaseError as exc:
            raise LambdaprepError(f"{path}: not an Anki collection ({exc})") from None
        events: list[RatedReview] = []
        manual = other = 0
        current: int | None = None
        card_events: list[RatedReview] = []
        for rid, cid, ease, ivl, rtype in cur:
            if cid != current:
                events.extend(card_events)
                card_events = []
                current = cid
            if rtype in _ANKI_MANUAL or ease == 0:
                if rtype in _ANKI_MANUAL:
                    manual += 1
                    if rtype == 4 and ivl == 0 and ease == 0:
                        card_events = []  # "forget": the card starts again as new
                else:
                    other += 1
                continue
            if not 1 <= int(ease) <= 4:
                other += 1
                continue
            card_events.append(RatedReview(f"anki/{cid}", int(rid), int(ease)))
        events.extend(card_events)
        return AnkiRead(events, manual, other)
    except sqlite3.DatabaseError as exc:
        raise LambdaprepError(f"{path}: cannot read the Anki collection ({exc})") from None
    finally:
        con.close()


def _open_readonly(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    try:
        con = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.DatabaseError:
        pass
    try:
        # A WAL collection in a folder we may not write to: read the main file as it stands.
        con = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.DatabaseError as exc:
        raise LambdaprepError(f"{path}: not an SQLite database ({exc})") from None
