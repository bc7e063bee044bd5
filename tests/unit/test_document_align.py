"""Document alignment as a pure algorithm over sentence vectors and anchors, plus the wrapper
with the hashing test encoder."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.align.document import (
    DocumentAlignerConfig,
    align_documents,
    match_documents,
    story_anchors,
)
from mtqa.data import Document
from mtqa.errors import ConfigError, InputError
from mtqa.sentences import segment_document


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


@pytest.fixture
def batch():
    """Ten 'source stories' of 4-9 random sentence directions and a noisy 'translation' of each."""
    rng = np.random.default_rng(3)
    sources = [unit(rng.normal(size=(int(rng.integers(4, 10)), 48))) for _ in range(10)]

    def translate(story, noise=0.35):
        return unit(story + noise * unit(rng.normal(size=story.shape)))

    return sources, translate, rng


def pairs(result):
    return [(p.source, p.target) for p in result.pairs]


def test_a_permutation_is_recovered(batch):
    sources, translate, rng = batch
    perm = rng.permutation(len(sources))
    targets = [translate(sources[k]) for k in perm]
    result = match_documents(sources, targets)
    assert sorted(pairs(result)) == sorted((int(k), j) for j, k in enumerate(perm))
    assert not result.unmatched_sources and not result.unmatched_targets
    assert all(p.confidence > 0.9 for p in result.pairs)


def test_chunking_does_not_change_the_result(batch):
    sources, translate, _ = batch
    targets = [translate(s) for s in sources]
    big = match_documents(sources, targets)
    small = match_documents(sources, targets, config=DocumentAlignerConfig(chunk_sentences=3))
    np.testing.assert_allclose(big.scores, small.scores, atol=1e-6)


def test_a_source_without_translation_is_never_forced(batch):
    sources, translate, _ = batch
    targets = [translate(s) for s in sources[:-1]]  # the last source has no translation...
    extra = batch[2].normal(size=(6, 48))  # ...and one unrelated target is left over for it
    result = match_documents(sources, [*targets, unit(extra)])
    assert pairs(result) == [(k, k) for k in range(9)]
    (lonely,) = result.unmatched_sources
    assert lonely.index == 9 and lonely.reason == "below threshold" and lonely.best_score < 0.4
    (left,) = result.unmatched_targets
    assert left.index == 9 and left.best_candidate is not None


def test_one_story_each_side(batch):
    sources, translate, _ = batch
    assert pairs(match_documents(sources[:1], [translate(sources[0])])) == [(0, 0)]
    unrelated = match_documents(sources[:1], [translate(sources[1])])
    assert unrelated.pairs == () and unrelated.unmatched_sources[0].reason == "below threshold"


def test_near_duplicate_targets_are_reported_and_lower_confidence(batch):
    sources, translate, _ = batch
    targets = [translate(s) for s in sources]
    clean = match_documents(sources, targets)
    twin = translate(sources[4], noise=0.4)  # a second translation of source 4
    result = match_documents(sources, [*targets, twin])
    pair = next(p for p in result.pairs if p.source == 4)
    assert pair.target in {4, 10}
    other = 10 if pair.target == 4 else 4
    assert [(d.side, d.index) for d in pair.near_duplicates] == [("target", other)]
    assert pair.confidence < next(p for p in clean.pairs if p.source == 4).confidence
    (extra,) = result.unmatched_targets
    assert extra.index == other and extra.near_duplicate_of == pair.target and extra.reason == "near-duplicate"
    record = next(r for r in result.records() if r["type"] == "unmatched_target")
    assert record["near_duplicate_of"] == str(pair.target)


def test_updated_version_is_not_confused_with_the_original(batch):
    sources, translate, rng = batch
    v1 = sources[0]
    v2 = np.vstack([v1, unit(rng.normal(size=(4, 48)))])  # same start, four new sentences
    srcs = [v1, v2, *sources[1:]]
    tgts = [translate(v2), translate(v1), *[translate(s) for s in sources[1:]]]
    result = match_documents(srcs, tgts)
    assert (0, 1) in pairs(result) and (1, 0) in pairs(result)
    first = next(p for p in result.pairs if p.source == 0)
    assert {(d.side, d.index) for d in first.near_duplicates} >= {("source", 1)}


def test_exact_tie_is_deterministic_and_uncertain(batch):
    sources, translate, _ = batch
    target = translate(sources[0])
    result = match_documents(sources[:1], [target, target.copy()])
    assert pairs(result) == [(0, 0)]
    assert result.pairs[0].confidence <= 0.5
    assert result.unmatched_targets[0].near_duplicate_of == 0


def test_empty_inputs_and_empty_stories(batch):
    sources, translate, _ = batch
    nothing = match_documents([], [])
    assert nothing.pairs == () and nothing.records() == []
    no_targets = match_documents(sources[:2], [])
    assert [u.reason for u in no_targets.unmatched_sources] == ["no candidates", "no candidates"]
    empty = np.zeros((0, 48))
    result = match_documents([sources[0], empty], [empty, translate(sources[0])])
    assert pairs(result) == [(0, 1)]
    assert result.unmatched_sources[0].reason == "empty" and result.unmatched_targets[0].reason == "empty"


def test_bad_inputs_raise_mtqa_errors(batch):
    sources, _, _ = batch
    with pytest.raises(InputError):
        match_documents(sources[:1], [np.ones((2, 12))])
    with pytest.raises(InputError):
        match_documents(sources[:2], sources[:2], source_ids=["a"])
    with pytest.raises(ConfigError):
        DocumentAlignerConfig(weights={"order": 1.0, "bogus": 1.0})
    with pytest.raises(ConfigError):
        DocumentAlignerConfig(weights={"order": 0.0})


def test_anchors_break_a_tie_between_look_alike_stories():
    rng = np.random.default_rng(5)
    story = unit(rng.normal(size=(5, 32)))
    # Two targets with the same sentence vectors: only the anchors tell them apart.
    result = match_documents(
        [story], [story.copy(), story.copy()],
        [{"#2024", "#14", "name:kcna"}], [{"#1999", "#7"}, {"#2024", "#14", "name:kcna"}],
    )
    assert pairs(result) == [(0, 1)]
    assert result.pairs[0].signals["anchors"] > 0.5


def test_story_anchors_across_languages():
    el = story_anchors("Την Πέμπτη 14 Μαρτίου η NATO ανακοίνωσε 10.000 θέσεις από τον Φεβρουάριο.", "el")
    en = story_anchors("On Thursday, March 14, NATO announced 10,000 jobs since February.", "en")
    assert {"day:3", "month:3", "month:2", "#14", "#10000", "name:nato"} <= set(el) & set(en)
    de = story_anchors("Am 3. März sagte die Bank in Berlin ...", "de")
    assert {"month:3", "#3", "name:berlin"} <= set(de)
    zh = story_anchors("12月28日，天汉铁路开通，投资460亿元。", "zh")
    assert {"month:12", "#28", "#460"} <= set(zh)
    # Lower-case English "may" is not the month; Greek lower-case words are not names.
    assert "month:5" not in story_anchors("Prices may rise.", "en")
    assert not [a for a in el if a.startswith("name:") and a != "name:nato"]


def _doc(doc_id, lang, text):
    return segment_document(doc_id, lang, text)


def test_align_documents_with_hash_encoder_and_records():
    src = [
        _doc("a", "de", "Der Zug nach Berlin fiel am 3. März aus. Die Bahn nannte einen Sturm als Grund. "
                        "Rund 4000 Reisende waren betroffen."),
        _doc("b", "de", "Die Inflation stieg im Februar auf 2,5 Prozent. Energie wurde billiger. "
                        "Lebensmittel kosteten mehr."),
    ]
    # The hash encoder does not translate: give it targets that share words with their sources.
    tgt = [
        _doc("y", "en", "Die Inflation stieg im Februar auf 2.5 Prozent. Energie wurde billiger. "
                        "Lebensmittel kosteten mehr."),
        _doc("x", "en", "Der Zug nach Berlin fiel am 3. März aus. Die Bahn nannte einen Sturm als Grund. "
                        "Rund 4,000 Reisende waren betroffen."),
        Document("empty", "en", "", ()),
    ]
    result = align_documents(src, tgt, "hash")
    assert result.mapping() == {"a": "x", "b": "y"}
    records = result.records()
    assert [r["type"] for r in records] == ["pair", "pair", "unmatched_target"]
    pair = records[0]
    assert set(pair) == {"type", "source_id", "target_id", "score", "confidence", "signals", "near_duplicates",
                         "signature"}
    assert set(pair["signals"]) == {"order", "vector", "anchors", "length", "margin"}
    assert pair["signals"]["vector"] is None  # too few stories for story-vector centering
    assert records[2] == {"type": "unmatched_target", "target_id": "empty", "best_candidate": None,
                          "best_score": None, "reason": "empty", "signature": pair["signature"]}
    assert "task:align-docs" in pair["signature"] and "model:hash" in pair["signature"]
