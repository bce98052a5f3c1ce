"""The app's top-level areas, one entry each.

Home lists them, the app binds each one's key (from anywhere, unless the screen
uses the key itself) and the command palette offers them. Each area is a Textual
*mode* whose base screen is imported only when the area is first opened.
Add an area here when its screen works — never before.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    key: str
    title: str
    description: str
    screen: str
    """``module:Class`` of the area's base screen (imported lazily)."""


AREAS: tuple[Area, ...] = (
    Area("drill", "d", "Drill", "flashcards due today, scheduled by FSRS", "lambdaprep.tui.screens.drill:DrillScreen"),
    Area("quiz", "q", "Quiz", "multiple-choice questions with feedback and a score", "lambdaprep.tui.screens.quiz:QuizScreen"),
    Area("exam", "x", "Exam", "a practice exam: no feedback until you submit", "lambdaprep.tui.screens.exam:ExamScreen"),
    Area("mock", "m", "Mock interview", "timed prompts, self-graded rubric and a report", "lambdaprep.tui.screens.mock:MockScreen"),
    Area("limits", "l", "Limits", "look up any quota, by words or by number", "lambdaprep.tui.screens.limits:LimitsScreen"),
    Area(
        "calculators",
        "c",
        "Calculators",
        "cost, power tuning, cold starts, scaling",
        "lambdaprep.tui.screens.calculators:CalculatorsScreen",
    ),
    Area("diagrams", "g", "Diagrams", "architecture and lifecycle diagrams", "lambdaprep.tui.screens.diagrams:DiagramsScreen"),
    Area("browse", "b", "Browse", "search every card, its history; suspend or reset", "lambdaprep.tui.screens.browse:BrowseScreen"),
    Area("stats", "s", "Stats", "activity, workload ahead, retention, weak topics", "lambdaprep.tui.screens.stats:StatsScreen"),
    Area("history", "h", "History", "past quizzes and interviews, score trends, any report", "lambdaprep.tui.screens.history:HistoryScreen"),
    Area("data", "e", "Data", "database, backups, export and import", "lambdaprep.tui.screens.data:DataScreen"),
)


SETTINGS = Area(
    "settings", "o", "Settings", "interview date, pace, retention, new-card order", "lambdaprep.tui.screens.settings:SettingsScreen"
)
"""The Settings screen: a mode with a key (``o``) and a palette command, not a row on Home
(Home's plan line names the key)."""
