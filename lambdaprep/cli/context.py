"""What every CLI command gets: locations, consoles, the catalog, JSON output, the TUI."""

from __future__ import annotations

import argparse
import json
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


class UsageError(Exception):
    """Bad command-line arguments: printed as one line, exit status 2."""


@dataclass
class Context:
    args: argparse.Namespace
    locations: Locations
    extra_packs: list[Path] = field(default_factory=list)
    _catalog: Catalog | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(
            args=args,
            locations=Locations.resolve(getattr(args, "data_dir", None)),
            extra_packs=[Path(p).expanduser() for p in (getattr(args, "pack", None) or [])],
        )

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=False)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False)

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
            skipped = {p.pack for p in problems if p.pack}
            self.err.print(
                Text(f"{len(problems)} pack problem(s); broken packs were skipped ({len(skipped)}). "
                     "Run 'lambdaprep validate' for details.", style="dim")
            )

    def print_json(self, obj: Any) -> None:
        sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")

    def run_tui(self, area: str | None = None, **options: Any) -> int:
        """Open the TUI (optionally straight at an area). Textual is imported only here."""
        served = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")  # `lambdaprep serve` runs us for a browser
        if not sys.stdout.isatty() and not served and not getattr(self.args, "force_tui", False):
            raise UsageError("the interactive app needs a terminal; use a subcommand such as 'lambdaprep packs' instead")
        from lambdaprep.tui.app import make_app

        app = make_app(self.locations, self.pack_sources(), area=area, area_options=options)
        app.run()
        return app.return_code or 0
