"""Display-safe text: the one sanitiser for anything from a pack, a path or the database.

Pack content is untrusted, and so are file names and whatever sits in the progress
database. Shown as it is, a string holding ``ESC ] 2 ; … ESC \\`` retitles the
terminal, ``ESC [ 2 J`` clears it, OSC 8 plants links and OSC 52 writes to the
clipboard. Every control character is therefore made visible before it reaches a
terminal:

* C0 controls (U+0000–U+001F) become their Unicode "control picture"
  (ESC → ``␛``, CR → ``␍``), except newline and tab, which layout needs;
* DEL (U+007F) becomes ``␡``; C1 controls (U+0080–U+009F, e.g. the 8-bit CSI
  U+009B) become ``�``;
* the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
  reorder what a reader sees ("Trojan source"), become ``�`` too.

:func:`safe_text` does that; :func:`strip_controls` removes them instead, for the
places where the width of the text is already fixed (a rendered terminal line).
Plain Python, no imports: every layer may use it.
"""

from __future__ import annotations

import re

_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_UNSAFE = (*(c for c in range(0x20) if c not in (0x09, 0x0A)), 0x7F, *range(0x80, 0xA0), *_BIDI)

_VISIBLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({c: "\ufffd" for c in (*range(0x80, 0xA0), *_BIDI)})
_VISIBLE_ONE_LINE = {**_VISIBLE, 0x0A: "\u2424", 0x09: " "}
_REMOVE: dict[int, None] = dict.fromkeys(_UNSAFE)
_C1 = re.compile("[\x80-\x9f]")
_UNSAFE_SET = frozenset(chr(c) for c in _UNSAFE)


def is_safe(text: str) -> bool:
    """True when ``text`` holds no character :func:`safe_text` would change."""
    return _UNSAFE_SET.isdisjoint(text)


def safe_text(text: object, *, one_line: bool = False) -> str:
    """``text`` (``str()`` of it) with every control character made visible.

    Newlines and tabs are kept, unless ``one_line`` (then a newline shows as ``␤``
    and a tab as a space).
    """
    s = text if isinstance(text, str) else str(text)
    if one_line:
        return s.translate(_VISIBLE_ONE_LINE)
    if _UNSAFE_SET.isdisjoint(s):
        return s
    return s.translate(_VISIBLE)


def strip_controls(text: str) -> str:
    """``text`` with every control character (but newline and tab) removed."""
    if _UNSAFE_SET.isdisjoint(text):
        return text
    return text.translate(_REMOVE)


def cut(text: object, limit: int = 80) -> str:
    """One safe line of at most ``limit`` characters (``…`` marks a cut), for echoing input in errors."""
    s = safe_text(text, one_line=True)
    if len(s) <= limit:
        return s
    return s[: max(1, limit - 1)] + "…"


def strict_json_text(text: str) -> str:
    """JSON text with the C1 controls (which ``ensure_ascii=False`` leaves raw) written as ``\\u`` escapes.

    C1 characters can only occur inside JSON strings, so the result decodes to the same value.
    """
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LONG_WORD = re.compile(r"\S{61,}")


def shorten(text: object, limit: int = 400) -> str:
    """A message that echoes user input, made safe and short: one line, every run of more
    than 60 non-space characters cut to 60, and at most ``limit`` characters in all."""
    s = _LONG_WORD.sub(lambda m: m.group()[:59] + "…", safe_text(text, one_line=True))
    return s if len(s) <= limit else s[: limit - 1] + "…"
