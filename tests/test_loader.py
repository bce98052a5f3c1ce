"""Pack loading and validation: every error names file:line, and broken packs are skipped."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdaprep.content import PackSource, load_catalog, load_pack
from lambdaprep.content.catalog import _cache_path
from tests.conftest import SAMPLE_PACKS

MANIFEST = "id: {id}\ntitle: Test pack\nversion: 1.0.0\nas_of: 2026-01-01\n"
GOOD_CARD = """\
cards:
  - id: c1
    topic: basics
    front: What is it?
    back: A thing.
    source: https://example.com/doc
"""


def make_pack(root: Path, pack_id: str = "t", files: dict[str, str] | None = None, manifest: str | None = None) -> Path:
    folder = root / pack_id
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(manifest if manifest is not None else MANIFEST.format(id=pack_id))
    for name, text in (files or {"cards.yaml": GOOD_CARD}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def problems_of(folder: Path) -> list[str]:
    pack, problems = load_pack(folder)
    assert pack is None
    return [str(p) for p in problems]


def test_good_pack_loads_with_inherited_as_of(tmp_path: Path) -> None:
    pack, problems = load_pack(make_pack(tmp_path))
    assert problems == [] and pack is not None
    card = pack.items["cards"][0]
    assert card.key == "t/c1"
    assert str(card.as_of) == "2026-01-01"


def test_shipped_and_sample_packs_are_valid(catalog, sample_catalog) -> None:
    assert catalog.packs and sample_catalog.packs
    assert catalog.cards and catalog.limits and catalog.price_books


def test_unknown_key_gets_did_you_mean_with_line(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, files={"c.yaml": GOOD_CARD.replace("    back:", "    bakc:")})
    found = problems_of(folder)
    assert any(p.startswith(f"{folder}/c.yaml:5:5: cards[0].bakc: unknown key 'bakc'; did you mean 'back'?") for p in found), found
    assert any("cards[0].back: missing required key 'back'" in p for p in found)


def test_wrong_types_are_reported_together(tmp_path: Path) -> None:
    text = """\
    cards:
      - id: Not A Slug
        topic: basics
        front: [not, a, string]
        back: fine
        source: http://insecure.example.com
        as_of: someday
    """
    found = problems_of(make_pack(tmp_path, files={"c.yaml": text}))
    joined = "\n".join(found)
    assert "c.yaml:2:9: cards[0].id:" in joined
    assert "c.yaml:4:12: cards[0].front:" in joined
    assert "c.yaml:6:13: cards[0].source: must be an https:// URL" in joined
    assert "c.yaml:7:12: cards[0].as_of:" in joined


def test_duplicate_ids_in_a_pack(tmp_path: Path) -> None:
    second = GOOD_CARD.replace("What is it?", "Another?")
    found = problems_of(make_pack(tmp_path, files={"a.yaml": GOOD_CARD, "b.yaml": second}))
    assert len(found) == 1
    assert "b.yaml:2:9: cards[0].id: duplicate id 'c1' (first defined at" in found[0]
    assert "a.yaml:2" in found[0]


def test_duplicate_pack_ids_across_folders(tmp_path: Path) -> None:
    make_pack(tmp_path / "one", "same")
    make_pack(tmp_path / "two", "same")
    cat = load_catalog([PackSource(tmp_path / "one", "cli"), PackSource(tmp_path / "two", "cli")])
    assert len(cat.packs) == 1
    assert "duplicate pack id 'same'" in str(cat.problems[0])


def test_unresolved_reference_with_suggestion(tmp_path: Path) -> None:
    text = GOOD_CARD + "    diagram: diagram-lifecycl\n" + """\
diagrams:
  - id: diagram-lifecycle
    topic: basics
    title: Lifecycle
    body: "[box]"
"""
    found = problems_of(make_pack(tmp_path, files={"c.yaml": text}))
    assert found == [f"{tmp_path}/t/c.yaml:7:14: cards[0].diagram: refers to 'diagram-lifecycl', which is not a diagram in pack 't'; did you mean 'diagram-lifecycle'?"]


def test_quiz_rules(tmp_path: Path) -> None:
    text = """\
    quiz:
      - id: q1
        topic: basics
        question: Pick?
        choices: [a, b]
        correct: [c]
        explanation: because
        source: https://example.com
      - id: q2
        topic: basics
        question: Pick two?
        choices: [a, b, c]
        correct: [a, b]
        multiple: false
        explanation: because
        source: https://example.com
    """
    joined = "\n".join(problems_of(make_pack(tmp_path, files={"q.yaml": text})))
    assert "q.yaml:2:5: quiz[0]: every correct answer must be one of the choices; not found: ['c']" in joined
    assert "quiz[1]: multiple is false but more than one answer is marked correct" in joined


def test_mock_prompt_rules(tmp_path: Path) -> None:
    text = """\
    mock_prompts:
      - {id: m1, topic: t, kind: concept, title: T, minutes: 3}
      - {id: m2, topic: t, kind: rapid_fire, title: T, minutes: 3}
    mock_formats:
      - id: f1
        title: F
        minutes: 10
        steps:
          - {kind: concept, prompt: m1}
      - id: f2
        title: F2
        minutes: 10
        steps:
          - {prompt: nope}
    """
    joined = "\n".join(problems_of(make_pack(tmp_path, files={"m.yaml": text})))
    assert "mock_prompts[0]: a concept prompt needs prompt, rubric, model_answer" in joined
    assert "mock_prompts[1]: a rapid_fire prompt needs count" in joined
    assert "mock_formats[0].steps[0]: a step names either kind" in joined
    assert "mock_formats[1].steps[0].prompt: refers to 'nope'" in joined


def test_limit_rows_inherit_from_table_and_check_units(tmp_path: Path) -> None:
    text = """\
    limit_tables:
      - id: limits-x
        topic: limits
        title: X
        source: https://example.com/limits
        rows:
          - {id: limit-a, name: A, value: 15, unit: min, display: 15 min, adjustable: false}
          - {id: limit-b, name: B, value: 1, unit: parsecs, display: "1", adjustable: true}
    """
    joined = "\n".join(problems_of(make_pack(tmp_path, files={"l.yaml": text})))
    assert "limit_tables[0].rows[1].unit: unknown unit 'parsecs'" in joined
    ok = text.replace("parsecs", "count")
    pack, problems = load_pack(make_pack(tmp_path / "ok", files={"l.yaml": ok}))
    assert not problems and pack is not None
    row = pack.items["limit_tables"][0].rows[0]
    assert row.source == "https://example.com/limits" and row.table == "limits-x" and row.topic == "limits"


def test_defaults_apply_and_errors_point_at_them(tmp_path: Path) -> None:
    text = """\
    defaults:
      topic: Bad Topic
      source: https://example.com
    cards:
      - {id: c1, front: F, back: B}
    """
    found = problems_of(make_pack(tmp_path, files={"c.yaml": text}))
    assert any(p.startswith(f"{tmp_path}/t/c.yaml:2:10: cards[0].topic:") for p in found), found


@pytest.mark.parametrize(
    ("files", "manifest", "fragment"),
    [
        ({"c.yaml": "x: !!python/object/apply:os.system ['id']\n"}, None, "c.yaml:1:4: the YAML tag"),
        ({"c.yaml": "a: &x [1]\nb: *x\n"}, None, "anchors and aliases"),
        ({"c.yaml": ""}, None, "c.yaml: the file is empty"),
        ({"c.yaml": "- just\n- a list\n"}, None, "c.yaml:1:1: a pack file must be a mapping"),
        ({"c.yaml": "cardz: []\n"}, None, "unknown key 'cardz'; did you mean 'cards'?"),
        ({"c.yaml": "cards: {id: x}\n"}, None, "cards: Input should be a valid list"),
        ({}, "id: t\ntitle: T\nversion: 1\nas_of: 2026-01-01\nformat: 99\n", "format 99"),
        ({}, "title: T\n", "pack.yaml:1:1: id: missing required key 'id'"),
    ],
)
def test_hostile_and_malformed_files(tmp_path: Path, files: dict[str, str], manifest: str | None, fragment: str) -> None:
    found = problems_of(make_pack(tmp_path, files=files or {"c.yaml": GOOD_CARD}, manifest=manifest))
    assert any(fragment in p for p in found), found


def test_non_utf8_file(tmp_path: Path) -> None:
    folder = make_pack(tmp_path)
    (folder / "bad.yaml").write_bytes(b"cards:\n  - id: \xff\n")
    assert any("bad.yaml:2:9: the file is not valid UTF-8" in p for p in problems_of(folder))


def test_broken_pack_is_skipped_and_others_load(tmp_path: Path) -> None:
    make_pack(tmp_path, "good")
    make_pack(tmp_path, "bad", files={"c.yaml": "cards: [1]\n"})
    (tmp_path / "no-manifest").mkdir()
    (tmp_path / "no-manifest" / "cards.yaml").write_text(GOOD_CARD)
    cat = load_catalog([PackSource(tmp_path, "cli")])
    assert [p.id for p in cat.packs] == ["good"]
    text = "\n".join(map(str, cat.problems))
    assert "bad/c.yaml:1:9: cards[0]" in text
    assert "no pack.yaml manifest" in text


def test_missing_cli_path_is_a_problem(tmp_path: Path) -> None:
    cat = load_catalog([PackSource(tmp_path / "nowhere", "cli")])
    assert "no such file or folder" in str(cat.problems[0])


def test_cache_is_used_refreshed_and_survives_corruption(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    folder = make_pack(packs)
    cache = tmp_path / "cache"
    first = load_catalog([PackSource(packs, "cli")], cache_dir=cache)
    cached = _cache_path(cache, folder)
    assert cached.exists() and first.cards["t/c1"].front == "What is it?"
    # edited file → new fingerprint → re-read
    (folder / "cards.yaml").write_text(GOOD_CARD.replace("What is it?", "Changed?"))
    os.utime(folder / "cards.yaml", ns=(1, 1))
    assert load_catalog([PackSource(packs, "cli")], cache_dir=cache).cards["t/c1"].front == "Changed?"
    # corrupt cache → rebuilt silently
    cached.write_bytes(b"\x80garbage")
    again = load_catalog([PackSource(packs, "cli")], cache_dir=cache)
    assert again.cards["t/c1"].front == "Changed?" and not again.problems


def test_markup_in_content_is_kept_verbatim(tmp_path: Path) -> None:
    text = GOOD_CARD.replace("A thing.", "'[bold]not bold[/] [link=https://x]x[/link]'")
    pack, problems = load_pack(make_pack(tmp_path, files={"c.yaml": text}))
    assert not problems and pack is not None
    assert pack.items["cards"][0].back == "[bold]not bold[/] [link=https://x]x[/link]"


# ---------------------------------------------------------------- fuzzing

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["id", "topic", "front", "back", "cards", "quiz", "rows", "x", "source"]), children, max_size=5),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_trees)
def test_arbitrary_yaml_trees_never_crash(tmp_path: Path, tree: object) -> None:
    import yaml

    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    make_pack(tmp_path, "fuzz", files={"c.yaml": yaml.safe_dump({"cards": tree}) if not isinstance(tree, dict) else yaml.safe_dump(tree)})
    pack, problems = load_pack(folder)
    assert (pack is None) == bool(problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_arbitrary_text_files_never_crash(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    make_pack(tmp_path, "fuzz", files={"c.yaml": text or " "})
    load_pack(folder)


@pytest.mark.parametrize(("text", "key"), [("(:", "("), ("'[x]': 1", "[x]"), ("cards:\n  - id: a\n    'f(x)': 1\n", "f(x)")])
def test_a_key_that_looks_like_pydantic_steps_is_reported_not_crashed(tmp_path: Path, text: str, key: str) -> None:
    folder = make_pack(tmp_path, "oddkeys", files={"c.yaml": text})
    pack, problems = load_pack(folder)
    assert pack is None
    assert any(f"unknown key {key!r}" in p.message and p.line is not None for p in problems), [str(p) for p in problems]


def test_sample_pack_fixture_is_frozen_copy() -> None:
    assert (SAMPLE_PACKS / "sample" / "pack.yaml").exists()


# ------------------------------------------------------- quiz choices with why

_WHY_QUIZ = """\
quiz:
  - id: q-why
    topic: basics
    source: https://example.com/doc
    question: Which one?
    choices:
      - Right
      - text: Wrong
        why: Because it is wrong.
      - text: Also wrong
    correct: [Right]
    explanation: Right is right.
"""


def test_choice_mapping_normalises_into_choices_and_why(tmp_path: Path) -> None:
    pack, problems = load_pack(make_pack(tmp_path, files={"quiz.yaml": _WHY_QUIZ}))
    assert problems == [] and pack is not None
    q = pack.quiz[0]
    assert q.choices == ["Right", "Wrong", "Also wrong"]
    assert q.why == {"Wrong": "Because it is wrong."}
    assert q.wrong_choices == ["Wrong", "Also wrong"]
    assert q.model_dump(mode="json")["why"] == {"Wrong": "Because it is wrong."}


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("why: Because it is wrong.", "why: ''", 9, "quiz[0].choices[1].why", "at least 1"),
        ("text: Wrong", "text: ''", 8, "quiz[0].choices[1].text", "at least 1"),
        ("why: Because", "whyy: Because", 9, "quiz[0].choices[1].whyy", "did you mean 'why'"),
        ("- text: Also wrong", "- why: orphan", 10, "quiz[0].choices[2].text", "'text'"),
        ("text: Also wrong", "text: [a, list]", 10, "quiz[0].choices[2].text", "valid string"),
    ],
)
def test_choice_mapping_errors_point_at_their_yaml_line(tmp_path: Path, old: str, new: str, line: int, field: str, words: str) -> None:
    pack, problems = load_pack(make_pack(tmp_path, files={"quiz.yaml": _WHY_QUIZ.replace(old, new)}))
    assert pack is None
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.file is not None and p.file.name == "quiz.yaml"
    assert (p.line, p.field) == (line, field)
    assert words in p.message


def test_why_for_a_choice_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    text = _WHY_QUIZ.replace("    explanation:", "    why: {Nope: no such choice}\n    explanation:")
    pack, problems = load_pack(make_pack(tmp_path, files={"quiz.yaml": text}))
    assert pack is None and len(problems) == 1
    assert "Nope" in problems[0].message


def test_question_level_why_is_accepted_like_export_writes_it(tmp_path: Path) -> None:
    text = _WHY_QUIZ.replace("    explanation:", "    why: {Also wrong: Not this one either.}\n    explanation:")
    pack, problems = load_pack(make_pack(tmp_path, files={"quiz.yaml": text}))
    assert problems == [] and pack is not None
    assert pack.quiz[0].why == {"Wrong": "Because it is wrong.", "Also wrong": "Not this one either."}


# --------------------------------------------------- {limit:...} references

_LIMITS = """\
limit_tables:
  - id: limits-t
    topic: basics
    title: Test limits
    source: https://example.com/limits
    rows:
      - id: limit-timeout
        name: Timeout
        value: 900
        unit: s
        minimum: 1
        default: 3
        display: 1 to 900 s (default 3 s)
        adjustable: false
      - id: limit-batch
        name: Batch
        value: 1250
        unit: count
        display: up to 1,250 at once
        adjustable: false
        notes: Raise it with {limit:timeout:display} in mind.
"""

_REF_CARD = """\
cards:
  - id: c-ref
    topic: basics
    source: https://example.com/doc
    front: How long may a function run?
    back: "{limit:timeout} at most, {limit:limit-timeout:min} at least, default {limit:timeout:default}; batches {limit:batch:display}."
quiz:
  - id: q-ref
    topic: basics
    source: https://example.com/doc
    question: Longest timeout?
    choices:
      - "{limit:timeout}"
      - text: 5 minutes
        why: That was the limit before 2018; today it is {limit:timeout}.
    correct: ["{limit:timeout}"]
    explanation: See {limit:timeout:display}.
diagrams:
  - id: d-ref
    topic: basics
    title: Flow
    body: |
      a ──▶ b   (max {limit:batch})
"""


def test_limit_references_render_everywhere(tmp_path: Path) -> None:
    pack, problems = load_pack(make_pack(tmp_path, files={"limits.yaml": _LIMITS, "items.yaml": _REF_CARD}))
    assert problems == [] and pack is not None
    assert pack.cards[0].back == "900 seconds at most, 1 second at least, default 3 seconds; batches up to 1,250 at once."
    q = pack.quiz[0]
    assert q.choices == ["900 seconds", "5 minutes"] and q.correct == ["900 seconds"]
    assert q.why == {"5 minutes": "That was the limit before 2018; today it is 900 seconds."}
    assert q.explanation == "See 1 to 900 s (default 3 s)."
    assert "(max 1,250)" in pack.diagrams[0].body
    assert pack.limit_tables[0].rows[1].notes == "Raise it with 1 to 900 s (default 3 s) in mind."


def test_limit_references_survive_the_cache(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, files={"limits.yaml": _LIMITS, "items.yaml": _REF_CARD})
    cache = tmp_path / "cache"
    first = load_catalog([PackSource(folder, "cli")], cache_dir=cache)
    again = load_catalog([PackSource(folder, "cli")], cache_dir=cache)
    assert first.cards["t/c-ref"].back == again.cards["t/c-ref"].back
    assert again.cards["t/c-ref"].back.startswith("900 seconds")
    # changing the row changes the rendered card on the next load (the fingerprint covers the limits file)
    limits = folder / "limits.yaml"
    limits.write_text(_LIMITS.replace("value: 900", "value: 960"))
    os.utime(limits, (limits.stat().st_atime + 5, limits.stat().st_mtime + 5))
    changed = load_catalog([PackSource(folder, "cli")], cache_dir=cache)
    assert changed.cards["t/c-ref"].back.startswith("960 seconds")


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("{limit:batch:display}", "{limit:bacth}", 6, "did you mean {limit:batch}"),
        ("{limit:timeout:display}.", "{limit:timeout:shown}.", 17, "unknown form 'shown'"),
        ("today it is {limit:timeout}", "today it is {limit:Timeout}", 15, "malformed"),
        ("(max {limit:batch})", "(max {limit:batch:min})", 22, "has no minimum"),
        ("source: https://example.com/doc\n    front", "source: https://example.com/doc\n    tags: ['{limit:batch}']\n    front", 5, None),
    ],
)
def test_bad_limit_references_are_problems_at_their_line(tmp_path: Path, old: str, new: str, line: int, words: str | None) -> None:
    assert old in _REF_CARD
    folder = make_pack(tmp_path, files={"limits.yaml": _LIMITS, "items.yaml": _REF_CARD.replace(old, new, 1)})
    pack, problems = load_pack(folder)
    assert pack is None and problems
    if words is None:  # a reference in a non-prose field is refused (or invalid there anyway)
        return
    assert len(problems) == 1, problems
    assert problems[0].file is not None and problems[0].file.name == "items.yaml"
    assert problems[0].line == line
    assert words in problems[0].message


def test_code_that_looks_like_a_reference_is_left_alone(tmp_path: Path) -> None:
    text = _REF_CARD.replace("at least, default", "at least (`query({limit: 10})` is code), default")
    pack, problems = load_pack(make_pack(tmp_path, files={"limits.yaml": _LIMITS, "items.yaml": text}))
    assert problems == [] and pack is not None
    assert "`query({limit: 10})` is code" in pack.cards[0].back


def test_reference_in_a_non_prose_field_is_reported(tmp_path: Path) -> None:
    text = _REF_CARD.replace("title: Flow", "title: Flow\n    caption: ok\n    source: https://example.com/{limit:batch}")
    pack, problems = load_pack(make_pack(tmp_path, files={"limits.yaml": _LIMITS, "items.yaml": text}))
    assert pack is None
    assert any("resolved only in prose fields" in p.message and p.field == "diagrams[0].source" for p in problems), problems
