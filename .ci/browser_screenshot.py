"""Screenshot a page in headless Chromium after its app has had time to draw (Chrome DevTools Protocol).

Usage: python .ci/browser_screenshot.py URL OUT.png [SECONDS]
Chromium's own --screenshot fires before a websocket app has drawn anything, so this drives
the browser over its debugging port with aiohttp (which textual-serve already brings).
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
import sys
import tempfile
import time

import aiohttp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def shoot(url: str, out: str, settle: float) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as profile:
        browser = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--window-size=1280,800", f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            async with aiohttp.ClientSession() as http:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/json/list") as r:
                            pages = [t for t in await r.json() if t.get("type") == "page"]
                        if pages:
                            break
                    except aiohttp.ClientError:
                        pass
                    if time.monotonic() > deadline:
                        raise SystemExit("chromium did not start")
                    await asyncio.sleep(0.2)
                async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    ids = iter(range(1, 1_000_000))

                    async def call(method: str, **params: object) -> dict[str, object]:
                        n = next(ids)
                        await ws.send_str(json.dumps({"id": n, "method": method, "params": params}))
                        while True:
                            msg = json.loads((await ws.receive()).data)
                            if msg.get("id") == n:
                                return msg.get("result", {})

                    await call("Page.enable")
                    await call("Page.navigate", url=url)
                    await asyncio.sleep(settle)  # the app starts in a subprocess and draws over the websocket
                    shot = await call("Page.captureScreenshot", format="png")
                    with open(out, "wb") as fh:
                        fh.write(base64.b64decode(str(shot["data"])))
        finally:
            browser.terminate()
            browser.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(shoot(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 8.0))
