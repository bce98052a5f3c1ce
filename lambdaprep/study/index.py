"""The keys of every drillable card, cached as a small JSON index.

``lambdaprep due`` runs in shell prompts, so it must not load YAML or pydantic on a warm
cache: this index holds the drillable keys in catalog order (what due and new counts
need), keyed by a fingerprint of the pack files like the limits index.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdaprep.content.discovery import Problem
    from lambdaprep.content.source import PackSource

INDEX_VERSION = 1


def _path(cache_dir: Path) -> Path:
    return cache_dir / "study-keys.json"


def _fingerprint(folders: Sequence[PackSource]) -> str | None:
    from lambdaprep import __version__
    from lambdaprep.content.discovery import files_fingerprint

    h = hashlib.sha256(f"study-keys|{INDEX_VERSION}|{__version__}".encode())
    for src in folders:
        fp = files_fingerprint(src.path, str(src.path.resolve()))
        if fp is None:
            return None
        h.update(fp.encode())
    return h.hexdigest()


def load_study_keys(sources: Sequence[PackSource], cache_dir: Path | None) -> tuple[list[str], list[Problem]]:
    """Drillable card keys in catalog order (cards, then limit rows) and the pack problems."""
    from lambdaprep.content.discovery import Problem, discover

    folders, _ = discover(sources)
    fingerprint = _fingerprint(folders) if cache_dir is not None else None
    if cache_dir is not None and fingerprint is not None:
        try:
            data = json.loads(_path(cache_dir).read_text(encoding="utf-8"))
            if data.get("fingerprint") == fingerprint:
                problems = [Problem(**{**p, "file": Path(p["file"]) if p["file"] else None}) for p in data["problems"]]
                return [str(k) for k in data["keys"]], problems
        except (OSError, ValueError, KeyError, TypeError):
            pass
    from lambdaprep.content.catalog import load_catalog
    from lambdaprep.study.cards import study_cards

    catalog = load_catalog(sources, cache_dir=cache_dir / "content" if cache_dir is not None else None)
    keys = list(study_cards(catalog))
    if cache_dir is not None and fingerprint is not None:
        payload = {"fingerprint": fingerprint, "keys": keys, "problems": [p.to_dict() for p in catalog.problems]}
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = _path(cache_dir).with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(payload), encoding="utf-8")
            os.replace(tmp, _path(cache_dir))
        except OSError:
            pass
    return keys, list(catalog.problems)
