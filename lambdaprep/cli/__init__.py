"""The ``lambdaprep`` command.

``lambdaprep`` alone opens the TUI. Every other command is a module
``lambdaprep/cli/cmd_<name>.py`` with ``register(subparsers)`` and
``run(args, ctx) -> int``; list it in :data:`COMMANDS`. Command modules stay cheap
to import: heavy imports (Textual above all) happen inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from lambdaprep import __version__

COMMANDS: tuple[str, ...] = (
    "drill", "due", "plan", "stats", "topics", "quiz", "mock", "history", "limits", "calc", "packs", "validate", "export",
    "progress", "backup", "restore", "optimize", "serve", "paths",
)
"""Command modules, in the order ``--help`` lists them."""

EPILOG = """\
Run 'lambdaprep' with no command to open the app. Every command takes --help.
Data (progress database, settings, cache, your own packs) lives in the folder that
'lambdaprep paths' prints; --data-dir or LAMBDAPREP_DATA moves all of it."""


ERROR_PREFIX = "lambdaprep: error: "
"""How every error the command prints begins (usage errors, failures, the unexpected), so
people and scripts can find it one way."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line (``lambdaprep: error: …``) and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from lambdaprep.safe import shorten

        sys.stderr.write(f"{ERROR_PREFIX}{shorten(message)} (see '{self.prog} --help')\n")
        raise SystemExit(2)


_GLOBAL_WITH_VALUE = ("--data-dir", "--pack")


def commands_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules a parse of ``argv`` needs: the one named, none to open the app.

    Opening the app (no command) registers no subcommand, so the first frame does not wait
    for every command's options (the calculators' among them). Help, a version request
    or an unknown word get the full parser, whose messages list every command.
    """
    if argv is None:
        return COMMANDS
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif arg.startswith("-"):
            if arg.split("=", 1)[0] not in _GLOBAL_WITH_VALUE:
                return COMMANDS  # --help, --version or a mistake: the full parser explains
        else:  # the command word; what follows is its own
            return (arg,) if arg in COMMANDS else COMMANDS
    return ()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command modules that parse needs (:func:`commands_for`)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all data (progress, settings, cache, user packs) under DIR; also LAMBDAPREP_DATA",
    )
    common.add_argument(
        "--pack",
        metavar="PATH",
        action="append",
        default=argparse.SUPPRESS,
        help="also load the pack (or folder of packs) at PATH; repeatable; also LAMBDAPREP_PACKS",
    )
    parser = _Parser(
        prog="lambdaprep",
        description="A terminal study app for AWS Lambda interviews.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"lambdaprep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in commands_for(argv):
        module = importlib.import_module(f"lambdaprep.cli.cmd_{name}")
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from lambdaprep.cli.context import Context, UsageError
    from lambdaprep.errors import LambdaprepError
    from lambdaprep.safe import shorten

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        ctx = Context.from_args(args)
        run = getattr(args, "run", None)
        if run is None:
            return ctx.run_tui()
        return int(run(args, ctx) or 0)
    except UsageError as exc:
        sys.stderr.write(f"{ERROR_PREFIX}{shorten(str(exc))}\n")
        return 2
    except LambdaprepError as exc:
        _print_error(ctx, exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`lambdaprep limits | head -1`): that is fine
        _silence_stdout()
        return 0
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        from lambdaprep.crash import one_line, write_crash_log

        log = (write_crash_log(ctx.locations.crash_log, exc) if ctx is not None else None) or "(no log could be written)"
        sys.stderr.write(
            f"{ERROR_PREFIX}an unexpected error happened: {shorten(one_line(exc))}\n"
            f"  details were written to {shorten(log, 300)}; please report it.\n"
        )
        return 1


def _print_error(ctx: object, exc: Exception) -> None:
    """One line (plus an optional hint line), never wrapped, control characters made visible."""
    from lambdaprep.safe import shorten

    message = getattr(exc, "message", str(exc))
    hint = getattr(exc, "hint", None)
    text = f"{ERROR_PREFIX}{shorten(message, 1000)}\n"
    if hint:
        text += f"  hint: {shorten(hint, 1000)}\n"
    err = getattr(ctx, "err", None)
    if err is not None:
        from rich.text import Text

        line, _, rest = text.partition("\n")
        err.print(Text.assemble("lambdaprep: ", ("error:", "bold red"), line[len(ERROR_PREFIX) - 1:]), soft_wrap=True)
        if rest.strip():
            err.print(Text(rest.rstrip("\n"), style="dim"), soft_wrap=True)
    else:
        sys.stderr.write(text)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail (exit 120) or print."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
