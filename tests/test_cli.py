"""The plain CLI: exit codes, --json shapes, help for every command, --data-dir isolation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lambdaprep.cli import COMMANDS, build_parser, main
from tests.test_loader import make_pack


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from lambdaprep import __version__

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"lambdaprep {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: lambdaprep" in capsys.readouterr().out


def test_every_command_is_documented_in_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for command in COMMANDS:
        assert re.search(rf"lambdaprep {command}\b", readme), f"README does not document 'lambdaprep {command}'"


@pytest.mark.parametrize(
    "argv",
    [["bogus"], ["packs", "--nope"], ["validate", "--json", "--what"], ["--data-dir"], ["export", "-o"]],
)
def test_bad_arguments_are_one_line_and_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("lambdaprep: error: ") and len(err.splitlines()) == 1


def test_packs_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "--json")
    assert code == 0
    data = json.loads(out)
    lam = next(p for p in data["packs"] if p["id"] == "lambda")
    assert set(lam["counts"]) >= {"cards", "limits", "diagrams", "quiz", "mock_prompts", "mock_formats"}
    assert lam["origin"] == "builtin" and data["warnings"] == []
    assert data["totals"]["cards"] >= lam["counts"]["cards"]


def test_packs_table_and_broken_pack_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_pack(tmp_path / "extra", "extra")
    make_pack(tmp_path / "broken", "broken", files={"c.yaml": "cards: nope\n"})
    code, out, err = run(capsys, "--pack", str(tmp_path / "extra"), "--pack", str(tmp_path / "broken"), "packs")
    assert code == 0
    assert "extra" in out and "lambda" in out
    assert "warning:" in err and "c.yaml:1:8" in err


def test_validate_broken_folder_lists_every_error_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_pack(tmp_path, "a", files={"c.yaml": "cards:\n  - id: x\n    fornt: y\n"})
    make_pack(tmp_path, "b", files={"c.yaml": "x: !!python/object:os.system {}\n"})
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert f"{tmp_path}/a/c.yaml:3:5: cards[0].fornt: unknown key 'fornt'; did you mean 'front'?" in out
    assert f"{tmp_path}/b/c.yaml:1:4:" in out
    assert "2 with errors" in out


def test_validate_json_and_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_pack(tmp_path, "good")
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and data["packs"][0]["id"] == "good" and data["problems"] == []
    make_pack(tmp_path, "bad", files={"c.yaml": "cards: [1]\n"})
    code, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert data["problems"][0]["line"] == 1 and data["problems"][0]["file"].endswith("c.yaml")


def test_validate_default_checks_shipped_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "no problems" in out


def test_export_has_every_item_with_all_fields(capsys: pytest.CaptureFixture[str], catalog) -> None:
    code, out, _ = run(capsys, "export", "--json")
    assert code == 0
    data = json.loads(out)
    pack = next(p for p in data["packs"] if p["id"] == "lambda")
    assert len(pack["items"]["cards"]) == len([c for c in catalog.cards if c.startswith("lambda/")])
    card = pack["items"]["cards"][0]
    assert {"key", "id", "topic", "tags", "front", "back", "source", "as_of"} <= set(card)
    table = pack["items"]["limit_tables"][0]
    assert {"value", "unit", "display", "adjustable", "aliases"} <= set(table["rows"][0])
    assert pack["items"]["price_books"][0]["requests_per_million"]
    question = pack["items"]["quiz"][0]
    assert {"question", "choices", "correct", "why", "explanation"} <= set(question)
    assert all(isinstance(c, str) for c in question["choices"])
    assert set(question["why"]) <= set(question["choices"])


def test_export_carries_each_choice_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_quiz_screen import WHY_PACK

    folder = tmp_path / "why"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: why\ntitle: Why\nversion: 1.0.0\nas_of: 2026-01-01\n")
    (folder / "quiz.yaml").write_text(WHY_PACK)
    code, out, _ = run(capsys, "--pack", str(folder), "export", "--json")
    assert code == 0
    pack = next(p for p in json.loads(out)["packs"] if p["id"] == "why")
    q = pack["items"]["quiz"][0]
    assert q["choices"] == ["Fifteen minutes", "Five minutes", "One hour"]
    assert q["why"]["Five minutes"] == "Five minutes was the ceiling until 2018."


def test_export_to_unwritable_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--json", "-o", str(tmp_path / "missing-dir" / "x.json"))
    assert code == 1 and err.startswith("lambdaprep: error: cannot write") and "Traceback" not in err


def test_paths_follow_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "paths", "--json")
    data = json.loads(out)
    assert code == 0
    for key in ("data", "cache", "user_packs", "database", "settings"):
        assert data[key].startswith(str(tmp_path / "d")), key


def test_data_dir_env_and_nothing_written_outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("LAMBDAPREP_DATA", str(tmp_path / "d"))
    assert run(capsys, "packs")[0] == 0
    assert run(capsys, "export", "--json")[0] == 0
    assert list(home.iterdir()) == []
    assert (tmp_path / "d" / "cache").is_dir()


def test_user_packs_folder_and_env_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    make_pack(data / "packs", "mine")
    make_pack(tmp_path / "envpacks", "fromenv")
    monkeypatch.setenv("LAMBDAPREP_PACKS", str(tmp_path / "envpacks"))
    code, out, _ = run(capsys, "--data-dir", str(data), "packs", "--json")
    origins = {p["id"]: p["origin"] for p in json.loads(out)["packs"]}
    assert origins == {"lambda": "builtin", "mine": "user", "fromenv": "env"}


def test_unexpected_errors_do_not_show_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import lambdaprep.cli.cmd_packs as cmd

    def boom(args, ctx):  # noqa: ANN001, ANN202
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cmd, "run", boom)
    code, _, err = run(capsys, "packs")
    assert code == 1
    assert err.startswith("lambdaprep: error: an unexpected error happened: RuntimeError: kaboom") and "Traceback" not in err


def test_tui_refuses_without_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "needs a terminal" in err


def test_parser_lists_commands_in_help() -> None:
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command in text


def _dated_pack(root: Path) -> Path:
    import datetime as dt

    today = dt.date.today()
    old = (today - dt.timedelta(days=100)).isoformat()
    recent = (today - dt.timedelta(days=3)).isoformat()
    folder = root / "dated"
    folder.mkdir()
    (folder / "pack.yaml").write_text(f"id: dated\ntitle: Dated\nversion: 1.0.0\nas_of: {old}\n")
    (folder / "cards.yaml").write_text(
        "cards:\n"
        "  - {id: c-old, topic: t, front: Old?, back: Old., source: 'https://example.com/a'}\n"
        f"  - {{id: c-rechecked, topic: t, front: Rechecked?, back: Yes., source: 'https://example.com/b', verified: {recent}}}\n"
        f"  - {{id: c-new, topic: t, front: New?, back: New., source: 'https://example.com/c', as_of: {recent}}}\n"
        "limit_tables:\n"
        f"  - id: lt\n    topic: t\n    title: T\n    source: https://example.com/l\n    verified: {recent}\n"
        "    rows:\n"
        "      - {id: limit-a, name: A, value: 1, unit: s, display: 1 s, adjustable: false}\n"
        f"      - {{id: limit-b, name: B, value: 2, unit: s, display: 2 s, adjustable: false, verified: {old}}}\n"
    )
    return folder


def test_packs_stale_lists_items_not_verified_for_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _dated_pack(tmp_path)
    code, out, _ = run(capsys, "--pack", str(folder), "packs", "--stale", "30", "--json")
    assert code == 0
    keys = {i["key"]: i for i in json.loads(out)["items"] if i["key"].startswith("dated/")}
    # the old card (as_of 100 days ago) and the row whose own verified date is old; a row inherits its table's verified
    assert set(keys) == {"dated/c-old", "dated/limit-b"}
    assert keys["dated/c-old"]["from"] == "as_of" and keys["dated/c-old"]["age_days"] == 100
    assert keys["dated/limit-b"]["from"] == "verified"
    code, out, _ = run(capsys, "--pack", str(folder), "packs", "--stale", "1", "--json")
    assert {i["key"] for i in json.loads(out)["items"] if i["key"].startswith("dated/")} == {
        "dated/c-old", "dated/limit-b", "dated/c-rechecked", "dated/c-new", "dated/limit-a",
    }
    code, out, _ = run(capsys, "--pack", str(folder), "packs", "--stale", "30")
    assert code == 0 and "dated/c-old" in out and "dated/c-new" not in out


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_packs_stale_rejects_bad_days(capsys: pytest.CaptureFixture[str], days: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["packs", "--stale", days])
    err = capsys.readouterr().err.strip()
    assert info.value.code == 2 and "DAYS" in err and len(err.splitlines()) == 1


# ---------------------------------------------------------------- global options in either place

COMMAND_ARGS: dict[str, list[str]] = {"progress": ["export"]}
"""What a command needs after its name to parse at all."""


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("option", ["--data-dir", "--pack"])
def test_every_global_option_means_the_same_before_or_after_the_command(command: str, option: str, tmp_path: Path) -> None:
    from lambdaprep.cli.context import Context

    value = str(tmp_path / "given")
    argv = [command, *COMMAND_ARGS.get(command, [])]
    contexts = []
    for where in ("before", "after"):
        full = [option, value, *argv] if where == "before" else [*argv, option, value]
        ctx = Context.from_args(build_parser(full).parse_args(full))
        contexts.append((ctx.locations.data_dir, ctx.extra_packs))
        if option == "--data-dir":
            assert ctx.locations.data_dir == Path(value), (where, full)
        else:
            assert ctx.extra_packs == [Path(value)], (where, full)
    assert contexts[0] == contexts[1]


@pytest.mark.parametrize("command", ["drill", "quiz"])
def test_drill_and_quiz_load_a_pack_path_given_after_the_command(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``lambdaprep drill --pack PATH`` loads the pack (it said "no pack … is loaded");
    ``--pack ID`` still picks a loaded pack."""
    from lambdaprep.cli.context import Context

    make_pack(tmp_path / "mine", "mine")
    seen: dict[str, object] = {}

    def fake_tui(self, area=None, options=None):  # noqa: ANN001, ANN202
        seen["packs"] = [p.id for p in self.catalog().packs]
        seen["filter"] = options.packs
        return 0

    monkeypatch.setattr(Context, "run_tui", fake_tui)
    assert main([command, "--pack", str(tmp_path / "mine")]) == 0, capsys.readouterr().err
    assert "mine" in seen["packs"] and seen["filter"] == ()
    assert main([command, "--pack", str(tmp_path / "mine"), "--pack", "lambda"]) == 0, capsys.readouterr().err
    assert "mine" in seen["packs"] and seen["filter"] == ("lambda",)
    monkeypatch.chdir(tmp_path)
    seen.clear()
    assert main([command, "--pack", "./mine"]) == 0, capsys.readouterr().err
    assert "mine" in seen["packs"] and seen["filter"] == ()
    (tmp_path / "lambda").mkdir()  # a folder named like a pack id, but not a pack: still the id
    assert main([command, "--pack", "lambda"]) == 0, capsys.readouterr().err
    assert "mine" not in seen["packs"] and seen["filter"] == ("lambda",)


# ---------------------------------------------------------------- one error form

ERROR_CASES: list[list[str]] = [
    ["bogus"],  # argparse, main parser
    ["packs", "--nope"],  # argparse, unknown option
    ["calc", "price", "--memory", "lots"],  # a bad value
    ["drill", "--new", "-5"],  # argparse type check
    ["quiz", "--n", "0"],
    ["--data-dir", "", "packs"],  # UsageError
    ["drill", "--pack", "nosuchpack"],  # UsageError from a command
    ["topics", "--json", "--bogus"],
    ["export", "-o", "/proc/no/such/dir/x.json"],  # LambdaprepError
    ["restore", "/no/such/backup.db"],
    ["progress", "import", "/no/such/file.json"],
]


@pytest.mark.parametrize("argv", ERROR_CASES, ids=lambda a: " ".join(a) or "none")
def test_every_error_begins_the_same_way(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["--data-dir", str(tmp_path / "d"), *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code != 0, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(not line.startswith(("error:", "Error:")) for line in lines), err
    assert any(line.startswith("lambdaprep: error: ") for line in lines), err
    assert not any(re.match(r"lambdaprep \w+: error:", line) for line in lines), err  # not "lambdaprep drill: error:"
