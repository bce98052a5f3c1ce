"""The keys of every drillable card, cached as a small JSON index.

``lambdaprep due`` runs in shell prompts, so it must not load YAML or pydantic on a warm
cache: this index holds the drillable keys in catalog order (what due and new counts
need), keyed by a fingerprint of the pack files like the limits index.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdaprep.content.discovery import Problem
    from lambdaprep.content.source import PackSource

INDEX_VERSION = 1


def load_study_keys(sources: Sequence[PackSource], cache_dir: Path | None) -> tuple[list[str], list[Problem]]:
    """Drillable card keys in catalog order (cards, then limit rows) and the pack problems."""
    from lambdaprep.content.derived import load_derived

    def build(catalog: object) -> list[str]:
        from lambdaprep.study.cards import study_cards

        return list(study_cards(catalog))  # type: ignore[arg-type]

    return load_derived("study-keys", INDEX_VERSION, sources, cache_dir, build, _keys_from_json)


def _keys_from_json(data: object) -> list[str]:
    """The stored keys; raises ValueError unless it is a list of ``pack/id`` strings."""
    if not isinstance(data, list) or not all(isinstance(k, str) and "/" in k for k in data):
        raise ValueError("the study-keys index has the wrong shape")
    return data
