"""Document alignment with the real e5 backbone on mtqa's corpora and the seed story."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mtqa.align.document import align_documents
from mtqa.io import read_story

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model


def _el_en(flawed: bool = False):
    pair = ROOT / "corpora/el-en"
    stems = sorted(p.name[: -len(".el.txt")] for p in pair.glob("*.el.txt"))
    sources = [read_story(pair / f"{s}.el.txt", "el", doc_id=s) for s in stems]
    targets = [read_story(pair / f"{s}.en.txt", "en", doc_id=f"en-{s}") for s in stems]
    if flawed:
        targets += [read_story(pair / f"{s}.flawed.en.txt", "en", doc_id=f"flawed-{s}") for s in stems]
    sources.append(read_story(ROOT / "seeds/el/000_8eb1468b56704020.txt", "el", doc_id="seed"))
    targets.append(read_story(ROOT / "seeds/en/000_8eb1468b56704020.txt", "en", doc_id="en-seed"))
    random.Random(7).shuffle(targets)
    return sources, targets


def test_shuffled_translations_are_matched(e5):
    sources, targets = _el_en()
    result = align_documents(sources, targets, e5)
    assert result.mapping() == {s.id: f"en-{s.id}" for s in sources}
    assert all(p.confidence > 0.9 and not p.near_duplicates for p in result.pairs)
    assert "model:e5-small@" in result.signature.format()


def test_flawed_translations_are_near_duplicates_not_mismatches(e5):
    sources, targets = _el_en(flawed=True)
    result = align_documents(sources, targets, e5)
    clean = {clean_pair.source: clean_pair.confidence for clean_pair in align_documents(*_el_en(), e5).pairs}
    mapping = result.mapping()
    assert set(mapping) == {s.id for s in sources}
    for source_id, target_id in mapping.items():
        assert target_id in {f"en-{source_id}", f"flawed-{source_id}"}
    for pair in result.pairs:
        sid = result.source_ids[pair.source]
        if sid == "seed":
            continue
        twin = {f"en-{sid}", f"flawed-{sid}"} - {result.target_ids[pair.target]}
        assert [result.target_ids[d.index] for d in pair.near_duplicates if d.side == "target"] == list(twin)
        assert pair.confidence < clean[pair.source]  # a second good candidate lowers the confidence
    assert {(result.target_ids[u.index], u.reason) for u in result.unmatched_targets} == {
        (t, "near-duplicate") for t in {t.id for t in targets} - set(mapping.values())}


def test_a_missing_translation_leaves_its_source_unmatched(e5):
    sources, targets = _el_en()
    targets = [t for t in targets if t.id != "en-03_crete_earthquake"]
    result = align_documents(sources, targets, e5)
    assert result.mapping() == {s.id: f"en-{s.id}" for s in sources if s.id != "03_crete_earthquake"}
    (lonely,) = result.unmatched_sources
    assert result.source_ids[lonely.index] == "03_crete_earthquake" and lonely.reason == "below threshold"


def test_seed_alone(e5):
    src = read_story(ROOT / "seeds/el/000_8eb1468b56704020.txt", "el")
    tgt = read_story(ROOT / "seeds/en/000_8eb1468b56704020.txt", "en")
    other = read_story(ROOT / "corpora/el-en/01_ferry_strike.en.txt", "en")
    assert align_documents([src], [tgt], e5).mapping() == {src.id: tgt.id}
    alone = align_documents([src], [other], e5)
    assert alone.pairs == () and alone.unmatched_sources[0].reason == "below threshold"
