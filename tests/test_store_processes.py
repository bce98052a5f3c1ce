"""Real processes: a SIGKILL mid-session loses nothing acknowledged; two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lambdaprep.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

WORKER = textwrap.dedent(
    """
    import random, sys
    from lambdaprep.store import Store
    from lambdaprep.study.cards import StudyCard
    from lambdaprep.study.session import DrillSession

    db, tag, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    cards = {
        f"p/{tag}-{i:04d}": StudyCard(f"p/{tag}-{i:04d}", "p", "t", (tag,), f"front {i}", f"back {i}", order=i)
        for i in range(count)
    }
    rnd = random.Random(seed)
    with Store.open(db) as store:
        session = DrillSession(store, cards, tags=[tag], new_limit=count)
        print("READY", flush=True)
        while session.next() is not None:
            key = session.current.key
            rating = rnd.choice([1, 2, 3, 4])
            result = session.answer(rating)
            # the answer is "on screen" as done only after answer() returned
            print("ACK", key, result.log_id, result.outcome.after.due, flush=True)
    print("DONE", flush=True)
    """
)


def _spawn(db: Path, tag: str, count: int, seed: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(db), tag, str(count), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_mid_session_keeps_every_acknowledged_answer(tmp_path: Path) -> None:
    db = tmp_path / "lambdaprep.db"
    Store.open(db).close()
    proc = _spawn(db, "crash", 400, 1)
    acked: list[tuple[str, int, int]] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        parts = line.split()
        if parts and parts[0] == "ACK":
            acked.append((parts[1], int(parts[2]), int(parts[3])))
            if len(acked) == 60:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert len(acked) == 60

    with Store.open(db) as store:
        assert store.integrity_check() == ["ok"]
        logged = {r[0]: r[1] for r in store._query("SELECT id, card_key FROM review_log")}
        for key, log_id, _due in acked:
            assert logged.get(log_id) == key
        # every card's state is the one its newest logged answer saved
        newest: dict[str, int] = {}
        for key, log_id, due in acked:
            newest[key] = due
        for key, due in newest.items():
            last = store.reviews(key, limit=1)[0]
            state = store.card(key)
            assert state is not None and state.due == last.due_after
            if last.id in {a[1] for a in acked if a[0] == key}:
                assert state.due == due


def test_two_processes_answering_at_once(tmp_path: Path) -> None:
    db = tmp_path / "lambdaprep.db"
    Store.open(db).close()
    procs = [_spawn(db, "one", 150, 1), _spawn(db, "two", 150, 2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "locked" not in err
        assert out.strip().endswith("DONE")
    acks = sum(out.count("ACK ") for out, _ in outs)
    with Store.open(db) as store:
        assert store.integrity_check() == ["ok"]
        assert store.count_reviews() == acks
        assert acks >= 300


TUI_WORKER = textwrap.dedent(
    """
    import asyncio, os, sys
    os.environ["LAMBDAPREP_TESTING"] = "1"
    from pathlib import Path
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import Locations
    from lambdaprep.tui.app import make_app

    data, packs = Path(sys.argv[1]), Path(sys.argv[2])
    sources = [PackSource(packs, "builtin")]

    async def main():
        app = make_app(Locations.under(data), sources, catalog=load_catalog(sources))
        async def idle(screen):
            # the answer is saved in a worker; the next card shows once it is committed
            while screen.pending is not None:
                await asyncio.sleep(0.002)
                await pilot.pause()

        async with app.run_test(size=(80, 24)) as pilot:
            await app.catalog_loaded.wait()
            await pilot.press("d")
            while getattr(app.screen, "session", None) is None:
                await asyncio.sleep(0.002)
                await pilot.pause()
            screen = app.screen
            while True:
                await idle(screen)
                if screen.finished:
                    # a second round: cram keeps the process busy until it is killed
                    await pilot.press("n")
                    await idle(screen)
                    continue
                key = screen.session.current.key
                await pilot.press("space", "3")
                await idle(screen)
                # the next card (or the summary) is on screen: this answer is acknowledged
                print("ACK", key, screen.session.done, flush=True)

    asyncio.run(main())
    """
)


def test_sigkill_of_the_app_keeps_every_answer_shown_as_done(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_PACKS

    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", TUI_WORKER, str(data), str(SAMPLE_PACKS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    acked: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ACK "):
            acked.append(line.split()[1])
            if len(acked) == 6:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert len(acked) == 6, proc.stderr.read() if proc.stderr else ""
    with Store.open(data / "lambdaprep.db") as store:
        assert store.integrity_check() == ["ok"]
        logged = [r.card_key for r in reversed(store.reviews(limit=1000))]
        assert logged[: len(acked)] == acked
