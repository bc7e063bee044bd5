"""Sentence alignment as a pure algorithm over vectors: beads, deletions, insertions, moves, fragments."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.align.sentence import SentenceAlignerConfig, align_vectors, center, overlap_vectors
from mtqa.data import Alignment


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


@pytest.fixture
def story():
    """Twelve 'source sentences' as random directions and a noisy 'translation' of each."""
    rng = np.random.default_rng(7)
    src = unit(rng.normal(size=(12, 96)))

    def translate(*idx):
        return unit(sum(src[i] for i in idx) + 0.3 * unit(rng.normal(size=96)))

    return src, translate, rng


def links(alignments):
    return [(a.source, a.target) for a in alignments]


def test_overlap_vectors_are_weighted_means():
    vecs = np.eye(3, dtype=np.float32)
    ov = overlap_vectors(vecs, np.array([1.0, 3.0, 1.0]), 2)
    assert ov.shape == (2, 3, 3)
    np.testing.assert_allclose(ov[1, 0], unit(np.array([1.0, 3.0, 0.0])), rtol=1e-6)
    assert not ov[1, 2].any()  # a run past the end is empty


def test_one_to_one(story):
    src, translate, _ = story
    tgt = np.stack([translate(i) for i in range(12)])
    result = align_vectors(src, tgt, np.ones(12), np.ones(12))
    assert links(result) == [((i,), (i,)) for i in range(12)]
    assert all(a.confidence > 0.9 for a in result)


def test_merge_split_deletion_and_insertion(story):
    src, translate, rng = story
    tgt = np.stack([
        translate(0), translate(1, 2),  # 2-1 merge
        translate(3), translate(3) * 0 + translate(3),  # placeholder replaced below
    ])
    # Build: 0 | 1+2 | 3a 3b (split) | (4 dropped) | 5..9 | unrelated insertion | 10 11
    half_a = unit(src[3] + 0.3 * unit(rng.normal(size=96)) + 0.6 * unit(rng.normal(size=96)))
    half_b = unit(src[3] - (half_a - src[3]) * 0.5)
    tgt = np.stack([translate(0), translate(1, 2), half_a, half_b, *[translate(i) for i in range(5, 10)],
                    unit(rng.normal(size=96)), translate(10), translate(11)])
    result = align_vectors(src, tgt, np.ones(12), np.ones(len(tgt)))
    got = links(result)
    assert ((1, 2), (1,)) in got
    assert ((3,), (2, 3)) in got
    assert ((4,), ()) in got
    assert ((), (9,)) in got
    assert ((10,), (10,)) in got and ((11,), (11,)) in got


def test_moved_sentence_is_reported_as_a_move(story):
    src, translate, _ = story
    order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    order.insert(1, order.pop(9))  # sentence 9 translated second
    tgt = np.stack([translate(i) for i in order])
    result = align_vectors(src, tgt, np.ones(12), np.ones(12))
    moved = [a for a in result if a.moved]
    assert links(moved) == [((9,), (1,))]
    assert not any(not a.source or not a.target for a in result)  # no deletion + insertion left
    assert sorted(j for a in result for j in a.target) == list(range(12))


def test_fragment_is_attached_to_its_sentence_not_left_as_insertion(story):
    src, translate, rng = story
    # Target sentence 3 is broken in two: a long head and a short tail that still carries meaning.
    head = unit(src[3] + 0.5 * unit(rng.normal(size=96)))
    tail = unit(src[3] + 1.2 * unit(rng.normal(size=96)))
    tgt = np.stack([*[translate(i) for i in range(3)], head, tail, *[translate(i) for i in range(4, 12)]])
    weights = np.ones(len(tgt))
    weights[4] = 0.3
    result = align_vectors(src, tgt, np.ones(12), weights)
    assert ((3,), (3, 4)) in links(result)


def test_results_do_not_depend_on_vector_scale_or_dtype(story):
    src, translate, _ = story
    tgt = np.stack([translate(i) for i in range(12)])
    a = align_vectors(src, tgt, np.ones(12), np.ones(12))
    b = align_vectors(src.astype(np.float64), tgt.astype(np.float64), np.ones(12) * 5, np.ones(12) * 5)
    assert links(a) == links(b)


def test_empty_sides():
    vecs = unit(np.random.default_rng(0).normal(size=(3, 8)))
    assert align_vectors(np.zeros((0, 8)), np.zeros((0, 8)), np.ones(0), np.ones(0)) == []
    assert links(align_vectors(vecs, np.zeros((0, 8)), np.ones(3), np.ones(0))) == [((0,), ()), ((1,), ()), ((2,), ())]
    assert links(align_vectors(np.zeros((0, 8)), vecs, np.ones(0), np.ones(3))) == [((), (0,)), ((), (1,)), ((), (2,))]


def test_single_sentence_each_side():
    v = unit(np.ones((1, 8)))
    assert links(align_vectors(v, v, np.ones(1), np.ones(1))) == [((0,), (0,))]


def test_max_overlap_limits_bead_size(story):
    src, translate, _ = story
    tgt = np.stack([translate(0, 1, 2), *[translate(i) for i in range(3, 12)]])
    wide = align_vectors(src, tgt, np.ones(12), np.ones(10))
    assert ((0, 1, 2), (0,)) in links(wide)
    narrow = align_vectors(src, tgt, np.ones(12), np.ones(10), SentenceAlignerConfig(max_overlap=2))
    assert all(len(a.source) <= 2 and len(a.target) <= 2 for a in narrow)


def test_every_sentence_appears_exactly_once(story):
    src, translate, rng = story
    tgt = np.stack([translate(i) for i in rng.permutation(12)[:9]])
    result = align_vectors(src, tgt, np.ones(12), np.ones(9))
    assert sorted(i for a in result for i in a.source) == list(range(12))
    assert sorted(j for a in result for j in a.target) == list(range(9))
    assert all(isinstance(a, Alignment) and 0 <= a.confidence <= 1 for a in result)


def test_center_removes_the_common_direction():
    rng = np.random.default_rng(3)
    common = unit(rng.normal(size=16))
    vecs = unit(common * 3 + 0.5 * rng.normal(size=(10, 16)))
    assert (vecs @ vecs.T).mean() > 0.6
    centered = center(vecs)
    assert abs((centered @ centered.T)[np.triu_indices(10, 1)].mean()) < 0.2


def test_banded_alignment_of_a_long_text_matches_the_dense_one():
    rng = np.random.default_rng(11)
    n = 400
    src = unit(rng.normal(size=(n, 48)))
    order = [i for i in range(n) if i % 37 != 5]  # drops
    tgt = [unit(src[i] + 0.3 * unit(rng.normal(size=48))) for i in order]
    tgt.insert(100, unit(rng.normal(size=48)))  # an insertion
    tgt[200] = unit(tgt[200] + tgt.pop(201))  # a merge
    tgt = np.stack(tgt)
    dense = align_vectors(src, tgt, np.ones(n), np.ones(len(tgt)))
    banded = align_vectors(src, tgt, np.ones(n), np.ones(len(tgt)),
                           SentenceAlignerConfig(dense_cells=0, coarse_size=40, band_margin=12))
    assert links(banded) == links(dense)
    assert sum(1 for a in dense if a.kind == "deletion") == len([i for i in range(n) if i % 37 == 5])


def test_band_is_monotone_and_covers_the_corners():
    from mtqa.align.sentence import coarse_band

    rng = np.random.default_rng(2)
    src = unit(rng.normal(size=(300, 32)))
    tgt = unit(src[::-1][::-1] + 0.2 * rng.normal(size=(300, 32)))
    lo, hi = coarse_band(src, tgt[:250], coarse_size=30, margin=10)
    assert lo[0] == 0 and hi[-1] == 250
    assert (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all() and (lo <= hi).all()
    assert (hi - lo).max() < 250  # a band, not the full grid
