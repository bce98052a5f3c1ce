"""`lambdaprep limits QUERY` (the fast path) against `python -c "import rich.console"`.

Both run as fresh processes, median of several runs, with a warm limits index (the
state after the first run). Goal (issue 5): ≤ 2.5 × the rich import.
Also: search time per keystroke in the TUI's index.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv: list[str], runs: int = 9) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        cmd = [sys.executable, "-m", "lambdaprep", "--data-dir", data, "limits", "tmp"]
        subprocess.run(cmd, check=True, capture_output=True)  # builds the index
        ours = timed(cmd)
        miss = timed([sys.executable, "-m", "lambdaprep", "--data-dir", data, "limits", "qqqzzz"])
    rich = timed([sys.executable, "-c", "import rich.console"])
    print(f"python -c 'import rich.console':  {rich * 1000:.0f} ms")
    print(f"lambdaprep limits tmp:            {ours * 1000:.0f} ms  ({ours / rich:.2f}x; goal <= 2.5x)")
    print(f"lambdaprep limits <no match>:     {miss * 1000:.0f} ms")

    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.lookup import LimitIndex, entries_from_catalog
    from lambdaprep.paths import builtin_packs_dir

    index = LimitIndex(entries_from_catalog(load_catalog([PackSource(builtin_packs_dir(), "builtin")])))
    index.search("warm up")
    samples = []
    for query in ["t", "tm", "tmp", "p", "pa", "pay", "payl", "payload", "9", "90", "900", "env v", "env vars"]:
        start = time.perf_counter()
        index.search(query)
        samples.append(time.perf_counter() - start)
    print(f"TUI search per keystroke ({len(index.entries)} rows): median {statistics.median(samples) * 1000:.1f} ms, "
          f"max {max(samples) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
