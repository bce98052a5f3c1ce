"""Every distractor explains itself: each wrong choice of a shipped quiz question has a
``why`` of its own — one or two sentences saying which misconception the choice reflects
and what is true instead (issue 15)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from lambdaprep.content import Catalog, PackSource, load_catalog

CONTENT = Path(__file__).resolve().parent.parent / "content"
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def why_problems(catalog: Catalog) -> list[str]:
    """One line per wrong choice whose why is missing, empty, a copy of the choice, or long,
    and per why given to two choices of the same question (a why pasted onto the wrong one)."""
    problems: list[str] = []
    for q in catalog.quiz.values():
        seen: dict[str, str] = {}
        for choice, why in q.why.items():
            if why.strip() in seen:
                problems.append(f"{q.key}: {choice!r} has the same why as {seen[why.strip()]!r}")
            seen.setdefault(why.strip(), choice)
        for choice in q.choices:
            if choice in q.correct:
                continue
            why = (q.why.get(choice) or "").strip()
            if not why:
                problems.append(f"{q.key}: no why for {choice!r}")
            elif why.casefold() == choice.casefold():
                problems.append(f"{q.key}: the why of {choice!r} only repeats the choice")
            elif len(SENTENCE_END.findall(why)) > 2:
                problems.append(f"{q.key}: the why of {choice!r} is longer than two sentences")
    return problems


@pytest.mark.skipif(not CONTENT.is_dir(), reason="runs from a checkout")
def test_every_wrong_choice_of_the_shipped_pack_has_a_why() -> None:
    catalog = load_catalog([PackSource(CONTENT, "builtin")])
    assert catalog.quiz, "the shipped pack has no quiz questions"
    problems = why_problems(catalog)
    assert not problems, f"{len(problems)} wrong choices need a why:\n  " + "\n  ".join(problems[:40])


def test_the_check_reports_a_missing_a_copied_a_long_and_a_repeated_why(tmp_path: Path) -> None:
    pack = tmp_path / "p"
    (pack / "quiz").mkdir(parents=True)
    (pack / "pack.yaml").write_text("id: p\ntitle: P\nversion: 1\nas_of: 2026-11-22\n", encoding="utf-8")
    (pack / "quiz" / "q.yaml").write_text(
        textwrap.dedent(
            """\
            quiz:
              - id: q-one
                topic: t
                question: Which is right?
                choices:
                  - Right
                  - Missing
                  - text: Copied
                    why: copied
                  - text: Long
                    why: One. Two. Three.
                  - text: Fine
                    why: It is wrong. Here is why.
                  - text: Pasted
                    why: It is wrong. Here is why.
                correct: [Right]
                explanation: Because.
                source: https://example.com/
            """
        ),
        encoding="utf-8",
    )
    catalog = load_catalog([PackSource(pack, "user")])
    assert len(catalog.quiz) == 1
    problems = why_problems(catalog)
    assert problems == [
        "p/q-one: 'Pasted' has the same why as 'Fine'",
        "p/q-one: no why for 'Missing'",
        "p/q-one: the why of 'Copied' only repeats the choice",
        "p/q-one: the why of 'Long' is longer than two sentences",
    ]
