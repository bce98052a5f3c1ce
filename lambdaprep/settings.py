"""User interface preferences, kept in ``settings.json`` in the data dir.

A small typed record with a docstring per field. A missing or unreadable file gives
the defaults (an unreadable one is left in place until the user changes a setting).
Study settings (retention, daily limits) live in the progress database instead, next
to the progress they govern. Kept free of heavy imports: the TUI reads it before its
first frame.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str = "textual-dark"
    """Textual theme name, changed with Ctrl+P → Theme; remembered across runs."""

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(path: Path) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # no settings yet (the usual first run): json is not even imported
        return Settings()
    import json

    try:
        raw = json.loads(text)
    except ValueError:
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name: f for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known and isinstance(v, str)}
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically (temp file + rename) so a killed process never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    import json

    tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
