"""The item-kind registry: the loader, Pack, Catalog, counts and cache all derive from it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lambdaprep.content import PackSource, catalog as catalog_mod, kinds, load_catalog, loader
from lambdaprep.content import models as m
from lambdaprep.content.catalog import _cache_path, _code_fingerprint
from tests.conftest import SAMPLE_PACKS
from tests.test_loader import make_pack


def test_every_kind_is_a_pack_section_a_catalog_index_and_documented() -> None:
    cat = load_catalog([PackSource(SAMPLE_PACKS, "builtin")])
    pack = cat.packs[0]
    assert list(pack.items) == [k.section for k in kinds.KINDS]
    for kind in kinds.KINDS:
        assert kind.section in kinds.PackFile.model_fields
        assert set(kind.defaults) <= set(m.FileDefaults.model_fields) and set(kind.defaults) <= set(kind.model.model_fields)
        assert getattr(cat, kind.section) is cat.index[kind.section]
        for ref in kind.refs:
            assert ref.target in kinds.INDEX_NOUNS
    assert cat.limits is cat.index["limits"] and cat.limits
    counted = {k.count_key for k in kinds.KINDS if k.count_key}
    assert set(pack.counts()) == counted


def test_a_reference_must_point_at_an_item_of_the_right_kind(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, files={"c.yaml": """\
        cards:
          - id: c1
            topic: basics
            front: Q
            back: A
            source: https://example.com/doc
            diagram: c2
          - id: c2
            topic: basics
            front: Q2
            back: A2
            source: https://example.com/doc
        """})
    pack, problems = loader.load_pack(folder)
    assert pack is None
    assert [p.message for p in problems] == ["refers to 'c2', which is not a diagram in pack 't'"]


class CardWithNewField(m.Card):
    difficulty_hint: str = "none"


def _with_extra_card_field(monkeypatch: pytest.MonkeyPatch) -> type[m.Card]:
    """The code as if someone added a field to Card without bumping any version."""
    Card = CardWithNewField
    changed = tuple(dataclasses.replace(k, model=Card) if k.section == "cards" else k for k in kinds.KINDS)
    for module in (kinds, loader, catalog_mod):
        monkeypatch.setattr(module, "KINDS", changed)
    _code_fingerprint.cache_clear()
    monkeypatch.setattr(catalog_mod, "_code_fingerprint", _code_fingerprint)
    return Card


def test_the_cache_key_covers_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _code_fingerprint()
    _with_extra_card_field(monkeypatch)
    assert _code_fingerprint() != before
    _code_fingerprint.cache_clear()


def test_a_new_field_without_a_version_bump_does_not_break_a_warm_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packs, cache = tmp_path / "packs", tmp_path / "cache"
    folder = make_pack(packs)
    load_catalog([PackSource(packs, "cli")], cache_dir=cache)  # warm
    assert _cache_path(cache, folder).exists()
    old_key = _code_fingerprint()
    card_cls = _with_extra_card_field(monkeypatch)
    # even if the key did not change, a pickled pack that lacks the field is a cache miss
    monkeypatch.setattr(catalog_mod, "_code_fingerprint", lambda: old_key)
    cat = load_catalog([PackSource(packs, "cli")], cache_dir=cache)
    card = cat.cards["t/c1"]
    assert type(card) is card_cls and card.difficulty_hint == "none" and not cat.problems
    _code_fingerprint.cache_clear()


def test_any_failure_while_building_from_the_cache_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packs, cache = tmp_path / "packs", tmp_path / "cache"
    make_pack(packs)
    load_catalog([PackSource(packs, "cli")], cache_dir=cache)
    real = catalog_mod.Catalog.__post_init__
    calls: list[int] = []

    def fails_once(self: catalog_mod.Catalog) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise AttributeError("'Pack' object has no attribute 'toy_items'")
        real(self)

    monkeypatch.setattr(catalog_mod.Catalog, "__post_init__", fails_once)
    cat = load_catalog([PackSource(packs, "cli")], cache_dir=cache)
    assert cat.cards["t/c1"].front == "What is it?" and len(calls) == 2
