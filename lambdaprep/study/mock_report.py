"""The report of a mock interview and its Markdown debrief. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lambdaprep.study.clock import from_ms
from lambdaprep.study.mock_types import KIND_TITLES, MAX_DRILL_CARDS, WEAK_BELOW, ItemAnswer, TopicResult
from lambdaprep.study.timers import format_clock

__all__ = ["MockReport", "build_report", "report_markdown"]


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
    card_titles: tuple[tuple[str, str], ...] = ()
    """``(key, question text)`` of the drill cards."""

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
            "drill_card_titles": dict(self.card_titles),
        }


def _prompt_entry(a: ItemAnswer) -> dict[str, Any]:
    it = a.item
    return {
        "key": it.key,
        "title": it.title,
        "kind": it.kind,
        "topic": it.topic,
        "score": round(a.score, 2),
        "max_score": round(a.max_score, 2),
        "time_s": round(a.time_s, 1),
        "allowed_s": round(it.seconds, 1),
        "timed_out": a.timed_out,
        "reached": a.reached,
        "aloud": a.aloud,
        "graded": a.graded,
        "prompt": it.text,
        "answer": a.text,
        "model_answer": it.model_answer,
        "check": ({"correct": a.check.correct, "expected": a.check.expected, "message": a.check.message} if a.check else None),
        "rubric": [
            {
                "point": p.text,
                "weight": p.weight,
                "must": p.must,
                "ticked": bool(t),
                "hint": a.hints[i] if i < len(a.hints) else "",
            }
            for i, (p, t) in enumerate(zip(it.rubric, a.ticks))
        ],
        "missed_must": a.missed_must if a.reached else [],
        "red_flags": [
            {"claim": it.red_flags[i].claim, "correction": it.red_flags[i].correction, "source": it.red_flags[i].source}
            for i in a.flags_hit
            if i < len(it.red_flags)
        ],
        "follow_ups": list(it.follow_ups),
        "follow_up_for": it.follow_up_for,
        "source": it.source,
    }


def build_report(
    format_key: str,
    format_title: str,
    started_ms: int,
    duration_s: float,
    rows: Sequence[ItemAnswer],
    topic_titles: Mapping[str, str],
    card_titles: Mapping[str, str],
    timed_out: bool,
    session_id: int | None,
) -> MockReport:
    """The report over every item (answered and not reached)."""
    prompts = tuple(_prompt_entry(a) for a in rows)
    by_topic: dict[str, list[float]] = {}
    for a in rows:
        if not a.reached:
            continue
        t = by_topic.setdefault(a.item.topic, [0.0, 0.0])
        t[0] += a.score
        t[1] += a.max_score
    topics = tuple(
        sorted(
            (TopicResult(k, topic_titles.get(k, k), s, m) for k, (s, m) in by_topic.items()),
            key=lambda t: (-t.share, t.topic),
        )
    )
    drill: list[str] = []
    for a in sorted(rows, key=lambda a: (not a.missed_must, a.share)):
        if a.weak:
            for k in a.item.cards:
                if k not in drill:
                    drill.append(k)
    drill = drill[:MAX_DRILL_CARDS]
    score = sum(a.score for a in rows)
    max_score = sum(a.max_score for a in rows)
    titles = tuple((k, card_titles.get(k, k)) for k in drill)
    return MockReport(format_key, format_title, started_ms, duration_s, score, max_score, prompts, topics, tuple(drill), timed_out, session_id, titles)


def _quote(text: str) -> list[str]:
    return ["> " + ln if ln.strip() else ">" for ln in text.strip().splitlines()] or ["> (empty)"]


def report_markdown(report: Mapping[str, Any]) -> str:
    """A stored (or live, via ``as_dict``) report as a Markdown interview debrief."""
    lines = [f"# Mock interview: {report.get('title', report.get('format', ''))}", ""]
    lines.append(f"- Date: {report.get('started_at', '')}")
    lines.append(f"- Score: {report.get('score', 0):g} / {report.get('max_score', 0):g} ({report.get('percent', 0):.0f}%)")
    lines.append(f"- Time: {format_clock(report.get('duration_s', 0))}" + (" (time ran out)" if report.get("timed_out") else ""))
    prompts = list(report.get("prompts", []))
    lines += ["", "| # | Prompt | Kind | Score | Time |", "|---|---|---|---|---|"]
    for i, p in enumerate(prompts, 1):
        time = "not reached" if not p.get("reached", True) else format_clock(p.get("time_s", 0)) + (" (timed out)" if p.get("timed_out") else "")
        title = str(p.get("title", "")).replace("|", "\\|")
        lines.append(f"| {i} | {title} | {KIND_TITLES.get(p.get('kind', ''), p.get('kind', ''))} | {p.get('score', 0):g}/{p.get('max_score', 0):g} | {time} |")
    topics = report.get("topics", [])
    if topics:
        lines += ["", "## Topics", ""]
        for t in topics:
            share = t["score"] / t["max_score"] if t.get("max_score") else 0
            lines.append(f"- {t.get('title') or t['topic']}: {share:.0%}")
    for i, p in enumerate(prompts, 1):
        lines += ["", f"## {i}. {p.get('title', '')}", ""]
        kind = KIND_TITLES.get(p.get("kind", ""), p.get("kind", ""))
        if not p.get("reached", True):
            lines += [f"*{kind} · not reached*"]
            if p.get("prompt"):
                lines += ["", "### Question", "", str(p["prompt"]).strip()]
            continue
        time = format_clock(p.get("time_s", 0)) + " of " + format_clock(p.get("allowed_s", 0)) + (" (timed out)" if p.get("timed_out") else "")
        graded = "" if p.get("graded", True) else " · not self-graded"
        lines += [f"*{kind} · score {p.get('score', 0):g}/{p.get('max_score', 0):g} · time {time}{graded}*"]
        if p.get("follow_up_for"):
            lines += ["", "*Asked as a follow-up: a must-have point was missed on this topic.*"]
        if p.get("prompt"):
            lines += ["", "### Question", "", str(p["prompt"]).strip()]
        lines += ["", "### Your answer", ""]
        if p.get("aloud"):
            lines += ["*(answered aloud)*"]
        else:
            lines += _quote(str(p.get("answer", "")) or "(no answer)")
        chk = p.get("check")
        if chk:
            lines += ["", ("✓ Correct: " + str(chk.get("expected", ""))) if chk.get("correct") else ("✗ " + str(chk.get("message") or "wrong"))]
        rubric = p.get("rubric", [])
        if rubric:
            lines += ["", "### Rubric", ""]
            for r in rubric:
                extra = []
                if r.get("must"):
                    extra.append("must-have")
                if r.get("weight", 1) != 1:
                    extra.append(f"×{r['weight']:g}")
                if r.get("hint"):
                    extra.append(f"hint: {r['hint']}")
                tail = f" ({'; '.join(extra)})" if extra else ""
                lines.append(f"- [{'x' if r.get('ticked') else ' '}] {r.get('point', '')}{tail}")
        flags = p.get("red_flags", [])
        if flags:
            lines += ["", "### Red flags in your answer", ""]
            for f in flags:
                src = f" ([source]({f['source']}))" if f.get("source") else ""
                lines.append(f"- **{f.get('claim', '')}** — {str(f.get('correction', '')).strip()}{src}")
        if p.get("model_answer"):
            lines += ["", "### Model answer", "", str(p["model_answer"]).strip()]
        fus = p.get("follow_ups", [])
        if fus:
            lines += ["", "### Follow-ups to prepare", ""]
            lines += [f"- {f}" for f in fus]
    cards = report.get("drill_cards", [])
    if cards:
        titles = report.get("drill_card_titles", {}) or {}
        lines += ["", "## Cards to drill next", ""]
        lines += [f"- {titles.get(k, k)}" for k in cards]
    return "\n".join(lines) + "\n"
