"""The Makefile tells a newcomer what the first, slow run is doing (issue 18)."""

from pathlib import Path

MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")


def _recipe_lines() -> list[str]:
    return [line.strip() for line in MAKEFILE.splitlines() if line.startswith("\t")]


def test_first_run_announces_setup_before_the_venv_is_created() -> None:
    lines = _recipe_lines()
    message = next(i for i, line in enumerate(lines) if "setting up lambdaprep (first run only" in line)
    venv = next(i for i, line in enumerate(lines) if "-m venv" in line)
    assert message < venv


def test_pip_installs_show_progress_not_quiet() -> None:
    assert "--progress-bar on" in MAKEFILE
    assert "--disable-pip-version-check" in MAKEFILE
    installs = [line for line in MAKEFILE.splitlines() if "pip install" in line or "$(PIP)" in line]
    assert installs
    for line in installs:
        assert "--quiet" not in line and " -q" not in line, line
