"""Where packs come from. Kept free of pydantic so the TUI can start without it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class PackSource:
    path: Path
    origin: str
    """``builtin``, ``user``, ``cli`` or ``env``."""
