"""The lambdaprep App and the factory that builds it (shared by the CLI and the tests)."""

from __future__ import annotations

import asyncio
import functools
import importlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from lambdaprep.content.source import PackSource
from lambdaprep.paths import Locations
from lambdaprep.settings import Settings, load_settings, save_settings
from lambdaprep.tui.areas import AREAS, SETTINGS, Area

if TYPE_CHECKING:
    from textual.timer import Timer

    from lambdaprep.content.catalog import Catalog
    from lambdaprep.store import Store
    from lambdaprep.study.clock import Clock
    from lambdaprep.tui.options import AreaOptions, CalculatorsOptions, DrillOptions, ExamOptions, MockOptions, QuizOptions
    from lambdaprep.tui.screens.base import AppScreen

T = TypeVar("T")
O = TypeVar("O", "DrillOptions", "QuizOptions", "MockOptions", "CalculatorsOptions", "ExamOptions")
"""An area's options type (the options module is imported only when an area needs it)."""


@dataclass(eq=False)
class _StoreJob:
    """A store call running in a thread worker (see :meth:`LambdaprepApp.run_store`)."""

    fn: Callable[[], Any]
    done: Callable[[Any], object] | None
    failed: Callable[[Exception], object] | None
    owner: AppScreen | None
    write: bool
    timer: Timer | None = None
    busy: bool = False
    latest: tuple[int, str] | None = None
    after: _StoreJob | None = None
    """An ``ordered`` call waits for this one to finish first."""
    started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)



def _area_factory(area: Area) -> Callable[[], Screen[Any]]:
    def build() -> Screen[Any]:
        module_name, _, cls_name = area.screen.partition(":")
        return getattr(importlib.import_module(module_name), cls_name)()

    return build


class LambdaprepApp(App[int]):
    """Small on purpose: screens live in ``tui/screens`` and carry their own styles (``DEFAULT_CSS``)."""

    TITLE = "lambdaprep"
    DEFAULT_MODE = "home"
    """The app starts in Home's mode: Home is the first screen composed (no blank default screen first)."""
    busy_notice_after = 1.0
    """Seconds a store call may take before its screen says the database is busy."""
    exit_grace = 2.0
    """Seconds the app waits on exit for store calls under way to commit."""
    BINDINGS = [
        # Quit is in Home's footer; elsewhere the footer leaves it to help (?) so every footer fits 80 columns
        Binding("ctrl+q", "quit_from_home", "Quit", priority=True, tooltip="quit (every answer is already saved)"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, tooltip="quit (every answer is already saved)"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="this help: every key of the screen you are on"),
        # in a text box ? is typed: the footer then offers F1
        Binding("f1", "help_in_text_box", "Help", tooltip="this help, also from a text box (where ? is typed)"),
        Binding("f1", "help", "Help", show=False, tooltip="this help, also from a text box (where ? is typed)"),
        *(Binding(a.key, f"open_area('{a.id}')", a.title, show=False) for a in AREAS),
        Binding(SETTINGS.key, f"open_area('{SETTINGS.id}')", SETTINGS.title, show=False),
    ]

    def __init__(
        self,
        locations: Locations,
        sources: list[PackSource],
        *,
        catalog: Catalog | None = None,
        area: str | None = None,
        options: AreaOptions | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.locations = locations
        self.sources = sources
        self.catalog: Catalog | None = catalog
        if clock is None:
            from lambdaprep.study.clock import SystemClock

            clock = SystemClock()
        self.clock: Clock = clock
        """Every screen's time (tests inject a ``FakeClock``)."""
        self.area_options: dict[str, AreaOptions] = {}
        """Options per area id, typed (``lambdaprep.tui.options``); read with :meth:`options_for`."""
        if options is not None:
            self.area_options[options.AREA] = options
        self._start_area = area
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._store_jobs: dict[Worker[Any], _StoreJob] = {}
        self._store_closing = threading.Event()
        self._exit_threads: list[threading.Thread] = []
        self._exit_line: str | None = None
        self._latest: dict[tuple[int, str], _StoreJob] = {}
        self._ordered: dict[tuple[int, str], _StoreJob] = {}
        self._held_keys: list[events.Key] = []
        self._key_in_flight: events.Key | None = None
        self._key_timer: Timer | None = None
        self.catalog_loaded = asyncio.Event()
        """Set once the packs are loaded (or failed to load) and every screen has been told."""
        self.settings: Settings = load_settings(locations.settings_file)
        from lambdaprep.tui.screens.home import HomeScreen

        self.add_mode("home", HomeScreen)
        for a in (*AREAS, SETTINGS):
            self.add_mode(a.id, _area_factory(a))

    # ------------------------------------------------------------ lifecycle

    handle_sigterm = False
    """Set by the CLI: SIGTERM then quits the app cleanly (terminal restored, answers kept)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        from lambdaprep.tui.safe_filter import SAFE_TEXT_FILTER

        return [*super().get_line_filters(), SAFE_TEXT_FILTER]

    def _install_sigterm(self) -> None:
        import asyncio
        import signal

        if not self.handle_sigterm or threading.current_thread() is not threading.main_thread():
            return
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: self.exit(143))
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - e.g. Windows
            pass

    def on_mount(self) -> None:
        self._install_sigterm()
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
        if event.worker in self._store_jobs:
            if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                self._store_job_ended(event.worker, event.state)
            return
        if event.worker.group != "catalog":
            return
        if event.state == WorkerState.SUCCESS:
            self.catalog = event.worker.result
            self._catalog_ready()
        elif event.state == WorkerState.ERROR:
            from lambdaprep.content.catalog import Catalog

            self.catalog = Catalog()
            error = event.worker.error
            assert error is not None
            self.report_error(error, context="Packs could not be loaded")
            self._catalog_ready()

    def _catalog_ready(self) -> None:
        assert self.catalog is not None
        for problem in self.catalog.problems[:5]:
            self.notify(str(problem), title="Pack skipped" if problem.file else "Pack warning", severity="warning", timeout=8, markup=False)
        extra = len(self.catalog.problems) - 5
        if extra > 0:
            self.notify(f"…and {extra} more pack {'problem' if extra == 1 else 'problems'}. Run 'lambdaprep validate'.", severity="warning", markup=False)
        home = self._home_screen()
        if home is not None:
            home.refresh_packs()
        if self._start_area:
            area, self._start_area = self._start_area, None
            self.open_area(area)
        self.catalog_loaded.set()

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
    def store(self) -> Store:
        """The progress database, opened on first use.

        Raises a ``LambdaprepError`` subclass if the file is damaged, newer or busy.
        Only use it inside a function given to :meth:`run_store` (a thread worker):
        the UI thread never waits on SQLite.
        """
        with self._store_lock:
            if self._store is None:
                from lambdaprep.store import Store

                self._store = Store.open(self.locations)
                from lambdaprep.store.backup import run_daily_backup

                run_daily_backup(self._store)  # today's backup, here in the worker, before any write
            return self._store

    def run_store(
        self,
        fn: Callable[[], T],
        *,
        done: Callable[[T], object] | None = None,
        failed: Callable[[Exception], object] | None = None,
        owner: AppScreen | None = None,
        write: bool = True,
        name: str = "store",
        latest: str | None = None,
        ordered: str | None = None,
    ) -> Worker[T]:
        """Run ``fn`` (which uses :attr:`store`) in a thread worker; never on the UI thread.

        ``done(result)`` and ``failed(error)`` are called on the UI thread, only while
        ``owner`` (if given) is still attached. Every failure also goes through the one
        error path (:meth:`report_error`) unless ``failed`` is given and the error is a
        ``LambdaprepError``, which ``failed`` then shows. While the database is busy the
        call is retried until it succeeds (or the app exits); after
        :attr:`busy_notice_after` seconds ``owner`` shows a busy notice.

        ``latest``: calls sharing this key (and owner) supersede each other — only the
        newest one's ``done`` runs (e.g. refreshing numbers, or the card under a cursor).
        ``ordered``: calls sharing this key (and owner) run one after another, in the order
        they were made (e.g. a mock interview's answer, then its ticks, then its end).
        """
        job = _StoreJob(fn, done, failed, owner, write)
        if ordered is not None:
            chain = (id(owner), ordered)
            job.after = self._ordered.get(chain)
            self._ordered[chain] = job
        if latest is not None:
            job.latest = (id(owner), latest)
            self._latest[job.latest] = job
        worker: Worker[T] = self.run_worker(
            functools.partial(self._store_job_body, job), name=name, group="store", thread=True, exit_on_error=False
        )
        self._store_jobs[worker] = job
        job.timer = self.set_timer(self.busy_notice_after, functools.partial(self._store_slow, worker))
        return worker

    def _store_job_body(self, job: _StoreJob) -> Any:
        from lambdaprep.store import StoreBusy

        job.started.set()
        try:
            if job.after is not None:
                job.after.finished.wait()
                job.after = None
            while True:
                try:
                    return job.fn()
                except StoreBusy:
                    if self._store_closing.is_set():
                        raise
                    # the store already retried for its lock_timeout: keep the answer and keep trying
        finally:
            job.finished.set()

    def _store_slow(self, worker: Worker[Any]) -> None:
        job = self._store_jobs.get(worker)
        if job is not None and not job.finished.is_set():
            job.busy = True
            if job.owner is not None:
                job.owner.show_busy(True, write=job.write)

    def _store_job_ended(self, worker: Worker[Any], state: WorkerState) -> None:
        job = self._store_jobs.pop(worker, None)
        if job is None:
            return
        if job.timer is not None:
            job.timer.stop()
        alive = job.owner is None or job.owner.is_attached
        if job.busy and job.owner is not None and alive:
            job.owner.show_busy(False, write=job.write)
        superseded = job.latest is not None and self._latest.get(job.latest) is not job
        if job.latest is not None and not superseded:
            del self._latest[job.latest]
        if state == WorkerState.SUCCESS:
            if job.done is not None and alive and not superseded:
                job.done(worker.result)
        elif state == WorkerState.ERROR:
            error = worker.error
            assert isinstance(error, Exception)
            from lambdaprep.errors import LambdaprepError

            if not (isinstance(error, LambdaprepError) and job.failed is not None):
                self.report_error(error)
            if job.failed is not None and alive:
                job.failed(error)

    # ------------------------------------------------------------ the one error path

    def report_error(self, error: BaseException, *, fatal: bool = False, context: str = "") -> None:
        """Tell the user about a failure in one calm line; unexpected ones go to ``crash.log`` first.

        A ``LambdaprepError`` is a message meant for people (no log). ``fatal`` ends the
        app with exit code 1 and prints the line after the terminal is restored.
        """
        from lambdaprep.crash import one_line, write_crash_log
        from lambdaprep.errors import LambdaprepError

        if isinstance(error, LambdaprepError):
            line = str(error)
        else:
            log = write_crash_log(self.locations.crash_log, error)
            where = f"details in {log}" if log else "no crash.log could be written"
            line = f"Unexpected error: {one_line(error)} ({where})"
        if context:
            line = f"{context}: {line}"
        if fatal:
            self._return_code = 1
            if self._exit_line is None:
                self._exit_line = f"lambdaprep: error: {line}"  # the CLI's one form (lambdaprep.cli.ERROR_PREFIX)
            self._close_messages_no_wait()
        else:
            self.notify(line, title="Error", severity="error", timeout=12, markup=False)

    def _print_error_renderables(self) -> None:
        """After the terminal is restored: our one line instead of Textual's traceback."""
        if self._exit_line is not None:
            self.error_console.file.write(self._exit_line + "\n")
            self.error_console.file.flush()
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an exception nothing else caught (a handler, a timer, a failed
        ``exit_on_error`` worker): ``crash.log`` and one line on exit, never a traceback with locals."""
        from textual.worker import WorkerFailed

        cause = error.error if isinstance(error, WorkerFailed) else error
        if self._exception is None:
            self._exception = error  # re-raised by run_test(), so a failing screen still fails its test
            self._exception_event.set()
        self.report_error(cause, fatal=True)

    def run_store_on_exit(self, fn: Callable[[], object]) -> None:
        """Start a last store call while a screen unmounts (workers are stopped by then).

        Runs in its own thread; the app waits for it up to :attr:`exit_grace` seconds
        before closing the store. Failures go to ``crash.log`` (there is no screen left).
        """

        def body() -> None:
            from lambdaprep.crash import write_crash_log
            from lambdaprep.errors import LambdaprepError

            try:
                fn()
            except LambdaprepError:
                pass  # busy or closed at exit: every answer was committed when it was given
            except Exception as error:  # noqa: BLE001 - a thread's last resort: log it, never a traceback on exit
                write_crash_log(self.locations.crash_log, error)

        thread = threading.Thread(target=body, name="lambdaprep-exit-store", daemon=True)
        self._exit_threads.append(thread)
        thread.start()

    def on_unmount(self) -> None:
        """Close the store: give store calls under way a moment to commit (at most
        :attr:`exit_grace` seconds), then stop any that still wait for a busy database."""
        deadline = time.monotonic() + self.exit_grace
        for job in list(self._store_jobs.values()):
            if job.started.is_set():
                job.finished.wait(max(0.0, deadline - time.monotonic()))
        for thread in self._exit_threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._store_closing.set()
        if self._store is not None:
            self._store.close()
            self._store = None

    # ------------------------------------------------------------ keys in the order typed

    key_release_after = 0.5
    """Seconds after which a key still in flight lets the next keys go anyway (a safety net:
    a key normally finishes within one pass of the message queues)."""

    async def on_event(self, event: events.Event) -> None:
        """Keys act one after another, in the order they were typed, however fast they come.

        Textual hands every key to the focused widget at once, in the app's queue, and runs a
        key's binding (Backspace, arrows, ``/``, an area letter) later, when the key has
        bubbled back up to the app. While keys queue up (a fast typist, a busy frame) a
        character behind a Backspace was typed before the Backspace deleted (six Backspaces
        then ``2048`` left an empty Memory field), and characters behind a key that moves the
        focus went to the old place (``/is:leech`` typed fast in Browse went to the table).
        Here the next key waits until the one before it has been handled (see :meth:`_next_key`).
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._held_keys.append(event)
            await self._next_key()
            return
        await super().on_event(event)

    @property
    def keys_pending(self) -> int:
        """Keys received and not yet handled (the one in flight and those waiting behind it)."""
        return len(self._held_keys) + (self._key_in_flight is not None)

    async def _next_key(self) -> None:
        while self._key_in_flight is None and self._held_keys:
            await self._handle_key(self._held_keys.pop(0))

    async def _handle_key(self, event: events.Key) -> None:
        box = self.focused
        if self.screen.maximized is None and _is_text_box(box):
            assert box is not None
            if _typed_by(box, event):
                await super().on_event(event)  # typed in the box's own queue, in order: nothing to wait for
                return
            # a key the box does not type (Backspace, arrows, Tab): its binding runs in the box's
            # queue, after the characters already sent there
            self.app_focus = True
            if not await self._check_bindings(event.key, priority=True):
                self._key_sent(event)
                if not box.call_later(self._key_in_box_order, event):
                    self._key_done(event)
            return
        target = box or self.screen
        await super().on_event(event)
        if event.is_forwarded:  # on its way up from the focused widget: follow it
            self._key_sent(event)
            self._follow_key(event, target, first=True)

    def _key_sent(self, event: events.Key) -> None:
        self._key_in_flight = event
        self._key_timer = self.set_timer(self.key_release_after, functools.partial(self._key_done, event))

    def _follow_key(self, event: events.Key, node: Any, *, first: bool = False) -> None:
        """Runs in ``node``'s queue once ``node`` has handled the key (``first``: queue a look
        behind it). The key is done when a handler stopped it or, once it bubbled up to the app,
        when the app has handled it."""
        if event is not self._key_in_flight:
            return
        if not first and event._stop_propagation:
            self._key_done(event)
            return
        parent = node if first else node.parent
        if parent is None or parent is self:
            posted = self.call_later(self._key_done, event)  # behind the key in the app's queue
        else:
            posted = parent.call_later(self._follow_key, event, parent)
        if not posted:
            self._key_done(event)

    def _key_done(self, event: events.Key) -> None:
        if event is not self._key_in_flight:
            return
        self._key_in_flight = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._held_keys:  # after the next refresh: a screen the key opened has mounted and set its focus
            self.call_after_refresh(self._next_key)

    async def _key_in_box_order(self, event: events.Key) -> None:
        """What Textual does with a key that reaches the app: its binding (nearest the focus first), else ``key_`` methods."""
        from textual.app import dispatch_key

        try:
            if not await self._check_bindings(event.key):
                await dispatch_key(self, event)
        finally:
            self._key_done(event)

    # ------------------------------------------------------------ navigation

    def open_area(self, area_id: str, options: AreaOptions | None = None) -> None:
        """Switch to an area (a mode), creating its screen on first use."""
        if options is not None:
            self.area_options[options.AREA] = options
        if self.catalog is None:  # a key pressed before the packs loaded: the area opens once they have
            self._start_area = area_id
            title = next((a.title for a in (*AREAS, SETTINGS) if a.id == area_id), area_id)
            self.notify(f"Loading the packs… {title} opens as soon as they are ready.", timeout=4, markup=False)
            return
        self.switch_mode(area_id)

    def options_for(self, kind: type[O]) -> O:
        """The options an area was opened with (its defaults if none)."""
        found = self.area_options.get(kind.AREA)
        return found if isinstance(found, kind) else kind()

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
            from lambdaprep.tui.options import DrillOptions

            modes = {"review_ahead": "review_ahead", "forgotten": "forgotten", "flagged": "flagged", "cram": "cram"}
            self.area_options["drill"] = DrillOptions(mode=modes.get(kind, "normal"))

    def pick_topic(self, then: str) -> None:
        """Choose a topic (with due/new/mastered counts), then drill or quiz it."""
        from lambdaprep.tui.screens.topics import TopicPicker

        def chosen(topic: str | None) -> None:
            if not topic:
                return
            if then == "quiz":
                from lambdaprep.tui.options import QuizOptions

                self.area_options["quiz"] = QuizOptions(topics=(topic,))
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
            return area_letters_allowed(self.screen)
        if action == "quit_from_home":  # the same Ctrl+Q, shown in the footer on Home only
            from lambdaprep.tui.screens.home import HomeScreen

            return isinstance(self.screen, HomeScreen)
        if action == "help_in_text_box":  # the same F1, shown in the footer while ? would be typed
            return _is_text_box(self.focused)
        return True

    def action_help_in_text_box(self) -> None:
        self.action_help()

    async def action_quit_from_home(self) -> None:
        await self.action_quit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Home", "Go to the Home screen", self.go_home)
        for a in AREAS:
            yield SystemCommand(a.title, f"{a.description} (key {a.key} on Home)", lambda a=a: self.open_area(a.id))
        yield SystemCommand(SETTINGS.title, f"{SETTINGS.description} (key {SETTINGS.key})", lambda: self.open_area(SETTINGS.id))
        if self.catalog is not None:
            yield SystemCommand("Drill a topic…", "pick a topic (due, new, mastered counts) and drill it", lambda: self.pick_topic("drill"))
            yield SystemCommand("Quiz a topic…", "pick a topic and take a quiz on it", lambda: self.pick_topic("quiz"))
            for kind, title, help_ in (
                ("review_ahead", "Custom study: review ahead", "review cards due tomorrow, rescheduled normally"),
                ("forgotten", "Custom study: today's forgotten", "cards you rated Again today"),
                ("flagged", "Custom study: flagged cards", "every card you flagged with f, due or not, rescheduled normally"),
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
        # Textual's own "Keys" panel would be a second, different help: ours (?) lists every key
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")

    def open_fsrs_tuning(self) -> None:
        from lambdaprep.tui.screens.fsrs_tuning import FsrsTuningScreen

        self.push_screen(FsrsTuningScreen())


def _is_text_box(widget: object) -> bool:
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea))


def _typed_by(box: object, event: events.Key) -> bool:
    """Whether the focused text box types this key itself (rather than through a binding)."""
    if event.is_printable:
        return True
    from textual.widgets import TextArea

    return isinstance(box, TextArea) and event.key in ("enter", "tab", "escape", "shift+tab")


def area_letters_allowed(screen: Screen[Any]) -> bool:
    """Area letters switch areas from Home and where nothing takes letters.

    A letter typed into a search box, a list, a table or a picker (``memory`` in the
    Limits results, ``cobol`` on a Calculators dropdown) stays there: it never opens Mock
    or Browse. The command palette (Ctrl+P) and Escape (back Home) work everywhere.
    """
    if getattr(screen, "AREA_LETTERS", False):
        return True
    from textual.widgets import DataTable, Input, ListView, OptionList, Select, SelectionList, TextArea, Tree

    focused = screen.focused
    return not isinstance(focused, (Input, TextArea, OptionList, SelectionList, ListView, DataTable, Tree, Select))


def make_app(
    locations: Locations,
    sources: list[PackSource],
    *,
    catalog: Catalog | None = None,
    area: str | None = None,
    options: AreaOptions | None = None,
    clock: Clock | None = None,
) -> LambdaprepApp:
    """Build the App. The CLI and the tests both come through here."""
    return LambdaprepApp(
        locations,
        sources,
        catalog=catalog,
        area=area,
        options=options,
        clock=clock,
    )
