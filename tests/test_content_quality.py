"""Quality checks on the shipped content packs (run in CI with pytest).

These go beyond schema validation: they check that the built-in pack is big enough,
has no duplicated questions, links only to diagrams that exist, cites an https source
for every fact, and never claims to be checked on a date in the future.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lambdaprep.content import Catalog, PackSource, load_catalog
from lambdaprep.paths import builtin_packs_dir
from lambdaprep.units import UNITS, UnitError, parse_unit

# ---------------------------------------------------------------- thresholds

MIN_CARDS_PER_TOPIC = 8
MIN_CARDS = 350
MIN_QUIZ = 150
MIN_DIAGRAMS = 15
MIN_MOCK_PROMPTS = 12
MIN_SYSTEM_DESIGN_PROMPTS = 5
MIN_MOCK_FORMATS = 2
MIN_LIMIT_ROWS = 60

# ------------------------------------------------------------------- fixture


def _content_dir() -> Path:
    """The repo's content/ folder when run from a checkout, else the installed packs."""
    here = Path(__file__).resolve().parent.parent / "content"
    return here if here.is_dir() else builtin_packs_dir()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([PackSource(_content_dir(), "builtin")])


def _norm(text: str) -> str:
    """Case- and whitespace-insensitive form of a question, for duplicate checks."""
    return " ".join(text.split()).casefold()


def _is_https(url: object) -> bool:
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc)


def _report(problems: list[str], what: str) -> str:
    shown = "\n  ".join(problems[:40])
    more = f"\n  … and {len(problems) - 40} more" if len(problems) > 40 else ""
    return f"{len(problems)} {what}:\n  {shown}{more}"


# -------------------------------------------------------------------- loading


def test_packs_load_without_problems(catalog: Catalog) -> None:
    assert catalog.packs, f"no pack found under {_content_dir()}"
    problems = [str(p) for p in catalog.problems]
    assert not problems, _report(problems, "load problems")


# ----------------------------------------------------------------- duplicates


def test_card_fronts_are_unique(catalog: Catalog) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for card in catalog.cards.values():
        seen[_norm(card.front)].append(card.key)
    dupes = [f"{keys}: {front!r}" for front, keys in seen.items() if len(keys) > 1]
    assert not dupes, _report(dupes, "duplicated card fronts")


def test_quiz_questions_are_unique(catalog: Catalog) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for q in catalog.quiz.values():
        seen[_norm(q.question)].append(q.key)
    dupes = [f"{keys}: {text!r}" for text, keys in seen.items() if len(keys) > 1]
    assert not dupes, _report(dupes, "duplicated quiz questions")


def test_quiz_answers_are_among_distinct_choices(catalog: Catalog) -> None:
    bad: list[str] = []
    for q in catalog.quiz.values():
        if len(set(q.choices)) != len(q.choices):
            repeated = sorted(c for c, n in Counter(q.choices).items() if n > 1)
            bad.append(f"{q.key}: repeated choices {repeated}")
        if not q.correct:
            bad.append(f"{q.key}: no correct answer")
        missing = [c for c in q.correct if c not in q.choices]
        if missing:
            bad.append(f"{q.key}: correct answers not among the choices: {missing}")
        if len(set(q.correct)) != len(q.correct):
            bad.append(f"{q.key}: a correct answer is listed twice")
    assert not bad, _report(bad, "quiz questions with bad answers")


# --------------------------------------------------------------------- counts


def test_every_declared_topic_has_enough_cards(catalog: Catalog) -> None:
    per_topic = Counter(card.topic for card in catalog.cards.values())
    declared = {topic for pack in catalog.packs for topic in pack.manifest.topics}
    assert declared, "the pack manifest declares no topics"
    thin = [f"{t}: {per_topic.get(t, 0)} cards" for t in sorted(declared) if per_topic.get(t, 0) < MIN_CARDS_PER_TOPIC]
    assert not thin, _report(thin, f"topics with fewer than {MIN_CARDS_PER_TOPIC} cards")


def test_cards_use_declared_topics(catalog: Catalog) -> None:
    declared = {topic for pack in catalog.packs for topic in pack.manifest.topics}
    stray = sorted({f"{c.key}: {c.topic}" for c in catalog.cards.values() if c.topic not in declared})
    assert not stray, _report(stray, "cards whose topic the manifest does not declare")


@pytest.mark.parametrize(
    ("section", "minimum"),
    [
        ("cards", MIN_CARDS),
        ("quiz", MIN_QUIZ),
        ("diagrams", MIN_DIAGRAMS),
        ("mock_prompts", MIN_MOCK_PROMPTS),
        ("mock_formats", MIN_MOCK_FORMATS),
        ("limits", MIN_LIMIT_ROWS),
    ],
)
def test_minimum_counts(catalog: Catalog, section: str, minimum: int) -> None:
    count = len(getattr(catalog, section))
    assert count >= minimum, f"{section}: {count} < {minimum}"


def test_enough_system_design_prompts(catalog: Catalog) -> None:
    count = sum(1 for p in catalog.mock_prompts.values() if p.kind == "system_design")
    assert count >= MIN_SYSTEM_DESIGN_PROMPTS, f"system_design prompts: {count} < {MIN_SYSTEM_DESIGN_PROMPTS}"


# ----------------------------------------------------------------- references


def test_card_diagrams_resolve(catalog: Catalog) -> None:
    broken = [
        f"{card.key} -> {card.diagram}"
        for card in catalog.cards.values()
        if card.diagram and catalog.diagram_for(card) is None
    ]
    assert not broken, _report(broken, "card diagram references that do not resolve")


# -------------------------------------------------------------------- sources


def _sourced_items(catalog: Catalog) -> list[tuple[str, object, bool]]:
    """(item key, source, whether a source is required)."""
    items: list[tuple[str, object, bool]] = []
    items += [(c.key, c.source, True) for c in catalog.cards.values()]
    items += [(q.key, q.source, True) for q in catalog.quiz.values()]
    items += [(t.key, t.source, True) for t in catalog.limit_tables.values()]
    items += [(r.key, r.source, True) for r in catalog.limits.values()]
    items += [(d.key, d.source, False) for d in catalog.diagrams.values()]
    items += [(p.key, p.source, False) for p in catalog.mock_prompts.values()]
    for book in catalog.price_books.values():
        items.append((book.key, book.source, True))
        items += [(f"{book.key} sources[{i}]", url, True) for i, url in enumerate(book.sources)]
    items += [(p.key, p.source, True) for p in catalog.coldstart_profiles.values()]
    items += [(p.key, p.source, p.basis != "assumption") for p in catalog.coldstart_parameters.values()]
    return items


def test_every_source_is_an_https_url(catalog: Catalog) -> None:
    bad: list[str] = []
    for key, source, required in _sourced_items(catalog):
        if source is None:
            if required:
                bad.append(f"{key}: no source")
        elif not _is_https(source):
            bad.append(f"{key}: not an https URL: {source!r}")
    assert not bad, _report(bad, "items without an https source")


def test_no_as_of_in_the_future(catalog: Catalog) -> None:
    today = dt.date.today()
    dated: list[tuple[str, dt.date | None]] = [(f"{p.id} (pack.yaml)", p.manifest.as_of) for p in catalog.packs]
    for section in (
        "cards",
        "quiz",
        "limit_tables",
        "limits",
        "diagrams",
        "mock_prompts",
        "price_books",
        "coldstart_profiles",
        "coldstart_parameters",
    ):
        dated += [(item.key, getattr(item, "as_of", None)) for item in getattr(catalog, section).values()]
    future = [f"{key}: {as_of}" for key, as_of in dated if as_of is not None and as_of > today]
    assert not future, _report(future, f"items dated after today ({today})")


# --------------------------------------------------------------------- limits


def test_limit_rows_have_aliases_and_known_units(catalog: Catalog) -> None:
    bad: list[str] = []
    for row in catalog.limits.values():
        if not [a for a in row.aliases if a.strip()]:
            bad.append(f"{row.key}: no aliases")
        try:
            unit = parse_unit(row.unit)
        except UnitError as exc:
            bad.append(f"{row.key}: {exc}")
            continue
        if unit.symbol not in UNITS:
            bad.append(f"{row.key}: unit {row.unit!r} is not a lambdaprep unit")
    assert not bad, _report(bad, "limit rows with missing aliases or unknown units")


def test_limit_row_ranges_are_ordered(catalog: Catalog) -> None:
    bad: list[str] = []
    for row in catalog.limits.values():
        if row.minimum is not None and row.minimum > row.value:
            bad.append(f"{row.key}: minimum {row.minimum} > value {row.value}")
        if row.default is not None and not (
            (row.minimum is None or row.default >= row.minimum) and row.default <= row.value
        ):
            bad.append(f"{row.key}: default {row.default} outside the range")
    assert not bad, _report(bad, "limit rows with inconsistent ranges")
