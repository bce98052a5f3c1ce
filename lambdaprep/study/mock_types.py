"""The plain data of a mock interview: items, rubric points, red flags, answers. No Textual here.

Everything here can be written to JSON and read back (``as_dict`` / ``from_dict``), so an
interview in progress is saved with each answer and survives a killed terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lambdaprep.study.answers import Check

__all__ = [
    "KIND_TITLES",
    "MAX_DRILL_CARDS",
    "WEAK_BELOW",
    "Expected",
    "Flag",
    "ItemAnswer",
    "MockItem",
    "Point",
    "TopicResult",
]

KIND_TITLES = {
    "concept": "Concept",
    "system_design": "System design",
    "rapid_fire": "Rapid-fire limits",
    "calculation": "Calculation",
}
WEAK_BELOW = 0.6
"""Prompts scored below this share (or missing a must-have point) send their cards to the drill list."""
MAX_DRILL_CARDS = 12


@dataclass(frozen=True, slots=True)
class Point:
    """One rubric point: its text, the phrase groups behind its hint, weight and must-have flag."""

    text: str
    groups: tuple[tuple[str, ...], ...] = ()
    weight: float = 1.0
    must: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "groups": [list(g) for g in self.groups], "weight": self.weight, "must": self.must}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Point:
        return cls(str(d["text"]), tuple(tuple(g) for g in d.get("groups", ())), float(d.get("weight", 1.0)), bool(d.get("must", False)))


@dataclass(frozen=True, slots=True)
class Flag:
    """A red flag: a wrong or outdated claim, how to spot it and what is true instead."""

    claim: str
    groups: tuple[tuple[str, ...], ...]
    correction: str
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "groups": [list(g) for g in self.groups], "correction": self.correction, "source": self.source}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        return cls(str(d["claim"]), tuple(tuple(g) for g in d.get("groups", ())), str(d.get("correction", "")), d.get("source"))


@dataclass(frozen=True, slots=True)
class Expected:
    value: float
    unit: str
    tolerance: float
    """0: exact (limits); otherwise relative."""
    display: str
    also: tuple[float, ...] = ()
    """Other values (same unit) that are also right."""

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "tolerance": self.tolerance, "display": self.display, "also": list(self.also)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Expected:
        return cls(float(d["value"]), str(d["unit"]), float(d["tolerance"]), str(d["display"]), tuple(float(v) for v in d.get("also", ())))


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
    red_flags: tuple[Flag, ...] = ()
    follow_up_for: str | None = None
    """In an adaptive interview: the item whose missed must-have point brought this one in."""

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)

    @property
    def max_score(self) -> float:
        return sum(p.weight for p in self.rubric) or 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "prompt_key": self.prompt_key,
            "kind": self.kind,
            "topic": self.topic,
            "title": self.title,
            "text": self.text,
            "seconds": self.seconds,
            "rubric": [p.as_dict() for p in self.rubric],
            "model_answer": self.model_answer,
            "follow_ups": list(self.follow_ups),
            "cards": list(self.cards),
            "source": self.source,
            "expected": self.expected.as_dict() if self.expected else None,
            "red_flags": [f.as_dict() for f in self.red_flags],
            "follow_up_for": self.follow_up_for,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MockItem:
        return cls(
            key=str(d["key"]),
            prompt_key=str(d["prompt_key"]),
            kind=str(d["kind"]),
            topic=str(d["topic"]),
            title=str(d["title"]),
            text=str(d["text"]),
            seconds=float(d["seconds"]),
            rubric=tuple(Point.from_dict(p) for p in d.get("rubric", ())),
            model_answer=str(d.get("model_answer", "")),
            follow_ups=tuple(d.get("follow_ups", ())),
            cards=tuple(d.get("cards", ())),
            source=d.get("source"),
            expected=Expected.from_dict(d["expected"]) if d.get("expected") else None,
            red_flags=tuple(Flag.from_dict(f) for f in d.get("red_flags", ())),
            follow_up_for=d.get("follow_up_for"),
        )


@dataclass
class ItemAnswer:
    """An answer as submitted, with the candidate's own ticks (hints are only suggestions)."""

    item: MockItem
    text: str
    aloud: bool
    timed_out: bool
    time_s: float
    ticks: list[bool]
    check: Check | None = None
    reached: bool = True
    hints: tuple[str, ...] = ()
    """One label per rubric point ("mentions snapshot, publish", "not found", "")."""
    hint_levels: tuple[float, ...] = ()
    """0–1 per rubric point: the share of the point's ideas the answer mentions."""
    flags_hit: tuple[int, ...] = ()
    """Indices into ``item.red_flags`` of the claims the answer contains."""
    graded: bool = False
    """True once the candidate has reviewed the ticks (moved on from the review)."""
    answer_id: int | None = None
    """The ``mock_answers`` row written at submit."""
    submitted_at: float = field(default=0.0)

    @property
    def max_score(self) -> float:
        return self.item.max_score

    @property
    def score(self) -> float:
        return sum(p.weight for p, t in zip(self.item.rubric, self.ticks) if t)

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def missed_must(self) -> list[str]:
        """Must-have points left unticked."""
        return [p.text for p, t in zip(self.item.rubric, self.ticks) if p.must and not t]

    @property
    def weak(self) -> bool:
        return self.reached and (self.share < WEAK_BELOW or bool(self.missed_must))

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.key,
            "text": self.text,
            "aloud": self.aloud,
            "timed_out": self.timed_out,
            "time_s": self.time_s,
            "ticks": list(self.ticks),
            "hints": list(self.hints),
            "hint_levels": list(self.hint_levels),
            "flags_hit": list(self.flags_hit),
            "graded": self.graded,
            "answer_id": self.answer_id,
        }


@dataclass(frozen=True, slots=True)
class TopicResult:
    topic: str
    title: str
    score: float
    max_score: float

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0
