"""Time to the TUI's first frame, against a hello-world Textual app started the same way.

Both apps run headless in a fresh process; an auto-pilot exits as soon as the first
frame has been composed and painted. We time the whole process (interpreter start,
imports, app construction, first frame, exit), median of several runs.
Goal (issue 2): lambdaprep ≤ 1.3 × hello world.
A second measure is the process's CPU time (all threads) when the first frame is shown:
on a shared, busy machine wall-clock times swing with the load, CPU time much less.
A third, load-independent measure: the number of Python function calls (cProfile) from
the start of the script to the first frame; it does not move with the machine's load, so it
shows whether a change made startup lighter even when the clocks are too noisy to tell.
Also times the headless CLI (`lambdaprep paths`) against `python -c "import rich.console"`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

FIRST_FRAME_HOOK = """
import time
from textual.app import App as _App
_orig = _App._display
_seen = []
def _display(self, screen, renderable):
    if not _seen and renderable is not None and len(screen.children) > 0:
        _seen.append(time.time())
    return _orig(self, screen, renderable)
_App._display = _display
async def pilot(p):
    while not _seen:
        await p.pause(0.01)
    print(_seen[0], flush=True)
    p.app.exit()
"""

HELLO = FIRST_FRAME_HOOK + """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello, world")
Hello().run(headless=True, size=(80, 24), auto_pilot=pilot)
"""

LAMBDAPREP = FIRST_FRAME_HOOK + """
import sys
from lambdaprep.cli.context import Context
from lambdaprep.cli import build_parser
argv = ["--data-dir", sys.argv[1]]
args = build_parser(argv).parse_args(argv)  # as main() does
ctx = Context.from_args(args)
from lambdaprep.tui.app import make_app
app = make_app(ctx.locations, ctx.pack_sources())
app.run(headless=True, size=(80, 24), auto_pilot=pilot)
"""


def on_cpu_clock(script: str) -> str:
    """The same script, reporting the process's CPU time at the first frame instead of the clock."""
    return script.replace("_seen.append(time.time())", "_seen.append(time.process_time())")


def on_call_counter(script: str, out: str) -> str:
    """The same script under cProfile, which stops and saves its counts at the first frame."""
    stop = (
        "_seen.append(time.time()); import sys as _s; _p = _s.modules['__main__'].PROFILE; "
        f"_p.disable(); _p.dump_stats({out!r})"
    )
    return "import cProfile\nPROFILE = cProfile.Profile()\nPROFILE.enable()\n" + script.replace("_seen.append(time.time())", stop)


def calls_to_first_frame(script: str, *args: str) -> int:
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/first-frame.prof"
        subprocess.run([sys.executable, "-c", on_call_counter(script, out), *args], check=True, capture_output=True)
        return int(pstats.Stats(out).total_calls)


def cpu_at_first_frame(argv: list[str], runs: int = 7) -> float:
    return statistics.median(float(subprocess.run(argv, check=True, capture_output=True, text=True).stdout.split()[-1]) for _ in range(runs))


def timed(argv: list[str], runs: int = 7, first_frame: bool = False) -> float:
    samples = []
    for _ in range(runs):
        start = time.time() if first_frame else time.perf_counter()
        out = subprocess.run(argv, check=True, capture_output=True, text=True)
        if first_frame:
            samples.append(float(out.stdout.strip().splitlines()[-1]) - start)
        else:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        subprocess.run([sys.executable, "-c", LAMBDAPREP, data], check=True, capture_output=True)  # warm caches and .pyc files
        subprocess.run([sys.executable, "-c", HELLO], check=True, capture_output=True)
        hello = timed([sys.executable, "-c", HELLO], first_frame=True)
        ours = timed([sys.executable, "-c", LAMBDAPREP, data], first_frame=True)
        hello_cpu = cpu_at_first_frame([sys.executable, "-c", on_cpu_clock(HELLO)])
        ours_cpu = cpu_at_first_frame([sys.executable, "-c", on_cpu_clock(LAMBDAPREP), data])
        hello_calls = calls_to_first_frame(HELLO)
        ours_calls = calls_to_first_frame(LAMBDAPREP, data)
        rich_import = timed([sys.executable, "-c", "import rich.console"])
        paths = timed([sys.executable, "-m", "lambdaprep", "--data-dir", data, "paths"])
    print(f"first frame, hello-world Textual app: {hello * 1000:.0f} ms")
    print(f"first frame, lambdaprep Home:         {ours * 1000:.0f} ms  ({ours / hello:.2f}x; goal <= 1.3x)")
    print(f"CPU at first frame, hello world:      {hello_cpu * 1000:.0f} ms")
    print(f"CPU at first frame, lambdaprep Home:  {ours_cpu * 1000:.0f} ms  ({ours_cpu / hello_cpu:.2f}x)")
    print(f"calls to first frame, hello world:    {hello_calls:,}")
    print(f"calls to first frame, lambdaprep Home: {ours_calls:,}  ({ours_calls / hello_calls:.2f}x; load-independent)")
    print(f"python -c 'import rich.console':      {rich_import * 1000:.0f} ms")
    print(f"lambdaprep paths (headless CLI):      {paths * 1000:.0f} ms  ({paths / rich_import:.2f}x of the rich import)")


if __name__ == "__main__":
    main()
