"""The backups folder, read-only: names, listing, the newest backup and the restore hint.

Kept apart from :mod:`lambdaprep.store.backup` (which makes and restores backups and needs the
database layer) so that the database layer can name the newest backup in its "damaged
database" message without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lambdaprep.store.errors import StoreError

KINDS = ("daily", "manual", "before-restore", "before-import", "damaged")

_NAME = re.compile(r"^lambdaprep-(\d{8})-(\d{6})(?:-(\d+))?-(daily|manual|before-restore|before-import|damaged)\.db$")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    kind: str
    taken: dt.datetime
    """Local time (naive) the backup was taken, from its name."""
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def human_size(n: float) -> str:
    """``88.0 KB``, ``1.3 MB`` (binary units, as file managers show them)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def backup_dir_for(database: Path) -> Path:
    """The backups folder of a database (the same as ``Locations.backups_dir``)."""
    return database.parent / "backups"


# ------------------------------------------------------------------ listing


def list_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, oldest first (an absent folder has none)."""
    out: list[Backup] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise StoreError(f"cannot read the backups folder {folder}: {exc.strerror or exc}") from None
    for entry in entries:
        m = _NAME.match(entry.name)
        if not m or not entry.is_file():
            continue
        try:
            taken = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(Backup(Path(entry.path), m.group(4), taken, size))
    out.sort(key=lambda b: (b.taken, b.name))
    return out


def newest_backup(folder: Path, *, restorable: bool = True) -> Backup | None:
    """The newest backup (by default one that can be restored: not a ``damaged`` file)."""
    found = [b for b in list_backups(folder) if not restorable or b.kind != "damaged"]
    return found[-1] if found else None


def find_backup(folder: Path, name: str | None) -> Backup:
    """The backup called ``name`` (file name, with or without ``.db``); the newest when None."""
    if name is None:
        newest = newest_backup(folder)
        if newest is None:
            raise StoreError(f"there are no backups in {folder}", hint="make one with 'lambdaprep backup'")
        return newest
    wanted = Path(name).name
    for b in list_backups(folder):
        if wanted in (b.name, b.path.stem):
            return b
    raise StoreError(f"no backup called {name!r} in {folder}", hint="'lambdaprep backup --list' shows them")


def restore_hint(database: Path) -> str | None:
    """``restore the newest backup (NAME, taken …) with 'lambdaprep restore NAME'`` or None."""
    try:
        newest = newest_backup(backup_dir_for(database))
    except StoreError:
        return None
    if newest is None:
        return None
    return (
        f"restore the newest backup ({newest.name}, taken {newest.taken:%Y-%m-%d %H:%M}) "
        f"with 'lambdaprep restore {newest.name}'"
    )
