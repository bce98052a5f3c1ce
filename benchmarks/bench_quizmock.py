"""Quiz and mock engine timings on the shipped packs (no Textual).

1. ``check``: one unit-aware answer check (``check_quantity``), the work per rapid-fire answer.
2. ``quiz build``: ``QuizSession.build`` for 10 questions (selection, shuffles, related cards).
3. ``mock build``: ``MockSession.build`` for every format (planning, rapid-fire rows,
   calculation questions from the calculators).
4. ``tick``: ``MockSession.tick`` (what the screen calls 5×/s to drive the countdowns).

Prints median and p95 in milliseconds. Run: ``.venv/bin/python benchmarks/bench_quizmock.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, n: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.95) - 1]


def main() -> None:
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import builtin_packs_dir
    from lambdaprep.study.answers import check_quantity
    from lambdaprep.study.clock import FakeClock
    from lambdaprep.study.mock import MockSession
    from lambdaprep.study.quiz import QuizSession

    catalog = load_catalog([PackSource(builtin_packs_dir(), "builtin")])
    print(f"catalog: {len(catalog.quiz)} quiz questions, {len(catalog.mock_prompts)} mock prompts, {len(catalog.mock_formats)} formats")
    rows = [
        ("check '15 min' vs 900 s", timed(lambda: check_quantity("15 min", 900, "s"), 2000)),
        ("check worked answer", timed(lambda: check_quantity("24M GB-s × price\n= $12.34", 12.34, "USD"), 2000)),
        ("quiz build (10)", timed(lambda: QuizSession.build(catalog, n=10, seed=1, clock=FakeClock()), 50)),
    ]
    for key in catalog.mock_formats:
        rows.append((f"mock build {key}", timed(lambda key=key: MockSession.build(catalog, key, seed=1, clock=FakeClock()), 20)))
    if catalog.mock_formats:
        s = MockSession.build(catalog, next(iter(catalog.mock_formats)), seed=1, clock=FakeClock())
        rows.append(("mock tick", timed(lambda: s.tick("some typed text"), 5000)))
    for name, (med, p95) in rows:
        print(f"{name:<40} median {med:8.3f} ms   p95 {p95:8.3f} ms")


if __name__ == "__main__":
    main()
