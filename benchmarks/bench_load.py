"""Cold and warm load time and peak memory of the synthetic pack (10,000 cards + 2,000 limits).

Cold = parse YAML and validate (no cache). Warm = the parsed-content cache is fresh.
Each measurement runs in a fresh process so imports and caches do not leak between runs.
Goal (issue 2): warm load ≤ 150 ms on the 2-core CI machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

CHILD = r"""
import json, sys, time, tracemalloc, resource
from pathlib import Path
from lambdaprep.content import PackSource, load_catalog
trace = len(sys.argv) > 3
if trace:
    tracemalloc.start()  # slows allocation-heavy code a lot: only in the memory runs
t = time.perf_counter()
cat = load_catalog([PackSource(Path(sys.argv[1]), "cli")], cache_dir=Path(sys.argv[2]) if sys.argv[2] != "-" else None)
elapsed = time.perf_counter() - t
_, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
assert not cat.problems, cat.problems[:3]
print(json.dumps({"s": elapsed, "peak": peak, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "cards": len(cat.cards), "limits": len(cat.limits)}))
"""


def run(pack: Path, cache: str, trace: bool = False) -> dict[str, float]:
    argv = [sys.executable, "-c", CHILD, str(pack), cache] + (["trace"] if trace else [])
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = generate(Path(tmp) / "synthetic")
        cache = Path(tmp) / "cache"
        cold = [run(pack, "-") for _ in range(3)]
        cold_mem = run(pack, "-", trace=True)
        run(pack, str(cache))  # fill the cache
        warm = [run(pack, str(cache)) for _ in range(5)]
        warm_mem = run(pack, str(cache), trace=True)
    c = cold[0]
    print(f"synthetic pack: {c['cards']:,} cards, {c['limits']:,} limit rows")
    print(f"cold load (parse + validate): median {statistics.median(r['s'] for r in cold) * 1000:.0f} ms, "
          f"peak traced memory {cold_mem['peak'] / 2**20:.1f} MiB, max RSS {max(r['rss_kb'] for r in cold) / 1024:.0f} MiB")
    print(f"warm load (cache hit):        median {statistics.median(r['s'] for r in warm) * 1000:.0f} ms, "
          f"peak traced memory {warm_mem['peak'] / 2**20:.1f} MiB, max RSS {max(r['rss_kb'] for r in warm) / 1024:.0f} MiB"
          f"   (goal ≤ 150 ms)")


if __name__ == "__main__":
    main()
