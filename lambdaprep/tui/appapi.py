"""What screens may ask of the app, as a Protocol.

Screens type ``self.lp`` with this instead of importing ``tui/app.py``, so the app can
import its screens without an import cycle (app → screens → base → this module).
:class:`~lambdaprep.tui.app.LambdaprepApp` implements it (mypy checks that where
``AppScreen.lp`` casts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.worker import Worker

    from lambdaprep.content.catalog import Catalog
    from lambdaprep.paths import Locations
    from lambdaprep.store import Store
    from lambdaprep.study.clock import Clock
    from lambdaprep.tui.options import AreaOptions, CalculatorsOptions, DrillOptions, ExamOptions, MockOptions, QuizOptions
    from lambdaprep.tui.screens.base import AppScreen

T = TypeVar("T")
O = TypeVar("O", "DrillOptions", "QuizOptions", "MockOptions", "CalculatorsOptions", "ExamOptions")


class AppAPI(Protocol):
    locations: Locations
    catalog: Catalog | None
    clock: Clock
    area_options: dict[str, AreaOptions]

    @property
    def store(self) -> Store: ...

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
    ) -> Worker[T]: ...

    def run_store_on_exit(self, fn: Callable[[], object]) -> None: ...

    def report_error(self, error: BaseException, *, fatal: bool = False, context: str = "") -> None: ...

    def open_area(self, area_id: str, options: AreaOptions | None = None) -> None: ...

    def go_home(self) -> None: ...

    def pick_topic(self, then: str) -> None: ...

    def options_for(self, kind: type[O]) -> O: ...
