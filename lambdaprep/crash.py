"""Writing unexpected errors to ``crash.log`` (the CLI's last line of defence and the app's
exception hook both come here). No Textual, no Rich: this must work when little else does."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from lambdaprep import __version__


def write_crash_log(path: Path, error: BaseException) -> str | None:
    """Append ``error`` with its traceback to ``path``; returns the path written, or None if it could not be."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} lambdaprep {__version__}\n{text}\n")
    except OSError:  # a read-only or full disk: the caller still reports the error in one line
        return None
    return str(path)


def one_line(error: BaseException) -> str:
    """``TypeName: message`` on one line, cut to a readable length."""
    text = " ".join(str(error).split()) or "(no message)"
    if len(text) > 200:
        text = text[:199] + "…"
    return f"{type(error).__name__}: {text}"
