"""Content packs: safe YAML, typed models, validation with file:line errors, the Catalog.

Headless on purpose: nothing here imports Textual.
"""

from lambdaprep.content.catalog import Catalog, load_catalog
from lambdaprep.content.loader import Pack, PackSource, Problem, load_pack

__all__ = ["Catalog", "Pack", "PackSource", "Problem", "load_catalog", "load_pack"]
