"""What an area is opened with (from the command line or a test), as typed values.

No Textual here: the CLI builds these without importing the app. The App keeps one per
area (``LambdaprepApp.area_options``) and a screen reads its own with
``self.lp.options_for(DrillOptions)`` (defaults when the area was opened without any).
The clock is not an area option: the App takes it once (``make_app(..., clock=...)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class DrillOptions:
    AREA: ClassVar[str] = "drill"
    packs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    new_limit: int | None = None
    """New cards for this session instead of today's remaining allowance (``--new N``)."""
    mode: str = "normal"


@dataclass(frozen=True, slots=True)
class QuizOptions:
    AREA: ClassVar[str] = "quiz"
    packs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    n: int = 10
    seed: int | None = None
    time_limit_s: float | None = None


@dataclass(frozen=True, slots=True)
class MockOptions:
    AREA: ClassVar[str] = "mock"
    format: str | None = None
    prompts: tuple[str, ...] | None = None
    """Explicit prompt keys (a custom interview) instead of a format."""
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class CalculatorsOptions:
    AREA: ClassVar[str] = "calculators"
    tab: str = "price"
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Initial form values per tab (``{"price": {"memory_mb": 512}}``)."""


@dataclass(frozen=True, slots=True)
class ExamOptions:
    AREA: ClassVar[str] = "exam"
    packs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    n: int = 30
    seed: int | None = None
    time_limit_s: float | None = 45 * 60
    start: bool = False
    """Start at once (``lambdaprep quiz --exam``) instead of showing the intro."""


AreaOptions = DrillOptions | QuizOptions | MockOptions | CalculatorsOptions | ExamOptions
"""Options of any area that takes some."""
