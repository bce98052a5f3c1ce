"""Past quizzes and mock interviews: lists with score trends and any past report. No Textual here.

Shared by ``lambdaprep history`` and the History screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambdaprep.study.sparkline import sparkline
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.store import Store

__all__ = ["collect", "quiz_markdown", "quiz_report"]


def _when(ms: int | None) -> str:
    if ms is None:
        return ""
    from lambdaprep.study.clock import from_ms

    return from_ms(ms).astimezone().strftime("%Y-%m-%d %H:%M")


def collect(store: Store, kind: str = "all", last: int | None = None) -> dict[str, Any]:
    """``{"mock": [...], "mock_trend": "▃▅▆", "quiz": [...], "quiz_trend": ...}``, oldest first.

    ``quiz`` holds quizzes and practice exams alike (each with its ``kind``): both are
    scored questions from the same bank, so they share one trend.
    """
    out: dict[str, Any] = {}
    if kind in ("all", "mock"):
        mocks = []
        for r in store.mock_history(last):
            pct = 100.0 * (r["score"] or 0) / r["max_score"] if r.get("max_score") else 0.0
            rep = r["report"] if isinstance(r["report"], dict) else {}
            mocks.append(
                {
                    "id": r["id"],
                    "format": r["format_key"],
                    "title": rep.get("title", r["format_key"]),
                    "started_at": _when(r["started_at"]),
                    "score": r["score"],
                    "max_score": r["max_score"],
                    "percent": round(pct, 1),
                    "weakest": [t.get("title") or t.get("topic") for t in reversed(rep.get("topics", []))][:2],
                    "drill_cards": rep.get("drill_cards", []),
                }
            )
        out["mock"] = mocks
        out["mock_trend"] = sparkline([m["percent"] for m in mocks])
    if kind in ("all", "quiz"):
        quizzes = []
        for r in store.quiz_history(last):
            pct = 100.0 * (r["score"] or 0) / r["total"] if r.get("total") else 0.0
            quizzes.append(
                {
                    "id": r["id"],
                    "kind": r.get("kind") or "quiz",
                    "started_at": _when(r["started_at"]),
                    "right": int(r["score"] or 0),
                    "total": r["total"],
                    "percent": round(pct, 1),
                    "topics": r["topics"],
                    "seed": r["seed"],
                    "duration_s": round((r["duration_ms"] or 0) / 1000, 1),
                }
            )
        out["quiz"] = quizzes
        out["quiz_trend"] = sparkline([q["percent"] for q in quizzes])
    return out


def quiz_report(store: Store, catalog: Catalog | None, attempt_id: int) -> dict[str, Any] | None:
    """A finished quiz's answers with the questions' text (when still in the packs) and topics."""
    rows = [r for r in store.quiz_history() if r["id"] == attempt_id]
    if not rows:
        return None
    attempt = rows[0]
    answers = []
    topics: dict[str, list[int]] = {}
    for a in store.quiz_answers(attempt_id):
        q = catalog.quiz.get(a["question_key"]) if catalog is not None else None
        topic = q.topic if q is not None else ""
        answers.append(
            {
                "question": q.question if q is not None else a["question_key"],
                "chosen": list(a.get("chosen") or []),
                "correct": bool(a["correct"]),
                "answer": list(q.correct) if q is not None else [],
                "explanation": q.explanation if q is not None else "",
                "time_s": round((a.get("time_ms") or 0) / 1000, 1),
                "topic": catalog.topic_title(topic) if catalog is not None and topic else topic,
            }
        )
        title = (catalog.topic_title(topic) if catalog is not None and topic else topic) or "other"
        t = topics.setdefault(title, [0, 0])
        t[0] += int(bool(a["correct"]))
        t[1] += 1
    return {
        "id": attempt_id,
        "kind": attempt.get("kind") or "quiz",
        "started_at": _when(attempt["started_at"]),
        "right": int(attempt["score"] or 0),
        "total": int(attempt["total"] or 0),
        "duration_s": round((attempt["duration_ms"] or 0) / 1000, 1),
        "answers": answers,
        "topics": sorted(({"topic": k, "right": v[0], "total": v[1]} for k, v in topics.items()), key=lambda t: t["right"] / t["total"]),
    }


def quiz_markdown(report: dict[str, Any]) -> str:
    """A past quiz as Markdown: score, topics, and each answer with the explanation."""
    what = "Practice exam" if report.get("kind") == "exam" else "Quiz"
    lines = [f"# {what} {report['id']}", "", f"- Date: {report['started_at']}", f"- Score: {report['right']}/{report['total']}"]
    lines.append(f"- Time: {report['duration_s']:g} s")
    if report["topics"]:
        lines += ["", "## Topics", ""]
        lines += [f"- {t['topic']}: {t['right']}/{t['total']}" for t in report["topics"]]
    unanswered = report["total"] - len(report["answers"])
    lines += ["", "## Answers", ""]
    for i, a in enumerate(report["answers"], 1):
        mark = "✓" if a["correct"] else "✗"
        lines += [f"### {i}. {mark} {a['question'].strip()}", ""]
        lines.append(f"- Your answer: {'; '.join(a['chosen']) or '(none)'}")
        if not a["correct"] and a["answer"]:
            lines.append(f"- The answer: {'; '.join(a['answer'])}")
        if a["explanation"]:
            lines += ["", a["explanation"].strip()]
        lines.append("")
    if unanswered > 0:
        lines.append(f"{plural(unanswered, 'question')} {'was' if unanswered == 1 else 'were'} not answered.")
    return "\n".join(lines).rstrip() + "\n"
