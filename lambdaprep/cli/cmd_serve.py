"""lambdaprep serve: the same app in a web browser (textual-serve), local only by default."""

from __future__ import annotations

import argparse
import ipaddress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text[:20]!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {value}")
    return value


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the app to a web browser on this machine (textual-serve)",
        description=(
            "Serve the app to a web browser: open the printed address and the browser shows the same "
            "app as the terminal, with the same progress database. Each browser tab runs its own copy. "
            "It listens on 127.0.0.1 (this machine only) unless --host says otherwise; lambdaprep has "
            "no login, so anyone who can reach another address can use your progress. Ctrl+C stops it."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    p.set_defaults(run=run)


def is_local(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(ctx: Context) -> str:
    """The command each browser session runs: this Python, this data dir, these extra packs."""
    import shlex
    import sys

    argv = [sys.executable, "-m", "lambdaprep", "--data-dir", str(ctx.locations.data_dir)]
    for pack in ctx.extra_packs:
        argv += ["--pack", str(pack)]
    return shlex.join(argv)


def run(args: argparse.Namespace, ctx: Context) -> int:
    import socket

    from lambdaprep.errors import LambdaprepError

    host = str(args.host).strip()
    if not host:
        from lambdaprep.cli.context import UsageError

        raise UsageError("--host needs an address, e.g. 127.0.0.1")
    if not is_local(host):
        ctx.err.print(
            f"warning: serving on {host}, not only this machine: lambdaprep has no login, so anyone who can "
            "reach this address can open the app and change your progress.",
            style="yellow",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    # Fail with a clear line (not aiohttp's traceback) when the address cannot be used.
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), args.port))
    except OSError as exc:
        raise LambdaprepError(f"cannot listen on {host}:{args.port}: {exc.strerror or exc}") from None

    from textual_serve.server import Server

    server = Server(app_command(ctx), host=host, port=args.port, title="lambdaprep")
    server.serve()
    return 0
