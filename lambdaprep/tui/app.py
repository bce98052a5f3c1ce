"""The lambdaprep App and the factory that builds it (shared by the CLI and the tests)."""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from lambdaprep.content.source import PackSource
from lambdaprep.paths import Locations
from lambdaprep.settings import Settings, load_settings, save_settings
from lambdaprep.tui.areas import AREAS, Area

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog

TESTING_ENV = "LAMBDAPREP_TESTING"


class CatalogLoaded(Message):
    """Posted when the packs have been loaded in the background."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog


def _area_factory(area: Area) -> Callable[[], Screen[Any]]:
    def build() -> Screen[Any]:
        module_name, _, cls_name = area.screen.partition(":")
        return getattr(importlib.import_module(module_name), cls_name)()

    return build


class LambdaprepApp(App[int]):
    """Small on purpose: screens live in ``tui/screens``, layout in ``app.tcss``."""

    TITLE = "lambdaprep"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        *(Binding(a.key, f"open_area('{a.id}')", a.title, show=False) for a in AREAS),
    ]

    def __init__(
        self,
        locations: Locations,
        sources: list[PackSource],
        *,
        catalog: Catalog | None = None,
        area: str | None = None,
        area_options: dict[str, Any] | None = None,
        testing: bool = False,
    ) -> None:
        super().__init__()
        self.locations = locations
        self.sources = sources
        self.catalog: Catalog | None = catalog
        self.area_options: dict[str, dict[str, Any]] = {area: dict(area_options or {})} if area else {}
        self._start_area = area
        self.testing = testing
        self._store: Any = None
        self._store_lock = threading.Lock()
        self.settings: Settings = load_settings(locations.settings_file)
        from lambdaprep.tui.screens.home import HomeScreen

        self.add_mode("home", HomeScreen)
        for a in AREAS:
            self.add_mode(a.id, _area_factory(a))

    # ------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.switch_mode("home")
        if self.catalog is None:
            self.call_after_refresh(self._load_catalog)  # paint Home first, then load
        else:
            self._catalog_ready()

    @work(thread=True, exclusive=True, exit_on_error=False, group="catalog")
    def _load_catalog(self) -> Catalog:
        # pydantic and the models are imported here, off the first-frame path
        from lambdaprep.content.catalog import load_catalog

        return load_catalog(self.sources, cache_dir=self.locations.cache_dir / "content")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "catalog":
            return
        if event.state == WorkerState.SUCCESS:
            self.catalog = event.worker.result
            self._catalog_ready()
        elif event.state == WorkerState.ERROR:
            from lambdaprep.content.catalog import Catalog

            self.catalog = Catalog()
            self.notify(f"Packs could not be loaded: {event.worker.error}", severity="error", timeout=10, markup=False)
            self._catalog_ready()

    def _catalog_ready(self) -> None:
        assert self.catalog is not None
        for problem in self.catalog.problems[:5]:
            self.notify(str(problem), title="Pack skipped" if problem.file else "Pack warning", severity="warning", timeout=8, markup=False)
        extra = len(self.catalog.problems) - 5
        if extra > 0:
            self.notify(f"…and {extra} more pack problem(s). Run 'lambdaprep validate'.", severity="warning", markup=False)
        self.post_message(CatalogLoaded(self.catalog))
        home = self._home_screen()
        if home is not None:
            home.refresh_packs()
        if self._start_area:
            area, self._start_area = self._start_area, None
            self.open_area(area)

    def _home_screen(self) -> Any:
        from lambdaprep.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings = self.settings.with_(theme=theme)
            try:
                save_settings(self.locations.settings_file, self.settings)
            except OSError as exc:
                self.notify(f"Could not save the theme: {exc}", severity="warning", markup=False)

    @property
    def store(self) -> Any:
        """The progress database (:class:`lambdaprep.store.Store`), opened on first use.

        Raises a ``LambdaprepError`` subclass if the file is damaged, newer or busy.
        Open it from a thread worker when the first frame must not wait.
        """
        with self._store_lock:
            if self._store is None:
                from lambdaprep.store import Store

                self._store = Store.open(self.locations)
            return self._store

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # ------------------------------------------------------------ navigation

    def open_area(self, area_id: str, **options: Any) -> None:
        """Switch to an area (a mode), creating its screen on first use."""
        if options:
            self.area_options[area_id] = options
        self.switch_mode(area_id)

    def go_home(self) -> None:
        self.switch_mode("home")

    def action_open_area(self, area_id: str) -> None:
        self.open_area(area_id)
        if area_id == "drill":  # `d` always gives a normal drill (it leaves cram)
            ensure = getattr(self.screen, "ensure_normal", None)
            if ensure is not None:
                ensure()

    def custom_study(self, kind: str, topic: str | None = None) -> None:
        """Open the drill at custom study (review ahead, forgotten, cram, extra new, weakest topic, a topic)."""
        self.open_area("drill")
        start = getattr(self.screen, "start_custom", None)
        if start is not None and getattr(self.screen, "_mode", None) is not None:
            start(kind, topic)
        else:  # first open: the drill starts with these options
            modes = {"review_ahead": "review_ahead", "forgotten": "forgotten", "cram": "cram"}
            self.area_options["drill"] = {"mode": modes.get(kind, "normal")}

    def pick_topic(self, then: str) -> None:
        """Choose a topic (with due/new/mastered counts), then drill or quiz it."""
        from lambdaprep.tui.screens.topics import TopicPicker

        def chosen(topic: str | None) -> None:
            if not topic:
                return
            if then == "quiz":
                self.area_options["quiz"] = {"topics": [topic]}
                self.switch_mode("quiz")
                restart = getattr(self.screen, "restart", None)
                if restart is not None:
                    restart()
            else:
                self.custom_study("topic", topic)

        self.push_screen(TopicPicker(), chosen)

    def action_help(self) -> None:
        from lambdaprep.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_area":
            return self.catalog is not None
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Home", "Go to the Home screen", self.go_home)
        for a in AREAS:
            yield SystemCommand(a.title, f"{a.description} (key {a.key})", lambda a=a: self.open_area(a.id))
        if self.catalog is not None:
            yield SystemCommand("Drill a topic…", "pick a topic (due, new, mastered counts) and drill it", lambda: self.pick_topic("drill"))
            yield SystemCommand("Quiz a topic…", "pick a topic and take a quiz on it", lambda: self.pick_topic("quiz"))
            for kind, title, help_ in (
                ("review_ahead", "Custom study: review ahead", "review cards due tomorrow, rescheduled normally"),
                ("forgotten", "Custom study: today's forgotten", "cards you rated Again today"),
                ("cram", "Custom study: cram", "every card, schedule untouched"),
                ("extra_new", "Custom study: extra new cards today", "10 new cards beyond today's limit"),
                ("weakest", "Custom study: weakest topic", "a drill of the topic you are least ready for"),
            ):
                yield SystemCommand(title, help_, lambda kind=kind: self.custom_study(kind))
        yield SystemCommand("Help", "Show the keys (?)", self.action_help)
        yield SystemCommand(
            "Scheduler tuning (FSRS)",
            "fit FSRS to your own reviews, evaluate it, recommended retention",
            self.open_fsrs_tuning,
        )
        yield from super().get_system_commands(screen)

    def open_fsrs_tuning(self) -> None:
        from lambdaprep.tui.screens.fsrs_tuning import FsrsTuningScreen

        self.push_screen(FsrsTuningScreen())


def make_app(
    locations: Locations,
    sources: list[PackSource],
    *,
    catalog: Catalog | None = None,
    area: str | None = None,
    area_options: dict[str, Any] | None = None,
) -> LambdaprepApp:
    """Build the App. The CLI and the tests both come through here."""
    return LambdaprepApp(
        locations,
        sources,
        catalog=catalog,
        area=area,
        area_options=area_options,
        testing=os.environ.get(TESTING_ENV) == "1",
    )
