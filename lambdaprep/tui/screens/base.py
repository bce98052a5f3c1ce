"""Base classes for screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from collections.abc import Callable

    from lambdaprep.content.catalog import Catalog
    from lambdaprep.store import Store
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
    def clock(self) -> Clock:
        """The app's clock (tests inject a fake one through ``make_app(clock=...)``)."""
        return self.lp.clock

    def action_go_home(self) -> None:
        self.lp.go_home()


class SavingScreen(AreaScreen):
    """An area whose keys wait while a store write is under way (drill, quiz, exam, mock).

    ``pending`` names the write ("answer", "submit"…); the screen's ``check_action``
    refuses the keys that depend on it until :meth:`_end_pending`.
    """

    pending: str | None = None
    PENDING_REDRAWS_FOOTER = True
    """Redraw the footer when a write starts and ends (the drill does not: its saves
    usually take a millisecond, and redrawing would cost more than the save)."""

    def _begin_pending(self, what: str) -> None:
        self.pending = what
        if self.PENDING_REDRAWS_FOOTER:
            self.refresh_bindings()

    def _end_pending(self) -> None:
        self.pending = None
        if self.PENDING_REDRAWS_FOOTER:
            self.refresh_bindings()

    def _store(self) -> Store | None:
        """In a worker: the store, or None if it cannot be opened (the screen then runs unsaved)."""
        from lambdaprep.errors import LambdaprepError

        try:
            return self.lp.store
        except LambdaprepError as exc:
            self._store_unavailable(exc)
            return None

    def _store_unavailable(self, error: Exception) -> None:
        """Called in the worker when the store cannot be opened (damaged, newer, busy for good)."""

    def _save_in_order(self, op: Callable[[Store], object], key: str) -> None:
        """Run ``op`` with the store in a worker, after this screen's earlier saves under ``key``."""

        def run() -> None:
            store = self._store()
            if store is not None:
                op(store)

        self.lp.run_store(run, owner=self, ordered=key, name=f"{key}-save")
