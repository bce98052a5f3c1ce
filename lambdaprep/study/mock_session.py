"""A mock interview in progress: timers, submit, self-grading, saving, resuming. No Textual here.

    session = MockSession.build(catalog, "lambda/quick-warmup", seed=1, clock=clock, store=store)
    item = session.current                 # a MockItem; its countdown runs
    session.tick(typed_text)               # a time-out submits the answer as typed
    answer = session.submit(typed_text)    # stored at once; hints and red flags, nothing ticked
    session.toggle(0)                      # the candidate ticks what they covered
    session.next()                         # ticks stored, next prompt (or a follow-up)
    report = session.report                # once finished

Every change that matters is saved as it happens (the answer at submit, ticks when moving
on, the draft when the screen asks for a checkpoint), so a killed terminal loses nothing
submitted; :meth:`MockSession.resume` continues from the saved state.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lambdaprep.study.answers import Check, check_number, check_quantity
from lambdaprep.study.clock import Clock, SystemClock, to_ms
from lambdaprep.study.mock_report import MockReport, build_report
from lambdaprep.study.mock_scoring import given_words, point_hint, red_flags_hit
from lambdaprep.study.mock_types import Expected, ItemAnswer, MockItem
from lambdaprep.study.timers import Countdown

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.store import Store

__all__ = ["MockSession", "Phase", "Persist", "check_expected", "hints_for"]

Phase = Literal["asking", "review", "done"]
Persist = Callable[[Callable[["Store"], Any]], None]
"""Runs a store operation: at once by default; the app passes one that runs it off the UI thread."""
STATE_VERSION = 1


def check_expected(text: str, e: Expected) -> Check:
    """A typed number against the expected value, or any of the other accepted values."""
    first = check_number(text, e.value, e.unit, tolerance=e.tolerance) if e.tolerance else check_quantity(text, e.value, e.unit)
    if first.correct or not e.also:
        return first
    for v in e.also:
        alt = check_number(text, v, e.unit, tolerance=e.tolerance) if e.tolerance else check_quantity(text, v, e.unit)
        if alt.correct:
            return Check(True, first.expected, first.given, alt.value, "")
    return first


def hints_for(item: MockItem, text: str) -> tuple[tuple[str, ...], tuple[float, ...], tuple[int, ...]]:
    """Hint labels and levels per rubric point, and the red flags ``text`` contains."""
    given = given_words(item.text, item.title)
    hs = [point_hint(text, p.groups, given) for p in item.rubric]
    flags = tuple(red_flags_hit(text, [f.groups for f in item.red_flags]))
    return tuple(h.label for h in hs), tuple(h.level for h in hs), flags


def _sync(store: Store | None) -> Persist:
    def run(op: Callable[[Store], Any]) -> None:
        if store is not None:
            op(store)

    return run


@dataclass
class MockSession:
    format_key: str
    format_title: str
    items: list[MockItem]
    total_seconds: float
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None
    allow_pause: bool = False
    topic_titles: dict[str, str] = field(default_factory=dict)
    card_titles: dict[str, str] = field(default_factory=dict)
    adaptive: bool = False
    catalog: Catalog | None = field(default=None, repr=False)
    persist: Persist | None = field(default=None, repr=False)
    """How store operations run (default: at once, on ``store``)."""

    index: int = 0
    phase: Phase = "asking"
    """``asking`` (timer running, answer being typed), ``review`` (self-grading) or ``done``."""
    answers: list[ItemAnswer] = field(default_factory=list)
    draft: str = ""
    session_id: int | None = None
    report: MockReport | None = None
    resumed_from: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.persist is None:
            self.persist = _sync(self.store)
        saved = self.resumed_from or {}
        self._elapsed_before = float(saved.get("elapsed_s", 0.0))
        self.interview = Countdown(self.clock, max(self.total_seconds - self._elapsed_before, 0.0)).start()
        self._started_ms = int(saved.get("started_ms") or to_ms(self.clock.now()))
        self.item_timer: Countdown | None = None
        self._rng = random.Random(saved.get("rng_seed"))
        if self.resumed_from is not None:
            self._restore(saved)
            return
        if self.store is not None:
            self.session_id = self.store.start_mock_session(format_key=self.format_key, started_at=self._started_ms, state=self.state())
        if self.items:
            self._start_item()
        else:
            self._finish()

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        format_name: str | None = None,
        *,
        seed: int | None = None,
        clock: Clock | None = None,
        store: Store | None = None,
        prompts: Iterable[str] | None = None,
        persist: Persist | None = None,
    ) -> MockSession:
        """A session for a format (or for explicit ``prompts`` keys, timed by their minutes)."""
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.mock_plan import expand_prompt, find_format, plan

        rng = random.Random(seed)
        card_keys = set(study_cards(catalog))
        adaptive = False
        if prompts is not None:
            chosen = [catalog.mock_prompts[k] for k in prompts]
            key, title = "custom", "Custom interview"
            total = sum(p.minutes for p in chosen) * 60
            allow_pause = False
        else:
            fmt = find_format(catalog, format_name)
            adaptive = fmt.adaptive
            strength = None
            if adaptive:
                from lambdaprep.study.weakspots import topic_strength

                strength = topic_strength(store, catalog, clock)
            chosen = plan(fmt, catalog, rng, strength)
            key, title, total, allow_pause = fmt.key, fmt.title, fmt.minutes * 60, fmt.allow_pause
        items = [it for p in chosen for it in expand_prompt(p, catalog, rng, card_keys)]
        session = cls(
            key, title, items, total, clock=clock or SystemClock(), store=store, allow_pause=allow_pause,
            topic_titles={t: catalog.topic_title(t) for t in {it.topic for it in items}},
            card_titles=_card_titles(catalog, {k for it in items for k in it.cards}),
            adaptive=adaptive, catalog=catalog, persist=persist,
        )
        return session

    @classmethod
    def resume(
        cls, row: dict[str, Any], *, clock: Clock | None = None, store: Store | None = None, catalog: Catalog | None = None,
        persist: Persist | None = None,
    ) -> MockSession:
        """Continue an interview from its saved row (``store.unfinished_mocks()``)."""
        st = row["state"]
        if int(st.get("v", 0)) != STATE_VERSION:
            raise ValueError("this interview was saved by another version and cannot be resumed")
        items = [MockItem.from_dict(d) for d in st["items"]]
        return cls(
            str(st["format_key"]), str(st["format_title"]), items, float(st["total_seconds"]), clock=clock or SystemClock(), store=store,
            allow_pause=bool(st.get("allow_pause")), topic_titles=dict(st.get("topic_titles", {})),
            card_titles=dict(st.get("card_titles", {})), adaptive=bool(st.get("adaptive")), catalog=catalog, persist=persist,
            session_id=int(row["id"]), resumed_from=st,
        )

    # ------------------------------------------------------------ state

    def state(self) -> dict[str, Any]:
        """Everything needed to resume (JSON-able)."""
        item_elapsed = self.item_timer.elapsed() if self.item_timer is not None and self.phase == "asking" else 0.0
        return {
            "v": STATE_VERSION,
            "format_key": self.format_key,
            "format_title": self.format_title,
            "total_seconds": self.total_seconds,
            "allow_pause": self.allow_pause,
            "adaptive": self.adaptive,
            "topic_titles": self.topic_titles,
            "card_titles": self.card_titles,
            "items": [it.as_dict() for it in self.items],
            "index": self.index,
            "phase": self.phase,
            "answers": [a.as_dict() for a in self.answers],
            "draft": self.draft,
            "elapsed_s": round(self.elapsed(), 3),
            "item_elapsed_s": round(item_elapsed, 3),
            "started_ms": self._started_ms,
            "rng_seed": self._rng.randrange(2**31),
        }

    def _restore(self, st: dict[str, Any]) -> None:
        by_key = {it.key: it for it in self.items}
        for d in st.get("answers", []):
            item = by_key.get(str(d["item"]))
            if item is None:
                continue
            check = check_expected(d["text"], item.expected) if item.expected is not None and not d.get("aloud") else None
            self.answers.append(
                ItemAnswer(
                    item, str(d["text"]), bool(d["aloud"]), bool(d["timed_out"]), float(d["time_s"]), [bool(t) for t in d["ticks"]], check,
                    True, tuple(d.get("hints", ())), tuple(d.get("hint_levels", ())), tuple(d.get("flags_hit", ())),
                    bool(d.get("graded")), d.get("answer_id"),
                )
            )
        self.index = min(int(st.get("index", 0)), len(self.items))
        self.draft = str(st.get("draft", ""))
        if self.index >= len(self.items) or self.interview.expired():
            self._finish()
            return
        if st.get("phase") == "review" and len(self.answers) > self.index:
            self.phase = "review"
            return
        item = self.items[self.index]
        left = max(item.seconds - float(st.get("item_elapsed_s", 0.0)), 1.0)
        self.item_timer = Countdown(self.clock, min(left, max(self.interview.remaining(), 0.0)) or left).start()
        self.phase = "asking"

    def checkpoint(self) -> None:
        """Save the state now (the screen calls this every few seconds while an answer is typed)."""
        if self.session_id is None or self.phase == "done":
            return
        sid, st = self.session_id, self.state()
        self._run(lambda store: store.save_mock_state(sid, st))

    def _run(self, op: Callable[[Store], Any]) -> None:
        assert self.persist is not None
        self.persist(op)

    def elapsed(self) -> float:
        """Seconds of the interview used so far (across resumes)."""
        return self._elapsed_before + self.interview.elapsed()

    # ------------------------------------------------------------ asking

    @property
    def current(self) -> MockItem | None:
        return self.items[self.index] if self.index < len(self.items) and self.phase != "done" else None

    @property
    def current_answer(self) -> ItemAnswer | None:
        return self.answers[self.index] if self.phase == "review" and self.index < len(self.answers) else None

    def _start_item(self) -> None:
        item = self.items[self.index]
        seconds = min(item.seconds, max(self.interview.remaining(), 0.0)) or item.seconds
        self.item_timer = Countdown(self.clock, seconds).start()
        self.draft = ""
        self.phase = "asking"

    def set_draft(self, text: str) -> None:
        self.draft = text

    def expired(self) -> bool:
        return self.interview.expired()

    def tick(self, text: str | None = None) -> ItemAnswer | None:
        """Call often: when the prompt's or the interview's time is up, submits the answer as typed."""
        if text is not None:
            self.draft = text
        if self.phase != "asking" or self.item_timer is None:
            return None
        if self.item_timer.expired() or self.interview.expired():
            return self.submit(self.draft, timed_out=True)
        return None

    def submit(self, text: str | None = None, *, aloud: bool = False, timed_out: bool = False) -> ItemAnswer:
        """Submit the current answer: stored at once, with hints and red flags; the candidate ticks next."""
        if self.phase == "review":
            return self.answers[self.index]
        if self.phase != "asking":
            raise RuntimeError("the interview is over")
        item = self.items[self.index]
        typed = self.draft if text is None else text
        assert self.item_timer is not None
        used = min(self.item_timer.stop(), self.item_timer.seconds)
        check = None
        ticks = [False] * len(item.rubric)
        hints: tuple[str, ...] = ()
        levels: tuple[float, ...] = ()
        flags: tuple[int, ...] = ()
        if not aloud:
            hints, levels, flags = hints_for(item, typed)
            if item.expected is not None:
                check = check_expected(typed, item.expected)
                ticks[0] = check.correct  # an objective check, not a keyword
        ans = ItemAnswer(item, typed, aloud, timed_out, used, ticks, check, True, hints, levels, flags)
        self.answers.append(ans)
        self.phase = "review"
        self._store_submitted(ans)
        return ans

    def toggle(self, point: int) -> None:
        ans = self.current_answer
        if ans is not None and 0 <= point < len(ans.ticks):
            ans.ticks[point] = not ans.ticks[point]

    def next(self) -> MockItem | None:
        """Keep the ticks (stored now) and go on: a follow-up when a must-have was missed, else the next prompt."""
        if self.phase != "review":
            return self.current
        ans = self.answers[self.index]
        ans.graded = True
        self._maybe_follow_up(ans)
        self.index += 1
        if self.index >= len(self.items) or self.interview.expired():
            self._store_ticks(ans)
            self._finish()
            return None
        self._start_item()
        self._store_ticks(ans)
        return self.current

    def _maybe_follow_up(self, ans: ItemAnswer) -> None:
        if not self.adaptive or self.catalog is None or not ans.missed_must or ans.item.follow_up_for:
            return
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.mock_plan import expand_prompt, follow_up_prompt

        from dataclasses import replace

        asked = {it.prompt_key for it in self.items}
        prompt = follow_up_prompt(self.catalog, ans.item.topic, asked, self._rng)
        if prompt is not None:
            new = expand_prompt(prompt, self.catalog, self._rng, set(study_cards(self.catalog)))
            new = [replace(it, follow_up_for=ans.item.key) for it in new]
        else:
            new = [_second_chance(ans)]
        self.items[self.index + 1 : self.index + 1] = new
        self.topic_titles.setdefault(ans.item.topic, self.catalog.topic_title(ans.item.topic))
        self.card_titles.update(_card_titles(self.catalog, {k for it in new for k in it.cards}))

    def pause(self) -> bool:
        if not self.allow_pause:
            return False
        self.interview.pause()
        if self.item_timer is not None:
            self.item_timer.pause()
        return True

    def resume_clock(self) -> None:
        self.interview.resume()
        if self.item_timer is not None:
            self.item_timer.resume()

    @property
    def paused(self) -> bool:
        return self.interview.paused

    def end(self) -> MockReport:
        """Stop now: an answer being typed is submitted (not graded), the rest count as not reached."""
        if self.phase == "asking":
            self.submit(self.draft)
        if self.phase == "review":
            ans = self.answers[self.index]
            ans.graded = True
            self._store_ticks(ans)
        self._finish()
        assert self.report is not None
        return self.report

    def discard(self) -> None:
        """Forget this interview: its row and answers are deleted."""
        self.interview.stop()
        self.phase = "done"
        if self.session_id is not None:
            sid = self.session_id
            self._run(lambda store: store.discard_mock(sid))

    # ------------------------------------------------------------ storing and reporting

    @staticmethod
    def _points(ans: ItemAnswer) -> list[dict[str, Any]]:
        return [
            {"point": p.text, "ticked": t, "weight": p.weight, "must": p.must, "hint": ans.hints[i] if i < len(ans.hints) else ""}
            for i, (p, t) in enumerate(zip(ans.item.rubric, ans.ticks))
        ]

    def _store_submitted(self, ans: ItemAnswer) -> None:
        if self.session_id is None:
            return
        sid, st, points = self.session_id, self.state(), self._points(ans)
        text = ans.text if not ans.aloud else "(answered aloud)"
        self._run(
            lambda store: store.record_mock_answer(
                sid, prompt_key=ans.item.key, kind=ans.item.kind, answer_text=text, points=points, score=ans.score,
                max_score=ans.max_score, time_used_ms=int(round(ans.time_s * 1000)), state=st,
            )
        )

    def _store_ticks(self, ans: ItemAnswer) -> None:
        if self.session_id is None:
            return
        sid, key, st, points, score = self.session_id, ans.item.key, self.state(), self._points(ans), ans.score
        self._run(lambda store: store.update_mock_answer(sid, prompt_key=key, points=points, score=score, state=st))

    def _finish(self) -> None:
        if self.phase == "done" and self.report is not None:
            return
        timed_out = self.interview.expired()
        self.interview.stop()
        self.phase = "done"
        answered = {a.item.key for a in self.answers}
        rows = list(self.answers) + [
            ItemAnswer(it, "", False, True, 0.0, [False] * len(it.rubric), None, reached=False) for it in self.items if it.key not in answered
        ]
        self.report = build_report(
            self.format_key, self.format_title, self._started_ms, self.elapsed(), rows, self.topic_titles, self.card_titles, timed_out,
            self.session_id,
        )
        if self.session_id is not None:
            r, sid, done_ms = self.report, self.session_id, to_ms(self.clock.now())
            self._run(lambda store: store.finish_mock_session(sid, finished_at=done_ms, score=r.score, max_score=r.max_score, report=r.as_dict()))

    def add_to_drill(self) -> list[str]:
        """Bring the report's cards into today's drill; returns the keys changed."""
        if self.report is None or self.store is None:
            return []
        from lambdaprep.study.followup import follow_up

        # studied cards become due now, never-studied ones go to the front of the new cards
        done = follow_up(self.store, self.report.drill_cards, self.clock, limit=len(self.report.drill_cards))
        return [*done.due, *done.queued]


def _second_chance(ans: ItemAnswer) -> MockItem:
    """No other prompt on the topic: the interviewer's follow-up question, graded on the missed must-haves."""
    it = ans.item
    missed = tuple(p for p, t in zip(it.rubric, ans.ticks) if p.must and not t)
    question = it.follow_ups[0] if it.follow_ups else "Let's go back to that: what did you leave out?"
    text = f"{question}\n\n*A follow-up on {it.title}: cover what you missed.*"
    return MockItem(
        f"{it.key}#follow-up", it.prompt_key, it.kind, it.topic, f"Follow-up: {it.title}", text, min(it.seconds, 180.0), missed,
        it.model_answer, it.follow_ups[1:], it.cards, it.source, None, it.red_flags, it.key,
    )


def _card_titles(catalog: Catalog, keys: Iterable[str]) -> dict[str, str]:
    """Each card's question text (a limit row's name), for reports."""
    out: dict[str, str] = {}
    for key in keys:
        if key in catalog.limits:
            out[key] = catalog.limits[key].name
            continue
        card = catalog.cards.get(key)
        if card is not None and card.front.strip():
            first = " ".join(card.front.strip().split())
            out[key] = first if len(first) <= 120 else first[:119] + "…"
    return out
