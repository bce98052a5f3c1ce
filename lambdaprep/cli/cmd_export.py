"""lambdaprep export --json: the whole loaded catalog as JSON (shape in docs/export-format.md);
lambdaprep export --anki FILE.apkg: the drillable cards as an Anki deck package."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any
from lambdaprep.units import plural

if TYPE_CHECKING:
    from lambdaprep.cli.context import Context

EXPORT_FORMAT = 1


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export every loaded item as JSON, or the cards as an Anki deck (--anki)",
        description="Print the whole loaded catalog — every pack and every item with all its fields — as JSON. "
        "--anki FILE.apkg instead writes every drillable card (cards and limits rows) as an Anki deck package: "
        "a deck per topic under 'lambdaprep', tags kept, Markdown as HTML, diagrams in a monospaced block; "
        "note ids come from the cards' keys, so importing a newer export into Anki updates the notes.",
    )
    p.add_argument("--json", action="store_true", help="JSON output (the default)")
    p.add_argument("--anki", metavar="FILE.apkg", help="write the cards as an Anki deck package to FILE.apkg")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(run=run)


def export_catalog(catalog: Any) -> dict[str, Any]:
    from lambdaprep import __version__
    from lambdaprep.content.kinds import KINDS

    packs = []
    for pack in catalog.packs:
        items: dict[str, list[dict[str, Any]]] = {}
        for kind in KINDS:
            items[kind.section] = [{"key": item.key, **item.model_dump(mode="json")} for item in pack.items[kind.section]]
        packs.append(
            {
                **pack.manifest.model_dump(mode="json"),
                "origin": pack.origin,
                "path": str(pack.path),
                "counts": pack.counts(),
                "items": items,
            }
        )
    return {"export_format": EXPORT_FORMAT, "lambdaprep": __version__, "packs": packs}


def anki_notes(catalog: Any) -> list[Any]:
    """Every drillable card of the catalog (as the drill shows it) as plain Anki note data."""
    from lambdaprep.store.anki import AnkiNote
    from lambdaprep.study.cards import study_cards

    notes = []
    for card in study_cards(catalog).values():
        diagram = catalog.diagrams.get(card.diagram) if card.diagram else None
        notes.append(
            AnkiNote(
                key=card.key,
                topic_title=catalog.topic_title(card.topic),
                front=card.front,
                back=card.back,
                tags=card.tags,
                context=card.context if card.kind == "limit" else "",
                diagram_title=diagram.title if diagram is not None else "",
                diagram_body=diagram.body if diagram is not None else "",
                diagram_caption=diagram.caption if diagram is not None else "",
                source=card.source if card.kind == "card" else None,
                as_of=card.as_of.isoformat() if card.as_of and card.kind == "card" else None,
            )
        )
    return notes


def run_anki(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from lambdaprep.cli.context import UsageError
    from lambdaprep.store.anki import write_apkg

    if args.output or args.json:
        raise UsageError("--anki writes its own file; it does not go with --json or -o")
    path = Path(args.anki).expanduser()
    if path.suffix.lower() != ".apkg":
        raise UsageError(f"the Anki package must be named *.apkg (got {path.name})")
    summary = write_apkg(anki_notes(ctx.catalog()), path)
    ctx.err.print(f"wrote {plural(summary.notes, 'note')} in {plural(len(summary.decks), 'deck')} to {path}", markup=False, soft_wrap=True)
    return 0


def run(args: argparse.Namespace, ctx: Context) -> int:
    from lambdaprep.cli.output import json_text

    if args.anki:
        return run_anki(args, ctx)

    data = export_catalog(ctx.catalog())
    text = json_text(data)
    if args.output:
        from lambdaprep.cli.output import write_output

        write_output(args.output, text)
        ctx.err.print(f"wrote {plural(len(data['packs']), 'pack')} to {args.output}")
    else:
        sys.stdout.write(text)
    return 0
