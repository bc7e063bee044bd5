"""Sentence alignment: vecalign-style dynamic programming over overlap embeddings, plus moves.

The aligner never loads a model: it takes one L2-normalized vector per sentence and a weight
(its length) per sentence, and composes the vectors of concatenations of up to ``max_overlap``
consecutive sentences as length-weighted means. Mean-pooled encoders (e5) produce a sentence
vector as the mean of its token states, so the weighted mean of sentence vectors approximates the
vector of the concatenation at a fraction of the cost of embedding every concatenation.

Costs follow vecalign (Thompson & Koehn 2019): ``(1 - cos(x, y))`` normalized by how far ``x``
and ``y`` are from random sentences of the other side (which removes hubness), times a penalty
for beads of many sentences. Sentences left unaligned by the path are then paired up when they
are translations of each other out of order: they are reported as *moves*, not as a deletion plus
an insertion.

>>> import numpy as np
>>> vecs = np.eye(4, dtype=np.float32)
>>> links = align_vectors(vecs, vecs, np.ones(4), np.ones(4))
>>> [(a.source, a.target) for a in links]
[((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.data import Alignment, Document, Signature
from mtqa.errors import InputError

if TYPE_CHECKING:
    from mtqa.encoders import Encoder

# (source sentences, target sentences) per bead; (1, 0) is a deletion, (0, 1) an insertion.
DEFAULT_BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1),
)


@dataclass(frozen=True)
class SentenceAlignerConfig:
    """Settings of the sentence aligner (they go into the result's signature).

    Leaving one sentence unaligned costs ``skip_factor * (typical link cost + typical random-pair
    cost)``, both measured on the document pair in a first pass, so the penalty adapts to how well
    the encoder separates translations for this language pair. ``move_threshold`` is the minimum
    confidence for pairing an unaligned source sentence with an unaligned target sentence as a move.
    """

    max_overlap: int = 4
    skip_factor: float = 0.25
    move_threshold: float = 0.5
    samples: int = 64
    seed: int = 0
    center: bool = True
    # Number anchors are off by default: a translation that changed a number (the very error the
    # checks look for) then loses its link and shows as an omission plus an addition. On clean
    # text they raise strict F1 slightly (0.966 -> 0.969 in bench_sentence_align.py).
    anchor_weight: float = 0.0
    # Texts with more cells than this are aligned inside a band found on blocks of sentences.
    dense_cells: int = 2_000_000
    coarse_size: int = 200
    band_margin: int = 30
    # Encoder layer of the sentence vectors (None: the last). A middle layer lets the sentence and
    # word aligners share one forward pass.
    layer: int | None = None

    def settings(self) -> dict[str, Any]:
        """The settings that change results, for signatures."""
        return {"overlap": self.max_overlap, "skip": self.skip_factor, "move": self.move_threshold,
                "center": "yes" if self.center else "no", "anchors": self.anchor_weight,
                "layer": "last" if self.layer is None else self.layer}


# Centering needs a few sentences a side: the mean of one or two vectors is mostly the vectors.
MIN_CENTER = 4


def overlap_vectors(vectors: np.ndarray, weights: np.ndarray, max_overlap: int) -> np.ndarray:
    """Vectors of every run of 1..max_overlap consecutive sentences: shape (max_overlap, n, dim).

    Entry ``[k - 1, i]`` is the normalized weighted mean of ``vectors[i:i + k]``; runs past the end
    are zero vectors (never used by the dynamic programme).
    """
    n, dim = vectors.shape
    weighted = vectors * weights[:, None]
    cumulative = np.vstack([np.zeros((1, dim), dtype=np.float64), np.cumsum(weighted, axis=0, dtype=np.float64)])
    out = np.zeros((max_overlap, n, dim), dtype=np.float32)
    for k in range(1, max_overlap + 1):
        count = n - k + 1
        if count <= 0:
            continue
        sums = cumulative[k:] - cumulative[:count]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[k - 1, :count] = sums / np.maximum(norms, 1e-12)
    return out


_NUMBER = re.compile(r"\d+(?:[.,:\u00a0\u202f]\d+)*")


def number_anchors(text: str) -> list[str]:
    """Numbers of a sentence as digit strings, separators dropped, so that 10.000 / 10,000 and
    2,5 / 2.5 match across locales.

    >>> number_anchors("Στις 07:30, περίπου 10.000 στρατιώτες (2,5%).")
    ['0730', '10000', '25']
    """
    return [re.sub(r"\D", "", match) for match in _NUMBER.findall(text)]


# Anchor sets are kept as indicator vectors of at most this many columns: exact for up to this many
# distinct anchors, hashed beyond (rare collisions only make two different numbers look shared).
ANCHOR_COLUMNS = 256


def anchor_vocabulary(anchors: Sequence[Sequence[str]]) -> dict[str, int]:
    """Column of each distinct anchor: its rank when there are few, a stable hash bucket otherwise."""
    distinct = sorted({tok for sentence in anchors for tok in sentence})
    if len(distinct) <= ANCHOR_COLUMNS:
        return {tok: k for k, tok in enumerate(distinct)}
    return {tok: zlib.crc32(tok.encode()) % ANCHOR_COLUMNS for tok in distinct}


def anchor_sets(anchors: Sequence[Sequence[str]], vocabulary: dict[str, int], max_overlap: int) -> list[np.ndarray]:
    """Indicator matrices of the anchors of every run of 1..max_overlap sentences.

    Entry ``k - 1`` has shape (n - k + 1, vocabulary size): row i marks the anchors of sentences
    i..i+k-1.
    """
    counts = np.zeros((len(anchors) + 1, max(vocabulary.values(), default=0) + 1), dtype=np.float32)
    for i, tokens in enumerate(anchors):
        for tok in tokens:
            counts[i + 1, vocabulary[tok]] += 1
    cumulative = np.cumsum(counts, axis=0)
    return [(cumulative[k:] - cumulative[:-k] > 0).astype(np.float32) for k in range(1, max_overlap + 1)]


def _distance_to_random(vectors: np.ndarray, others: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Mean (1 - cos) of each vector to a random sample of the other side's sentences."""
    if len(others) == 0:
        return np.ones(len(vectors), dtype=np.float32)
    idx = rng.choice(len(others), size=min(samples, len(others)), replace=False)
    return 1.0 - (vectors @ others[idx].T).mean(axis=1)


class BeadCosts:
    """Cost of bead (a, b) starting at source sentence i and target sentences ``js``.

    ``(1 - cos)`` of the composed vectors, normalized by their distance to random sentences of
    the other side (vecalign's hubness correction), times ``a * b`` (vecalign: averaging several
    sentences lowers the distance by itself, and without the penalty merged beads would win over
    equally good 1-1 links), plus ``anchor_scale`` per anchor found on one side only.

    Costs are computed row by row for the cells the dynamic programme visits, so long texts
    never need an N x M matrix; short texts get dense matrices, computed once, for speed.
    """

    def __init__(
        self,
        src_ov: np.ndarray,
        tgt_ov: np.ndarray,
        src_norm: np.ndarray,
        tgt_norm: np.ndarray,
        dense: bool,
    ) -> None:
        self.src_ov, self.tgt_ov = src_ov, tgt_ov
        self.src_norm, self.tgt_norm = src_norm, tgt_norm
        self.src_sets: list[np.ndarray] | None = None
        self.tgt_sets: list[np.ndarray] | None = None
        self.anchor_scale = 0.0
        self._dense: dict[tuple[int, int], np.ndarray] | None = {} if dense else None

    def with_anchors(self, src_sets: list[np.ndarray], tgt_sets: list[np.ndarray], scale: float) -> BeadCosts:
        self.src_sets, self.tgt_sets, self.anchor_scale = src_sets, tgt_sets, scale
        if self._dense is not None:
            self._dense = {}
        return self

    def _compute(self, a: int, b: int, i: np.ndarray | int, js: np.ndarray) -> np.ndarray:
        x = self.src_ov[a - 1, i]
        y = self.tgt_ov[b - 1, js]
        if np.ndim(i) == 0:
            distance = 1.0 - y @ x
            normalizer = self.src_norm[a - 1, i] + self.tgt_norm[b - 1, js]
        else:
            distance = 1.0 - x @ y.T
            normalizer = self.src_norm[a - 1, i][:, None] + self.tgt_norm[b - 1, js][None, :]
        cost = distance * (a * b) / np.maximum(normalizer, 1e-6) * 2.0
        if self.anchor_scale and self.src_sets is not None and self.tgt_sets is not None:
            sx, sy = self.src_sets[a - 1][i], self.tgt_sets[b - 1][js]
            if np.ndim(i) == 0:
                mismatch = sx.sum() + sy.sum(axis=1) - 2 * (sy @ sx)
            else:
                mismatch = sx.sum(axis=1)[:, None] + sy.sum(axis=1)[None, :] - 2 * (sx @ sy.T)
            cost = cost + self.anchor_scale * mismatch
        return cost

    def __call__(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        if self._dense is None:
            return self._compute(a, b, i, js)
        if (a, b) not in self._dense:
            rows = np.arange(self.src_ov.shape[1] - a + 1)
            cols = np.arange(self.tgt_ov.shape[1] - b + 1)
            self._dense[(a, b)] = self._compute(a, b, rows, cols)
        return self._dense[(a, b)][i, js]

    def one_to_one_sample(self, rng: np.random.Generator, size: int = 4096) -> np.ndarray:
        """Costs of random 1-1 cells: for a long text almost all are non-translations."""
        n, m = self.src_ov.shape[1], self.tgt_ov.shape[1]
        if n * m <= size:
            return self._compute(1, 1, np.arange(n), np.arange(m)).ravel()
        rows = rng.integers(0, n, size=size)
        cols = rng.integers(0, m, size=size)
        x, y = self.src_ov[0, rows], self.tgt_ov[0, cols]
        distance = 1.0 - np.einsum("ij,ij->i", x, y)
        return distance / np.maximum(self.src_norm[0, rows] + self.tgt_norm[0, cols], 1e-6) * 2.0


Band = tuple[np.ndarray, np.ndarray]
Path = list[tuple[tuple[int, ...], tuple[int, ...], float]]


def full_band(n: int, m: int) -> Band:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def _dynamic_programme(
    n: int, m: int, costs: BeadCosts, skip: float, beads: Sequence[tuple[int, int]], band: Band
) -> Path:
    """Minimum-cost monotone path inside ``band`` (per source position i, target positions
    lo[i]..hi[i]); returns beads as (source indices, target indices, bead cost)."""
    lo, hi = band
    inf = np.inf
    totals: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    insertion = beads.index((0, 1)) if (0, 1) in beads else -1
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        row = np.full(len(js), inf)
        choice = np.full(len(js), -1, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            row[0] = 0.0
        for k, (a, b) in enumerate(beads):
            if a == 0 or a > i:
                continue
            starts = js - b
            plo, phi = lo[i - a], hi[i - a]
            valid = np.nonzero((starts >= plo) & (starts <= phi))[0]
            if not len(valid):
                continue
            cand = totals[i - a][starts[valid] - plo]
            cand = cand + (skip if b == 0 else costs(a, b, i - a, starts[valid]))
            better = cand < row[valid]
            row[valid[better]] = cand[better]
            choice[valid[better]] = k
        if insertion >= 0 and len(js) > 1:
            # An insertion extends the same row: total[i, j] = min(row[j], total[i, j-1] + skip),
            # which is a running minimum of row[k] + (j - k) * skip.
            offsets = np.arange(len(js)) * skip
            via_insert = np.minimum.accumulate(row - offsets) + offsets
            from_left = np.concatenate([[False], via_insert[1:] < row[1:] - 1e-12])
            row = np.where(from_left, via_insert, row)
            choice = np.where(from_left, insertion, choice)
        totals.append(row)
        backs.append(choice)
    path: Path = []
    i, j = n, m
    if not lo[n] <= m <= hi[n] or not np.isfinite(totals[n][m - lo[n]]):
        raise RuntimeError("sentence alignment found no path inside the band")
    while i > 0 or j > 0:
        k = int(backs[i][j - lo[i]])
        if k < 0:
            raise RuntimeError("sentence alignment found no path inside the band")
        a, b = beads[k]
        step = totals[i][j - lo[i]] - totals[i - a][j - b - lo[i - a]]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j)), float(step)))
        i, j = i - a, j - b
    path.reverse()
    return path


def _block_means(vectors: np.ndarray, size: int) -> np.ndarray:
    blocks = [vectors[k: k + size].sum(axis=0) for k in range(0, len(vectors), size)]
    out = np.stack(blocks)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def coarse_band(src_vectors: np.ndarray, tgt_vectors: np.ndarray, coarse_size: int, margin: int) -> Band:
    """A search band for long texts: align blocks of sentences first, then allow ``margin``
    sentences around the projected block path (vecalign's coarse-to-fine idea).

    Memory and time are then linear in the text length for a fixed block count and margin.
    """
    n, m = len(src_vectors), len(tgt_vectors)
    fs, ft = math.ceil(n / coarse_size), math.ceil(m / coarse_size)
    src_c, tgt_c = _block_means(src_vectors, fs), _block_means(tgt_vectors, ft)
    nc, mc = len(src_c), len(tgt_c)
    rng = np.random.default_rng(0)
    ov_s, ov_t = src_c[None], tgt_c[None]
    norm_s = _distance_to_random(src_c, tgt_c, 64, rng)[None]
    norm_t = _distance_to_random(tgt_c, src_c, 64, rng)[None]
    costs = BeadCosts(ov_s, ov_t, norm_s, norm_t, dense=True)
    skip = float(np.median(costs.one_to_one_sample(rng))) / 2
    path = _dynamic_programme(nc, mc, costs, skip, [(1, 1), (1, 0), (0, 1)], full_band(nc, mc))
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    col = 0
    for blocks_s, blocks_t, _ in path:
        if blocks_t:
            t_lo, t_hi = blocks_t[0] * ft, min(m, (blocks_t[-1] + 1) * ft)
            col = t_hi
        else:
            t_lo = t_hi = col
        for bs in blocks_s:
            rows = slice(bs * fs, min(n, (bs + 1) * fs) + 1)
            lo[rows] = np.minimum(lo[rows], t_lo)
            hi[rows] = np.maximum(hi[rows], t_hi)
    hi = np.maximum.accumulate(hi)  # rows of unaligned blocks inherit the running position
    lo = np.minimum(lo, hi)
    lo = np.maximum(lo - margin, 0)
    hi = np.minimum(hi + margin, m)
    # Monotone and overlapping windows, so the fine path can always step from row to row.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return lo, hi


def _gaussian(x: np.ndarray | float, mean: float, sd: float) -> np.ndarray:
    return np.exp(-0.5 * ((np.asarray(x) - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


@dataclass(frozen=True)
class _Calibration:
    """Two Gaussians over cosine similarity: translations vs. random pairs of this document pair."""

    pos_mean: float
    pos_sd: float
    neg_mean: float
    neg_sd: float
    prior: float = 0.5

    def probability(self, similarity: float) -> float:
        """P(translation | cosine): the positive likelihood is flat above its mean, so the
        probability never falls as similarity rises."""
        pos = self.prior * _gaussian(min(similarity, self.pos_mean), self.pos_mean, self.pos_sd)
        neg = (1 - self.prior) * _gaussian(similarity, self.neg_mean, self.neg_sd)
        return float(pos / max(pos + neg, 1e-300))


def _calibrate(link_sims: np.ndarray, random_sims: np.ndarray) -> _Calibration:
    # Self-calibration per document pair: the sims of the path's links model "translation",
    # random pairs model "not a translation". Floors keep tiny documents from degenerate Gaussians.
    if len(link_sims) == 0:
        link_sims = np.array([0.9])
    pos_mean = float(np.median(link_sims))
    pos_sd = max(float(np.std(link_sims)), 0.03)
    neg_mean = float(np.mean(random_sims)) if len(random_sims) else 0.0
    neg_sd = max(float(np.std(random_sims)) if len(random_sims) else 0.1, 0.03)
    if neg_mean >= pos_mean - 0.02:
        # The document pair does not separate translations from noise (e.g. unrelated texts).
        pos_mean = neg_mean + 0.02
    return _Calibration(pos_mean, pos_sd, neg_mean, neg_sd)


def align_vectors(
    src_vectors: np.ndarray,
    tgt_vectors: np.ndarray,
    src_weights: np.ndarray,
    tgt_weights: np.ndarray,
    config: SentenceAlignerConfig | None = None,
    *,
    src_anchors: Sequence[Sequence[str]] | None = None,
    tgt_anchors: Sequence[Sequence[str]] | None = None,
) -> list[Alignment]:
    """Align two sequences of sentence vectors (L2-normalized) with per-sentence weights.

    ``src_anchors`` / ``tgt_anchors`` are optional language-independent tokens per sentence (see
    :func:`number_anchors`); each anchor found on one side of a link and not on the other adds
    ``anchor_weight`` times the typical link cost, which keeps a dropped sentence from being
    merged into a neighbour that does not carry its numbers.

    Returns alignments in target order of the main path, with moves (``moved=True``) inserted
    where their target sentence stands. ``score`` is a cost (lower is better: the bead cost of the
    dynamic programme, or 1 - cosine for moves and attached fragments); ``confidence`` is the
    calibrated probability that the link is right (for an unaligned sentence: that it really has
    no counterpart).
    """
    config = config or SentenceAlignerConfig()
    src_vectors = np.asarray(src_vectors, dtype=np.float32)
    tgt_vectors = np.asarray(tgt_vectors, dtype=np.float32)
    n, m = len(src_vectors), len(tgt_vectors)
    if n == 0 and m == 0:
        return []
    if n == 0:
        return [Alignment((), (j,), 0.0, 1.0) for j in range(m)]
    if m == 0:
        return [Alignment((i,), (), 0.0, 1.0) for i in range(n)]
    if src_vectors.shape[1] != tgt_vectors.shape[1]:
        raise InputError(f"source and target vectors differ in dimension ({src_vectors.shape[1]} vs {tgt_vectors.shape[1]})")
    if config.center and n >= MIN_CENTER and m >= MIN_CENTER:
        src_vectors, tgt_vectors = center(src_vectors), center(tgt_vectors)
    rng = np.random.default_rng(config.seed)
    overlap = config.max_overlap
    beads = [bd for bd in DEFAULT_BEADS if bd[0] <= min(overlap, n) and bd[1] <= min(overlap, m)]
    src_ov = overlap_vectors(src_vectors, np.asarray(src_weights, dtype=np.float64), overlap)
    tgt_ov = overlap_vectors(tgt_vectors, np.asarray(tgt_weights, dtype=np.float64), overlap)
    src_norm = np.stack([_distance_to_random(src_ov[k], tgt_vectors, config.samples, rng) for k in range(overlap)])
    tgt_norm = np.stack([_distance_to_random(tgt_ov[k], src_vectors, config.samples, rng) for k in range(overlap)])
    dense = n * m <= config.dense_cells
    band = full_band(n, m) if dense else coarse_band(src_vectors, tgt_vectors, config.coarse_size, config.band_margin)
    costs = BeadCosts(src_ov, tgt_ov, src_norm, tgt_norm, dense=dense)
    random_cost = float(np.median(costs.one_to_one_sample(rng)))
    # First pass with a generous skip finds the links; their costs set the real skip penalty.
    first = _dynamic_programme(n, m, costs, random_cost / 2, beads, band)
    link_costs = [cost for s, t, cost in first if len(s) == 1 and len(t) == 1]
    link_cost = float(np.median(link_costs)) if link_costs else random_cost / 2
    skip = config.skip_factor * (link_cost + random_cost)
    if src_anchors is not None and tgt_anchors is not None and config.anchor_weight > 0:
        vocabulary = anchor_vocabulary([*src_anchors, *tgt_anchors])
        costs.with_anchors(anchor_sets(src_anchors, vocabulary, overlap), anchor_sets(tgt_anchors, vocabulary, overlap),
                           config.anchor_weight * link_cost)
    path = _dynamic_programme(n, m, costs, skip, beads, band)

    sims = _Similarities(src_vectors, tgt_vectors)
    link_sims = np.array([
        float(src_ov[len(s) - 1, s[0]] @ tgt_ov[len(t) - 1, t[0]]) for s, t, _ in path if s and t
    ])
    random_pairs = rng.integers(0, [n, m], size=(min(256, n * m), 2))
    random_sims = np.einsum("ij,ij->i", src_vectors[random_pairs[:, 0]], tgt_vectors[random_pairs[:, 1]])
    calibration = _calibrate(link_sims, random_sims)

    alignments = []
    for s, t, cost in path:
        if s and t:
            sim = float(src_ov[len(s) - 1, s[0]] @ tgt_ov[len(t) - 1, t[0]])
            alignments.append(Alignment(s, t, round(cost, 4), round(calibration.probability(sim), 4)))
        else:
            # Confidence that the sentence really has no counterpart: 1 - its best link probability.
            best = sims.row_max(s[0]) if s else sims.col_max(t[0])
            alignments.append(Alignment(s, t, round(cost, 4), round(1.0 - calibration.probability(best), 4)))
    alignments = _detach_strays(alignments, src_vectors, tgt_vectors, src_weights, tgt_weights, sims, calibration)
    alignments = _pair_moves(alignments, sims, calibration, config.move_threshold)
    return _attach_fragments(alignments, src_vectors, tgt_vectors, src_weights, tgt_weights, calibration, overlap)


class _Similarities:
    """Cosines between single sentences, computed on demand (no N x M matrix for long texts)."""

    def __init__(self, src: np.ndarray, tgt: np.ndarray) -> None:
        self.src, self.tgt = src, tgt
        self._row_max: dict[int, float] = {}
        self._col_max: dict[int, float] = {}

    def pair(self, i: int, j: int) -> float:
        return float(self.src[i] @ self.tgt[j])

    def row_max(self, i: int) -> float:
        if i not in self._row_max:
            self._row_max[i] = float((self.tgt @ self.src[i]).max())
        return self._row_max[i]

    def col_max(self, j: int) -> float:
        if j not in self._col_max:
            self._col_max[j] = float((self.src @ self.tgt[j]).max())
        return self._col_max[j]


def center(vectors: np.ndarray) -> np.ndarray:
    """Remove the mean vector of one side and re-normalize.

    Encoders such as e5 put every sentence in a narrow cone (random pairs have cosine ~0.75) and
    add a language-specific offset. Subtracting each side's mean leaves what distinguishes the
    sentences, which makes cosine of composed vectors meaningful (a fragment that belongs to a
    sentence raises the similarity of the merged bead; an unrelated one lowers it).
    """
    centered = vectors - vectors.mean(axis=0, keepdims=True)
    return centered / np.maximum(np.linalg.norm(centered, axis=1, keepdims=True), 1e-12)


def _compose(vectors: np.ndarray, weights: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    idx = list(indices)
    summed = (vectors[idx] * np.asarray(weights, dtype=np.float64)[idx, None]).sum(axis=0)
    return summed / max(float(np.linalg.norm(summed)), 1e-12)


def _detach_strays(
    alignments: list[Alignment],
    src_vectors: np.ndarray,
    tgt_vectors: np.ndarray,
    src_weights: np.ndarray,
    tgt_weights: np.ndarray,
    sims: _Similarities,
    calibration: _Calibration,
) -> list[Alignment]:
    """Split off the first or last sentence of a many-sentence link when the link is more similar
    without it: a dropped sentence or an added one that the dynamic programme folded into a
    neighbouring link (the mirror image of :func:`_attach_fragments`, which needs the opposite)."""
    out = list(alignments)
    changed = True
    while changed:
        changed = False
        for k, link in enumerate(out):
            if link.moved or not (link.source and link.target):
                continue
            with_all = float(_compose(src_vectors, src_weights, link.source) @ _compose(tgt_vectors, tgt_weights, link.target))
            # Candidate strays: an end sentence of either side, or one end of each (a dropped
            # sentence and an added one folded into the same link).
            src_ends = [None] + ([link.source[0], link.source[-1]] if len(link.source) > 1 else [])
            tgt_ends = [None] + ([link.target[0], link.target[-1]] if len(link.target) > 1 else [])
            options = []
            for drop_src in src_ends:
                for drop_tgt in tgt_ends:
                    if drop_src is None and drop_tgt is None:
                        continue
                    src_idx = tuple(i for i in link.source if i != drop_src)
                    tgt_idx = tuple(j for j in link.target if j != drop_tgt)
                    without = float(_compose(src_vectors, src_weights, src_idx) @ _compose(tgt_vectors, tgt_weights, tgt_idx))
                    if without > with_all:
                        options.append((without - with_all, drop_src, drop_tgt, src_idx, tgt_idx, without))
            if not options:
                continue
            _, drop_src, drop_tgt, src_idx, tgt_idx, without = max(options, key=lambda o: o[0])
            kept = Alignment(src_idx, tgt_idx, round(1.0 - without, 4), round(calibration.probability(without), 4))
            before, after = [], []
            if drop_src is not None:
                stray = Alignment((drop_src,), (), 0.0, round(1.0 - calibration.probability(sims.row_max(drop_src)), 4))
                (before if drop_src == link.source[0] else after).append(stray)
            if drop_tgt is not None:
                stray = Alignment((), (drop_tgt,), 0.0, round(1.0 - calibration.probability(sims.col_max(drop_tgt)), 4))
                (before if drop_tgt == link.target[0] else after).append(stray)
            out[k:k + 1] = [*before, kept, *after]
            changed = True
            break
    return out


def _attach_fragments(
    alignments: list[Alignment],
    src_vectors: np.ndarray,
    tgt_vectors: np.ndarray,
    src_weights: np.ndarray,
    tgt_weights: np.ndarray,
    calibration: _Calibration,
    max_overlap: int,
) -> list[Alignment]:
    """Attach an unaligned sentence to a neighbouring link when it belongs there.

    A sentence broken in two by the translation leaves a short fragment whose own vector matches
    nothing well, so the dynamic programme leaves it unaligned. It belongs to a neighbouring link
    when adding it does not lower that link's similarity (an unrelated addition does).
    """
    out = list(alignments)
    changed = True
    while changed:
        changed = False
        for k, gap in enumerate(out):
            if gap.moved or (gap.source and gap.target):
                continue
            side_is_target = not gap.source
            index = gap.target[0] if side_is_target else gap.source[0]
            best: tuple[float, int, Alignment] | None = None
            for n_k in (k - 1, k + 1):
                if not 0 <= n_k < len(out):
                    continue
                link = out[n_k]
                if link.moved or not (link.source and link.target):
                    continue
                members = link.target if side_is_target else link.source
                if index not in (min(members) - 1, max(members) + 1) or len(members) >= max_overlap:
                    continue
                before = float(_compose(src_vectors, src_weights, link.source) @ _compose(tgt_vectors, tgt_weights, link.target))
                src_idx = link.source if side_is_target else tuple(sorted((*link.source, index)))
                tgt_idx = tuple(sorted((*link.target, index))) if side_is_target else link.target
                after = float(_compose(src_vectors, src_weights, src_idx) @ _compose(tgt_vectors, tgt_weights, tgt_idx))
                gain = after - before
                if gain >= 0 and (best is None or gain > best[0]):
                    merged = Alignment(src_idx, tgt_idx, round(1.0 - after, 4), round(calibration.probability(after), 4))
                    best = (gain, n_k, merged)
            if best is not None:
                _, n_k, merged = best
                out[n_k] = merged
                del out[k]
                changed = True
                break
    return out


def _pair_moves(
    alignments: list[Alignment], sims: _Similarities, calibration: _Calibration, threshold: float
) -> list[Alignment]:
    """Replace a deletion and an insertion that translate each other by one moved 1-1 link."""
    deleted = [a.source[0] for a in alignments if not a.target]
    inserted = [a.target[0] for a in alignments if not a.source]
    if not deleted or not inserted:
        return alignments
    candidates = sorted(((sims.pair(i, j), i, j) for i in deleted for j in inserted), reverse=True)
    used_src: set[int] = set()
    used_tgt: set[int] = set()
    moves: dict[int, Alignment] = {}
    for sim, i, j in candidates:
        if i in used_src or j in used_tgt:
            continue
        probability = calibration.probability(sim)
        if probability < threshold:
            break
        # A move must be the best partner of both sentences, not just better than nothing.
        if sim < sims.row_max(i) - 1e-6 and sim < sims.col_max(j) - 1e-6:
            continue
        used_src.add(i)
        used_tgt.add(j)
        moves[j] = Alignment((i,), (j,), round(1.0 - sim, 4), round(probability, 4), moved=True)
    out = []
    for a in alignments:
        if not a.target and a.source[0] in used_src:
            continue
        if not a.source and a.target[0] in used_tgt:
            out.append(moves[a.target[0]])
            continue
        out.append(a)
    return out


@dataclass(frozen=True)
class SentenceAlignment:
    """The sentence alignment of a story pair, with what produced it."""

    source: Document
    target: Document
    alignments: tuple[Alignment, ...]
    signature: Signature

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source.id,
            "target_id": self.target.id,
            "alignments": [a.to_dict() for a in self.alignments],
            "signature": self.signature.format(),
        }

    def records(self) -> list[dict[str, Any]]:
        """One JSONL record per link, with the sentences' texts and offsets for people and reports."""
        out = []
        for a in self.alignments:
            record: dict[str, Any] = {"kind": "move" if a.moved else a.kind, **a.to_dict()}
            record["source_text"] = " ".join(self.source.segments[i].text for i in a.source)
            record["target_text"] = " ".join(self.target.segments[j].text for j in a.target)
            record["source_spans"] = [[self.source.segments[i].start, self.source.segments[i].end] for i in a.source]
            record["target_spans"] = [[self.target.segments[j].start, self.target.segments[j].end] for j in a.target]
            out.append(record)
        return out

    def vecalign_lines(self) -> list[str]:
        """vecalign's format: ``[0, 1]:[0]:0.123`` per link, empty brackets for unaligned sentences."""
        return [f"[{', '.join(map(str, a.source))}]:[{', '.join(map(str, a.target))}]:{a.score:.6f}"
                for a in self.alignments]


def align_sentences(
    source: Document,
    target: Document,
    encoder: Encoder | str = "e5-small",
    config: SentenceAlignerConfig | None = None,
    *,
    batch_size: int = 64,
) -> SentenceAlignment:
    """Align the sentences of a story and its translation.

    Sentence vectors come from ``encoder`` (a name or an :class:`~mtqa.encoders.Encoder`); weights
    are sentence lengths in characters, so a composed vector leans on the longer sentence as a
    mean-pooled vector of the concatenation would.
    """
    from mtqa.encoders import get_encoder

    config = config or SentenceAlignerConfig()
    enc = get_encoder(encoder) if isinstance(encoder, str) else encoder
    src_texts, tgt_texts = source.sentences, target.sentences
    vectors = (enc.embed([*src_texts, *tgt_texts], batch_size=batch_size, layer=config.layer)
               if src_texts or tgt_texts else np.zeros((0, 1)))
    links = align_vectors(
        vectors[: len(src_texts)],
        vectors[len(src_texts):],
        np.array([len(t) for t in src_texts], dtype=np.float64),
        np.array([len(t) for t in tgt_texts], dtype=np.float64),
        config,
        src_anchors=[number_anchors(t) for t in src_texts],
        tgt_anchors=[number_anchors(t) for t in tgt_texts],
    )
    signature = Signature({"task": "align-sents", "model": enc.signature, "src": source.language,
                           "tgt": target.language, **config.settings()})
    return SentenceAlignment(source, target, tuple(links), signature)
