"""Docs that cannot drift: every pack field is documented."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from lambdaprep.content import models as m

DOC = (Path(__file__).parent.parent / "docs" / "content-format.md").read_text()


def _models() -> list[type[BaseModel]]:
    return [
        m.Manifest, m.FileDefaults, m.Card, m.LimitTable, m.LimitRow, m.Diagram, m.QuizQuestion,
        m.MockPrompt, m.RubricPoint, m.MockFormat, m.MockStep, m.PriceBook, m.ArchitecturePrices,
        m.DurationTier, m.FreeTier, m.SnapStartPrices, m.EdgePrices, m.AsyncPayloadBilling,
        m.StreamingPrices, m.ColdStartProfile, m.ColdStartMeasurement, m.ModelParameter,
    ]


def test_every_field_is_documented() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if not info.exclude and f"`{name}`" not in DOC
    ]
    assert missing == []


def test_every_section_is_documented() -> None:
    for section in m.ITEM_SECTIONS:
        assert f"### {section}" in DOC
