"""The registry of content item kinds: one entry per kind, everything else derives from it.

A kind is a section of a pack file (``cards:``, ``quiz:`` …) holding items of one model.
The loader (which sections exist, what ``defaults:`` may fill in, which references to
check), :class:`~lambdaprep.content.loader.Pack`, the :class:`~lambdaprep.content.catalog.Catalog`
indexes, the pack cache key, ``lambdaprep packs`` / ``validate`` / ``export``, Home's pack
table and the docs test all read :data:`KINDS`.

Adding a kind: its model in ``models.py``, one :class:`ItemKind` line in :data:`KINDS`, and
its section in docs/content-format.md (``tests/test_docs.py`` fails until it is there).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import GenericAlias
from typing import Any

from pydantic import create_model

from lambdaprep.content import models as m

RefPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class RefField:
    """A field that refers to other items, by id (same pack) or ``pack/id``."""

    path: tuple[str, ...]
    """Field names from the item down to the reference; ``"*"`` steps into every element of a list."""
    target: str
    """The index the reference points into: a kind's section, or a :class:`Nested` index."""

    def refs(self, item: Any) -> Iterator[tuple[str, RefPath]]:
        """``(reference, path inside the item)`` for every reference ``item`` holds in this field."""
        yield from _walk(item, self.path, ())


def _walk(value: Any, path: tuple[str, ...], at: RefPath) -> Iterator[tuple[str, RefPath]]:
    if not path:
        if isinstance(value, str) and value:
            yield value, at
        elif isinstance(value, list):  # a list of references
            for i, ref in enumerate(value):
                if isinstance(ref, str) and ref:
                    yield ref, (*at, i)
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, element in enumerate(value or ()):
            yield from _walk(element, rest, (*at, i))
    else:
        yield from _walk(getattr(value, head, None), rest, (*at, head))


@dataclass(frozen=True, slots=True)
class Nested:
    """Keyed items inside each item of a kind (limit rows inside a limits table).

    Their ids share the pack's id space, they get the pack id like any item, and the
    catalog indexes them by ``pack/id`` under ``index``.
    """

    field: str
    index: str
    noun: str


@dataclass(frozen=True, slots=True)
class ItemKind:
    """One kind of content item."""

    section: str
    """The section name in a pack file; also the index name on ``Pack`` and ``Catalog``."""
    model: type[m.Keyed]
    noun: str
    """What one item is called in messages ("card", "mock prompt")."""
    defaults: tuple[str, ...] = ()
    """The keys of a file's ``defaults:`` that this kind takes."""
    refs: tuple[RefField, ...] = ()
    nested: Nested | None = None
    count_key: str | None = None
    """The key of this kind in ``counts()`` (JSON of ``packs``, ``validate``, ``export``); None: not counted."""
    label: str | None = None
    """Its column in the ``lambdaprep packs`` table; None: JSON only."""
    home: bool = False
    """Also a column of Home's pack table."""

    def count(self, items: Sequence[Any]) -> int:
        if self.nested is not None:
            return sum(len(getattr(item, self.nested.field)) for item in items)
        return len(items)


_SOURCED = ("topic", "tags", "source", "as_of", "verified")

KINDS: tuple[ItemKind, ...] = (
    ItemKind("cards", m.Card, "card", _SOURCED, (RefField(("diagram",), "diagrams"),), count_key="cards", label="cards", home=True),
    ItemKind("limit_tables", m.LimitTable, "limits table", _SOURCED, nested=Nested("rows", "limits", "limit"), count_key="limits", label="limits", home=True),
    ItemKind("diagrams", m.Diagram, "diagram", ("topic", "tags", "verified"), count_key="diagrams", label="diagrams", home=True),
    ItemKind("quiz", m.QuizQuestion, "quiz question", _SOURCED, (RefField(("cards",), "cards"),), count_key="quiz", label="quiz", home=True),
    ItemKind("mock_prompts", m.MockPrompt, "mock prompt", ("topic", "tags"), (RefField(("cards",), "cards"),), count_key="mock_prompts", label="mock", home=True),
    ItemKind("mock_formats", m.MockFormat, "mock format", ("tags",), (RefField(("steps", "*", "prompt"), "mock_prompts"),), count_key="mock_formats", label="formats"),
    ItemKind("price_books", m.PriceBook, "price book", ("tags", "source", "as_of"), count_key="price_books"),
    ItemKind("coldstart_profiles", m.ColdStartProfile, "cold-start profile", ("tags", "source", "as_of"), count_key="coldstart_profiles"),
    ItemKind("coldstart_parameters", m.ModelParameter, "cold-start parameter", ("as_of",)),
)

BY_SECTION: dict[str, ItemKind] = {k.section: k for k in KINDS}
SECTIONS: tuple[str, ...] = tuple(BY_SECTION)

INDEX_NOUNS: dict[str, str] = {
    **{k.section: k.noun for k in KINDS},
    **{k.nested.index: k.nested.noun for k in KINDS if k.nested is not None},
}
"""Every catalog index (kinds and nested items) and what one of its items is called."""

_FILE_FIELDS: dict[str, Any] = {"defaults": (m.FileDefaults | None, None), **{k.section: (GenericAlias(list, (k.model,)), []) for k in KINDS}}
PackFile: type[m.Model] = create_model(
    "PackFile", __base__=m.Model, __doc__="One YAML file of items (any file in a pack folder except pack.yaml).", **_FILE_FIELDS
)
"""The shape of one pack file: ``defaults:`` and one list per kind (unknown sections are errors)."""


def schema_fingerprint() -> str:
    """A hash of every kind's schema, the manifest's and the registry's own shape.

    Part of the pack cache key: a model that gains or loses a field, or a new kind, is a
    different fingerprint, so a cached pack pickled by the old code is never used.
    """
    shape = {
        "manifest": m.Manifest.model_json_schema(),
        "kinds": [[k.section, k.model.model_json_schema(), k.nested.field if k.nested else None] for k in KINDS],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True, default=str).encode()).hexdigest()[:16]
