"""References from prose to limits rows: one fact, one place.

Cards, quiz questions, diagrams, mock prompts and limit notes can write
``{limit:ID}`` instead of restating a number; the loader checks every reference and
replaces it with the row's current value when the pack is loaded, so every consumer
(screens, CLI, export, the cache) sees final text. Forms:

=========================  ===============================================
``{limit:ID}``             the value with its unit: ``1,250``, ``900 seconds``
``{limit:ID:display}``     the row's ``display`` text: ``2 to 1,000``
``{limit:ID:min}``         the row's ``minimum`` with its unit
``{limit:ID:default}``     the row's ``default`` with its unit
=========================  ===============================================

``ID`` is a limit row's id in the same pack; its ``limit-`` prefix may be left out.
No pydantic here: plain functions over strings and rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from lambdaprep.units import format_quantity

FORMS = ("value", "display", "min", "default")

REF_RE = re.compile(r"\{limit:([a-z0-9][a-z0-9_.-]*)(?::([a-z]+))?\}")
_OPEN_RE = re.compile(r"\{limit:(?=\S)")
"""What starts a reference. ``{limit: 10}`` (a space after the colon, as in code) is not one."""

# Where references are resolved, per section: top-level fields of an item whose
# strings (at any depth) are prose. References anywhere else are reported.
RESOLVED_FIELDS: dict[str, tuple[str, ...]] = {
    "cards": ("front", "back"),
    "quiz": ("question", "choices", "correct", "explanation", "why"),
    "diagrams": ("title", "body", "caption"),
    "limit_tables": ("description", "rows"),
    "mock_prompts": ("prompt", "rubric", "model_answer", "follow_ups"),
}
_ROW_FIELDS = ("notes",)
"""Inside ``limit_tables[].rows[]``, only the notes are prose."""


class Row(Protocol):
    id: str
    value: float
    unit: str
    display: str
    minimum: float | None
    default: float | None


@dataclass(frozen=True, slots=True)
class Found:
    """A reference (or something that looks like a broken one) in a text."""

    text: str
    row_id: str | None
    form: str | None
    error: str | None = None


def scan(text: str) -> Iterator[Found]:
    """Every ``{limit:...}`` in ``text``, with an error for malformed ones."""
    good = {m.start(): m for m in REF_RE.finditer(text)}
    for opening in _OPEN_RE.finditer(text):
        m = good.get(opening.start())
        if m is None:
            end = text.find("}", opening.start())
            shown = text[opening.start() : end + 1 if 0 <= end < opening.start() + 80 else opening.start() + 40]
            yield Found(shown, None, None, f"malformed limit reference {shown!r}; write {{limit:ROW-ID}} or {{limit:ROW-ID:display}}")
            continue
        form = m.group(2) or "value"
        if form not in FORMS:
            yield Found(m.group(0), m.group(1), form, f"unknown form {form!r} in {m.group(0)!r}; use one of: {', '.join(FORMS)}")
        else:
            yield Found(m.group(0), m.group(1), form)


def lookup(row_id: str, rows: Mapping[str, Row]) -> Row | None:
    return rows.get(row_id) or rows.get(f"limit-{row_id}")


def problem_of(found: Found, rows: Mapping[str, Row]) -> str | None:
    """Why ``found`` cannot be resolved against ``rows`` (None when it can)."""
    if found.error:
        return found.error
    assert found.row_id is not None
    row = lookup(found.row_id, rows)
    if row is None:
        return f"{found.text} refers to no limits row in this pack"
    if found.form == "min" and row.minimum is None:
        return f"{found.text}: row {row.id!r} has no minimum"
    if found.form == "default" and row.default is None:
        return f"{found.text}: row {row.id!r} has no default"
    return None


def render_one(row: Row, form: str) -> str:
    if form == "display":
        return row.display
    number = {"value": row.value, "min": row.minimum, "default": row.default}[form]
    assert number is not None
    return format_quantity(number, row.unit)


def render(text: str, rows: Mapping[str, Row]) -> str:
    """``text`` with every reference replaced (references must have been checked)."""
    if "{limit:" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        row = lookup(m.group(1), rows)
        return m.group(0) if row is None else render_one(row, m.group(2) or "value")

    return REF_RE.sub(sub, text)


def render_value(value: Any, rows: Mapping[str, Row]) -> Any:
    """Render references in a string, or in every string of a list or dict (keys too)."""
    if isinstance(value, str):
        return render(value, rows)
    if isinstance(value, list):
        return [render_value(v, rows) for v in value]
    if isinstance(value, dict):
        return {render_value(k, rows): render_value(v, rows) for k, v in value.items()}
    return value


def strings_in(section: str, item: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Every string in a raw item: ``(path, text, resolved_here)``.

    ``resolved_here`` is false for fields whose references would not be rendered
    (the loader reports those).
    """
    allowed = RESOLVED_FIELDS.get(section, ())
    yield from _walk(item, path, section, allowed, depth=0)


def _walk(value: Any, path: tuple[Any, ...], section: str, allowed: tuple[str, ...], depth: int) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    if isinstance(value, str):
        yield path, value, _resolved(section, path, allowed)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*path, i), section, allowed, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield (*path, k), k, _resolved(section, (*path, k), allowed)
            yield from _walk(v, (*path, k), section, allowed, depth + 1)


def _resolved(section: str, path: tuple[Any, ...], allowed: tuple[str, ...]) -> bool:
    if not path or path[0] not in allowed:
        return False
    if section == "limit_tables" and path[0] == "rows":
        return len(path) >= 3 and path[2] in _ROW_FIELDS
    if section == "mock_prompts" and path[0] == "rubric":
        return len(path) >= 3 and path[2] == "point"
    return True
