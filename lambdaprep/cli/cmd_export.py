"""lambdaprep export --json: the whole loaded catalog as JSON (shape in docs/export-format.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXPORT_FORMAT = 1


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export every loaded item as JSON",
        description="Print the whole loaded catalog — every pack and every item with all its fields — as JSON.",
    )
    p.add_argument("--json", action="store_true", help="JSON output (the only format; accepted for clarity)")
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


def run(args: argparse.Namespace, ctx: Any) -> int:
    import json

    data = export_catalog(ctx.catalog())
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        from pathlib import Path

        from lambdaprep.errors import LambdaprepError

        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise LambdaprepError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        ctx.err.print(f"wrote {len(data['packs'])} pack(s) to {args.output}")
    else:
        sys.stdout.write(text)
    return 0
