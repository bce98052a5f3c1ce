"""Data: where the progress database lives, its backups, and the commands that move it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from lambdaprep.store.backup import human_size
from lambdaprep.tui.screens.base import AreaScreen
from lambdaprep.units import plural

COMMANDS = (
    ("lambdaprep backup", "back up the database now"),
    ("lambdaprep backup --list", "list the backups"),
    ("lambdaprep restore [NAME]", "put a backup back (asks first; the current file is kept aside)"),
    ("lambdaprep progress export -o FILE", "everything needed to move to another machine"),
    ("lambdaprep progress import FILE", "merge another machine's progress (--dry-run to preview)"),
    ("lambdaprep progress export --format csv", "the review log for FSRS tools"),
    ("lambdaprep export --anki FILE.apkg", "the cards as an Anki deck"),
)




class DataScreen(AreaScreen):
    """Database path and size, the newest backup, and the commands. Read in a worker."""

    AREA_ID = "data"
    BINDINGS = [
        Binding("escape", "go_home", "Home"),
        Binding("n", "backup_now", "Back up now"),
        Binding("r", "reload", "Refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="λ")
        with VerticalScroll(id="data-body"):
            yield Static(Text("Reading…", style="dim"), id="data-info")
            yield Static(id="data-commands")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Data"
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for command, what in COMMANDS:
            table.add_row(command, what)
        self.query_one("#data-commands", Static).update(_titled("From a terminal", table))
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._read()

    def action_backup_now(self) -> None:
        self.query_one("#data-info", Static).update(Text("Backing up…", style="dim"))
        self._backup()

    def _read(self) -> None:
        from lambdaprep.store.backup import data_overview

        lp = self.lp
        lp.run_store(
            lambda: data_overview(lp.store, lp.locations.backups_dir),
            done=self._show,
            failed=self._failed,
            owner=self,
            write=False,
            latest="data-overview",
        )

    def _backup(self) -> None:
        from lambdaprep.store.backup import data_overview, make_backup

        lp = self.lp

        def go() -> tuple[Any, Any]:
            made = make_backup(lp.store, lp.locations.backups_dir, "manual")
            return made, data_overview(lp.store, lp.locations.backups_dir)

        def done(result: tuple[Any, Any]) -> None:
            made, overview = result
            self.notify(f"Backed up to {made.name}", markup=False)
            self._show(overview)

        lp.run_store(go, done=done, failed=self._failed, owner=self, write=False, latest="data-overview")

    def _show(self, overview: Any) -> None:
        self.query_one("#data-info", Static).update(_overview(overview))

    def _failed(self, error: Exception) -> None:
        self.query_one("#data-info", Static).update(Text(str(error), style="red"))


def _titled(title: str, body: Any) -> Table:
    outer = Table.grid()
    outer.add_row(Text(title, style="bold underline"))
    outer.add_row(body)
    outer.add_row("")
    return outer


def _overview(o: Any) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    table.add_row("Database", Text(str(o.database)))
    size = human_size(o.size) + (f" (+{human_size(o.wal_size)} write-ahead log)" if o.wal_size else "")
    table.add_row("Size", Text(size))
    table.add_row("Progress", Text(f"{plural(o.reviews, 'review')} of {plural(o.cards, 'card')}"))
    if o.last_backup is not None:
        b = o.last_backup
        last = Text(f"{b.taken:%Y-%m-%d %H:%M} · {b.kind} · {human_size(b.size)}\n{b.name}")
    else:
        last = Text("none yet — one is made automatically before the first answer of each study day", style="yellow")
    table.add_row("Last backup", last)
    table.add_row("Backups", Text(f"{o.backups} in {o.backups_dir}"))
    if o.error:
        table.add_row("Backup problem", Text(o.error, style="red"))
    return _titled("Your progress", table)
