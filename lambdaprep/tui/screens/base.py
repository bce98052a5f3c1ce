"""Base classes for screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from lambdaprep.study.clock import Clock
    from lambdaprep.tui.appapi import AppAPI


BUSY_WRITE = "saving… (database busy)"
BUSY_READ = "loading… (database busy)"


class AppScreen(Screen[Any]):
    """A screen that knows its app is a :class:`LambdaprepApp`."""

    _busy_calls = 0
    _title_before_busy: str | None = None

    def show_busy(self, busy: bool, *, write: bool = True) -> None:
        """Say (in the header) that a store call waits for a busy database; called by the app."""
        if busy:
            self._busy_calls += 1
            if self._title_before_busy is None:
                self._title_before_busy = self.sub_title
                self.sub_title = f"{self.sub_title} · {BUSY_WRITE if write else BUSY_READ}"
        else:
            self._busy_calls = max(0, self._busy_calls - 1)
            if self._busy_calls == 0 and self._title_before_busy is not None:
                self.sub_title, self._title_before_busy = self._title_before_busy, None

    @property
    def busy(self) -> bool:
        """Whether the busy notice is showing."""
        return self._title_before_busy is not None

    @property
    def lp(self) -> AppAPI:
        """The app, as the screens see it (see :mod:`lambdaprep.tui.appapi`)."""
        return cast("AppAPI", self.app)

    def on_mount(self) -> None:
        if getattr(self.app, "testing", False):
            for widget in self.query("Input, TextArea"):
                cast("Input | TextArea", widget).cursor_blink = False


class AreaScreen(AppScreen):
    """Base screen of an area (a mode). Escape goes back Home."""

    AREA_ID: str = ""

    BINDINGS = [Binding("escape", "go_home", "Home", priority=False)]

    @property
    def clock(self) -> Clock:
        """The app's clock (tests inject a fake one through ``make_app(clock=...)``)."""
        return self.lp.clock

    def action_go_home(self) -> None:
        self.lp.go_home()
