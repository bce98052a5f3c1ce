"""Issue 12, fuzzing: every command's parser with arbitrary argv and arbitrary numbers, and the
pack YAML reader with arbitrary bytes. The promise: no traceback, no "unexpected error", an exit
status of 0, 1 or 2, and (for YAML) a YamlError or a document — nothing else.

Bounded in time: a fixed number of examples, no per-example deadline (the machine is shared).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdaprep.cli import build_parser, main

PARSE_ONLY = {"serve"}
"""Commands that run until Ctrl+C (a web server): only their parser is fuzzed."""

PATH_OPTIONS = {"-o", "--output", "--data-dir", "--pack", "--from-anki", "--from-csv"}
"""Options naming a file or folder: fuzzed with safe relative names only (the tests run as root,
and an arbitrary ``-o /etc/passwd`` must never be tried for real)."""


def _commands() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every (sub)command path and its parser, e.g. ``("calc", "price")``."""
    out: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(prefix: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
        out[prefix] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk((*prefix, name), sub)

    walk((), build_parser())
    return out


COMMANDS = _commands()


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.Action]]:
    return [(s, a) for a in parser._actions for s in a.option_strings if s not in ("-h", "--help", "--version")]


NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "1e309", "-0", "0x10", "1_000", "", " ", "99999999999999999999999999999"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
SAFE_NAME = st.text(alphabet="abcxyz019._-", min_size=1, max_size=12).filter(lambda s: s not in (".", ".."))
WORDS = st.one_of(st.text(max_size=40), NUMBERS, st.sampled_from(["--", "-", "--json", "-n", "=", "!", "\x1b[2J"]))


@st.composite
def argvs(draw: Any, numbers_only: bool = False) -> list[str]:
    path = draw(st.sampled_from(sorted(COMMANDS)))
    parser = COMMANDS[path]
    options = _options(parser)
    argv: list[str] = list(path)
    for _ in range(draw(st.integers(0, 5))):
        if options and draw(st.booleans()):
            flag, action = draw(st.sampled_from(options))
            argv.append(flag)
            if action.nargs == 0:
                continue
            if flag in PATH_OPTIONS:
                argv.append(draw(SAFE_NAME))
            elif action.choices:
                argv.append(draw(st.one_of(st.sampled_from(sorted(map(str, action.choices))), WORDS)))
            elif numbers_only or action.type is not None:
                argv.append(draw(NUMBERS))
            else:
                argv.append(draw(WORDS))
        elif not numbers_only:
            word = draw(WORDS)
            argv.append(word)
    return [a for a in argv if "\x00" not in a]  # argv can hold no NUL byte


def _check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        if argv and argv[0] in PARSE_ONLY:
            build_parser().parse_args(argv)
            code = 0
        else:
            code = main(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err[-500:])
    assert "Traceback" not in err and "unexpected error" not in err, (argv, err[-1000:])


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # any relative -o lands here
    return tmp_path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=argvs())
def test_fuzz_every_command_with_arbitrary_argv(argv: list[str], in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(argv, capsys)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=argvs(numbers_only=True))
def test_fuzz_every_numeric_option_with_arbitrary_numbers(argv: list[str], in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(argv, capsys)


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(p) or "lambdaprep")
def test_every_numeric_option_refuses_extremes(path: tuple[str, ...], in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The deterministic half: each numeric option of each command with the classic bad values."""
    for flag, action in _options(COMMANDS[path]):
        if action.nargs == 0 or action.choices or flag in PATH_OPTIONS or action.type is None:
            continue
        for value in ("-1", "0", "99999999999999999999999999999", "1e309", "nan", "x"):
            _check([*path, flag, value], capsys)


# ------------------------------------------------------------------ the YAML reader


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=2000))
def test_fuzz_yaml_reader_over_arbitrary_bytes(raw: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    from lambdaprep.content.yamlsafe import Document, YamlError, read_file

    path = tmp_path_factory.mktemp("fuzz") / "x.yaml"
    path.write_bytes(raw)
    try:
        doc = read_file(path)
    except YamlError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert isinstance(doc, Document)
    _assert_plain(doc.data)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab1.-:[]{}'\"!&*#|>%@`,? \n\t\\e") + ["\x1b", "\x85", "\u2028", "\ufeff"]), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=YAMLISH)
def test_fuzz_yaml_parser_over_yaml_like_text(text: str) -> None:
    from lambdaprep.content.yamlsafe import YamlError, parse_text

    try:
        doc = parse_text(text)
    except YamlError as exc:
        assert exc.message and "\n" not in exc.message
        return
    _assert_plain(doc.data)


def _assert_plain(value: Any) -> None:
    """Only plain, finite, display-safe values come out of the reader."""
    import datetime as dt

    from lambdaprep.safe import is_safe

    if isinstance(value, dict):
        for k, v in value.items():
            _assert_plain(k)
            _assert_plain(v)
    elif isinstance(value, list):
        for v in value:
            _assert_plain(v)
    elif isinstance(value, float):
        assert math.isfinite(value)
    elif isinstance(value, str):
        assert is_safe(value)
    else:
        assert value is None or isinstance(value, (bool, int, dt.date))
