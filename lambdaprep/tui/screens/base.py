"""Base classes for screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from lambdaprep.tui.app import LambdaprepApp


class AppScreen(Screen[Any]):
    """A screen that knows its app is a :class:`LambdaprepApp`."""

    @property
    def lp(self) -> LambdaprepApp:
        from lambdaprep.tui.app import LambdaprepApp

        return cast(LambdaprepApp, self.app) if isinstance(self.app, LambdaprepApp) else self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        if getattr(self.app, "testing", False):
            for widget in self.query("Input, TextArea"):
                cast("Input | TextArea", widget).cursor_blink = False


class AreaScreen(AppScreen):
    """Base screen of an area (a mode). Escape goes back Home."""

    AREA_ID: str = ""

    BINDINGS = [Binding("escape", "go_home", "Home", priority=False)]

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
