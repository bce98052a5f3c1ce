"""Docs that cannot drift: every pack field is documented."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from pydantic import BaseModel

from lambdaprep.content import models as m
from lambdaprep.content.kinds import KINDS

DOC = (Path(__file__).parent.parent / "docs" / "content-format.md").read_text()


def _models() -> list[type[BaseModel]]:
    """The manifest, file defaults, every registered kind's model and every model inside them."""
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [m.Manifest, m.FileDefaults, *(k.model for k in KINDS)]
    while todo:
        model = todo.pop(0)
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            todo.extend(_inner_models(info.annotation))
    return found


def _inner_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [inner for arg in get_args(annotation) for inner in _inner_models(arg)]


def test_the_model_walk_reaches_nested_models() -> None:
    assert {m.LimitRow, m.MockStep, m.RubricPoint, m.DurationTier, m.ColdStartMeasurement} <= set(_models())


def test_every_field_is_documented() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if not info.exclude and f"`{name}`" not in DOC
    ]
    assert missing == []


def test_every_section_is_documented() -> None:
    for kind in KINDS:
        assert f"### {kind.section}" in DOC
