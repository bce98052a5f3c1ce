"""Issue 12: bad input at the command line — bounded numbers, bounded settings, bad paths,
closed pipes, clear messages with the right exit code, and nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_support import one_line_error, run_cli, write_pack

# ------------------------------------------------------------------ bounded integer options


@pytest.mark.parametrize(
    "argv",
    [
        ["quiz", "--seed", "99999999999999999999999999999"],
        ["mock", "--seed", "-1"],
        ["quiz", "--n", "0"],
        ["quiz", "--n", "10000000"],
        ["drill", "--new", "-1"],
        ["drill", "--new", "1" + "0" * 5000],
        ["limits", "--max", "0", "tmp"],
        ["limits", "--max", "99999999999999999999", "tmp"],
        ["history", "--last", "0"],
        ["history", "--last", "-1"],
        ["history", "--markdown", "99999999999999999999999"],
    ],
)
def test_integer_options_are_bounded_in_argparse(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    line = one_line_error(err)
    assert "must be from" in line or "expected a whole number" in line
    assert len(line) < 300


# ------------------------------------------------------------------ settings


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("learning_steps_minutes=[1e309]", "must be a number"),
        ("learning_steps_minutes=[1e13]", "at most"),
        ("relearning_steps_minutes=[1e300]", "at most"),
        ("desired_retention=NaN", "must be a number"),
        ("desired_retention=Infinity", "must be a number"),
        ("maximum_interval_days=1e400", "must be a"),
        ("new_per_day=-1", "at least 0"),
        ("learning_steps_minutes=[" + ",".join(["1"] * 50) + "]", "at most 20 steps"),
    ],
)
def test_settings_are_bounded_when_set(setting: str, words: str, capsys: pytest.CaptureFixture[str], locations: Any) -> None:
    from lambdaprep.store import Store

    code, _, err = run_cli(capsys, "drill", "--set", setting)
    assert code == 2
    assert words in one_line_error(err)
    with Store.open(locations) as store:  # nothing was stored
        assert not any(k.startswith("study.") for k in store.settings())


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("learning_steps_minutes", [1e13]),
        ("relearning_steps_minutes", [1e300]),
        ("desired_retention", 5),
        ("new_per_day", "lots"),
        ("learning_steps_minutes", [float("inf")]),
    ],
)
def test_a_bad_stored_setting_is_reported_and_replaced_by_its_default(
    name: str, bad: Any, locations: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from lambdaprep.store import Store

    with Store.open(locations) as store:  # the raw store writes what it is given, as an older version did
        store.set_settings({f"study.{name}": bad})
    code, out, err = run_cli(capsys, "stats")
    assert code == 0, err
    code, out, err = run_cli(capsys, "drill", "--settings")
    assert code == 0
    assert name in err and "using the default" in err
    from lambdaprep.study.settings import StudySettings

    default = StudySettings.model_fields[name].default
    assert f"{name} = {json.dumps(default)}" in out


def test_check_setting_is_the_one_validator() -> None:
    from lambdaprep.study.settings import SettingError, StudySettings, check_setting

    assert check_setting("new_per_day", "30") == 30
    with pytest.raises(SettingError, match="must be a number"):
        check_setting("desired_retention", float("nan"))
    with pytest.raises(SettingError, match="there is no setting"):
        check_setting("nope", 1)
    with pytest.raises(SettingError, match="at most"):
        StudySettings().with_changes({"learn_ahead_minutes": 10**9})


# ------------------------------------------------------------------ data dir


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    monkeypatch.setenv("LAMBDAPREP_DATA", str(afile))
    code, _, err = run_cli(capsys, "stats")
    assert code == 1
    assert "is a file, not a folder" in err.splitlines()[0] and "unexpected error" not in err
    assert afile.read_text() == "keep me"
    code, _, err = run_cli(capsys, "--data-dir", str(afile / "sub"), "due")
    assert code == 1 and "is a file, not a folder" in err


def test_an_empty_data_dir_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "--data-dir", "", "stats")
    assert code == 2 and "empty" in one_line_error(err)
    code, _, err = run_cli(capsys, "stats", "--data-dir", "  ")
    assert code == 2


# ------------------------------------------------------------------ writing files


@pytest.fixture
def one_mock(locations: Any) -> int:
    from lambdaprep.store import Store

    report = {"title": "Warm-up", "format": "x/y", "percent": 50, "topics": [], "steps": [], "drill_cards": []}
    with Store.open(locations) as store:
        if not hasattr(store, "start_mock_session"):  # before the store was sealed (issue 11)
            return store.insert("mock_sessions", {"format_key": "x/y", "started_at": 1_700_000_000_000,
                                                  "finished_at": 1_700_000_100_000, "score": 1, "max_score": 2, "report": report})
        sid = store.start_mock_session(format_key="x/y", started_at=1_700_000_000_000)
        store.finish_mock_session(sid, finished_at=1_700_000_100_000, score=1, max_score=2, report=report)
    return sid


@pytest.mark.parametrize("target", ["missing/dir/report.md", ".", "/dev/full"], ids=["missing-folder", "folder", "full-disk"])
def test_history_markdown_to_a_bad_path_is_one_line(
    target: str, one_mock: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = target if target.startswith("/") else str(tmp_path / target)
    code, _, err = run_cli(capsys, "history", "--markdown", str(one_mock), "-o", path)
    assert code == 1
    assert one_line_error(err).startswith("lambdaprep: error: cannot write")


def test_export_and_history_share_the_writer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "export", "-o", str(tmp_path / "nope" / "x.json"))
    assert code == 1 and "its folder does not exist" in one_line_error(err)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["history", "-o", "x.md"], "goes with --markdown"),
        (["mock", "--json"], "goes with --list"),
        (["mock", "nosuch"], "no mock format 'nosuch' (known:"),
        (["quiz", "--topic", "nosuch"], "topics:"),
        (["quiz", "--pack", "nosuch"], "packs with questions"),
    ],
)
def test_option_mistakes_are_one_line_usage_errors(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert words in one_line_error(err)


def test_a_huge_argument_is_cut_in_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    huge = "x" * 10_000
    for argv in (["mock", huge], ["limits", huge], ["quiz", "--seed", huge], ["drill", "--set", f"grading={huge}"]):
        code, _, err = run_cli(capsys, *argv)
        assert code in (1, 2)
        assert len(err) < 600, (argv[0], len(err))


# ------------------------------------------------------------------ limits with no words


@pytest.mark.parametrize("query", ["!", ".", "—", "🦄", "???"])
def test_limits_query_without_words_matches_nothing(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "limits", query)
    assert code == 1 and out == ""
    assert "No limit matches" in err


# ------------------------------------------------------------------ calculators name the right flag


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["calc", "concurrency", "--account", "0"], "--account"),
        (["calc", "concurrency", "--other-reserved", "99999999"], "--other-reserved"),
        (["calc", "concurrency", "--other-reserved", "-1"], "--other-reserved"),
        (["calc", "coldstart", "--peaks-per-day", "-1"], "--peaks-per-day"),
        (["calc", "coldstart", "--package-size", "1e18"], "--package-size"),
        (["calc", "coldstart", "--package", "image", "--package-size", "20GB"], "--package-size"),
    ],
)
def test_calculator_errors_name_the_flag_at_fault(argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert one_line_error(err).startswith(f"lambdaprep: error: {flag}:")


# ------------------------------------------------------------------ validate summaries


def test_validate_nothing_found_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "nopacks" / "sub").mkdir(parents=True)
    (tmp_path / "dirmanifest" / "pack.yaml").mkdir(parents=True)
    for path in (empty, tmp_path / "nopacks", tmp_path / "dirmanifest", tmp_path / "nonexistent"):
        code, out, err = run_cli(capsys, "validate", str(path))
        assert code == 1, (path, out)
        assert "no packs found" in out or "is a folder" in out, out
        assert "0 packs valid, 0 with errors" not in out


def test_cross_pack_references_name_file_and_line_and_counts_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_pack(
        tmp_path,
        "a",
        {
            "quiz.yaml": """\
            quiz:
              - id: q1
                topic: basics
                question: Which?
                choices: [one, two]
                correct: [one]
                explanation: Because.
                source: https://example.com/doc
                cards: [ghost/c1]
            """
        },
    )
    code, out, _ = run_cli(capsys, "validate", str(folder))
    assert code == 1
    assert f"{folder}/quiz.yaml:9:" in out and "'ghost/c1'" in out
    assert "0 packs valid, 1 loaded with warnings" in out
    code, out, err = run_cli(capsys, "--pack", str(folder), "packs")
    assert code == 0 and "\na " in "\n" + out  # listed as loaded …
    assert "loaded with warnings" in err and "1 pack skipped" not in err  # … and not called skipped


# ------------------------------------------------------------------ closed pipes


@pytest.mark.parametrize("argv", [["limits"], ["packs"], ["history"], ["calc", "price"], ["export", "--json"], ["limits", "--json"]])
def test_a_closed_pipe_ends_quietly_with_0(argv: list[str], data_dir: Path) -> None:
    env = {**os.environ, "LAMBDAPREP_DATA": str(data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "lambdaprep", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is written, like `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err and "error" not in err.lower()
