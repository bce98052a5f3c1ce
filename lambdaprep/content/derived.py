"""Small JSON indexes derived from the packs, for the fast CLI paths.

``lambdaprep limits`` and ``lambdaprep due`` run often (shell prompts, quick look-ups)
and must not parse YAML or import pydantic on a warm start. Each keeps a small JSON
file in the cache dir with what it needs, keyed by a fingerprint of every pack file
(path, size, mtime) plus the index's name and version. A fresh index costs a few
``stat`` calls and one JSON read; a missing, stale or unreadable one is rebuilt from
the full catalog and rewritten atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.content.discovery import Problem
    from lambdaprep.content.source import PackSource

T = TypeVar("T")

DERIVED_FORMAT = 2
"""Bumped when what every index holds changes (2: pack strings are display-safe)."""


def _fingerprint(name: str, version: int, folders: Sequence[PackSource]) -> str | None:
    from lambdaprep import __version__
    from lambdaprep.content.discovery import files_fingerprint

    h = hashlib.sha256(f"{name}|{version}|{DERIVED_FORMAT}|{__version__}".encode())
    for src in folders:
        fp = files_fingerprint(src.path, str(src.path.resolve()))
        if fp is None:
            return None
        h.update(fp.encode())
    return h.hexdigest()


def load_derived(
    name: str,
    version: int,
    sources: Sequence[PackSource],
    cache_dir: Path | None,
    build: Callable[[Catalog], Any],
    parse: Callable[[Any], T],
) -> tuple[T, list[Problem]]:
    """``parse(build(catalog))``, with ``build``'s JSON-serialisable result kept in ``cache_dir/<name>.json``.

    ``parse`` turns the stored JSON back into what the caller needs and must raise
    (``TypeError``, ``ValueError``, ``KeyError``…) on anything of the wrong shape: a cache
    file with the right fingerprint but odd contents is a miss, rebuilt from the packs.
    """
    from lambdaprep.content.discovery import discover

    folders, _ = discover(sources)
    fingerprint = _fingerprint(name, version, folders) if cache_dir is not None else None
    path = cache_dir / f"{name}.json" if cache_dir is not None else None
    if path is not None and fingerprint is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
                problems = [_problem(p) for p in stored["problems"]]
                return parse(stored["data"]), problems
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            pass  # missing, stale, damaged or of the wrong shape: rebuild below
    from lambdaprep.content.catalog import load_catalog

    catalog = load_catalog(sources, cache_dir=cache_dir / "content" if cache_dir is not None else None)
    data = build(catalog)
    result = parse(data)
    if path is not None and fingerprint is not None:
        payload = {"fingerprint": fingerprint, "data": data, "problems": [p.to_dict() for p in catalog.problems]}
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(payload, allow_nan=False), encoding="utf-8")
            os.replace(tmp, path)
        except (OSError, ValueError):  # read-only or full: only the next run is slower
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return result, list(catalog.problems)


def _problem(raw: Any) -> Problem:
    """A stored problem back as a :class:`Problem`; anything odd raises (so the cache is a miss)."""
    from lambdaprep.content.discovery import Problem

    if not isinstance(raw, dict) or set(raw) != {"file", "line", "column", "field", "message", "pack"}:
        raise ValueError("bad problem record")
    for key in ("line", "column"):
        if raw[key] is not None and type(raw[key]) is not int:
            raise ValueError("bad problem position")
    for key in ("field", "message", "pack"):
        if not isinstance(raw[key], str):
            raise ValueError("bad problem text")
    if raw["file"] is not None and not isinstance(raw["file"], str):
        raise ValueError("bad problem file")
    return Problem(**{**raw, "file": Path(raw["file"]) if raw["file"] else None})
