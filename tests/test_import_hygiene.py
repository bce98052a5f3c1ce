"""Headless paths must not import Textual (fast start, clean layering)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys
from lambdaprep.cli import main
code = main({argv!r})
heavy = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("IMPORTED:" + ",".join(heavy[:3]))
"""


@pytest.mark.parametrize("argv", [["packs"], ["validate"], ["paths"], ["export", "--json"], ["limits", "tmp"]])
def test_headless_commands_do_not_import_textual(argv: list[str], tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CHECK.format(argv=argv)],
        capture_output=True,
        text=True,
        env={"LAMBDAPREP_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("IMPORTED:"), proc.stdout[-300:]


@pytest.mark.parametrize("module", ["lambdaprep", "lambdaprep.content", "lambdaprep.units", "lambdaprep.paths", "lambdaprep.cli"])
def test_layers_below_tui_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_no_textual_import_in_headless_source() -> None:
    from pathlib import Path

    root = Path(__file__).parent.parent / "lambdaprep"
    offenders = []
    for layer in ("content", "calc", "study", "store"):
        for path in (root / layer).rglob("*.py") if (root / layer).exists() else []:
            text = path.read_text()
            if "import textual" in text or "from textual" in text:
                offenders.append(str(path))
    for path in (root / "units.py", root / "paths.py", root / "errors.py", root / "settings.py"):
        text = path.read_text()
        if "import textual" in text or "from textual" in text:
            offenders.append(str(path))
    assert offenders == []


def test_importing_every_core_module_does_not_load_textual() -> None:
    """Every module of content, calc, study and store (and units, paths) imported in one process."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import lambdaprep.content, lambdaprep.calc, lambdaprep.study, lambdaprep.store, lambdaprep.units, lambdaprep.paths\n"
        "for pkg in (lambdaprep.content, lambdaprep.calc, lambdaprep.study, lambdaprep.store):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_plotext')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout[-300:]
