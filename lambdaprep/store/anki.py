"""Writing the packs as an Anki deck package (``.apkg``) with genanki.

One note type ("lambdaprep card": Front, Back, Diagram, Source, Key) for every card —
content cards and limits rows alike, as the drill shows them. Markdown becomes HTML
with markdown-it (raw HTML in pack text is escaped, never passed through: pack content
is untrusted); a diagram goes in a monospaced ``<pre>`` block. Each topic is a deck
under one parent (``lambdaprep::Cold starts``). Note ids, card ids, deck ids and GUIDs
are derived from the card's key (``pack/id``), so exporting again and importing into
Anki updates the notes instead of duplicating them.

genanki is imported only inside :func:`write_apkg` (it is needed by this command alone).
"""

from __future__ import annotations

import hashlib
import html
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lambdaprep.store.errors import StoreError

PARENT_DECK = "lambdaprep"
MODEL_NAME = "lambdaprep card"
FIELDS = ("Front", "Back", "Diagram", "Source", "Key")

CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 18px; line-height: 1.45;
        text-align: left; color: black; background-color: white; max-width: 46em; margin: 0 auto; }
.context { font-size: 0.8em; color: #666; margin-bottom: 0.6em; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre.diagram { font-size: 0.8em; line-height: 1.2; white-space: pre; overflow-x: auto;
              background: #f6f6f6; padding: 0.6em; border-radius: 4px; }
.diagram-title { font-weight: bold; margin-top: 1em; }
.source { font-size: 0.75em; color: #777; margin-top: 1.2em; }
.nightMode pre.diagram { background: #222; }
"""

FRONT = """<div class="front">{{Front}}</div>"""
BACK = """{{FrontSide}}
<hr id="answer">
<div class="back">{{Back}}</div>
{{#Diagram}}{{Diagram}}{{/Diagram}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """One drillable card, as plain data (built from the catalog by the caller)."""

    key: str
    topic_title: str
    front: str
    """Markdown."""
    back: str
    """Markdown."""
    tags: tuple[str, ...] = ()
    context: str = ""
    diagram_title: str = ""
    diagram_body: str = ""
    diagram_caption: str = ""
    source: str | None = None
    as_of: str | None = None


@dataclass
class AnkiSummary:
    notes: int = 0
    decks: list[str] = field(default_factory=list)


def stable_id(text: str) -> int:
    """A positive 52-bit id from ``text`` (fits Anki's integer ids and JavaScript numbers)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 12 or 1


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # html=False: raw HTML in pack text is shown as text, never interpreted.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def markdown_to_html(text: str) -> str:
    return str(_markdown().render(text)).strip()


def _diagram_html(note: AnkiNote) -> str:
    if not note.diagram_body:
        return ""
    parts = []
    if note.diagram_title:
        parts.append(f'<div class="diagram-title">{html.escape(note.diagram_title)}</div>')
    parts.append(f'<pre class="diagram">{html.escape(note.diagram_body.rstrip())}</pre>')
    if note.diagram_caption:
        parts.append(f'<div class="diagram-caption">{html.escape(note.diagram_caption)}</div>')
    return "".join(parts)


def _source_html(note: AnkiNote) -> str:
    if not note.source:
        return ""
    url = html.escape(note.source, quote=True)
    when = f" (as of {html.escape(note.as_of)})" if note.as_of else ""
    return f'Source: <a href="{url}">{url}</a>{when}'


def _tag(tag: str) -> str:
    return "".join(ch if not ch.isspace() else "_" for ch in tag)


def note_fields(note: AnkiNote) -> list[str]:
    front = markdown_to_html(note.front)
    if note.context:
        front = f'<div class="context">{html.escape(note.context)}</div>{front}'
    return [front, markdown_to_html(note.back), _diagram_html(note), _source_html(note), html.escape(note.key)]


def write_apkg(notes: Iterable[AnkiNote], path: Path, *, parent: str = PARENT_DECK) -> AnkiSummary:
    """Write ``notes`` as an Anki package at ``path``; a deck per topic under ``parent``."""
    import genanki

    class StableNote(genanki.Note):  # type: ignore[misc]
        """A note whose id and card ids come from its key, not from the clock."""

        def __init__(self, key: str, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.key = key

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Iterator[int]) -> None:
            ids = itertools.chain([stable_id(f"note:{self.key}")], (stable_id(f"card:{self.key}:{i}") for i in itertools.count()))
            super().write_to_db(cursor, timestamp, deck_id, ids)

    model = genanki.Model(
        stable_id("model:lambdaprep card:1"),
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Card", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=4,
    )
    decks: dict[str, Any] = {}
    summary = AnkiSummary()
    for note in notes:
        name = f"{parent}::{note.topic_title}".replace('"', "'")
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(stable_id(f"deck:{name}"), name)
        deck.add_note(
            StableNote(
                note.key,
                model=model,
                fields=note_fields(note),
                tags=[_tag(t) for t in note.tags],
                guid=genanki.guid_for("lambdaprep", note.key),
            )
        )
        summary.notes += 1
    summary.decks = sorted(decks)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        genanki.Package(list(decks.values())).write_to_file(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    return summary


__all__ = ["AnkiNote", "AnkiSummary", "markdown_to_html", "note_fields", "stable_id", "write_apkg"]
