"""Timed mock interviews: the public names, gathered from the modules that hold them. No Textual here.

- :mod:`lambdaprep.study.mock_types` — items, rubric points, red flags, answers (JSON-able)
- :mod:`lambdaprep.study.mock_plan` — formats and building items from prompts
- :mod:`lambdaprep.study.mock_scoring` — hints from phrase groups, red flags
- :mod:`lambdaprep.study.mock_session` — the session: timers, submit, self-grading, saving, resuming
- :mod:`lambdaprep.study.mock_report` — the report and its Markdown debrief
- :mod:`lambdaprep.study.weakspots` — topic strength for the adaptive format
- :mod:`lambdaprep.study.sparkline` — the score trend line
"""

from __future__ import annotations

from lambdaprep.study.mock_plan import expand_prompt, find_format, follow_up_prompt, format_choices, plan
from lambdaprep.study.mock_report import MockReport, build_report, report_markdown
from lambdaprep.study.mock_session import MockSession, check_expected, hints_for
from lambdaprep.study.mock_types import KIND_TITLES, WEAK_BELOW, Expected, Flag, ItemAnswer, MockItem, Point, TopicResult
from lambdaprep.study.sparkline import sparkline

__all__ = [
    "KIND_TITLES",
    "WEAK_BELOW",
    "Expected",
    "Flag",
    "ItemAnswer",
    "MockItem",
    "MockReport",
    "MockSession",
    "Point",
    "TopicResult",
    "build_report",
    "check_expected",
    "expand_prompt",
    "find_format",
    "follow_up_prompt",
    "format_choices",
    "hints_for",
    "plan",
    "report_markdown",
    "sparkline",
]
