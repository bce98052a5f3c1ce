"""Finding pack folders. Light on purpose (no pydantic): the fast CLI paths use it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lambdaprep.content.source import PackSource

PACK_MANIFEST = "pack.yaml"
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a pack, with where it is."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str = ""
    pack: str = ""
    """The pack folder (or id) the problem belongs to."""

    @property
    def location(self) -> str:
        if self.file is None:
            return self.pack or "<packs>"
        loc = str(self.file)
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.location}: {where}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file) if self.file else None,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "pack": self.pack,
        }


def discover(sources: Iterable[PackSource]) -> tuple[list[PackSource], list[Problem]]:
    """Expand each source into pack folders.

    A source is either a pack (a folder with ``pack.yaml``) or a folder of packs
    (each non-hidden sub-folder must then be a pack).
    """
    found: list[PackSource] = []
    problems: list[Problem] = []
    for src in sources:
        path = src.path
        if not path.exists():
            if src.origin in ("cli", "env"):
                problems.append(Problem("no such file or folder", file=path))
            continue
        if path.is_file():
            if path.name in (PACK_MANIFEST, "pack.yml"):
                found.append(PackSource(path.parent, src.origin))
            else:
                problems.append(Problem("a pack is a folder with a pack.yaml; this is a file", file=path))
            continue
        if (path / PACK_MANIFEST).is_file():
            found.append(PackSource(path, src.origin))
            continue
        subdirs = sorted(p for p in _safe_iterdir(path) if p.is_dir() and not p.name.startswith((".", "_")))
        packs = [d for d in subdirs if (d / PACK_MANIFEST).is_file()]
        for d in subdirs:
            if d in packs:
                found.append(PackSource(d, src.origin))
            elif any(yaml_files(d)):
                problems.append(Problem(f"folder has YAML files but no {PACK_MANIFEST} manifest", file=d, pack=str(d)))
        if not packs and any(yaml_files(path, recursive=False)):
            problems.append(Problem(f"folder has YAML files but no {PACK_MANIFEST} manifest", file=path, pack=str(path)))
    return found, problems


def _safe_iterdir(path: Path) -> list[Path]:
    try:
        return list(path.iterdir())
    except OSError:
        return []


def yaml_files(folder: Path, recursive: bool = True) -> Iterator[Path]:
    pattern = "**/*" if recursive else "*"
    for p in sorted(folder.glob(pattern)):
        rel = p.relative_to(folder).parts
        if any(part.startswith((".", "_")) for part in rel):
            continue
        if p.suffix in _YAML_SUFFIXES and p.is_file() and p.name not in (PACK_MANIFEST, "pack.yml"):
            yield p


def pack_files(folder: Path) -> list[Path]:
    """The manifest followed by every item file of a pack, in a stable order."""
    return [folder / PACK_MANIFEST, *yaml_files(folder)]




def files_fingerprint(folder: Path, salt: str) -> str | None:
    """A SHA-256 of every file of the pack (relative path, size, mtime) and ``salt``."""
    h = hashlib.sha256(salt.encode())
    try:
        for path in pack_files(folder):
            st = path.stat()
            h.update(f"{path.relative_to(folder)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    except (OSError, ValueError):
        return None
    return h.hexdigest()
