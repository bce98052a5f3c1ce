"""Generate a synthetic pack (10,000 cards + 2,000 limits rows by default) for benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path

MANIFEST = "id: synthetic\ntitle: Synthetic benchmark pack\nversion: 1.0.0\nas_of: 2026-11-22\n"


def generate(folder: Path, cards: int = 10_000, limits: int = 2_000, per_file: int = 500) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(MANIFEST)
    for start in range(0, cards, per_file):
        lines = ["defaults:", "  source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html", "cards:"]
        for i in range(start, min(start + per_file, cards)):
            lines += [
                f"  - id: card-{i}",
                f"    topic: topic-{i % 21}",
                f"    tags: [tag-{i % 7}, tag-{i % 11}]",
                f"    front: Synthetic question number {i} about Lambda?",
                "    back: |",
                f"      **Answer {i}.** Some explanation with `code` and a list:",
                "      - first point",
                "      - second point",
            ]
        (folder / f"cards-{start // per_file:03d}.yaml").write_text("\n".join(lines) + "\n")
    rows = []
    for i in range(limits):
        rows += [
            f"      - id: limit-{i}",
            f"        name: Synthetic limit {i}",
            f"        value: {i * 10}",
            "        unit: MB",
            f"        display: {i * 10} MB",
            f"        adjustable: {'true' if i % 2 else 'false'}",
            f"        aliases: [alias-{i}, other-{i}]",
        ]
    (folder / "limits.yaml").write_text(
        "limit_tables:\n  - id: limits-synthetic\n    topic: limits\n    title: Synthetic\n"
        "    source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\n    rows:\n" + "\n".join(rows) + "\n"
    )
    return folder


if __name__ == "__main__":
    print(generate(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/_out/synthetic")))
