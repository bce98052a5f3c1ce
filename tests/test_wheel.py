"""`pip install .` gives a working `lambdaprep` with the shipped packs, from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def test_wheel_installs_and_finds_its_packs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("lambdaprep-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    target_site = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Install the wheel alone; its dependencies come from this test environment's site-packages.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q", "--target", target_site, str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    assert (Path(target_site) / "lambdaprep" / "_packs" / "lambda" / "pack.yaml").exists()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": sysconfig.get_paths()["purelib"],  # third-party deps only; lambdaprep comes from the wheel
        "LAMBDAPREP_DATA": str(tmp_path / "data"),
    }
    script = "import sys, lambdaprep.cli; sys.argv[0] = 'lambdaprep'; sys.exit(lambdaprep.cli.main())"
    proc = subprocess.run(
        [str(env_dir / "bin" / "python"), "-I" if False else "-c", script, "packs", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    pack = next(p for p in data["packs"] if p["id"] == "lambda")
    assert pack["path"].startswith(target_site), pack["path"]
    assert pack["counts"]["cards"] > 0
    assert not os.path.exists(elsewhere / "content")
