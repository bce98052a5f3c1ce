"""Drill: flashcards scheduled by FSRS.

Space/Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy (each button shows
the interval it will save); u undo; x suspend; h hide until tomorrow (bury);
f flag. The session and the database live in :mod:`lambdaprep.study` and
:mod:`lambdaprep.store`; this module only shows them.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Rule, Static

from lambdaprep.errors import LambdaprepError
from lambdaprep.store import StaleCard, State
from lambdaprep.tui.options import DrillOptions
from lambdaprep.tui.screens.base import SavingScreen
from lambdaprep.tui.widgets.rating_bar import RatingBar

if TYPE_CHECKING:
    from lambdaprep.study.session import AnswerResult, DrillSession, Mode, Summary

STATE_STYLES = {State.NEW: "blue", State.LEARNING: "red", State.REVIEW: "green", State.RELEARNING: "red"}

MODE_TITLES = {
    "normal": "Drill",
    "review_ahead": "Drill · review ahead",
    "forgotten": "Drill · today's forgotten cards",
    "flagged": "Drill · flagged cards",
    "cram": "Drill · cram (schedule untouched)",
}


def _markdown(text: str) -> RichMarkdown:
    """Content Markdown, rendered by Rich: code blocks highlighted, markup never interpreted."""
    return RichMarkdown(text, code_theme="monokai", hyperlinks=False)


def _clock_text(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class DrillScreen(SavingScreen):
    AREA_ID = "drill"
    PENDING_REDRAWS_FOOTER = False  # saves take about a millisecond: redrawing would cost more

    DEFAULT_CSS = """
    #drill { height: 1fr; }
    #drill-status { height: 1; padding: 0 1; background: $boost; }
    #drill-card { height: 1fr; padding: 0 1; overflow-x: auto; }  /* a wide diagram scrolls sideways, never wraps */
    #drill-context { height: auto; margin-top: 1; }
    #drill-front { margin: 0; padding: 0; }
    #drill-back { margin: 0; padding: 0; }
    #drill-rule { margin: 0; color: $primary-muted; }
    #drill-diagram { height: auto; margin: 1 0 1 0; padding: 0 1; border: round $primary-muted; width: auto; }
    #drill-end { height: auto; margin-top: 1; }
    """

    # The footer shows what Space does now (Show answer, then Good) and fits 80 columns;
    # help (?) lists every key here, with the tooltip as its longer text.
    BINDINGS = [
        Binding("space", "reveal", "Show answer", key_display="Space", tooltip="show the answer"),
        Binding("space", "good", "Good", key_display="Space", tooltip="once the answer shows: Good (as 3)"),
        Binding("enter", "reveal", "Show answer", show=False, tooltip="show the answer"),
        Binding("enter", "good", "Good", show=False, tooltip="once the answer shows: Good (as 3)"),
        Binding("1", "rate(1)", "Again", show=False, tooltip="Again: forgotten, see it again soon"),
        Binding("2", "rate(2)", "Hard", show=False, tooltip="Hard: recalled with effort"),
        Binding("3", "rate(3)", "Good", show=False, tooltip="Good: recalled"),
        Binding("4", "rate(4)", "Easy", show=False, tooltip="Easy: recalled at once"),
        Binding("u", "undo", "Undo", tooltip="undo the last answer"),
        Binding("x", "suspend", "Suspend", show=False, tooltip="suspend this card (Browse brings it back)"),
        Binding("h", "bury", "Hide", show=False, tooltip="hide this card until tomorrow"),
        Binding("f", "flag", "Flag", show=False, tooltip="flag this card (or remove the flag)"),
        # custom study works at any time (the summary and the palette list it too)
        Binding("a", "custom('review_ahead')", "Ahead", show=False, tooltip="custom study: review cards due tomorrow"),
        Binding("r", "custom('forgotten')", "Forgotten", show=False, tooltip="custom study: today's forgotten cards"),
        Binding("k", "custom('cram')", "Cram", show=False, tooltip="custom study: cram every card, schedule untouched"),
        Binding("F", "custom('flagged')", "Flagged cards", show=False, tooltip="custom study: every card you flagged, due or not"),
        Binding("e", "custom('extra_new')", "Extra new", show=False, tooltip="custom study: 10 extra new cards today"),
        Binding("w", "custom('weakest')", "Weakest topic", show=False, tooltip="custom study: drill your weakest topic"),
        Binding("t", "pick_topic", "Topic", show=False, tooltip="drill one topic: pick it from a list"),
        Binding("n", "custom('normal')", "New", show=False, tooltip="back to the normal drill of due and new cards"),
    ]

    EXTRA_NEW = 10
    """New cards ``e`` (extra new cards today) adds beyond today's limit."""

    def __init__(self) -> None:
        super().__init__()
        self.session: DrillSession | None = None
        self.revealed = False
        self.finished = False
        self.summary: Summary | None = None
        self._mode: str | None = None
        self._overrides: dict[str, Any] = {}
        self._reset_on_resume = False
        self._status_counts: tuple[dict[str, int], int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="λ")
        with Vertical(id="drill"):
            yield Static("", id="drill-status")
            with VerticalScroll(id="drill-card"):
                yield Static("", id="drill-context")
                yield Static("", id="drill-front")
                yield Rule(id="drill-rule")
                yield Static("", id="drill-back")
                yield Static("", id="drill-diagram")
                yield Static("", id="drill-end")
            yield RatingBar(id="drill-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "lambdaprep"
        self.sub_title = "Drill"
        self._show_message("Loading your cards…")
        self.set_interval(1.0, self._tick)
        self._start()

    def on_screen_resume(self) -> None:
        if self._reset_on_resume:
            self._reset_on_resume = False
            self._start("normal")
            return
        if self.session is not None:
            self.session.resume()  # the clock counts only time on this screen
        if self.finished and self.session is not None and self.pending is None:
            self._start()

    def on_screen_suspend(self) -> None:
        if self.session is not None:
            self.session.pause()

    def action_go_home(self) -> None:
        if self._mode not in (None, "normal") or self._overrides:
            # Escape leaves cram (or any custom study): the next drill is a normal one
            self._reset_on_resume = True
        self.lp.go_home()

    def ensure_normal(self) -> None:
        """``d`` always gives a normal drill: leave cram or other custom study."""
        if self._mode is not None and (self._mode != "normal" or self._overrides):
            self._reset_on_resume = False
            self._start("normal")

    def start_custom(self, kind: str, topic: str | None = None) -> None:
        """Custom study at any time: review_ahead, forgotten, cram, extra_new, weakest, topic."""
        self.action_custom(kind, topic)

    # ------------------------------------------------------------ session

    def _start(self, mode: str | None = None, overrides: dict[str, Any] | None = None) -> None:
        old = self.session if self.session is not None and not self.finished else None
        self.session = None
        self.finished = False
        self.summary = None
        self._status_counts = None
        self._mode = mode or self.lp.options_for(DrillOptions).mode
        self._overrides = dict(overrides or {})
        self._show_message("Loading your cards…")
        self._begin_pending("open")
        mode_, extra = self._mode, dict(self._overrides)
        self.lp.run_store(
            lambda: self._open_session(mode_, old, extra),
            done=self._opened,
            failed=self._failed,
            owner=self,
            name="drill-open",
        )

    def _open_session(self, mode: str, old: DrillSession | None, overrides: dict[str, Any] | None = None) -> DrillSession:
        """In a worker: close the previous session, build the queue, pick the first card."""
        from lambdaprep.study.cards import study_cards
        from lambdaprep.study.session import DrillSession

        if old is not None:
            old.finish()
        catalog = self.lp.catalog
        cards = study_cards(catalog) if catalog is not None else {}
        overrides = overrides or {}
        base = self.lp.options_for(DrillOptions)
        topics = tuple(overrides.get("topics", base.topics))
        if overrides.get("weakest"):
            from lambdaprep.study.plan import weakest_topic

            topic = weakest_topic(self.lp.store, cards, clock=self.clock)
            topics = (topic,) if topic else ()
        opts = replace(base, topics=topics, new_limit=overrides.get("new_limit", base.new_limit))
        from lambdaprep.study.settings import StudySettings

        settings, self._setting_problems = StudySettings.load_checked(self.lp.store)  # shown by _opened
        session = DrillSession(
            self.lp.store,
            cards,
            clock=self.clock,
            settings=settings,
            mode=cast("Mode", mode),  # DrillSession refuses an unknown mode
            packs=opts.packs,
            topics=opts.topics,
            tags=opts.tags,
            new_limit=opts.new_limit if mode == "normal" else None,
        )
        session.next()
        return session

    def _failed(self, error: Exception) -> None:
        self._end_pending()
        message = str(error)
        self._show_message(f"The drill cannot start:\n\n{message}")
        if isinstance(error, LambdaprepError):
            self.notify(message, severity="error", timeout=10, markup=False)

    def _opened(self, session: DrillSession) -> None:
        self._end_pending()
        self.refresh_bindings()
        self.session = session
        self._tell_setting_problems()
        title = MODE_TITLES.get(session.mode, "Drill")
        topics = session.filters.get("topics") or []
        if self._overrides.get("extra_new"):
            title = f"Drill · {self._overrides.get('new_limit', 0)} extra new cards"
        elif topics:
            catalog = self.lp.catalog
            names = ", ".join(catalog.topic_title(t) if catalog is not None else t for t in topics)
            title = f"{title} · {'weakest topic: ' if self._overrides.get('weakest') else ''}{names}"
        self.sub_title = title
        self._show_current()

    _setting_problems: list[str] = []
    _told_setting_problems = False

    def _tell_setting_problems(self) -> None:
        """A stored setting out of bounds (as ``lambdaprep drill --settings`` warns): say so once, calmly."""
        problems = self._setting_problems
        if problems and not self._told_setting_problems:
            self._told_setting_problems = True
            first = problems[0][0].upper() + problems[0][1:]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.notify(
                f"{first}{more}. The drill works as usual; set it again in Settings (o).",
                title="A setting was reset",
                severity="warning",
                timeout=12,
                markup=False,
            )

    # ------------------------------------------------------------ views

    def _show_message(self, text: str) -> None:
        self.query_one("#drill-context", Static).update("")
        self.query_one("#drill-front", Static).display = False
        self.query_one("#drill-rule", Rule).display = False
        self.query_one("#drill-back", Static).display = False
        self.query_one("#drill-diagram", Static).display = False
        end = self.query_one("#drill-end", Static)
        end.display = True
        end.update(Text(text))
        self.query_one("#drill-bar", RatingBar).show_keys([])

    def _show_current(self) -> None:
        s = self.session
        if s is None:
            return
        item = s.current
        if item is None:
            self._finish_session(s)
            return
        card = item.card
        self.revealed = False
        context = Text(card.context or card.topic, style="dim")
        if card.kind == "limit":
            context.append("  · limit", style="dim")
        state = item.state.state
        if state in State._value2member_map_:
            context.append(f"  · {State(state).label}", style=STATE_STYLES[State(state)])
        if item.state.flag:
            context.append("  ⚑ flagged", style="bold yellow")
        self.query_one("#drill-context", Static).update(context)
        front = self.query_one("#drill-front", Static)
        front.display = True
        front.update(_markdown(card.front))
        self.query_one("#drill-rule", Rule).display = False
        back = self.query_one("#drill-back", Static)
        back.display = False
        self.query_one("#drill-diagram", Static).display = False
        self.query_one("#drill-end", Static).display = False
        self.query_one("#drill-card", VerticalScroll).scroll_home(animate=False)
        self.query_one("#drill-bar", RatingBar).show_question()
        self._update_status()

    def _show_answer(self) -> None:
        s = self.session
        assert s is not None and s.current is not None
        card = s.current.card
        previews = s.preview()
        self.revealed = True
        back = self.query_one("#drill-back", Static)
        back.update(_markdown(card.back))
        back.display = True
        self.query_one("#drill-rule", Rule).display = True
        diagram_view = self.query_one("#drill-diagram", Static)
        diagram = self.lp.catalog.diagrams.get(card.diagram) if card.diagram and self.lp.catalog else None
        if diagram is not None:
            body = Text(no_wrap=True, overflow="crop")
            body.append(diagram.title + "\n\n", style="bold")
            body.append(diagram.body.rstrip("\n"))
            if diagram.caption:
                width = max(30, min(100, self.size.width - 8))
                body.append("\n\n" + "\n".join(textwrap.wrap(diagram.caption, width)), style="dim")
            diagram_view.update(body)
            diagram_view.display = True
        else:
            diagram_view.display = False
        self.query_one("#drill-bar", RatingBar).show_ratings(previews, s.ratings, pass_fail=s.settings.grading == "pass_fail")
        self._update_status()

    def _finish_session(self, s: DrillSession) -> None:
        """No card left: record the session's end in a worker, then show the summary."""
        self.finished = True
        self._show_message("Saving your session…")
        self._begin_pending("finish")
        self.lp.run_store(s.finish, done=self._show_summary, failed=lambda _e: self._end_pending(), owner=self, name="drill-finish")

    def _show_summary(self, summary: Summary) -> None:
        self._end_pending()
        self.refresh_bindings()  # the custom-study keys
        s = self.session
        assert s is not None
        self.summary = summary
        nxt = summary.next_due.astimezone(self.clock.tz).strftime("%a %d %b %H:%M") if summary.next_due else "nothing scheduled"
        text = Text()
        if summary.cards:
            text.append("Session complete\n\n", style="bold")
        elif s.mode == "flagged":
            text.append("No flagged cards\n\n", style="bold")
            text.append("f flags the card on screen; F then drills every flagged card.\n\n", style="dim")
        else:
            text.append("Nothing to study right now\n\n", style="bold")
        text.append(f"Cards studied   {summary.cards}\n")
        text.append(f"Again rate      {summary.again_rate:.0%}\n")
        text.append(f"Time            {_clock_text(summary.seconds)}\n")
        text.append(f"Next card due   {nxt}\n")
        waiting = len(s.learning.items)
        if waiting:
            text.append(f"Learning cards  {waiting} later today\n", style="dim")
        for notice in s.notices:
            text.append("\n" + notice, style="yellow")
        text.append("\n\nMore: ", style="dim")
        text.append("a", style="bold")
        text.append(" review ahead · ", style="dim")
        text.append("r", style="bold")
        text.append(" today's forgotten · ", style="dim")
        text.append("k", style="bold")
        text.append(" cram · ", style="dim")
        text.append("F", style="bold")
        text.append(" flagged\n      ", style="dim")  # two lines that fit 80 columns, never a word split between them
        text.append("e", style="bold")
        text.append(f" {self.EXTRA_NEW} extra new · ", style="dim")
        text.append("w", style="bold")
        text.append(" weakest topic · ", style="dim")
        text.append("t", style="bold")
        text.append(" a topic · ", style="dim")
        text.append("n", style="bold")
        text.append(" new session\n", style="dim")  # own line: "Escape Home" never wraps at 80 columns
        text.append("Escape", style="bold")
        text.append(" Home", style="dim")
        self._show_message("")
        self.query_one("#drill-end", Static).update(text)
        self._update_status()

    def _update_status(self) -> None:
        s = self.session
        if s is None:
            return
        if self.pending is None or self._status_counts is None:
            # the queue is read only while no worker is changing it; meanwhile the clock still ticks
            self._status_counts = (s.counts(), s.done, s.left())
        c, done, left = self._status_counts
        status = Text()
        status.append(f"new {c['new']}", style="bold blue")
        status.append("  ")
        status.append(f"learn {c['learning']}", style="bold red")
        status.append("  ")
        status.append(f"due {c['review']}", style="bold green")
        status.append(f"   done {done} · left {left}   ")
        status.append(_clock_text(s.elapsed()), style="dim")
        if self.pending is not None and self.busy:
            status.append("   saving… (database busy)", style="bold yellow")
        self.query_one("#drill-status", Static).update(status)

    def _tick(self) -> None:
        if self.session is not None and not self.finished:
            self._update_status()

    # ------------------------------------------------------------ actions

    def _active(self) -> bool:
        return self.pending is None and self.session is not None and not self.finished and self.session.current is not None

    def action_reveal(self) -> None:
        if not self._active():
            if self.finished and self.pending is None:
                self.lp.go_home()
            return
        if self.revealed:
            self.action_rate(3)
            return
        self._show_answer()

    def action_rate(self, rating: int) -> None:
        if not self._active():
            return
        if not self.revealed:
            self._show_answer()
            return
        s = self.session
        assert s is not None
        if s.settings.grading == "pass_fail":
            rating = 1 if rating == 1 else 3
        if rating not in s.ratings:
            return
        # committed in a worker before the next card shows; card keys wait for it
        self._begin_pending("answer")
        self.lp.run_store(lambda: s.answer(rating), done=self._rated, failed=self._rate_failed, owner=self, name="drill-answer")

    def _rated(self, result: AnswerResult) -> None:
        self._end_pending()
        s = self.session
        assert s is not None
        if result.leech:
            # the title already says "Leech"; the summary lists the notice with its prefix
            self.notify(s.notices[-1].removeprefix("Leech: "), title="Leech", severity="warning", timeout=8, markup=False)
        s.next()
        self._show_current()

    def _rate_failed(self, error: Exception) -> None:
        self._end_pending()
        s = self.session
        assert s is not None
        if isinstance(error, StaleCard):
            self.notify("That card was answered in another lambdaprep meanwhile; moving on.", severity="warning", timeout=6)
            s.next()
            self._show_current()
        elif isinstance(error, LambdaprepError):
            # not saved (e.g. a read-only disk): the card stays, answered, so the rating can be given again
            self.notify(f"Your answer was not saved: {error}", severity="error", timeout=10, markup=False)

    def action_undo(self) -> None:
        s = self.session
        if self.pending is not None or s is None:
            return
        if not s.can_undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._begin_pending("undo")
        self.lp.run_store(s.undo, done=self._undone, failed=self._card_failed, owner=self, name="drill-undo")

    def _undone(self, _card: object) -> None:
        self._end_pending()
        self.finished = False
        self.refresh_bindings()
        self.notify("Undone.", timeout=2)
        self._show_current()

    def _card_failed(self, error: Exception) -> None:
        self._end_pending()
        if isinstance(error, StaleCard) and self.session is not None:
            # answered in another lambdaprep meanwhile: its answer stands, this change was not made
            self.notify("That card was answered in another lambdaprep meanwhile; moving on.", severity="warning", timeout=6)
            if self.session.current is None:
                self.session.next()
            self._show_current()
        elif isinstance(error, LambdaprepError):
            self.notify(str(error), severity="error", markup=False)

    def _card_action(self, name: str, message: str) -> None:
        if not self._active():
            return
        s = self.session
        assert s is not None
        revealed = self.revealed

        def done(_state: object) -> None:
            self._end_pending()
            self.notify(message + " (u undoes)", timeout=3)
            if s.current is None:
                s.next()
                self._show_current()
            else:
                self._show_current()
                if revealed:
                    self._show_answer()

        self._begin_pending(name)
        self.lp.run_store(getattr(s, name), done=done, failed=self._card_failed, owner=self, name=f"drill-{name}")

    def action_suspend(self) -> None:
        self._card_action("suspend", "Suspended.")

    def action_bury(self) -> None:
        self._card_action("bury", "Hidden until tomorrow.")

    def action_flag(self) -> None:
        self._card_action("toggle_flag", "Flag changed.")

    def action_custom(self, mode: str, topic: str | None = None) -> None:
        """Custom study, at any time (the current session ends; every answer is already saved)."""
        if self.pending is not None:
            return
        if mode == "extra_new":
            self._start("normal", {"new_limit": self.EXTRA_NEW, "extra_new": True})
        elif mode == "weakest":
            self._start("normal", {"weakest": True})
        elif mode == "topic":
            self._start("normal", {"topics": [topic] if topic else []})
        elif mode == "cram" and topic:
            self._start("cram", {"topics": [topic]})
        else:
            self._start(mode)

    def action_pick_topic(self) -> None:
        from lambdaprep.tui.screens.topics import TopicPicker

        def chosen(topic: str | None) -> None:
            if topic:
                self.action_custom("topic", topic)

        self.app.push_screen(TopicPicker(clock=self.clock), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Card keys while a card is on screen (and nothing is being saved); custom study at any time."""
        if action in ("custom", "pick_topic"):
            return (self.session is not None or self.finished) and self.pending is None
        if action == "undo":
            return self.pending is None
        if action in ("reveal", "good"):  # Space shows the answer, then means Good: one of the two is live
            return not self.finished and self.pending is None and (self.revealed == (action == "good"))
        if action in ("rate", "suspend", "bury", "flag"):
            return not self.finished and self.pending is None
        return True

    def action_good(self) -> None:
        self.action_rate(3)

    @property
    def revealed(self) -> bool:
        """Whether the answer shows (Space then means Good: the footer follows)."""
        return self._revealed

    @revealed.setter
    def revealed(self, value: bool) -> None:
        changed = value != getattr(self, "_revealed", None)
        self._revealed = value
        if changed and self.is_mounted:
            self.refresh_bindings()

    def on_unmount(self) -> None:
        session = self.session
        if session is not None and not self.finished:
            # records the session's end; every answer was committed when it was given
            self.lp.run_store_on_exit(session.finish)
