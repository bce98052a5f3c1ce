"""The hardened YAML reader: positions, and refusal of hostile input."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.content.yamlsafe import MAX_DEPTH, Mark, YamlError, parse_text, read_file


def test_values_and_marks() -> None:
    doc = parse_text("a: 1\nb:\n  - x\n  - {c: 2026-11-22, d: true, e: 1.5, f: null}\n")
    assert doc.data == {"a": 1, "b": ["x", {"c": dt.date(2026, 11, 22), "d": True, "e": 1.5, "f": None}]}
    assert doc.marks[("a",)] == Mark(1, 4)
    assert doc.marks[("b", 0)] == Mark(3, 5)
    assert doc.key_marks[("b", 1, "d")].line == 4
    assert doc.mark_for(("b", 1, "missing")) == doc.marks[("b", 1)]


def test_quoted_numbers_stay_strings() -> None:
    assert parse_text('p: "0.0000166667"\nq: \'12\'\n').data == {"p": "0.0000166667", "q": "12"}


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("x: !!python/object/apply:os.system ['echo pwned']\n", "not allowed", 1),
        ("a: 1\nx: !!python/name:os.system\n", "not allowed", 2),
        ("x: !custom 3\n", "not allowed", 1),
        ("a: &anchor [1, 2]\nb: *anchor\n", "anchors and aliases", 1),
        ("a: 1\na: 2\n", "duplicate key 'a'", 2),
        ("a: [1, 2\n", "invalid YAML", None),
        ("---\na: 1\n---\nb: 2\n", "second '---'", 3),
        ("? [1, 2]\n: x\n", "mapping keys must be plain", 1),
        ("a: b\x00c\n", "NUL byte", 1),
    ],
)
def test_refusals_name_the_line(text: str, fragment: str, line: int | None) -> None:
    with pytest.raises(YamlError) as info:
        parse_text(text)
    assert fragment in info.value.message
    if line is not None:
        assert info.value.mark is not None and info.value.mark.line == line


def test_billion_laughs_is_refused_fast_with_bounded_memory() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i-1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(YamlError, match="anchors and aliases"):
        parse_text(text)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5  # generous: it stops at the first anchor
    assert peak < 5 * 1024 * 1024


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlError, match="nested more than"):
        parse_text(text)
    very_deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(YamlError):
        parse_text(very_deep)


def test_file_checks(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n")
    with pytest.raises(YamlError, match="limit"):
        read_file(big, max_bytes=3)
    empty = tmp_path / "empty.yaml"
    empty.write_text("  \n\n")
    with pytest.raises(YamlError, match="empty"):
        read_file(empty)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: ok\nb: caf\xe9\n")
    with pytest.raises(YamlError, match="UTF-8") as info:
        read_file(latin)
    assert info.value.mark == Mark(2, 7)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\n".encode())
    assert read_file(bom).data == {"a": 1}
    with pytest.raises(YamlError, match="cannot read"):
        read_file(tmp_path / "missing.yaml")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_escapes_as_another_exception(text: str) -> None:
    try:
        parse_text(text)
    except YamlError:
        pass
