"""Issue 12: hostile packs — links out of the pack, unreadable folders, huge files, odd numbers,
broken YAML reported where it started, caches of the wrong shape."""

from __future__ import annotations

import builtins
import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from lambdaprep.content import PackSource, load_catalog, load_pack
from tests.hostile_support import run_cli, write_pack
from tests.test_loader import GOOD_CARD as CARD

LIMIT = """\
limit_tables:
  - id: tbl
    topic: limits
    title: Limits
    source: https://example.com/doc
    rows:
      - id: r1
        name: Timeout
        value: {value}
        unit: s
        display: "15 min"
        adjustable: false
        {extra}
"""


# ------------------------------------------------------------------ links out of the pack


def test_a_link_out_of_the_pack_is_refused_and_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\nbin:OTHER-SECRET:1\n")
    folder = write_pack(tmp_path, "t", {"cards.yaml": CARD})
    (folder / "shadow.yaml").symlink_to(secret)
    code, out, err = run_cli(capsys, "validate", str(folder))
    assert code == 1
    assert "SECRET" not in out + err
    lines = [line for line in out.splitlines() if "shadow.yaml" in line]
    assert len(lines) == 1 and "outside the pack folder" in lines[0]


def test_a_manifest_linking_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\ntitle: SECRET\nversion: 1.0.0\nas_of: 2026-01-01\nbogus: SECRET\n")
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "pack.yaml").symlink_to(outside)
    pack, problems = load_pack(folder)
    assert pack is None and len(problems) == 1
    assert "outside the pack folder" in problems[0].message and "SECRET" not in str(problems[0])


def test_a_link_inside_the_pack_is_fine(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "t", {"real/cards.yaml": CARD})
    (folder / "alias.yml").symlink_to(folder / "real" / "cards.yaml")
    pack, problems = load_pack(folder)
    assert pack is None  # the same ids twice: a duplicate, not a refusal
    assert all("outside" not in p.message for p in problems)


# ------------------------------------------------------------------ unreadable folders


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make a folder behave as mode 000 for a non-root user (root ignores chmod, so simulate EACCES)."""
    locked_dirs: list[str] = []

    def is_locked(path: Any) -> bool:
        p = os.fspath(path) if not isinstance(path, int) else ""
        return any(p == d or p.startswith(d + os.sep) for d in locked_dirs)

    def deny(path: Any) -> OSError:
        return PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    real_stat, real_listdir, real_scandir, real_open = os.stat, os.listdir, os.scandir, builtins.open

    def stat(path: Any, *a: Any, **k: Any) -> Any:
        if is_locked(path) and os.fspath(path) not in locked_dirs:
            raise deny(path)
        return real_stat(path, *a, **k)

    def listdir(path: Any = ".") -> Any:
        if is_locked(path):
            raise deny(path)
        return real_listdir(path)

    def scandir(path: Any = ".") -> Any:
        if is_locked(path):
            raise deny(path)
        return real_scandir(path)

    def open_(file: Any, *a: Any, **k: Any) -> Any:
        if not isinstance(file, int) and is_locked(file):
            raise deny(file)
        return real_open(file, *a, **k)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(builtins, "open", open_)
    return locked_dirs


def test_an_unreadable_pack_folder_is_skipped_with_a_warning(
    tmp_path: Path, data_dir: Path, locked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    user_packs = data_dir / "packs"
    write_pack(user_packs, "mine", {"cards.yaml": CARD})
    locked.append(str(user_packs / "mine"))
    code, out, err = run_cli(capsys, "packs")
    assert code == 0, err
    assert "lambda" in out  # the built-in pack is still there
    assert "Permission denied" in err and "unexpected error" not in err


def test_an_unreadable_packs_folder_is_skipped(data_dir: Path, locked: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    user_packs = data_dir / "packs"
    write_pack(user_packs, "mine", {"cards.yaml": CARD})
    locked.append(str(user_packs))
    code, out, err = run_cli(capsys, "packs")
    assert code == 0 and "lambda" in out
    assert "cannot read this folder" in err


# ------------------------------------------------------------------ size: fail fast, remember failures


def test_a_huge_file_stops_at_the_value_cap(tmp_path: Path) -> None:
    from lambdaprep.content.yamlsafe import MAX_NODES

    body = "cards:\n" + "".join(f"- {i}\n" for i in range(MAX_NODES * 4))
    folder = write_pack(tmp_path, "t", {"big.yaml": body})
    pack, problems = load_pack(folder)
    assert pack is None and len(problems) == 1
    problem = problems[0]
    assert f"more than {MAX_NODES:,} values" in problem.message
    assert problem.line is not None and problem.line <= MAX_NODES + 2  # parsing stopped there, not at the end


def test_many_big_files_stop_at_the_pack_cap(tmp_path: Path) -> None:
    from lambdaprep.content.yamlsafe import MAX_NODES, MAX_PACK_NODES

    body = "cards:\n" + "".join(f"- {i}\n" for i in range(MAX_NODES - 10))
    files = {f"f{i:02d}.yaml": body for i in range(MAX_PACK_NODES // MAX_NODES + 3)}
    folder = write_pack(tmp_path, "t", files)
    pack, problems = load_pack(folder)
    assert pack is None
    assert any("in all" in p.message for p in problems)


def test_a_broken_pack_is_parsed_once_until_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lambdaprep.content.catalog as catalog_mod

    folder = write_pack(tmp_path / "src", "t", {"cards.yaml": "cards: [\n"})
    calls: list[Path] = []
    real = catalog_mod.load_pack

    def counting(path: Path, origin: str = "builtin") -> Any:
        calls.append(path)
        return real(path, origin)

    monkeypatch.setattr(catalog_mod, "load_pack", counting)
    cache = tmp_path / "cache"
    first = load_catalog([PackSource(folder, "user")], cache_dir=cache)
    second = load_catalog([PackSource(folder, "user")], cache_dir=cache)
    assert len(calls) == 1
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems] and second.problems
    (folder / "cards.yaml").write_text(CARD)
    os.utime(folder / "cards.yaml", ns=(1, 1))
    third = load_catalog([PackSource(folder, "user")], cache_dir=cache)
    assert len(calls) == 2 and not third.problems and third.packs


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_non_finite_numbers_are_refused(tmp_path: Path, value: str) -> None:
    folder = write_pack(tmp_path, "t", {"limits.yaml": LIMIT.format(value=value, extra="")})
    pack, problems = load_pack(folder)
    assert pack is None
    assert any("finite number" in p.message and p.line == 9 for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("value", "extra", "words"),
    [("-5", "", "value"), ("5", "minimum: 10", "minimum"), ("5", "default: 9", "default"), ("5", "minimum: 2\n        default: 1", "below minimum")],
)
def test_impossible_limit_values_are_refused(tmp_path: Path, value: str, extra: str, words: str) -> None:
    folder = write_pack(tmp_path, "t", {"limits.yaml": LIMIT.format(value=value, extra=extra)})
    pack, problems = load_pack(folder)
    assert pack is None and any(words in str(p) for p in problems), [str(p) for p in problems]


def test_json_output_is_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lambdaprep.cli.output import json_text

    with pytest.raises(ValueError):
        json_text({"x": float("nan")})
    code, out, _ = run_cli(capsys, "limits", "--json", "timeout")
    assert code == 0
    json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))


# ------------------------------------------------------------------ YAML errors where they started


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("cards:\n  - id: [a, b\n    topic: x\n" + "# filler\n" * 50, (2, 9), "'[' is never closed"),
        ('cards:\n  - id: "abc\n    topic: x\n', (2, 9), '" quote is never closed'),
        ("cards:\n  - {id: a, topic: x\n", (2, 5), "'{' is never closed"),
    ],
    ids=["bracket", "quote", "brace"],
)
def test_unclosed_constructs_are_reported_where_they_open(tmp_path: Path, text: str, where: tuple[int, int], words: str) -> None:
    folder = write_pack(tmp_path, "t", {"cards.yaml": text})
    _, problems = load_pack(folder)
    (problem,) = problems
    assert (problem.line, problem.column) == where
    assert words in problem.message and "parser stopped at" in problem.message


def test_a_control_character_error_is_one_line_with_a_position(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "t", {"cards.yaml": "cards:\n  - id: a\x1bb\n"})
    _, problems = load_pack(folder)
    (problem,) = problems
    assert (problem.line, problem.column) == (2, 10)
    assert "\n" not in str(problem) and "U+001B" in problem.message


# ------------------------------------------------------------------ caches of the wrong shape


@pytest.mark.parametrize(
    "data",
    ["not a list", [1, 2, 3], [{"key": "x"}], [None], {"a": 1}],
)
def test_a_limits_index_of_the_wrong_shape_is_a_miss(data: Any, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run_cli(capsys, "limits", "timeout")
    assert code == 0
    index = data_dir / "cache" / "limits-index.json"
    stored = json.loads(index.read_text())
    stored["data"] = data
    index.write_text(json.dumps(stored))
    code, out2, err2 = run_cli(capsys, "limits", "timeout")
    assert code == 0 and "unexpected error" not in err2 and out2 == out


@pytest.mark.parametrize("data", ["abcdefghij", [1, 2], ["x"] * 3, {"k": 1}])
def test_a_study_keys_index_of_the_wrong_shape_is_a_miss(data: Any, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run_cli(capsys, "due", "--json")
    assert code == 0, err
    index = data_dir / "cache" / "study-keys.json"
    stored = json.loads(index.read_text())
    stored["data"] = data
    index.write_text(json.dumps(stored))
    code, out2, err2 = run_cli(capsys, "due", "--json")
    assert code == 0 and "unexpected error" not in err2
    assert json.loads(out2) == json.loads(out)


def test_a_full_disk_leaves_no_temporary_index(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real_write = Path.write_text

    def full(self: Path, *a: Any, **k: Any) -> int:
        if self.suffix == ".tmp":
            real_write(self, "partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *a, **k)

    monkeypatch.setattr(Path, "write_text", full)
    code, _, err = run_cli(capsys, "due")
    assert code == 0, err
    leftovers = list((data_dir / "cache").glob("*.tmp")) if (data_dir / "cache").exists() else []
    assert leftovers == []


# ------------------------------------------------------------------ mock formats that cannot be asked


def test_a_mock_step_matching_no_prompt_fails_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_pack(
        tmp_path,
        "t",
        {
            "mock.yaml": """\
            mock_prompts:
              - id: p1
                topic: limits
                kind: rapid_fire
                title: Rapid
                minutes: 3
                count: 2
            mock_formats:
              - id: f1
                title: Nothing to ask
                minutes: 10
                steps:
                  - kind: system_design
                  - kind: rapid_fire
                    topics: [pricing]
                  - kind: rapid_fire
            """
        },
    )
    code, out, _ = run_cli(capsys, "validate", str(folder))
    assert code == 1
    assert f"{folder}/mock.yaml:13:" in out and "step 1 asks for a system_design prompt" in out
    assert f"{folder}/mock.yaml:14:" in out and "step 2 asks for a rapid_fire prompt on pricing" in out
    assert "step 3" not in out
