"""Hostile inputs for tests/test_hostile_*.py: an "evil" pack, CLI runners, a damaged DB or two.

Pack content is untrusted; these files play the attacker (issue 12).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from lambdaprep.cli import main

ESC = "\x1b"
TITLE_ATTACK = r"\e]2;PWNED\e\\"
"""An OSC title change spelled with YAML escapes (``\\e`` is ESC in a double-quoted scalar)."""
CLEAR_ATTACK = r"\e[2J"
C1_ATTACK = r"\x9b2J"
"""The 8-bit CSI (U+009B) a few terminals still honour."""

EVIL_MANIFEST = f"""\
id: evil
title: "Evil {TITLE_ATTACK} pack {CLEAR_ATTACK}"
version: 1.0.0
description: "C1 {C1_ATTACK}"
as_of: 2026-01-01
topics:
  limits: "Limits {TITLE_ATTACK}"
"""

EVIL_FILES = {
    "limits.yaml": f"""\
limit_tables:
  - id: evil-table
    topic: limits
    title: "Evil table {CLEAR_ATTACK}"
    source: https://example.com/limits
    rows:
      - id: evil-row
        name: "Zebra limit {TITLE_ATTACK} {CLEAR_ATTACK}"
        value: 5
        unit: s
        display: "5 s {C1_ATTACK}"
        adjustable: false
        aliases: [zebra]
        notes: "OSC 52: \\e]52;c;ZWNobyBwd25lZA==\\a and OSC 8: \\e]8;;https://evil.example\\e\\\\x\\e]8;;\\e\\\\"
""",
    "cards.yaml": f"""\
cards:
  - id: evil-card
    topic: limits
    front: "Zebra question {TITLE_ATTACK} {CLEAR_ATTACK}?"
    back: "Zebra answer {C1_ATTACK}"
    source: https://example.com/doc
""",
    "mock.yaml": f"""\
mock_prompts:
  - id: evil-prompt
    topic: limits
    kind: rapid_fire
    title: "Zebra rapid {CLEAR_ATTACK}"
    minutes: 3
    count: 1
mock_formats:
  - id: evil-format
    title: "Zebra format {TITLE_ATTACK}"
    minutes: 3
    steps:
      - prompt: evil-prompt
""",
}


def write_pack(root: Path, pack_id: str = "t", files: dict[str, str] | None = None, manifest: str | None = None) -> Path:
    """A pack folder ``root/pack_id`` with ``files`` (dedented) and a manifest."""
    folder = root / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(
        manifest if manifest is not None else f"id: {pack_id}\ntitle: Test pack\nversion: 1.0.0\nas_of: 2026-01-01\n"
    )
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def evil_pack(root: Path) -> Path:
    return write_pack(root, "evil", EVIL_FILES, EVIL_MANIFEST)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``lambdaprep ARGV`` in-process: (exit code, stdout, stderr). A usage error's SystemExit becomes its code."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def no_escape(*texts: str) -> None:
    """No ESC, no C1 control, no other C0 control but newline/tab in any of ``texts``."""
    for text in texts:
        bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
        assert not bad, f"control characters {sorted(set(bad))!r} reached the output: {text[:300]!r}"


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got {err!r}"
    assert "Traceback" not in err and "unexpected error" not in err
    return lines[0]


def sqlite_file(path: Path, *statements: str) -> Path:
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return path


def catalog_of(*folders: Path) -> Any:
    from lambdaprep.content import PackSource, load_catalog

    return load_catalog([PackSource(f, "cli") for f in folders])
