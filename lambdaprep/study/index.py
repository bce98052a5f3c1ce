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

    keys, problems = load_derived("study-keys", INDEX_VERSION, sources, cache_dir, build)
    return [str(k) for k in keys], problems
