"""Hostile packs fail fast and are parsed once (issue 12).

Builds the attack from the issue — an 8 MB pack file holding 2 million values — and one
pack of many big files, then prints:

1. ``validate``: seconds to read and reject each, as CPU time of this process (the fair
   number on a shared machine) and wall time (goal: well under 1 s of CPU; parsing stops
   at the value cap instead of reading all 2M values);
2. ``cold``/``warm``: loading a catalog with the hostile pack in it, first with an empty
   cache and then again (the failure is remembered by fingerprint: the warm load does not
   parse the file again);
3. the peak memory of the process (``ru_maxrss``).

Run: ``.venv/bin/python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(root: Path) -> tuple[Path, Path]:
    big = root / "big"
    big.mkdir()
    (big / "pack.yaml").write_text("id: big\ntitle: Big\nversion: 1.0.0\nas_of: 2026-01-01\n")
    body = "cards:\n" + "- 1\n" * 2_000_000  # 8 MB, 2M values
    (big / "cards.yaml").write_text(body)
    many = root / "many"
    many.mkdir()
    (many / "pack.yaml").write_text("id: many\ntitle: Many\nversion: 1.0.0\nas_of: 2026-01-01\n")
    chunk = "cards:\n" + "- 1\n" * 49_000
    for i in range(40):
        (many / f"f{i:02d}.yaml").write_text(chunk)
    return big, many


def main() -> None:
    from lambdaprep.content import PackSource, load_catalog, load_pack

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, many = build(root)
        print(f"8 MB file: {(big / 'cards.yaml').stat().st_size / 1e6:.1f} MB; many: 40 files × 49,000 values")
        for folder in (big, many):
            t, c = time.perf_counter(), time.process_time()
            pack, problems = load_pack(folder)
            cpu, wall = time.process_time() - c, time.perf_counter() - t
            assert pack is None
            print(f"validate {folder.name:>4}: {cpu:6.3f} s CPU ({wall:6.3f} s wall), {len(problems)} problem(s): {problems[-1].message[:50]}…")
        cache = root / "cache"
        for label in ("cold", "warm"):
            t, c = time.perf_counter(), time.process_time()
            catalog = load_catalog([PackSource(big, "user"), PackSource(many, "user")], cache_dir=cache)
            cpu, wall = time.process_time() - c, time.perf_counter() - t
            print(f"catalog {label}: {cpu:6.3f} s CPU ({wall:6.3f} s wall), {len(catalog.problems)} problem(s)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} MB")


if __name__ == "__main__":
    main()
