"""A real lambdaprep process in a pseudo-terminal, for the tests that SIGKILL it.

The app runs exactly as a person starts it (80x24, xterm). Every wait polls a condition
(the database, the terminal output) with a bounded timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT_S = 90.0


def wait(what: str, check: Callable[[], Any], timeout: float = TIMEOUT_S) -> Any:
    """``check()``'s first true value; fails naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)  # polling interval, not a synchronisation: the condition decides
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def spawn(data_dir: Path, *args: str) -> tuple[int, int, list[bytes]]:
    """``lambdaprep --data-dir DATA_DIR ARGS…`` in an 80x24 pseudo-terminal: (pid, terminal fd, output so far)."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("LAMBDAPREP_TESTING", None)
        os.execv(sys.executable, [sys.executable, "-m", "lambdaprep", "--data-dir", str(data_dir), *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out: list[bytes] = []

    def drain() -> None:  # keep reading so the app never blocks on a full terminal
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            out.append(chunk)

    threading.Thread(target=drain, daemon=True).start()
    return pid, fd, out
