"""The one module that knows every path lambdaprep reads or writes.

Default locations come from platformdirs. ``--data-dir DIR`` (or the
``LAMBDAPREP_DATA`` environment variable) moves *everything* under DIR — data,
cache, user packs and the database — so that tests and experiments never touch
a real home directory. ``lambdaprep paths`` prints these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "lambdaprep"
ENV_DATA = "LAMBDAPREP_DATA"
ENV_PACKS = "LAMBDAPREP_PACKS"


@dataclass(frozen=True, slots=True)
class Locations:
    data_dir: Path
    cache_dir: Path
    user_packs_dir: Path
    database: Path
    settings_file: Path

    @classmethod
    def under(cls, root: Path) -> Locations:
        """Every location inside one folder (``--data-dir``)."""
        root = root.expanduser().absolute()
        return cls(
            data_dir=root,
            cache_dir=root / "cache",
            user_packs_dir=root / "packs",
            database=root / "lambdaprep.db",
            settings_file=root / "settings.json",
        )

    @classmethod
    def default(cls) -> Locations:
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
        return cls(
            data_dir=data,
            cache_dir=cache,
            user_packs_dir=data / "packs",
            database=data / "lambdaprep.db",
            settings_file=data / "settings.json",
        )

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> Locations:
        """``--data-dir`` wins, then ``LAMBDAPREP_DATA``, then the platform defaults."""
        chosen = data_dir if data_dir not in (None, "") else os.environ.get(ENV_DATA) or None
        return cls.under(Path(chosen)) if chosen else cls.default()

    @property
    def crash_log(self) -> Path:
        """Where unexpected errors are written with their traceback (CLI and app alike)."""
        return self.cache_dir / "crash.log"

    @property
    def backups_dir(self) -> Path:
        """Automatic and manual backups of the database (beside it, in ``backups/``)."""
        return self.database.parent / "backups"

    def ensure(self) -> None:
        """Create the folders lambdaprep writes to (only when it is about to write)."""
        for d in (self.data_dir, self.cache_dir, self.user_packs_dir):
            d.mkdir(parents=True, exist_ok=True)

    def as_dict(self) -> dict[str, str]:
        return {
            "data": str(self.data_dir),
            "cache": str(self.cache_dir),
            "user_packs": str(self.user_packs_dir),
            "database": str(self.database),
            "backups": str(self.backups_dir),
            "settings": str(self.settings_file),
            "builtin_packs": str(builtin_packs_dir()),
        }


def builtin_packs_dir() -> Path:
    """The packs shipped with lambdaprep.

    In an installed wheel they sit inside the package (``lambdaprep/_packs``);
    in a source checkout or editable install they are the repo's ``content/``.
    """
    here = Path(__file__).resolve().parent
    installed = here / "_packs"
    if installed.is_dir():
        return installed
    return here.parent / "content"


def env_pack_paths() -> list[Path]:
    raw = os.environ.get(ENV_PACKS, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
