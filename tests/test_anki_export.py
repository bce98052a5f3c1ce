"""lambdaprep export --anki: an Anki package whose notes are the drillable cards, with stable ids."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from lambdaprep.cli import main
from lambdaprep.store.anki import AnkiNote, note_fields, stable_id


def _collection(apkg: Path, tmp: Path) -> dict[str, Any]:
    """Read the package back with zipfile and sqlite3, as Anki would."""
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp)
    con = sqlite3.connect(tmp / "collection.anki2")
    try:
        notes = {guid: (nid, flds.split("\x1f"), tags.split()) for nid, guid, flds, tags in con.execute("SELECT id, guid, flds, tags FROM notes")}
        cards = con.execute("SELECT count(*), count(DISTINCT id) FROM cards").fetchone()
        decks = json.loads(con.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(con.execute("SELECT models FROM col").fetchone()[0])
    finally:
        con.close()
    return {"notes": notes, "cards": cards, "decks": sorted(d["name"] for d in decks.values()), "models": models}


def test_apkg_holds_one_note_per_card_and_limits_row_with_stable_ids(catalog: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    assert main(["export", "--anki", str(first)]) == 0
    assert main(["export", "--anki", str(second)]) == 0
    a = _collection(first, tmp_path / "a")
    b = _collection(second, tmp_path / "b")
    expected = len(catalog.cards) + len(catalog.limits)
    assert len(a["notes"]) == expected
    assert a["cards"] == (expected, expected)
    # re-exporting gives the same note ids and GUIDs: Anki updates instead of duplicating
    assert {g: n[0] for g, n in a["notes"].items()} == {g: n[0] for g, n in b["notes"].items()}
    assert len({n[0] for n in a["notes"].values()}) == expected
    # one note type; a deck per topic under one parent
    assert [m["name"] for m in a["models"].values()] == ["lambdaprep card"]
    topics = {catalog.topic_title(c.topic) for c in catalog.cards.values()} | {catalog.topic_title(r.topic) for r in catalog.limits.values()}
    assert [d for d in a["decks"] if d.startswith("lambdaprep::")] == sorted(f"lambdaprep::{t}" for t in topics)
    by_key = {fields[4]: (fields, tags) for _nid, fields, tags in a["notes"].values()}
    # Markdown became HTML, tags are kept, diagrams sit in a monospaced block
    card = next(c for c in catalog.cards.values() if "**" in c.back)
    fields, tags = by_key[card.key]
    assert "<strong>" in fields[1] and "**" not in fields[1]
    assert tags == list(card.tags)
    with_diagram = next(c for c in catalog.cards.values() if c.diagram)
    assert '<pre class="diagram">' in by_key[with_diagram.key][0][2]
    # limits rows are cards, as in drills
    row = next(iter(catalog.limits.values()))
    fields, tags = by_key[row.key]
    assert row.name in fields[0] and "limit" in tags


def test_pack_text_cannot_inject_html() -> None:
    fields = note_fields(AnkiNote("p/x", "Topic", "<script>alert(1)</script> **bold**", "[x](javascript:alert(1))",
                                  diagram_body="<b>box</b> ┌─┐"))
    assert "<script>" not in fields[0] and "&lt;script&gt;" in fields[0] and "<strong>bold</strong>" in fields[0]
    assert "href" not in fields[1]  # the javascript: link stays text
    assert fields[2] == '<pre class="diagram">&lt;b&gt;box&lt;/b&gt; ┌─┐</pre>'


def test_stable_ids_are_positive_and_fit_52_bits() -> None:
    ids = {stable_id(f"note:p/{i}") for i in range(1000)}
    assert len(ids) == 1000 and all(0 < i < 2**52 for i in ids)
    assert stable_id("note:p/1") == stable_id("note:p/1")


@pytest.mark.parametrize("argv", [["export", "--anki", "deck.txt"], ["export", "--anki", "d.apkg", "--json"]])
def test_bad_anki_arguments_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err
