"""Progress files benchmark: daily backup, progress export and import of a big database.

Builds (once, cached under benchmarks/_out/) the synthetic database of bench_study —
100,000 cards and 1,000,000 reviews — with a realistic before/after card state in every
review (as the drill writes them), then runs each step in a fresh process and prints its
wall time and the process's peak memory (max RSS):

- the daily backup (goal <= 5 s);
- ``progress export`` of everything (goal <= 20 s, memory bounded);
- ``progress import`` of that file into an empty data dir (goal <= 20 s, memory bounded);
- importing the same file again (every review matched: nothing added);
- the review-log CSV export.

    python benchmarks/bench_portable.py [--cards N] [--reviews N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def build(path: Path, cards: int, reviews: int) -> None:
    from lambdaprep.store import Store
    from lambdaprep.store.synthetic import fill_synthetic

    with Store.open(path) as store:
        fill_synthetic(store, cards, reviews, int(NOW.timestamp() * 1000), full_log=True)


def step(name: str, db: str, arg: str) -> None:
    """One measured step, in this (fresh) process; prints a JSON line."""
    from lambdaprep.store import Store
    from lambdaprep.store import backup as bk
    from lambdaprep.store import progress as pg
    from lambdaprep.study.replay import Replayer

    u0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = u0.ru_utime + u0.ru_stime
    t0 = time.perf_counter()
    info: dict[str, object] = {}
    with Store.open(Path(db)) as store:
        if name == "backup":
            made = bk.make_backup(store, Path(arg), "daily")
            info["size_mb"] = round(made.size / 2**20, 1)
        elif name == "export":
            with open(arg, "w", encoding="utf-8") as fh:
                info.update(pg.export_progress(store, fh).counts)
            info["file_mb"] = round(Path(arg).stat().st_size / 2**20, 1)
        elif name == "csv":
            with open(arg, "w", encoding="utf-8") as fh:
                info["rows"] = pg.export_reviews_csv(store, fh)
        elif name == "import":
            s = pg.import_progress(store, Path(arg), replay=Replayer())
            info.update(reviews_added=s.reviews_added, cards_added=s.cards_added, replayed=s.cards_replayed)
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = usage.ru_maxrss / 1024  # KB on Linux
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    print(json.dumps({"step": name, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "max_rss_mb": round(rss, 1), **info}))


def run_step(name: str, db: Path, arg: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, str(db), str(arg)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--step", nargs=3, metavar=("NAME", "DB", "ARG"))
    args = ap.parse_args()
    if args.step:
        step(*args.step)
        return
    cache = ROOT / "benchmarks" / "_out" / f"portable-{args.cards}-{args.reviews}.db"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        build(cache, args.cards, args.reviews)
        print(f"built {cache.name} in {time.perf_counter() - t0:.1f} s")
    print(f"database: {args.cards:,} cards, {args.reviews:,} reviews, {cache.stat().st_size / 2**20:.0f} MB")
    goals = {"backup": 5.0, "export": 20.0, "import": 20.0, "import again": 20.0, "csv": 20.0}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "lambdaprep.db"
        shutil.copyfile(cache, db)
        results = [
            ("backup", run_step("backup", db, work / "backups")),
            ("export", run_step("export", db, work / "progress.jsonl")),
            ("csv", run_step("csv", db, work / "reviews.csv")),
            ("import", run_step("import", work / "empty.db", work / "progress.jsonl")),
            ("import again", run_step("import", work / "empty.db", work / "progress.jsonl")),
        ]
    for label, r in results:
        extra = {k: v for k, v in r.items() if k not in ("step", "seconds", "cpu_s", "max_rss_mb")}
        ok = "ok" if float(r["seconds"]) <= goals[label] else "SLOW"  # type: ignore[arg-type]
        print(
            f"{label:<13} {r['seconds']:>6} s wall, {r['cpu_s']:>6} s CPU (goal <= {goals[label]:.0f} s, {ok})  "
            f"peak memory {r['max_rss_mb']} MB  {extra}"
        )


if __name__ == "__main__":
    main()
