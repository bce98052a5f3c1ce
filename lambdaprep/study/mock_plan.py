"""Building a mock interview: formats, the prompts a format asks, and items from prompts. No Textual here.

A *format* lists steps; a step names a prompt or asks for ``count`` prompts of a kind.
An adaptive format (``adaptive: true``) picks those prompts from the candidate's weakest
topics (:mod:`lambdaprep.study.weakspots`). Each prompt expands into one or more
:class:`~lambdaprep.study.mock_types.MockItem` (rapid-fire rounds and calculations
generate several).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TYPE_CHECKING

from lambdaprep.study.mock_types import Expected, Flag, MockItem, Point

if TYPE_CHECKING:
    from lambdaprep.content import Catalog
    from lambdaprep.content.models import MockFormat, MockPrompt

__all__ = ["expand_prompt", "find_format", "follow_up_prompt", "format_choices", "plan"]


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
        rubric = tuple(Point(p.point, tuple(tuple(g) for g in p.groups), p.weight, p.must) for p in prompt.rubric)
        flags = tuple(Flag(f.claim, tuple(tuple(g) for g in f.phrases), f.correction, f.source) for f in prompt.red_flags)
        cards = links or _topic_cards(catalog, prompt.topic, card_keys)
        return [
            MockItem(
                prompt.key, prompt.key, prompt.kind, prompt.topic, prompt.title, prompt.prompt, prompt.minutes * 60, rubric,
                prompt.model_answer, tuple(prompt.follow_ups), tuple(cards), prompt.source, red_flags=flags,
            )
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
            exp = Expected(row.value, row.unit, 0.0, row.display, tuple(row.also_accept))
            items.append(
                MockItem(
                    f"{prompt.key}#{i}", prompt.key, "rapid_fire", row.topic or prompt.topic, f"{prompt.title} {i}/{min(count, len(rows))}",
                    f"What is the limit: **{row.name}**? " + _unit_hint(row.unit),
                    seconds, (Point(f"The value: {row.display}", must=True),),
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
        working = Point("Explains the working out", (("times", "multipl", "gb-s", "gb-second", "gb second", "divided", "per second", "per month"),))
        items.append(
            MockItem(
                f"{prompt.key}#{i}", prompt.key, "calculation", prompt.topic, prompt.title if count == 1 else f"{prompt.title} {i}/{count}",
                q.text + "\n\n*Put your number on the first line (working out below it).*", seconds,
                (Point(f"The number: {exp.display}", must=True), working),
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


def plan(fmt: MockFormat, catalog: Catalog, rng: random.Random, strength: Mapping[str, float] | None = None) -> list[MockPrompt]:
    """The prompts a format asks, resolving each step (random picks use ``rng``).

    With ``strength`` (topic → 0–1, from :func:`lambdaprep.study.weakspots.topic_strength`)
    a step's random picks prefer the weakest topics; one prompt per topic while others remain.
    """
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
        if strength is not None:
            used = {p.topic for p in chosen}
            pool.sort(key=lambda p: (p.topic in used, strength.get(p.topic, 0.5)))
        chosen += pool[: step.count]
    return chosen


def follow_up_prompt(catalog: Catalog, topic: str, exclude: set[str], rng: random.Random) -> MockPrompt | None:
    """Another concept or design prompt on ``topic`` not asked yet (None when there is none)."""
    pool = [
        p for p in catalog.mock_prompts.values()
        if p.topic == topic and p.kind in ("concept", "system_design") and p.key not in exclude
    ]
    return rng.choice(pool) if pool else None
