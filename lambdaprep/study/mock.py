"""Timed mock interviews: the public names, gathered from the modules that hold them. No Textual here.

- :mod:`lambdaprep.study.mock_types` — items, rubric points, red flags, answers (JSON-able)
- :mod:`lambdaprep.study.mock_plan` — formats and building items from prompts
- :mod:`lambdaprep.study.mock_scoring` — hints from phrase groups, red flags
- :mod:`lambdaprep.study.mock_session` — the session: timers, submit, self-grading, saving, resuming
- :mod:`lambdaprep.study.mock_report` — the report and its Markdown debrief
- :mod:`lambdaprep.study.weakspots` — topic strength for the adaptive format
- :mod:`lambdaprep.study.sparkline` — the score trend line
"""

from __future__ import annotations

<<<<<<< HEAD
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lambdaprep.study.answers import Check, check_number, check_quantity, keyword_hits
from lambdaprep.study.clock import Clock, SystemClock, from_ms, to_ms
from lambdaprep.study.timers import Countdown, format_clock

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.content.models import MockFormat, MockPrompt
    from lambdaprep.store import Store

__all__ = ["MockItem", "MockReport", "MockSession", "Point", "ItemAnswer", "format_choices", "report_markdown"]

KIND_TITLES = {
    "concept": "Concept",
    "system_design": "System design",
    "rapid_fire": "Rapid-fire limits",
    "calculation": "Calculation",
}
WEAK_BELOW = 0.6
"""Prompts scored below this share send their cards to the drill list."""
MAX_DRILL_CARDS = 12


@dataclass(frozen=True, slots=True)
class Point:
    text: str
    keywords: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Expected:
    value: float
    unit: str
    tolerance: float
    """0: exact (limits); otherwise relative."""
    display: str


@dataclass(frozen=True, slots=True)
class MockItem:
    key: str
    """Unique in the session: the prompt key, plus ``#n`` for generated questions."""
    prompt_key: str
    kind: str
    topic: str
    title: str
    text: str
    """The question (Markdown)."""
    seconds: float
    rubric: tuple[Point, ...]
    model_answer: str
    follow_ups: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    source: str | None = None
    expected: Expected | None = None

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)


@dataclass
class ItemAnswer:
    item: MockItem
    text: str
    aloud: bool
    timed_out: bool
    time_s: float
    ticks: list[bool]
    check: Check | None = None
    reached: bool = True

    @property
    def max_score(self) -> float:
        return sum(p.weight for p in self.item.rubric) or 1.0

    @property
    def score(self) -> float:
        return sum(p.weight for p, t in zip(self.item.rubric, self.ticks) if t)

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True, slots=True)
class TopicResult:
    topic: str
    title: str
    score: float
    max_score: float

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True, slots=True)
class MockReport:
    format_key: str
    format_title: str
    started_at: int
    duration_s: float
    score: float
    max_score: float
    prompts: tuple[dict[str, Any], ...]
    topics: tuple[TopicResult, ...]
    """Strongest first."""
    drill_cards: tuple[str, ...]
    timed_out: bool
    session_id: int | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def strongest(self) -> list[TopicResult]:
        return [t for t in self.topics if t.share >= WEAK_BELOW][:3]

    @property
    def weakest(self) -> list[TopicResult]:
        return [t for t in reversed(self.topics) if t.share < WEAK_BELOW][:3]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format_key,
            "title": self.format_title,
            "started_at": from_ms(self.started_at).isoformat(timespec="seconds"),
            "duration_s": round(self.duration_s, 1),
            "score": round(self.score, 2),
            "max_score": round(self.max_score, 2),
            "percent": round(self.percent, 1),
            "timed_out": self.timed_out,
            "prompts": list(self.prompts),
            "topics": [
                {"topic": t.topic, "title": t.title, "score": round(t.score, 2), "max_score": round(t.max_score, 2)} for t in self.topics
            ],
            "drill_cards": list(self.drill_cards),
        }


def _resolve(ref: str, pack: str) -> str:
    return ref if "/" in ref else f"{pack}/{ref}"


def find_format(catalog: Catalog, name: str | None) -> MockFormat:
    """A format by key (``pack/id``) or id; the first one when ``name`` is None."""
    from lambdaprep.errors import LambdaprepError

    formats = catalog.mock_formats
    if not formats:
        raise LambdaprepError("no mock interview formats in the loaded packs")
    if name is None:
        return next(iter(formats.values()))
    if name in formats:
        return formats[name]
    hits = [f for f in formats.values() if f.id == name]
    if hits:
        return hits[0]
    known = ", ".join(f.id for f in formats.values())
    raise LambdaprepError(f"no mock format {name!r} (known: {known})")


def format_choices(catalog: Catalog) -> list[tuple[str, str, str]]:
    """``(key, title, "N min · description")`` for each format."""
    return [(f.key, f.title, f"{f.minutes:g} min · {f.description}".strip(" ·")) for f in catalog.mock_formats.values()]


# ---------------------------------------------------------------------------- building


def _topic_cards(catalog: Catalog, topic: str, card_keys: set[str], limit: int = 4) -> list[str]:
    out = []
    for item in [*catalog.cards.values(), *catalog.limits.values()]:
        if getattr(item, "topic", "") == topic and item.key in card_keys:
            out.append(item.key)
            if len(out) >= limit:
                break
    return out


def expand_prompt(prompt: MockPrompt, catalog: Catalog, rng: random.Random, card_keys: set[str]) -> list[MockItem]:
    """One item for concept/system-design prompts; ``count`` generated items for the others."""
    links = [k for k in (_resolve(r, prompt.pack) for r in prompt.cards) if k in card_keys]
    if prompt.kind in ("concept", "system_design"):
        rubric = tuple(Point(p.point, tuple(p.keywords), p.weight) for p in prompt.rubric)
        cards = links or _topic_cards(catalog, prompt.topic, card_keys)
        return [
            MockItem(prompt.key, prompt.key, prompt.kind, prompt.topic, prompt.title, prompt.prompt, prompt.minutes * 60, rubric,
                     prompt.model_answer, tuple(prompt.follow_ups), tuple(cards), prompt.source)
        ]
    count = prompt.count or 1
    seconds = prompt.minutes * 60 / count
    items: list[MockItem] = []
    if prompt.kind == "rapid_fire":
        wanted = set(prompt.limit_tags)
        rows = []
        for row in catalog.limits.values():
            table = catalog.limit_tables.get(f"{row.pack}/{row.table}")
            tags = set(row.tags) | set(table.tags if table is not None else ())
            if not wanted or wanted & tags:
                rows.append(row)
        rng.shuffle(rows)
        for i, row in enumerate(rows[:count], 1):
            exp = Expected(row.value, row.unit, 0.0, row.display)
            items.append(
                MockItem(
                    f"{prompt.key}#{i}", prompt.key, "rapid_fire", row.topic or prompt.topic, f"{prompt.title} {i}/{min(count, len(rows))}",
                    f"What is the limit: **{row.name}**? " + _unit_hint(row.unit),
                    seconds, (Point(f"The value: {row.display}"),),
                    f"**{row.display}**" + (f"\n\n{row.notes}" if row.notes else ""), (), (row.key,) if row.key in card_keys else (),
                    row.source, exp,
                )
            )
        return items
    # calculation
    from lambdaprep.calc.data import CalcData
    from lambdaprep.study.calcq import generate

    data = CalcData.from_catalog(catalog)
    cards = links or _topic_cards(catalog, prompt.topic, card_keys)
    for i in range(1, count + 1):
        q = generate(prompt.calculator or "price", rng, data)
        tol = f"within {q.tolerance:.0%}" if q.tolerance else "exactly"
        exp = Expected(q.value, q.unit, q.tolerance, f"{_fmt_value(q.value, q.unit)} ({tol})")
        items.append(
            MockItem(
                f"{prompt.key}#{i}", prompt.key, "calculation", prompt.topic, prompt.title if count == 1 else f"{prompt.title} {i}/{count}",
                q.text + "\n\n*Put your number on the first line (working out below it).*", seconds, (Point(f"The number: {exp.display}"), Point("Explains the working out", ("×", "*", "times", "per", "gb-s", "gb-second"))),
                q.explanation, tuple(prompt.follow_ups), tuple(cards), prompt.source, exp,
            )
        )
    return items


def _unit_hint(unit: str) -> str:
    from lambdaprep.units import parse_unit

    u = parse_unit(unit)
    if u.symbol == "count":
        return "*(a number)*"
    return f"*(a number with a unit; a bare number is read in {u.plural})*"


def _fmt_value(value: float, unit: str) -> str:
    from lambdaprep.units import format_quantity

    if unit == "USD":
        return f"${value:,.2f}"
    return format_quantity(round(value, 2), unit)


def plan(fmt: MockFormat, catalog: Catalog, rng: random.Random) -> list[MockPrompt]:
    """The prompts a format asks, resolving each step (random picks use ``rng``)."""
    chosen: list[MockPrompt] = []
    for step in fmt.steps:
        if step.prompt is not None:
            p = catalog.mock_prompts.get(_resolve(step.prompt, fmt.pack))
            if p is not None:
                chosen.append(p)
            continue
        pool = [
            p for p in catalog.mock_prompts.values()
            if p.kind == step.kind and (not step.topics or p.topic in step.topics) and p not in chosen
        ]
        rng.shuffle(pool)
        chosen += pool[: step.count]
    return chosen


# ---------------------------------------------------------------------------- session


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

    index: int = 0
    phase: str = "asking"
    """``asking`` (timer running, answer being typed), ``review`` (ticking points) or ``done``."""
    answers: list[ItemAnswer] = field(default_factory=list)
    draft: str = ""
    session_id: int | None = None
    report: MockReport | None = None

    def __post_init__(self) -> None:
        self.interview = Countdown(self.clock, self.total_seconds).start()
        self._started_ms = to_ms(self.clock.now())
        self.item_timer: Countdown | None = None
        if self.store is not None:
            self.session_id = self.store.start_mock_session(format_key=self.format_key, started_at=self._started_ms)
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
    ) -> MockSession:
        """A session for a format (or for explicit ``prompts`` keys, timed by their minutes)."""
        from lambdaprep.study.cards import study_cards

        rng = random.Random(seed)
        card_keys = set(study_cards(catalog))
        if prompts is not None:
            chosen = [catalog.mock_prompts[k] for k in prompts]
            key, title = "custom", "Custom interview"
            total = sum(p.minutes for p in chosen) * 60
            allow_pause = False
        else:
            fmt = find_format(catalog, format_name)
            chosen = plan(fmt, catalog, rng)
            key, title, total, allow_pause = fmt.key, fmt.title, fmt.minutes * 60, fmt.allow_pause
        items = [it for p in chosen for it in expand_prompt(p, catalog, rng, card_keys)]
        titles = {it.topic: catalog.topic_title(it.topic) for it in items}
        return cls(key, title, items, total, clock=clock or SystemClock(), store=store, allow_pause=allow_pause, topic_titles=titles)

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
        """Submit the current answer: checks numbers, pre-ticks rubric points, shows the model answer."""
        if self.phase == "review":
            return self.answers[self.index]
        if self.phase != "asking":
            raise RuntimeError("the interview is over")
        item = self.items[self.index]
        typed = self.draft if text is None else text
        assert self.item_timer is not None
        used = min(self.item_timer.stop(), self.item_timer.seconds)
        check = None
        if item.expected is not None and not aloud:
            e = item.expected
            check = (
                check_number(typed, e.value, e.unit, tolerance=e.tolerance) if e.tolerance
                else check_quantity(typed, e.value, e.unit)
            )
            ticks = [check.correct] + keyword_hits(typed, [list(p.keywords) for p in item.rubric[1:]])
        elif aloud:
            ticks = [False] * len(item.rubric)
        else:
            ticks = keyword_hits(typed, [list(p.keywords) for p in item.rubric])
        ans = ItemAnswer(item, typed, aloud, timed_out, used, ticks, check)
        self.answers.append(ans)
        self.phase = "review"
        return ans

    def toggle(self, point: int) -> None:
        ans = self.current_answer
        if ans is not None and 0 <= point < len(ans.ticks):
            ans.ticks[point] = not ans.ticks[point]

    def next(self) -> MockItem | None:
        """Keep the reviewed answer (stored now) and go on; finishes after the last prompt or at time-out."""
        if self.phase != "review":
            return self.current
        self._store_answer(self.answers[self.index])
        self.index += 1
        if self.index >= len(self.items) or self.interview.expired():
            self._finish()
            return None
        self._start_item()
        return self.current

    def pause(self) -> bool:
        if not self.allow_pause:
            return False
        self.interview.pause()
        if self.item_timer is not None:
            self.item_timer.pause()
        return True

    def resume(self) -> None:
        self.interview.resume()
        if self.item_timer is not None:
            self.item_timer.resume()

    @property
    def paused(self) -> bool:
        return self.interview.paused

    def end(self) -> MockReport:
        """Stop now: an answer being typed is submitted, the rest count as not reached."""
        if self.phase == "asking":
            self.submit(self.draft)
        if self.phase == "review":
            self._store_answer(self.answers[self.index])
        self._finish()
        assert self.report is not None
        return self.report

    # ------------------------------------------------------------ storing and reporting

    def _store_answer(self, ans: ItemAnswer) -> None:
        if self.store is None or self.session_id is None:
            return
        self.store.record_mock_answer(
            self.session_id,
            prompt_key=ans.item.key,
            kind=ans.item.kind,
            answer_text=ans.text if not ans.aloud else "(answered aloud)",
            points=[{"point": p.text, "ticked": t} for p, t in zip(ans.item.rubric, ans.ticks)],
            score=ans.score,
            max_score=ans.max_score,
            time_used_ms=int(round(ans.time_s * 1000)),
        )

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
        prompts = tuple(
            {
                "key": a.item.key,
                "title": a.item.title,
                "kind": a.item.kind,
                "topic": a.item.topic,
                "score": round(a.score, 2),
                "max_score": round(a.max_score, 2),
                "time_s": round(a.time_s, 1),
                "allowed_s": round(a.item.seconds, 1),
                "timed_out": a.timed_out,
                "reached": a.reached,
                "aloud": a.aloud,
            }
            for a in rows
        )
        by_topic: dict[str, list[float]] = {}
        for a in rows:
            if not a.reached:
                continue
            t = by_topic.setdefault(a.item.topic, [0.0, 0.0])
            t[0] += a.score
            t[1] += a.max_score
        topics = tuple(
            sorted(
                (TopicResult(k, self.topic_titles.get(k, k), s, m) for k, (s, m) in by_topic.items()),
                key=lambda t: (-t.share, t.topic),
            )
        )
        drill: list[str] = []
        for a in sorted(rows, key=lambda a: a.share):
            if a.reached and a.share < WEAK_BELOW:
                for k in a.item.cards:
                    if k not in drill:
                        drill.append(k)
        score = sum(a.score for a in rows)
        max_score = sum(a.max_score for a in rows)
        self.report = MockReport(
            self.format_key, self.format_title, self._started_ms, self.interview.elapsed(), score, max_score, prompts, topics,
            tuple(drill[:MAX_DRILL_CARDS]), timed_out, self.session_id,
        )
        if self.store is not None and self.session_id is not None:
            self.store.finish_mock_session(
                self.session_id, finished_at=to_ms(self.clock.now()), score=score, max_score=max_score, report=self.report.as_dict()
            )

    def add_to_drill(self) -> list[str]:
        """Bring the report's cards into today's drill; returns the keys changed."""
        if self.report is None or self.store is None:
            return []
        from lambdaprep.study.followup import follow_up

        done = follow_up(self.store, self.report.drill_cards, self.clock, limit=len(self.report.drill_cards))
        return [*done.due, *done.queued]


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """Scores 0–100 as a one-line trend (oldest first)."""
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int(v / 100 * (len(SPARK) - 1) + 0.5)))] for v in values)


def report_markdown(report: dict[str, Any]) -> str:
    """A stored (or live, via ``as_dict``) report as Markdown."""
    lines = [f"# Mock interview: {report.get('title', report.get('format', ''))}", ""]
    lines.append(f"- Date: {report.get('started_at', '')}")
    lines.append(f"- Score: {report.get('score', 0):g} / {report.get('max_score', 0):g} ({report.get('percent', 0):.0f}%)")
    lines.append(f"- Time: {format_clock(report.get('duration_s', 0))}" + (" (time ran out)" if report.get("timed_out") else ""))
    lines += ["", "| # | Prompt | Kind | Score | Time |", "|---|---|---|---|---|"]
    for i, p in enumerate(report.get("prompts", []), 1):
        time = "not reached" if not p.get("reached", True) else format_clock(p.get("time_s", 0)) + (" (timed out)" if p.get("timed_out") else "")
        title = str(p.get("title", "")).replace("|", "\\|")
        lines.append(f"| {i} | {title} | {KIND_TITLES.get(p.get('kind', ''), p.get('kind', ''))} | {p.get('score', 0):g}/{p.get('max_score', 0):g} | {time} |")
    topics = report.get("topics", [])
    if topics:
        lines += ["", "## Topics", ""]
        for t in topics:
            share = t["score"] / t["max_score"] if t.get("max_score") else 0
            lines.append(f"- {t.get('title') or t['topic']}: {share:.0%}")
    cards = report.get("drill_cards", [])
    if cards:
        lines += ["", "## Cards to drill next", ""]
        lines += [f"- {k}" for k in cards]
    return "\n".join(lines) + "\n"
=======
from lambdaprep.study.mock_plan import expand_prompt, find_format, follow_up_prompt, format_choices, plan
from lambdaprep.study.mock_report import MockReport, build_report, report_markdown
from lambdaprep.study.mock_session import MockSession, check_expected, hints_for
from lambdaprep.study.mock_types import KIND_TITLES, WEAK_BELOW, Expected, Flag, ItemAnswer, MockItem, Point, TopicResult
from lambdaprep.study.sparkline import sparkline

__all__ = [
    "KIND_TITLES",
    "WEAK_BELOW",
    "Expected",
    "Flag",
    "ItemAnswer",
    "MockItem",
    "MockReport",
    "MockSession",
    "Point",
    "TopicResult",
    "build_report",
    "check_expected",
    "expand_prompt",
    "find_format",
    "follow_up_prompt",
    "format_choices",
    "hints_for",
    "plan",
    "report_markdown",
    "sparkline",
]
>>>>>>> main
