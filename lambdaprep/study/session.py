"""A drill session: the queue, answers, undo, suspend/bury/flag.

Order of cards (``normal`` mode):

1. learning and relearning cards whose step is due come back first;
2. otherwise the main queue: due review cards, most at-risk first (lowest
   retrievability), with new cards spread evenly among them;
3. when the main queue is empty, learning cards due within
   ``learn_ahead_minutes`` are shown early; then the session is over.

Limits: reviews per day and new cards per day are counted from the review log
of the current study day, so they hold across restarts. ``new_limit`` (the
CLI's ``--new N``) replaces today's remaining new-card allowance for one session.

Custom study modes: ``review_ahead`` (review cards due within ``ahead_days``,
rescheduled normally), ``forgotten`` (cards rated Again today), ``flagged`` (every
flagged card, due or not, studied ones by due date and then new ones; answers are saved
and reschedule the card like any review), ``cram`` (all filtered cards; answers are not
saved and the schedule is not touched).

Every answer is committed (card state + review log, one transaction) before
:meth:`DrillSession.answer` returns. :meth:`DrillSession.undo` reverses the last
answer (or suspend/bury/flag) exactly, in the database and in the queue.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Literal

from lambdaprep.store import STATE_LEARNING, STATE_NEW, STATE_RELEARNING, STATE_REVIEW, CardState, StaleCard, Store
from lambdaprep.study.cards import StudyCard, filter_cards, new_card_order
from lambdaprep.study.newcards import find_new_cards
from lambdaprep.study.clock import Clock, SystemClock, from_ms, study_day, to_ms, today_bounds
from lambdaprep.study.deadline import new_limit
from lambdaprep.study.followup import new_front
from lambdaprep.study.scheduler import AGAIN, GOOD, RATINGS, Outcome, Scheduler
from lambdaprep.study.settings import StudySettings

Mode = Literal["normal", "review_ahead", "forgotten", "flagged", "cram"]
MODES: tuple[Mode, ...] = ("normal", "review_ahead", "forgotten", "flagged", "cram")


@dataclass(slots=True)
class Item:
    card: StudyCard
    state: CardState

    @property
    def key(self) -> str:
        return self.card.key


@dataclass(frozen=True, slots=True)
class AnswerResult:
    outcome: Outcome
    log_id: int | None
    """None in cram mode (nothing is saved)."""
    leech: bool


@dataclass(frozen=True, slots=True)
class Summary:
    cards: int
    again: int
    seconds: float
    next_due: dt.datetime | None
    mode: Mode

    @property
    def again_rate(self) -> float:
        return self.again / self.cards if self.cards else 0.0


@dataclass(slots=True)
class _Undo:
    kind: Literal["answer", "card"]
    item: Item
    snapshot: tuple[object, ...]
    log_id: int | None = None
    before: CardState | None = None
    before_stored: bool = False
    after: CardState | None = None
    """For a card action: the state it wrote (undo checks the card still has it)."""


@dataclass
class _Learning:
    """Learning cards waiting for their step, sorted by due time."""

    items: list[tuple[int, int, Item]] = field(default_factory=list)
    seq: int = 0

    def push(self, due: int, item: Item) -> None:
        self.seq += 1
        bisect.insort(self.items, (due, self.seq, item), key=lambda t: (t[0], t[1]))

    def peek_due(self) -> int | None:
        return self.items[0][0] if self.items else None

    def pop(self) -> Item:
        return self.items.pop(0)[2]

    def copy(self) -> _Learning:
        return _Learning(list(self.items), self.seq)


class DrillSession:
    def __init__(
        self,
        store: Store,
        cards: dict[str, StudyCard],
        *,
        clock: Clock | None = None,
        settings: StudySettings | None = None,
        mode: Mode = "normal",
        packs: tuple[str, ...] | list[str] = (),
        topics: tuple[str, ...] | list[str] = (),
        tags: tuple[str, ...] | list[str] = (),
        new_limit: int | None = None,
        ahead_days: float = 1.0,
        record_session: bool = True,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown drill mode {mode!r}")
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.settings = settings or StudySettings.load(store)
        self.scheduler = Scheduler(self.settings, self.clock.tz)
        self.mode: Mode = mode
        self.filters = {"packs": list(packs), "topics": list(topics), "tags": list(tags)}
        # new cards are introduced in the order the settings choose (curriculum by default)
        self.all_cards = new_card_order(cards, self.settings.new_card_order)
        self.cards = filter_cards(self.all_cards, packs=packs, topics=topics, tags=tags)
        self.new_limit = new_limit
        self.ahead_days = ahead_days

        self.main: deque[Item] = deque()
        self.learning = _Learning()
        self.current: Item | None = None
        self.previews: dict[int, Outcome] | None = None
        self.shown_at: int | None = None
        self.done = 0
        self.again = 0
        self.new_shown = 0
        self.reviews_shown = 0
        self.notices: list[str] = []
        self._undo: list[_Undo] = []
        self._started = self.clock.monotonic()
        self._paused = 0.0
        self._paused_at: float | None = None
        self._build()
        self.session_id = (
            store.start_session(mode, self.filters, to_ms(self.clock.now())) if record_session and mode != "cram" else None
        )

    # ------------------------------------------------------------ queue

    @property
    def ratings(self) -> tuple[int, ...]:
        return (AGAIN, GOOD) if self.settings.grading == "pass_fail" else RATINGS

    @property
    def now_ms(self) -> int:
        return to_ms(self.clock.now())

    def _build(self) -> None:
        now = self.clock.now()
        now_ms = to_ms(now)
        day_start, day_end = today_bounds(self.clock, self.settings.day_starts_hour)
        self.day_start, self.day_end = day_start, day_end
        if self.mode == "cram":
            states = self.store.cards(self.cards)
            items = [Item(c, states.get(k) or CardState(k)) for k, c in self.cards.items() if not (k in states and states[k].suspended)]
            self.main.extend(items)
            return
        if self.mode == "forgotten":
            keys = [k for k in self.store.keys_reviewed(day_start, ratings=[AGAIN]) if k in self.cards]
            states = self.store.cards(keys)
            for k in keys:
                st = states.get(k)
                if st is not None and not st.suspended and st.state != STATE_NEW:
                    self.main.append(Item(self.cards[k], st))
            return
        if self.mode == "flagged":
            # what `f` marked: studied cards by due date, then new ones (the store orders them)
            self.main.extend(Item(self.cards[st.card_key], st) for st in self.store.flagged_cards() if st.card_key in self.cards)
            return
        if self.mode == "review_ahead":
            horizon = now_ms + int(self.ahead_days * 86_400_000)
            scheduled = [s for s in self.store.due_cards(now_ms, until=horizon) if s.card_key in self.cards]
            reviews = sorted((s for s in scheduled if s.state == STATE_REVIEW), key=lambda s: (s.due or 0, s.card_key))
            self.main.extend(Item(self.cards[s.card_key], s) for s in reviews)
            return
        # learning and relearning cards due today come back when their step is due
        for s in self.store.learning_cards(now_ms, max(day_end, now_ms)):
            if s.card_key in self.cards:
                self.learning.push(s.due or 0, Item(self.cards[s.card_key], s))
        # due reviews, most at-risk first, up to what is left of today's review limit
        done_reviews = self.store.count_reviews(day_start, day_end, state_before=[STATE_REVIEW])
        review_limit = self.settings.reviews_per_day
        deadline = self.settings.deadline()
        if deadline is not None:
            review_limit = deadline.review_limit(review_limit, study_day(now, self.clock.tz, self.settings.day_starts_hour))
        left_reviews = max(0, review_limit - done_reviews)
        review_ids: list[int] = []
        if left_reviews:
            with contextlib.closing(self.store.due_review_keys(now_ms)) as due:
                for row_id, key in due:
                    if key in self.cards:
                        review_ids.append(row_id)
                        if len(review_ids) >= left_reviews:
                            break
        reviews = self.store.cards_by_id(review_ids)
        if self.new_limit is not None:
            allowance = max(0, self.new_limit)
        else:
            introduced = self.store.count_reviews(day_start, day_end, state_before=[STATE_NEW])
            today = study_day(now, self.clock.tz, self.settings.day_starts_hour)
            limit = new_limit(self.store, self.all_cards, self.settings.new_per_day, self.settings.deadline(), today, introduced)
            allowance = max(0, limit - introduced)
        # cards a quiz or mock mistake queued come first (within the same allowance)
        front = [k for k in new_front(self.store) if k in self.cards][:allowance] if allowance else []
        if front:
            probe = self.store.probe(front)
            front = [
                k for k in front
                if k not in probe or (probe[k][0] == STATE_NEW and not probe[k][1] and (probe[k][2] or 0) <= now_ms)
            ]
        new_keys = front + [
            k for k in find_new_cards(self.store, self.all_cards, self.cards, allowance, now_ms) if k not in set(front)
        ]
        new_keys = new_keys[:allowance]
        stored = self.store.cards(new_keys)
        new = [Item(self.cards[k], stored.get(k) or CardState(k)) for k in new_keys]
        self.main.extend(_interleave([Item(self.cards[s.card_key], s) for s in reviews], new))

    def left(self) -> int:
        """Cards still to show in this session (the current one included)."""
        return len(self.main) + len(self.learning.items) + (1 if self.current is not None else 0)

    def counts(self) -> dict[str, int]:
        """Remaining by kind: new, learning, review (the current card included)."""
        out = {"new": 0, "learning": 0, "review": 0}
        items = list(self.main) + [t[2] for t in self.learning.items] + ([self.current] if self.current else [])
        for it in items:
            out[_kind(it.state)] += 1
        return out

    def next(self) -> StudyCard | None:
        """Move to the next card (None when the session is over)."""
        if self.current is not None:
            return self.current.card
        now_ms = self.now_ms
        due = self.learning.peek_due()
        item: Item | None = None
        if due is not None and due <= now_ms:
            item = self.learning.pop()
        elif self.main:
            item = self.main.popleft()
        elif due is not None and due <= now_ms + int(self.settings.learn_ahead_minutes * 60_000):
            item = self.learning.pop()
        if item is None:
            return None
        self.current = item
        self.previews = None
        self.shown_at = now_ms
        return item.card

    def preview(self) -> dict[int, Outcome]:
        """The outcome of each rating for the current card (computed once per showing)."""
        if self.current is None:
            raise RuntimeError("no current card")
        if self.previews is None:
            self.previews = self.scheduler.preview(self.current.state, self.clock.now(), self.ratings)
        return self.previews

    def _snapshot(self) -> tuple[object, ...]:
        return (
            deque(self.main),
            self.learning.copy(),
            self.done,
            self.again,
            self.new_shown,
            self.reviews_shown,
        )

    def _restore(self, snap: tuple[object, ...]) -> None:
        main, learning, self.done, self.again, self.new_shown, self.reviews_shown = snap  # type: ignore[assignment]
        self.main = main  # type: ignore[assignment]
        self.learning = learning  # type: ignore[assignment]

    def answer(self, rating: int) -> AnswerResult:
        """Save the previewed outcome of ``rating`` for the current card (committed on return)."""
        if self.current is None:
            raise RuntimeError("no current card")
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, not {rating!r}")
        if self.settings.grading == "pass_fail" and rating not in self.ratings:
            rating = GOOD
        item = self.current
        outcome = self.preview()[rating]
        snap = self._snapshot()
        now_ms = self.now_ms
        answer_ms = max(0, now_ms - (self.shown_at or now_ms))
        log_id: int | None = None
        if self.mode == "cram":
            stored = item.state
            if rating == AGAIN:
                pos = min(len(self.main), 3)
                self.main.insert(pos, item)
        else:
            before_stored = item.state.id is not None
            try:
                log_id, stored = self.store.record_review(
                    item.state if before_stored else None,
                    outcome.after,
                    rating=rating,
                    reviewed_at=outcome.reviewed_at,
                    answer_ms=answer_ms,
                    session_id=self.session_id,
                )
            except StaleCard:
                # another lambdaprep answered this card meanwhile: its answer stands, we move on
                self.current = None
                self.previews = None
                raise
            if outcome.leech:
                self.notices.append(leech_notice(item.card, stored.lapses))
            elif stored.state in (STATE_LEARNING, STATE_RELEARNING) and not stored.suspended and (stored.due or 0) < self.day_end:
                self.learning.push(stored.due or 0, Item(item.card, stored))
        self._undo.append(_Undo("answer", item, snap, log_id, item.state, item.state.id is not None))
        self.done += 1
        self.again += rating == AGAIN
        if item.state.state == STATE_NEW:
            self.new_shown += 1
        elif item.state.state == STATE_REVIEW:
            self.reviews_shown += 1
        self.current = None
        self.previews = None
        self._save_progress()
        return AnswerResult(outcome, log_id, outcome.leech)

    def undo(self) -> StudyCard | None:
        """Undo the last answer (or suspend/bury/flag) exactly; that card becomes current again."""
        if not self._undo:
            return None
        entry = self._undo[-1]
        try:
            if entry.kind == "answer" and entry.log_id is not None:
                self.store.undo_review(entry.log_id)
            elif entry.kind == "card":
                self.store.restore_card(entry.item.key, entry.before if entry.before_stored else None, expected=entry.after)
        except StaleCard:  # changed in another lambdaprep since: that change stands and cannot be undone here
            self._undo.pop()
            raise
        self._undo.pop()  # only once the database agreed: a busy store can be asked again
        # the snapshot was taken with the undone card on screen: the card shown
        # since then is back in its queue, every counter as it was
        self._restore(entry.snapshot)
        self.current = entry.item
        self.previews = None
        self.shown_at = self.now_ms
        self._save_progress()
        return entry.item.card

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # ------------------------------------------------------------ card actions

    def _card_action(self, change: dict[str, object], *, leave: bool) -> CardState:
        if self.current is None:
            raise RuntimeError("no current card")
        item = self.current
        snap = self._snapshot()
        after = replace(item.state, **change, updated_at=self.now_ms)  # type: ignore[arg-type]
        try:
            # the same changed-card check as answers: another lambdaprep may have answered it meanwhile
            stored = self.store.put_card(after, expected=item.state if item.state.id is not None else None)
        except StaleCard:
            self.current = None
            self.previews = None
            raise
        self._undo.append(_Undo("card", item, snap, None, item.state, item.state.id is not None, stored))
        if leave:
            self.current = None
            self.previews = None
        else:
            self.current = Item(item.card, stored)
            if self.previews is not None:
                # keep the intervals already shown: only the changed fields follow along
                self.previews = {
                    r: replace(o, before=stored, after=replace(o.after, **change)) for r, o in self.previews.items()  # type: ignore[arg-type]
                }
        return stored

    def suspend(self) -> CardState:
        """Suspend the current card (it leaves the session and every queue until unsuspended)."""
        return self._card_action({"suspended": True}, leave=True)

    def bury(self) -> CardState:
        """Hide the current card until the next study day starts."""
        return self._card_action({"buried_until": self.day_end}, leave=True)

    def toggle_flag(self, flag: int = 1) -> CardState:
        """Flag (or unflag) the current card; it stays on screen."""
        assert self.current is not None
        return self._card_action({"flag": 0 if self.current.state.flag == flag else flag}, leave=False)

    # ------------------------------------------------------------ summary

    def pause(self) -> None:
        """Stop the session clock (the drill screen is not on screen)."""
        if self._paused_at is None:
            self._paused_at = self.clock.monotonic()

    def resume(self) -> None:
        if self._paused_at is not None:
            away = self.clock.monotonic() - self._paused_at
            self._paused += away
            self._paused_at = None
            if self.shown_at is not None:
                self.shown_at += int(away * 1000)  # the answer time leaves the time away out too

    def elapsed(self) -> float:
        """Seconds the session has been on screen (paused time left out)."""
        now = self._paused_at if self._paused_at is not None else self.clock.monotonic()
        return now - self._started - self._paused

    def _save_progress(self) -> None:
        if self.session_id is not None:
            self.store.update_session(self.session_id, cards=self.done, again=self.again, duration_ms=int(self.elapsed() * 1000))

    def finish(self) -> Summary:
        if self.session_id is not None:
            self.store.update_session(
                self.session_id, cards=self.done, again=self.again, duration_ms=int(self.elapsed() * 1000), finished_at=self.now_ms
            )
        return self.summary()

    def summary(self) -> Summary:
        nxt = self.store.next_due(self.now_ms)
        return Summary(self.done, self.again, self.elapsed(), from_ms(nxt) if nxt is not None else None, self.mode)


def leech_notice(card: StudyCard, lapses: int, width: int = 60) -> str:
    """What the drill says when a card becomes a leech: its question (shortened, Markdown
    marks dropped) rather than its key, and the lapses counted in words a person would use."""
    import re
    import textwrap

    question = re.sub(r"[*_`#>]+", "", " ".join(card.front.split()))
    question = textwrap.shorten(question, width, placeholder="…") or card.key
    times = "once" if lapses == 1 else f"{lapses} times"
    return f"Leech: “{question}” has lapsed {times}; it was tagged and suspended (Browse, is:leech, to see it)."


def _kind(state: CardState) -> str:
    if state.state == STATE_NEW:
        return "new"
    if state.state in (STATE_LEARNING, STATE_RELEARNING):
        return "learning"
    return "review"


def _interleave(reviews: list[Item], new: list[Item]) -> list[Item]:
    """Spread new cards evenly through the reviews (all new first when there are no reviews)."""
    if not new or not reviews:
        return reviews + new
    out: list[Item] = []
    step = (len(reviews) + len(new)) / len(new)
    positions = {int(i * step + step / 2) for i in range(len(new))}
    ri = ni = 0
    for pos in range(len(reviews) + len(new)):
        if (pos in positions and ni < len(new)) or ri >= len(reviews):
            out.append(new[ni])
            ni += 1
        else:
            out.append(reviews[ri])
            ri += 1
    return out
