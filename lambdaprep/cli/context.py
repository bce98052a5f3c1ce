"""What every CLI command gets: locations, consoles, the catalog, JSON output, the TUI."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdaprep.paths import Locations, builtin_packs_dir, env_pack_paths

if TYPE_CHECKING:
    from rich.console import Console

    from lambdaprep.content import Catalog, PackSource
    from lambdaprep.tui.options import AreaOptions


class UsageError(Exception):
    """Bad command-line arguments: printed as one line, exit status 2."""


def check_data_dir(path: Path) -> None:
    """Refuse a data dir that exists but is not a folder (or has a file in its way)."""
    from lambdaprep.errors import LambdaprepError

    for p in (path, *path.parents):
        try:
            if p.exists():
                if not p.is_dir():
                    what = "the data folder" if p == path else f"the data folder {path} cannot be made:"
                    raise LambdaprepError(
                        f"{what} {p} is a file, not a folder",
                        hint="give --data-dir (or LAMBDAPREP_DATA) a folder, or move that file aside",
                    )
                return
        except OSError as exc:
            raise LambdaprepError(f"cannot use the data folder {path}: {exc.strerror or exc}") from None


def _is_pack_path(value: str) -> bool:
    """A ``--pack`` value that names a path, not a pack id (ids are lower-case slugs)."""
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", value):
        return True  # ``./mine``, ``~/packs``, ``My Packs``: never an id
    return (Path(value) / "pack.yaml").is_file()  # a pack folder in the current directory


def _paths_given_as_filters(args: argparse.Namespace) -> list[str]:
    """``drill`` and ``quiz`` read ``--pack P`` after the command as a pack id to study. A path
    there means what the global option means (load that pack), as it does before the command:
    it is moved out of the filter and into the packs to load."""
    filters = getattr(args, "filter_pack", None)
    if not filters:
        return []
    paths = [p for p in filters if _is_pack_path(p)]
    args.filter_pack = [p for p in filters if p not in paths]
    return paths


@dataclass
class Context:
    args: argparse.Namespace
    locations: Locations
    extra_packs: list[Path] = field(default_factory=list)
    _catalog: Catalog | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Raises UsageError for an empty ``--data-dir`` or ``--pack``, LambdaprepError for a data dir that is a file."""
        data_dir = getattr(args, "data_dir", None)
        if data_dir is not None and not str(data_dir).strip():
            raise UsageError("--data-dir needs a folder; it was given an empty path")
        packs = list(getattr(args, "pack", None) or [])
        packs += _paths_given_as_filters(args)
        if any(not str(p).strip() for p in packs):
            raise UsageError("--pack needs a path; it was given an empty one")
        locations = Locations.resolve(data_dir)
        check_data_dir(locations.data_dir)
        return cls(args=args, locations=locations, extra_packs=[Path(p).expanduser() for p in packs])

    @cached_property
    def console(self) -> Console:
        from lambdaprep.cli.output import SafeConsole

        return SafeConsole(highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Console:
        from lambdaprep.cli.output import SafeConsole

        return SafeConsole(stderr=True, highlight=False)

    def pack_sources(self) -> list[PackSource]:
        """Built-in packs, the user packs folder, ``LAMBDAPREP_PACKS``, then ``--pack``."""
        from lambdaprep.content.source import PackSource

        sources = [PackSource(builtin_packs_dir(), "builtin"), PackSource(self.locations.user_packs_dir, "user")]
        sources += [PackSource(p, "env") for p in env_pack_paths()]
        sources += [PackSource(p, "cli") for p in self.extra_packs]
        return sources

    def catalog(self, *, warn: bool = True) -> Catalog:
        """Load every pack once (cached on disk); pack problems go to stderr as warnings."""
        if self._catalog is None:
            from lambdaprep.content import load_catalog

            self._catalog = load_catalog(self.pack_sources(), cache_dir=self.locations.cache_dir / "content")
            if warn:
                self.warn_problems(self._catalog.problems)
        return self._catalog

    def warn_problems(self, problems: list[Any]) -> None:
        from rich.text import Text

        for problem in problems:
            self.err.print(Text.assemble(("warning: ", "yellow"), str(problem)), soft_wrap=True)
        if problems:
            from lambdaprep.units import plural

            summary = plural(len(problems), "pack problem")
            if self._catalog is not None:  # the fast paths (limits, due) do not know which packs loaded
                skipped, warned = self._catalog.skipped_and_warned()
                summary += f": {plural(len(skipped), 'pack')} skipped" + (f", {len(warned)} loaded with warnings" if warned else "")
            self.err.print(Text(f"{summary}. Run 'lambdaprep validate' for details.", style="dim"), soft_wrap=True)

    def print_json(self, obj: Any) -> None:
        from lambdaprep.cli.output import json_text

        sys.stdout.write(json_text(obj))

    def run_tui(self, area: str | None = None, options: AreaOptions | None = None) -> int:
        """Open the TUI (optionally straight at an area, with its typed options). Textual is imported only here."""
        served = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")  # `lambdaprep serve` runs us for a browser
        if not sys.stdout.isatty() and not served and not getattr(self.args, "force_tui", False):
            raise UsageError("the interactive app needs a terminal; use a subcommand such as 'lambdaprep packs' instead")
        from lambdaprep.tui.app import make_app

        app = make_app(self.locations, self.pack_sources(), area=area, options=options)
        app.handle_sigterm = True
        app.run()
        return app.return_code or 0
