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
        try:
            _discover_one(src, found, problems)
        except OSError as exc:  # e.g. a folder this user may not read: skip it, keep the rest
            _unreadable(src.path, exc, problems)
    return found, problems


def _discover_one(src: PackSource, found: list[PackSource], problems: list[Problem]) -> None:
    path = src.path
    if not path.exists():
        if src.origin in ("cli", "env"):
            problems.append(Problem("no such file or folder", file=path))
        return
    if path.is_file():
        if path.name in (PACK_MANIFEST, "pack.yml"):
            found.append(PackSource(path.parent, src.origin))
        else:
            problems.append(Problem("a pack is a folder with a pack.yaml; this is a file", file=path))
        return
    if not path.is_dir():
        problems.append(Problem("not a folder or a pack.yaml", file=path))
        return
    if _is_file(path / PACK_MANIFEST, problems):
        found.append(PackSource(path, src.origin))
        return
    if (path / PACK_MANIFEST).is_dir():
        problems.append(Problem(f"{PACK_MANIFEST} is a folder; a pack's manifest must be a file", file=path / PACK_MANIFEST, pack=str(path)))
        return
    subdirs = sorted(p for p in _safe_iterdir(path, problems) if not p.name.startswith((".", "_")) and _is_dir(p, problems))
    packs = [d for d in subdirs if _is_file(d / PACK_MANIFEST, problems)]
    for d in subdirs:
        if d in packs:
            found.append(PackSource(d, src.origin))
        elif _has_yaml(d, problems):
            problems.append(Problem(f"folder has YAML files but no {PACK_MANIFEST} manifest", file=d, pack=str(d)))
    if not packs and _has_yaml(path, problems, recursive=False):
        problems.append(Problem(f"folder has YAML files but no {PACK_MANIFEST} manifest", file=path, pack=str(path)))


def _unreadable(path: Path, exc: OSError, problems: list[Problem]) -> None:
    problems.append(Problem(f"cannot read this folder ({exc.strerror or exc}); skipped", file=path, pack=str(path)))


def _is_file(path: Path, problems: list[Problem]) -> bool:
    try:
        return path.is_file()
    except OSError as exc:
        _unreadable(path.parent, exc, problems)
        return False


def _is_dir(path: Path, problems: list[Problem]) -> bool:
    try:
        return path.is_dir()
    except OSError as exc:
        _unreadable(path, exc, problems)
        return False


def _has_yaml(folder: Path, problems: list[Problem], recursive: bool = True) -> bool:
    try:
        return any(yaml_files(folder, recursive))
    except OSError as exc:
        _unreadable(folder, exc, problems)
        return False


def _safe_iterdir(path: Path, problems: list[Problem]) -> list[Path]:
    try:
        return list(path.iterdir())
    except OSError as exc:
        _unreadable(path, exc, problems)
        return []


def yaml_files(folder: Path, recursive: bool = True) -> Iterator[Path]:
    pattern = "**/*" if recursive else "*"
    for p in sorted(folder.glob(pattern)):
        rel = p.relative_to(folder).parts
        if any(part.startswith((".", "_")) for part in rel):
            continue
        if p.suffix in _YAML_SUFFIXES and p.is_file() and p.name not in (PACK_MANIFEST, "pack.yml"):
            yield p


def outside(path: Path, folder: Path) -> bool:
    """True when ``path`` (following every link) is not inside ``folder``: a link out of the pack."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


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
