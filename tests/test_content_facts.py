"""One fact, one place: the shipped pack's references resolve and its prose agrees with the limits table.

The number lint (``lambdaprep.content.factlint``) reads the number next to each limit
alias in cards, quiz questions (question, correct answers, explanation), diagrams and
limit notes; a number that matches none of the row's values is a contradiction. Wrong
choices and their ``why`` are left out on purpose: a distractor states a wrong number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lambdaprep.content import Catalog, PackSource, load_catalog
from lambdaprep.content.factlint import check_text, triggers
from lambdaprep.paths import builtin_packs_dir

# Sentences that state a different number on purpose: item key → a phrase of that sentence.
ALLOW: dict[str, list[str]] = {
    # a table of old values next to the current ones
    "lambda/limits-old-values": ["code storage 75 gb"],
    # Lambda Managed Instances have their own, higher limit (limit-managed-instances-file-descriptors)
    "lambda/q-limits-file-descriptors": ["managed instances raise file descriptors"],
    # the scenario is a package that is too big
    "lambda/q-packaging-large-zip": ["deployment package is 120 mb"],
}


def _content_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "content"
    return here if here.is_dir() else builtin_packs_dir()


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    cat = load_catalog([PackSource(_content_dir(), "builtin")])
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


def _prose(catalog: Catalog, *, all_choices: bool) -> Iterator[tuple[str, str]]:
    for card in catalog.cards.values():
        yield card.key, f"{card.front}\n{card.back}"
    for q in catalog.quiz.values():
        choices = q.choices if all_choices else q.correct
        whys = list(q.why.values()) if all_choices else []
        yield q.key, "\n".join([q.question, *choices, q.explanation, *whys])
    for d in catalog.diagrams.values():
        yield d.key, f"{d.title}\n{d.body}\n{d.caption}"
    for t in catalog.limit_tables.values():
        yield t.key, "\n".join([t.description, *(r.notes for r in t.rows)])
    for p in catalog.mock_prompts.values():
        yield p.key, "\n".join([p.prompt, p.model_answer, *p.follow_ups, *(r.point for r in p.rubric)])


def test_no_reference_is_left_unrendered(shipped: Catalog) -> None:
    left = [key for key, text in _prose(shipped, all_choices=True) if "{limit:" in text]
    assert left == []


def test_references_render_the_row_value(shipped: Catalog) -> None:
    card = shipped.cards["lambda/event-sources-sqs-scaling"]
    row = shipped.limits["lambda/limit-sqs-max-concurrent-batches"]
    assert "{limit" not in card.back
    assert f"{int(row.value):,} concurrent invokes per mapping" in card.back


def test_prose_agrees_with_the_limits_table(shipped: Catalog) -> None:
    table = triggers(shipped.limits.values())
    conflicts = [
        str(c)
        for key, text in _prose(shipped, all_choices=False)
        for c in check_text(key, text, table, ALLOW.get(key, ()))
    ]
    assert conflicts == [], "\n".join(conflicts)


def test_allow_list_entries_are_still_needed(shipped: Catalog) -> None:
    """An allow-list entry whose sentence is gone (or fixed) must be removed."""
    table = triggers(shipped.limits.values())
    texts = dict(_prose(shipped, all_choices=False))
    stale = [key for key in ALLOW if key not in texts or not list(check_text(key, texts[key], table))]
    assert stale == []


# ------------------------------------------------------------ the lint itself


class _Row:
    def __init__(self, id: str, name: str, value: float, unit: str, aliases: list[str], minimum: float | None = None, default: float | None = None) -> None:
        self.id, self.name, self.value, self.unit, self.aliases = id, name, value, unit, aliases
        self.minimum, self.default = minimum, default


ROWS = [
    _Row("limit-sqs", "SQS concurrent invokes per event source mapping", 1250, "count", ["concurrent batches per mapping", "sqs max concurrency"]),
    _Row("limit-timeout", "Function timeout", 900, "s", ["function timeout", "MaximumTimeout"], minimum=1, default=3),
    _Row("limit-edge-timeout", "Lambda@Edge function timeout", 30, "s", ["edge timeout", "viewer timeout", "5 seconds"]),
]
TABLE = triggers(ROWS)


@pytest.mark.parametrize(
    "text",
    [
        "It tops out at 1,000 concurrent batches per mapping.",
        "The function timeout is 5 minutes.",
        "The edge timeout is 5 seconds for viewer triggers.",
        "MaximumTimeout of 20 minutes",  # a setting outside the range is still wrong
    ],
)
def test_lint_flags_a_number_that_contradicts_the_row(text: str) -> None:
    found = list(check_text("x", text, TABLE))
    assert len(found) == 1, found


@pytest.mark.parametrize(
    "text",
    [
        "It tops out at 1,250 concurrent batches per mapping.",
        "The function timeout is 15 minutes.",  # 900 s in other units
        "A function timeout of 20 seconds is plenty here.",  # a setting inside the range
        "The default function timeout is 3 seconds.",
        "The function timeout used to be 5 minutes (before 2018).",  # history
        "```\nfunction timeout 5 minutes\n```",  # code blocks are samples
        "The function timeout rose to 15 minutes in 2018.",
        "sqs max concurrency",  # no number at all
    ],
)
def test_lint_accepts_agreeing_settings_history_and_code(text: str) -> None:
    assert list(check_text("x", text, TABLE)) == []


def test_lint_allow_list_silences_one_sentence() -> None:
    text = "The edge timeout is 5 seconds for viewer triggers."
    assert list(check_text("x", text, TABLE, ["is 5 seconds for viewer"])) == []


def test_aliases_with_digits_or_single_common_words_are_not_triggers() -> None:
    assert "5 seconds" not in TABLE
    assert "function timeout" in TABLE and "maximumtimeout" in TABLE
    plain = triggers([_Row("r", "Timeout", 1, "s", ["timeout", "tmp"])])
    assert plain == {}

