"""Small JSON indexes derived from the packs, for the fast CLI paths.

``lambdaprep limits`` and ``lambdaprep due`` run often (shell prompts, quick look-ups)
and must not parse YAML or import pydantic on a warm start. Each keeps a small JSON
file in the cache dir with what it needs, keyed by a fingerprint of every pack file
(path, size, mtime) plus the index's name and version. A fresh index costs a few
``stat`` calls and one JSON read; a missing, stale or unreadable one is rebuilt from
the full catalog and rewritten atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.content.discovery import Problem
    from lambdaprep.content.source import PackSource


def _fingerprint(name: str, version: int, folders: Sequence[PackSource]) -> str | None:
    from lambdaprep import __version__
    from lambdaprep.content.discovery import files_fingerprint

    h = hashlib.sha256(f"{name}|{version}|{__version__}".encode())
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
) -> tuple[Any, list[Problem]]:
    """``build(catalog)`` (JSON-serialisable), from ``cache_dir/<name>.json`` when fresh."""
    from lambdaprep.content.discovery import Problem, discover

    folders, _ = discover(sources)
    fingerprint = _fingerprint(name, version, folders) if cache_dir is not None else None
    path = cache_dir / f"{name}.json" if cache_dir is not None else None
    if path is not None and fingerprint is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == fingerprint:
                problems = [Problem(**{**p, "file": Path(p["file"]) if p["file"] else None}) for p in stored["problems"]]
                return stored["data"], problems
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing, stale or damaged: rebuild below
    from lambdaprep.content.catalog import load_catalog

    catalog = load_catalog(sources, cache_dir=cache_dir / "content" if cache_dir is not None else None)
    data = build(catalog)
    if path is not None and fingerprint is not None:
        payload = {"fingerprint": fingerprint, "data": data, "problems": [p.to_dict() for p in catalog.problems]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(payload), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only makes the next run slower
    return data, list(catalog.problems)
