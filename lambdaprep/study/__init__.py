"""The study engine: FSRS scheduling (via ``fsrs``), drill sessions, stats. No Textual here.

    from lambdaprep.study import DrillSession, study_cards
    session = DrillSession(store, study_cards(catalog))
    card = session.next(); previews = session.preview(); session.answer(3)

Submodules: ``clock`` (injected time), ``settings`` (StudySettings in the DB),
``cards`` (StudyCard, limits rows as cards), ``scheduler`` (fsrs wrapper,
previews), ``session`` (DrillSession), ``stats`` (study_stats, due_counts).
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Clock": "clock",
    "FakeClock": "clock",
    "SystemClock": "clock",
    "StudySettings": "settings",
    "StudyCard": "cards",
    "study_cards": "cards",
    "filter_cards": "cards",
    "Scheduler": "scheduler",
    "Outcome": "scheduler",
    "format_interval": "scheduler",
    "DrillSession": "session",
    "Summary": "session",
    "StudyStats": "stats",
    "DueCounts": "stats",
    "study_stats": "stats",
    "due_counts": "stats",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"lambdaprep.study.{module}"), name)
