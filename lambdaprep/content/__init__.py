"""Content packs: safe YAML, typed models, validation with file:line errors, the Catalog.

Headless on purpose: nothing here imports Textual. Attributes are resolved lazily so
that ``from lambdaprep.content import PackSource`` does not import pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambdaprep.content.source import PackSource

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog, load_catalog
    from lambdaprep.content.loader import Pack, Problem, load_pack

__all__ = ["Catalog", "Pack", "PackSource", "Problem", "load_catalog", "load_pack"]

_LAZY = {
    "Catalog": "lambdaprep.content.catalog",
    "load_catalog": "lambdaprep.content.catalog",
    "Pack": "lambdaprep.content.loader",
    "Problem": "lambdaprep.content.loader",
    "load_pack": "lambdaprep.content.loader",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lambdaprep.content' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
