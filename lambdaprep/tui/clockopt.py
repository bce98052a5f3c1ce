"""The clock a screen uses: an injected one (tests pass ``clock=`` as an area option), else the system's."""

from __future__ import annotations

from typing import Any


def clock_for(app: Any, area_id: str) -> Any:
    options = getattr(app, "area_options", {}) or {}
    clock = (options.get(area_id) or {}).get("clock")
    if clock is None:
        for opts in options.values():
            if isinstance(opts, dict) and opts.get("clock") is not None:
                clock = opts["clock"]
                break
    if clock is None:
        from lambdaprep.study.clock import SystemClock

        clock = SystemClock()
    return clock
