"""The CLI's output choke point: every Rich console and every JSON document goes through here.

* :class:`SafeConsole` is a Rich console whose every rendered segment is passed through
  :func:`lambdaprep.safe.safe_text`, so a pack string, a file name or a database value
  can never carry a terminal escape sequence to the screen (Rich itself only drops BEL
  and a few others; ``ESC`` gets through). Hyperlinks (OSC 8) whose target holds a
  control character are dropped.
* :func:`json_text` is strict JSON (``NaN``/``Infinity`` refused, C1 controls escaped).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from lambdaprep.safe import is_safe, safe_text, strict_json_text


class SafeConsole(Console):
    """A Rich console that never writes a control character it did not put there itself."""

    def on_broken_pipe(self) -> None:
        """The reader went away (``| head -1``): stop quietly; the CLI exits 0 (Rich would exit 1)."""
        self.quiet = True
        raise BrokenPipeError

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text, style, control = segment
            if control:  # Rich's own cursor movements
                yield segment
            elif style is not None and style.link and not is_safe(style.link):
                yield Segment(safe_text(text), style.update_link(None))
            elif not is_safe(text):
                yield Segment(safe_text(text), style)
            else:
                yield segment


def json_text(obj: Any) -> str:
    """``obj`` as indented, strict JSON text with a final newline.

    Raises ``ValueError`` for a non-finite number: JSON has none, and strict parsers
    reject ``NaN``/``Infinity``.
    """
    return strict_json_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str, allow_nan=False)) + "\n"


def write_output(path: str, text: str) -> None:
    """Write ``text`` to the file a person named with ``-o``; any OS failure is one clear
    :class:`LambdaprepError` (a missing folder, a folder, a full disk, no permission), and a
    file this call created is removed again when the write fails half-way."""
    import errno
    import os
    from pathlib import Path

    from lambdaprep.errors import LambdaprepError
    from lambdaprep.safe import cut

    target = Path(path)
    existed = target.exists()
    try:
        with target.open("w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        if not existed and target.is_file():
            with contextlib.suppress(OSError):
                target.unlink()
        reason = {
            errno.ENOENT: "its folder does not exist",
            errno.EISDIR: "it is a folder",
            errno.ENOSPC: "the disk is full",
            errno.EACCES: "permission denied",
        }.get(exc.errno or 0, exc.strerror or str(exc))
        raise LambdaprepError(f"cannot write {cut(os.fspath(path), 200)}: {reason}") from None
