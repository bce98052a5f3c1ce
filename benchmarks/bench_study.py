"""Study engine benchmark: a big progress database, queue build and rating latency.

Builds (once, cached under benchmarks/_out/) a database with 100,000 cards and
1,000,000 review-log rows, then reports:

- time to build today's drill queue (goal <= 100 ms);
- time from a rating to the next card being ready — the engine part
  (answer committed + next card chosen), median and p99 (goals 16 ms / 50 ms);
- the same through the real Drill screen, headless: the rating key's action, the
  layout pass and a full frame render of the next card (``--no-tui`` skips it;
  writing the frame to a real terminal is not included);
- the database size.

    python benchmarks/bench_study.py [--cards N] [--reviews N] [--answers N] [--no-tui]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lambdaprep.store import Store  # noqa: E402
from lambdaprep.store.synthetic import fill_synthetic  # noqa: E402
from lambdaprep.study.cards import StudyCard  # noqa: E402
from lambdaprep.study.clock import UTC, FakeClock, to_ms  # noqa: E402
from lambdaprep.study.session import DrillSession  # noqa: E402

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def build_db(path: Path, n_cards: int, n_reviews: int, seed: int = 7) -> None:
    with Store.open(path) as store:
        fill_synthetic(store, n_cards, n_reviews, to_ms(NOW), seed=seed)


def make_cards(n_cards: int, extra_new: int = 500) -> dict[str, StudyCard]:
    out = {}
    for i in range(n_cards + extra_new):
        key = f"bench/c{i:06d}"
        out[key] = StudyCard(key, "bench", f"t{i % 21}", (f"g{i % 7}",), f"Question {i}?", f"**Answer {i}**", order=i)
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def bench_engine(path: Path, cards: dict[str, StudyCard], answers: int) -> dict[str, float]:
    clock = FakeClock(start=NOW)
    with Store.open(path) as store:
        builds = []
        for _ in range(5):
            t0 = time.perf_counter()
            session = DrillSession(store, cards, clock=clock, record_session=False)
            builds.append((time.perf_counter() - t0) * 1000)
        queue = session.left()
        session = DrillSession(store, cards, clock=clock)
        lat = []
        rnd = random.Random(3)
        session.next()
        for _ in range(answers):
            if session.current is None:
                break
            session.preview()  # shown on reveal, before the key press
            t0 = time.perf_counter()
            session.answer(rnd.choice([1, 3, 3, 3, 4]))
            session.next()
            lat.append((time.perf_counter() - t0) * 1000)
            clock.advance(3)
        session.finish()
    return {
        "queue_ms": statistics.median(builds[1:]),
        "queue_first_ms": builds[0],
        "queue_cards": queue,
        "answer_median_ms": statistics.median(lat),
        "answer_p99_ms": pct(lat, 99),
        "answers": len(lat),
    }


async def _bench_tui(data_dir: Path, cards_catalog: dict[str, StudyCard], answers: int) -> dict[str, float]:
    os.environ["LAMBDAPREP_TESTING"] = "1"
    from unittest import mock

    from lambdaprep.content import Catalog
    from lambdaprep.paths import Locations
    from lambdaprep.tui.app import make_app

    app = make_app(Locations.under(data_dir), [], catalog=Catalog(), clock=FakeClock(start=NOW))
    lat = []
    with mock.patch("lambdaprep.study.cards.study_cards", lambda catalog: cards_catalog):
        async with app.run_test(size=(80, 24)) as pilot:
            await app.catalog_loaded.wait()
            await pilot.press("d")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            rnd = random.Random(5)
            for _ in range(answers):
                if screen.finished:
                    break
                await pilot.press("space")
                await pilot.pause()
                before = screen.session.done
                t0 = time.perf_counter()
                # what the rating key runs: the answer is committed in a store worker, then the
                # next card is chosen and the widgets updated; then the layout pass and a full frame
                screen.action_rate(rnd.choice([1, 3, 3, 4]))
                await app.workers.wait_for_complete()
                while screen.pending is not None:
                    await asyncio.sleep(0)
                screen._refresh_layout()
                screen._compositor.render_full_update()
                lat.append((time.perf_counter() - t0) * 1000)
                await pilot._wait_for_screen()
                assert screen.session.done == before + 1
    return {"tui_median_ms": statistics.median(lat), "tui_p99_ms": pct(lat, 99), "tui_answers": len(lat)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--answers", type=int, default=300)
    ap.add_argument("--no-tui", action="store_true")
    args = ap.parse_args()

    out = Path(__file__).resolve().parent / "_out"
    out.mkdir(exist_ok=True)
    master = out / f"study-{args.cards}-{args.reviews}.db"
    if not master.exists():
        t0 = time.perf_counter()
        tmp = master.with_suffix(".tmp.db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        build_db(tmp, args.cards, args.reviews)
        os.replace(tmp, master)
        print(f"built {master.name} in {time.perf_counter() - t0:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="lp-bench-"))
    try:
        db = work / "lambdaprep.db"
        shutil.copy(master, db)
        cards = make_cards(args.cards)
        size_mb = db.stat().st_size / 1e6
        r = bench_engine(db, cards, args.answers)
        print(f"database: {args.cards:,} cards, {args.reviews:,} reviews, {size_mb:.1f} MB")
        print(f"queue build:            {r['queue_ms']:.1f} ms  ({r['queue_cards']} cards in today's queue; goal <= 100 ms)")
        print(f"  first build after a catalog change (new-card scan without its hint): {r['queue_first_ms']:.1f} ms")
        print(
            f"rating -> next (engine): median {r['answer_median_ms']:.2f} ms, p99 {r['answer_p99_ms']:.2f} ms "
            f"over {r['answers']} answers (goals 16 / 50 ms)"
        )
        if not args.no_tui:
            shutil.copy(master, db)
            for suffix in ("-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            t = asyncio.run(_bench_tui(work, cards, min(args.answers, 150)))
            print(
                f"rating -> next (screen): median {t['tui_median_ms']:.2f} ms, p99 {t['tui_p99_ms']:.2f} ms "
                f"over {t['tui_answers']} ratings (headless Textual: binding + layout + full frame)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
