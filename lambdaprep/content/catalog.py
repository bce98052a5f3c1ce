"""The Catalog: every loaded pack's items, indexed for the rest of the app.

Built by :func:`load_catalog`, which also keeps a parsed-content cache so that a
warm start does not re-parse YAML: each pack is pickled under the cache dir
keyed by a fingerprint of its files (path, size, mtime) and of the code that
parsed it. A stale or unreadable cache entry is rebuilt silently.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lambdaprep.content import models as m
from lambdaprep.content.discovery import Problem, discover, files_fingerprint
from lambdaprep.content.loader import Pack, load_pack
from lambdaprep.content.source import PackSource


@dataclass
class Catalog:
    """All items of all loaded packs. Keys are ``pack-id/item-id``."""

    packs: list[Pack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Packs that were skipped and references that did not resolve."""

    cards: dict[str, m.Card] = field(default_factory=dict, init=False)
    limit_tables: dict[str, m.LimitTable] = field(default_factory=dict, init=False)
    limits: dict[str, m.LimitRow] = field(default_factory=dict, init=False)
    diagrams: dict[str, m.Diagram] = field(default_factory=dict, init=False)
    quiz: dict[str, m.QuizQuestion] = field(default_factory=dict, init=False)
    mock_prompts: dict[str, m.MockPrompt] = field(default_factory=dict, init=False)
    mock_formats: dict[str, m.MockFormat] = field(default_factory=dict, init=False)
    price_books: dict[str, m.PriceBook] = field(default_factory=dict, init=False)
    coldstart_profiles: dict[str, m.ColdStartProfile] = field(default_factory=dict, init=False)
    coldstart_parameters: dict[str, m.ModelParameter] = field(default_factory=dict, init=False)
    topics: dict[str, str] = field(default_factory=dict, init=False)
    """Topic id → title, from the packs' manifests."""

    def __post_init__(self) -> None:
        for pack in self.packs:
            for topic, title in pack.manifest.topics.items():
                self.topics.setdefault(topic, title)
            for section in m.ITEM_SECTIONS:
                index = getattr(self, section)
                for item in getattr(pack, section):
                    index[item.key] = item
            for table in pack.limit_tables:
                for row in table.rows:
                    self.limits[row.key] = row
        self._check_cross_pack_refs()

    # ------------------------------------------------------------ lookups

    def resolve(self, ref: str, pack: str) -> str:
        """Turn a reference written in ``pack`` into a catalog key."""
        return ref if "/" in ref else f"{pack}/{ref}"

    def diagram_for(self, card: m.Card) -> m.Diagram | None:
        if not card.diagram:
            return None
        return self.diagrams.get(self.resolve(card.diagram, card.pack))

    def cards_for_diagram(self, diagram: m.Diagram) -> list[m.Card]:
        return [c for c in self.cards.values() if c.diagram and self.resolve(c.diagram, c.pack) == diagram.key]

    @property
    def curriculum(self) -> list[str]:
        """Topic ids in teaching order: each pack's ``curriculum`` then its other topics, packs in load order."""
        out: dict[str, None] = {}
        for pack in self.packs:
            for topic in [*pack.manifest.curriculum, *pack.manifest.topics]:
                out.setdefault(topic, None)
        return list(out)

    def topic_title(self, topic: str) -> str:
        return self.topics.get(topic) or topic.replace("-", " ").replace("_", " ").capitalize()

    def counts(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for pack in self.packs:
            for k, v in pack.counts().items():
                total[k] = total.get(k, 0) + v
        return total

    def price_book(self, region: str | None = None) -> m.PriceBook | None:
        """The price book for ``region`` (the first one loaded when not given)."""
        for book in self.price_books.values():
            if region is None or book.region == region:
                return book
        return None

    def _check_cross_pack_refs(self) -> None:
        pack_ids = {p.id for p in self.packs}
        for key, ref, what in self._refs():
            owner = ref.split("/", 1)[0]
            if "/" not in ref:
                continue
            target = {"diagram": self.diagrams, "card": self.cards, "prompt": self.mock_prompts}[what]
            if ref not in target:
                why = "that pack is not loaded" if owner not in pack_ids else f"no such {what} in it"
                self.problems.append(Problem(f"{key} refers to {ref!r}: {why}", pack=key.split("/", 1)[0]))

    def _refs(self) -> Iterator[tuple[str, str, str]]:
        for card in self.cards.values():
            if card.diagram:
                yield card.key, card.diagram, "diagram"
        for q in self.quiz.values():
            for ref in q.cards:
                yield q.key, ref, "card"
        for p in self.mock_prompts.values():
            for ref in p.cards:
                yield p.key, ref, "card"
        for f in self.mock_formats.values():
            for step in f.steps:
                if step.prompt:
                    yield f.key, step.prompt, "prompt"


# ------------------------------------------------------------------ loading

_CACHE_FORMAT = 2  # 2: quiz questions carry why


def _code_fingerprint() -> str:
    from lambdaprep import __version__

    import pydantic

    return f"{_CACHE_FORMAT}|{__version__}|{m.FORMAT_VERSION}|{pydantic.VERSION}|{sys.version_info[:2]}"


def pack_fingerprint(folder: Path) -> str | None:
    """A hash of every file of the pack (path, size, mtime) and of the parsing code."""
    return files_fingerprint(folder, _code_fingerprint())


def _cache_path(cache_dir: Path, folder: Path) -> Path:
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return cache_dir / "packs" / f"{name}.pickle"


def _cached(cache_dir: Path, folder: Path, fingerprint: str) -> Pack | None:
    path = _cache_path(cache_dir, folder)
    try:
        with path.open("rb") as fh:
            stored_fp, pack = pickle.load(fh)
    except Exception:  # missing, truncated, from another version: rebuild silently
        return None
    if stored_fp != fingerprint or not isinstance(pack, Pack):
        return None
    return pack


def _store(cache_dir: Path, folder: Path, fingerprint: str, pack: Pack) -> None:
    path = _cache_path(cache_dir, folder)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump((fingerprint, pack), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only cache is not an error, only slower
        tmp.unlink(missing_ok=True)


def load_catalog(sources: Iterable[PackSource], cache_dir: Path | None = None) -> Catalog:
    """Load every pack from ``sources``. Broken packs are skipped and reported in ``problems``."""
    folders, problems = discover(sources)
    packs: list[Pack] = []
    seen: dict[str, Path] = {}
    for src in folders:
        folder = src.path
        fingerprint = pack_fingerprint(folder) if cache_dir is not None else None
        pack = _cached(cache_dir, folder, fingerprint) if cache_dir is not None and fingerprint else None
        if pack is None:
            pack, errs = load_pack(folder, src.origin)
            problems.extend(errs)
            if pack is not None and cache_dir is not None and fingerprint:
                _store(cache_dir, folder, fingerprint, pack)
        if pack is None:
            continue
        pack.origin = src.origin
        if pack.id in seen:
            problems.append(
                Problem(
                    f"duplicate pack id {pack.id!r}: already loaded from {seen[pack.id]}; this copy is skipped",
                    file=folder / "pack.yaml",
                    pack=str(folder),
                )
            )
            continue
        seen[pack.id] = folder
        packs.append(pack)
    return Catalog(packs=packs, problems=problems)
