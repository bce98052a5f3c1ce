"""lambdaprep serve: the app in a browser through textual-serve (a real server on a free loopback port)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lambdaprep.cli import main
from lambdaprep.cli.cmd_serve import is_local

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_for_page(url: str, process: subprocess.Popen[bytes], deadline: float) -> str:
    """The index page, polled until the server answers (bounded; fails fast if the server died)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server exited with {process.returncode}: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                async with session.get(url) as response:
                    assert response.status == 200
                    return await response.text()
            except aiohttp.ClientConnectionError:
                if time.monotonic() > deadline:
                    raise AssertionError("the server never answered") from None
                await asyncio.sleep(0.1)  # polling a subprocess's socket, not synchronising a test


async def home_over_websocket(url: str, deadline: float) -> str:
    """Connect like the browser does and collect what the app draws until Home's menu is there."""
    import aiohttp

    seen = ""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        while "Mock interview" not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"Home never appeared; got {seen[-500:]!r}")
            message = await ws.receive(timeout=remaining)
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data.decode("utf-8", "replace")
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"the app closed the connection; got {seen[-500:]!r}")
    return seen


def test_serve_gives_the_page_and_the_app_runs_behind_it(data_dir: Path) -> None:
    port = free_port()
    env = {**os.environ, "LAMBDAPREP_DATA": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "lambdaprep", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        page = asyncio.run(wait_for_page(f"http://127.0.0.1:{port}/", process, deadline))
        assert "xterm" in page  # the terminal the app is drawn in
        assert f"ws://127.0.0.1:{port}/ws" in page
        screen = asyncio.run(home_over_websocket(f"ws://127.0.0.1:{port}/ws", time.monotonic() + 60))
        assert "Drill" in screen and "Limits" in screen
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    announced = process.stdout.read().decode() if process.stdout else ""
    assert f"--data-dir{data_dir}" in "".join(announced.split())  # each session runs on this data dir (output may wrap)


@pytest.mark.parametrize(("host", "local"), [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)])
def test_what_counts_as_local(host: str, local: bool) -> None:
    assert is_local(host) is local


def test_bad_ports_and_busy_addresses_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("0", "70000", "http"):
        with pytest.raises(SystemExit) as info:
            main(["serve", "--port", bad])
        assert info.value.code == 2
        assert "port" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--port", str(port)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err


def test_a_public_address_warns_before_anything_else(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--host", "0.0.0.0", "--port", str(port)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "warning: serving on 0.0.0.0" in err and "no login" in err
