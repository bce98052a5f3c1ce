"""A killed terminal loses no submitted answer: SIGKILL a real app process right after Ctrl+S.

The app runs in a pseudo-terminal, exactly as a person starts it. Every wait polls the
database (or the terminal output) with a bounded timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ptyapp import spawn, wait

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty and signals")]


def _spawn(data_dir: Path) -> tuple[int, int, list[bytes]]:
    return spawn(data_dir, "mock", "quick-warmup", "--seed", "1")


def test_sigkill_right_after_ctrl_s_keeps_the_answer(data_dir: Path) -> None:
    from lambdaprep.paths import Locations
    from lambdaprep.store import Store

    locations = Locations.under(data_dir)
    pid, fd, out = _spawn(data_dir)
    try:

        def session() -> Any:
            if not locations.database.exists():
                return None
            with Store.open(locations, migrate=False) as store:
                rows = store.unfinished_mocks()
                return rows[0] if rows else None

        row = wait("the interview to start", session)
        wait("the answer box", lambda: b"Your answer" in b"".join(out))
        answer = "Init runs the code outside the handler once per environment"
        os.write(fd, answer.encode())

        def draft_typed() -> bool:
            return answer.encode() in b"".join(out).replace(b"\r", b"")

        wait("the typed answer on screen", draft_typed)
        os.write(fd, b"\x13")  # Ctrl+S

        def stored() -> list[dict[str, Any]]:
            with Store.open(locations, migrate=False) as store:
                return store.mock_answers(int(row["id"]))

        wait("the answer in the database", stored)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    with Store.open(locations) as store:
        (ans,) = store.mock_answers(int(row["id"]))
        assert ans["answer_text"] == answer
        (left,) = store.unfinished_mocks()  # and the interview can be resumed
        assert left["state"]["answers"][0]["text"] == answer
