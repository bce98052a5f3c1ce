"""Base classes for screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.tui.app import LambdaprepApp


class AppScreen(Screen[Any]):
    """A screen that knows its app is a :class:`LambdaprepApp`."""

    @property
    def lp(self) -> LambdaprepApp:
        # Every screen runs inside LambdaprepApp (make_app); a cast, not an import, keeps
        # screens below the app in the import graph.
        return cast("LambdaprepApp", self.app)


class AreaScreen(AppScreen):
    """Base screen of an area (a mode). Escape goes back Home."""

    AREA_ID: str = ""

    BINDINGS = [Binding("escape", "go_home", "Home", priority=False)]

    @property
    def catalog(self) -> Catalog:
        """The loaded packs. Areas open only once they have loaded (``LambdaprepApp.check_action``)."""
        catalog = self.lp.catalog
        if catalog is None:
            raise RuntimeError(f"the {self.AREA_ID or 'area'} screen opened before the packs loaded")
        return catalog

    @property
    def options(self) -> dict[str, Any]:
        """Options the area was opened with (e.g. drill filters from the CLI)."""
        return self.lp.area_options.get(self.AREA_ID, {})

    @property
    def clock(self) -> Any:
        """The area's clock: injected through the area options (tests use a fake one), else the system clock."""
        clock = self.options.get("clock")
        if clock is None:
            from lambdaprep.study.clock import SystemClock

            clock = SystemClock()
        return clock

    def action_go_home(self) -> None:
        self.lp.go_home()
