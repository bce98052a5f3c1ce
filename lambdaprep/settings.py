"""User interface preferences, kept in ``settings.json`` in the data dir.

A typed model with a docstring per field. A missing or unreadable file gives the
defaults (an unreadable one is left in place, never overwritten with defaults
until the user changes a setting). Study settings (retention, daily limits) live
in the progress database instead, next to the progress they govern.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    theme: str = "textual-dark"
    """Textual theme name, changed with Ctrl+P → "Change theme"; remembered across runs."""


def load_settings(path: Path) -> Settings:
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically (temp file + rename) so a killed process never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(settings.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
