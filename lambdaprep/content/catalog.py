"""The Catalog: every loaded pack's items, indexed for the rest of the app.

Built by :func:`load_catalog`, which also keeps a parsed-content cache so that a
warm start does not re-parse YAML: each pack is pickled under the cache dir
keyed by a fingerprint of its files (path, size, mtime) and of the code that
parsed it. A stale or unreadable cache entry is rebuilt silently. A broken pack's problems are
remembered the same way, so a hostile or half-written pack left in the packs folder
costs one parse, not one per command, until its files change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambdaprep.content import models as m
from lambdaprep.content.discovery import Problem, discover, files_fingerprint
from lambdaprep.content.kinds import INDEX_NOUNS, KINDS, schema_fingerprint
from lambdaprep.content.loader import Pack, load_pack
from lambdaprep.content.source import PackSource


@dataclass
class Catalog:
    """All items of all loaded packs. Keys are ``pack-id/item-id``."""

    packs: list[Pack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Packs that were skipped and references that did not resolve."""

    index: dict[str, dict[str, Any]] = field(default_factory=dict, init=False)
    """Every kind's section (and nested index, ``limits``) → its items by key. The typed
    attributes below are the same dicts, for the kinds code reads by name."""
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
        for name in INDEX_NOUNS:
            self.index[name] = getattr(self, name, None) or {}
            setattr(self, name, self.index[name])  # a kind without a typed attribute is still catalog.<section>
        for pack in self.packs:
            for topic, title in pack.manifest.topics.items():
                self.topics.setdefault(topic, title)
            for kind in KINDS:
                index = self.index[kind.section]
                for item in pack.items[kind.section]:
                    index[item.key] = item
                    if kind.nested is not None:
                        nested = self.index[kind.nested.index]
                        for child in getattr(item, kind.nested.field):
                            nested[child.key] = child
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
        """Every ``pack-id/item-id`` reference must name a loaded item; the problem says where it is written."""
        pack_ids = {p.id for p in self.packs}
        for pack in self.packs:
            for ref in getattr(pack, "external_refs", ()):
                if ref.kind == "step":
                    self._check_step(pack, ref)
                    continue
                if ref.ref in self.index[ref.kind]:
                    continue
                owner = ref.ref.split("/", 1)[0]
                why = f"pack {owner!r} is not loaded" if owner not in pack_ids else f"there is no such {INDEX_NOUNS[ref.kind]} in pack {owner!r}"
                self.problems.append(
                    Problem(
                        f"refers to {ref.ref!r}, but {why}; the pack is loaded without that link",
                        file=ref.file,
                        line=ref.line,
                        column=ref.column,
                        field=ref.field,
                        pack=str(pack.path),
                    )
                )

    def _check_step(self, pack: Pack, ref: Any) -> None:
        """A random mock step must match some prompt, or the interview scores 0 % on nothing."""
        format_id, _, index = ref.ref.rpartition("#")
        fmt = self.mock_formats.get(f"{pack.id}/{format_id}")
        if fmt is None or not index.isdigit() or int(index) >= len(fmt.steps):
            return
        step = fmt.steps[int(index)]
        if any(p.kind == step.kind and (not step.topics or p.topic in step.topics) for p in self.mock_prompts.values()):
            return
        on = f" on {', '.join(step.topics)}" if step.topics else ""
        self.problems.append(
            Problem(
                f"step {int(index) + 1} asks for a {step.kind} prompt{on}, but no loaded pack has one; "
                "that step of the interview would be empty",
                file=ref.file,
                line=ref.line,
                column=ref.column,
                field=ref.field,
                pack=str(pack.path),
            )
        )

    def skipped_and_warned(self) -> tuple[set[str], set[str]]:
        """Folders of packs skipped for errors, and of loaded packs that have warnings.

        A problem's ``pack`` is the pack folder; a loaded pack with a problem (a link to a
        pack that is not loaded) is *warned*, not skipped, so summaries agree with ``packs``.
        """
        loaded = {str(p.path) for p in self.packs}
        named = {p.pack for p in self.problems if p.pack}
        return named - loaded, named & loaded


# ------------------------------------------------------------------ loading

_CACHE_FORMAT = 3  # 3: Pack keeps items by section; the key covers the schema (no bump needed for new fields)


@functools.cache
def _code_fingerprint() -> str:
    """The code side of the cache key: versions, and the schema of every kind and of ``Pack``."""
    from lambdaprep import __version__

    import pydantic

    shape = f"{schema_fingerprint()}|{','.join(f.name for f in dataclasses.fields(Pack))}"
    return f"{_CACHE_FORMAT}|{__version__}|{m.FORMAT_VERSION}|{pydantic.VERSION}|{sys.version_info[:2]}|{shape}"


def pack_fingerprint(folder: Path) -> str | None:
    """A hash of every file of the pack (path, size, mtime) and of the parsing code."""
    return files_fingerprint(folder, _code_fingerprint())


def _cache_path(cache_dir: Path, folder: Path) -> Path:
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return cache_dir / "packs" / f"{name}.pickle"


def _cached(cache_dir: Path, folder: Path, fingerprint: str) -> tuple[Pack | None, list[Problem]] | None:
    """The pack (or, for a broken pack, ``None`` and its problems) read last time, if its files are unchanged."""
    path = _cache_path(cache_dir, folder)
    try:
        with path.open("rb") as fh:
            stored_fp, pack, problems = pickle.load(fh)
    except Exception:  # missing, truncated, from another version: rebuild silently
        return None
    if stored_fp != fingerprint or not (pack is None or (isinstance(pack, Pack) and _fits(pack))):
        return None
    if not isinstance(problems, list) or not all(isinstance(p, Problem) for p in problems) or (pack is None) != bool(problems):
        return None
    return pack, problems


def _fits(pack: Pack) -> bool:
    """Whether a pickled pack has every section and every field the code expects now."""
    if set(pack.items) != {k.section for k in KINDS}:
        return False
    for kind in KINDS:
        wanted = kind.model.model_fields.keys()
        for item in pack.items[kind.section]:
            if type(item) is not kind.model or not wanted <= item.__dict__.keys():
                return False
    return True


def _store(cache_dir: Path, folder: Path, fingerprint: str, pack: Pack | None, problems: list[Problem]) -> None:
    """Remember a pack, or a broken pack's problems, so that unchanged files are not parsed again."""
    path = _cache_path(cache_dir, folder)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump((fingerprint, pack, problems), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, AttributeError, TypeError):  # a cache that cannot be written only costs speed
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def load_catalog(sources: Iterable[PackSource], cache_dir: Path | None = None) -> Catalog:
    """Load every pack from ``sources``. Broken packs are skipped and reported in ``problems``.

    Any failure while building from cached packs is a cache miss: the packs are parsed again.
    """
    sources = list(sources)
    if cache_dir is None:
        return _load(sources, None, read_cache=False)
    try:
        return _load(sources, cache_dir, read_cache=True)
    except Exception:  # a cached pack that no longer fits the code; a real error recurs below
        return _load(sources, cache_dir, read_cache=False)


def _load(sources: list[PackSource], cache_dir: Path | None, *, read_cache: bool) -> Catalog:
    folders, problems = discover(sources)
    packs: list[Pack] = []
    seen: dict[str, Path] = {}
    for src in folders:
        folder = src.path
        fingerprint = pack_fingerprint(folder) if cache_dir is not None else None
        hit = _cached(cache_dir, folder, fingerprint) if read_cache and cache_dir is not None and fingerprint else None
        if hit is None:
            pack, errs = load_pack(folder, src.origin)
            if cache_dir is not None and fingerprint:
                _store(cache_dir, folder, fingerprint, pack, errs)
        else:
            pack, errs = hit
        problems.extend(errs)
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
