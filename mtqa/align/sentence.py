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
    anchor_weight: float = 0.5

    def settings(self) -> dict[str, Any]:
        """The settings that change results, for signatures."""
        return {"overlap": self.max_overlap, "skip": self.skip_factor, "move": self.move_threshold,
                "center": "yes" if self.center else "no", "anchors": self.anchor_weight}


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


def anchor_mismatch(
    src_anchors: Sequence[Sequence[str]], tgt_anchors: Sequence[Sequence[str]], max_overlap: int
) -> dict[tuple[int, int], np.ndarray]:
    """For every bead (a, b) with a, b > 0: how many distinct anchors appear on one side only.

    Returns arrays shaped like :func:`bead_costs`' (n - a + 1, m - b + 1). Computed with set
    indicators and one matrix product per bead, so it stays cheap for long texts.
    """
    vocabulary = {tok: k for k, tok in enumerate(sorted({t for side in (src_anchors, tgt_anchors) for s in side for t in s}))}

    def indicators(side: Sequence[Sequence[str]]) -> np.ndarray:
        counts = np.zeros((len(side) + 1, max(len(vocabulary), 1)), dtype=np.float32)
        for i, anchors in enumerate(side):
            for tok in anchors:
                counts[i + 1, vocabulary[tok]] += 1
        return np.cumsum(counts, axis=0)

    src_cum, tgt_cum = indicators(src_anchors), indicators(tgt_anchors)
    out = {}
    for a in range(1, max_overlap + 1):
        src_sets = (src_cum[a:] - src_cum[:-a] > 0).astype(np.float32)
        for b in range(1, max_overlap + 1):
            tgt_sets = (tgt_cum[b:] - tgt_cum[:-b] > 0).astype(np.float32)
            shared = src_sets @ tgt_sets.T
            out[(a, b)] = src_sets.sum(axis=1)[:, None] + tgt_sets.sum(axis=1)[None, :] - 2 * shared
    return out


def _distance_to_random(vectors: np.ndarray, others: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Mean (1 - cos) of each vector to a random sample of the other side's sentences."""
    if len(others) == 0:
        return np.ones(len(vectors), dtype=np.float32)
    idx = rng.choice(len(others), size=min(samples, len(others)), replace=False)
    return 1.0 - (vectors @ others[idx].T).mean(axis=1)


def bead_costs(
    src_overlaps: np.ndarray,
    tgt_overlaps: np.ndarray,
    src_norm: np.ndarray,
    tgt_norm: np.ndarray,
    bead: tuple[int, int],
) -> np.ndarray:
    """Cost of bead (a, b) starting at every (i, j): shape (n - a + 1, m - b + 1), a, b > 0."""
    a, b = bead
    x = src_overlaps[a - 1, : src_overlaps.shape[1] - a + 1]
    y = tgt_overlaps[b - 1, : tgt_overlaps.shape[1] - b + 1]
    distance = 1.0 - x @ y.T
    normalizer = src_norm[a - 1, : x.shape[0], None] + tgt_norm[b - 1, None, : y.shape[0]]
    # vecalign multiplies by the sentence counts: averaging several sentences lowers the distance
    # by itself, and without the penalty merged beads would win over equally good 1-1 links.
    return distance * (a * b) / np.maximum(normalizer, 1e-6) * 2.0


def _dynamic_programme(
    n: int, m: int, costs: dict[tuple[int, int], np.ndarray], skip: float, beads: Sequence[tuple[int, int]]
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Minimum-cost monotone path; returns beads as (source indices, target indices, bead cost)."""
    inf = np.float64(np.inf)
    total = np.full((n + 1, m + 1), inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int8)
    total[0, 0] = 0.0
    insertion = beads.index((0, 1)) if (0, 1) in beads else -1
    columns = np.arange(m + 1)
    for i in range(n + 1):
        row = total[i].copy()
        choice = back[i].copy()
        for k, (a, b) in enumerate(beads):
            if a == 0 or a > i:
                continue
            prev = total[i - a, : m + 1 - b]
            if b == 0:
                candidate = prev + skip
            else:
                cost = costs[(a, b)]
                candidate = prev[: cost.shape[1]] + cost[i - a]
                candidate = np.concatenate([candidate, np.full(m + 1 - b - len(candidate), inf)])
            better = candidate < row[b:]
            row[b:][better] = candidate[better]
            choice[b:][better] = k
        if insertion >= 0:
            # An insertion extends the same row: total[i, j] = min(row[j], total[i, j-1] + skip),
            # which is a running minimum of row[k] + (j - k) * skip.
            shifted = row - columns * skip
            running = np.minimum.accumulate(shifted)
            via_insert = running + columns * skip
            from_left = np.concatenate([[False], via_insert[1:] < row[1:] - 1e-12])
            row = np.where(from_left, via_insert, row)
            choice = np.where(from_left, insertion, choice)
        total[i] = row
        back[i] = choice
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j])
        if k < 0:  # pragma: no cover - the full grid is always reachable
            raise RuntimeError("sentence alignment found no path")
        a, b = beads[k]
        step = total[i, j] - total[i - a, j - b]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j)), float(step)))
        i, j = i - a, j - b
    path.reverse()
    return path


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
    costs = {bd: bead_costs(src_ov, tgt_ov, src_norm, tgt_norm, bd) for bd in beads if bd[0] and bd[1]}
    random_cost = float(np.median(costs[(1, 1)]))
    # First pass with a generous skip finds the links; their costs set the real skip penalty.
    first = _dynamic_programme(n, m, costs, random_cost / 2, beads)
    link_costs = [cost for s, t, cost in first if len(s) == 1 and len(t) == 1]
    link_cost = float(np.median(link_costs)) if link_costs else random_cost / 2
    skip = config.skip_factor * (link_cost + random_cost)
    if src_anchors is not None and tgt_anchors is not None and config.anchor_weight > 0:
        mismatch = anchor_mismatch(src_anchors, tgt_anchors, overlap)
        costs = {bd: c + config.anchor_weight * link_cost * mismatch[bd][: c.shape[0], : c.shape[1]]
                 for bd, c in costs.items()}
    path = _dynamic_programme(n, m, costs, skip, beads)

    sims = src_vectors @ tgt_vectors.T
    link_sims = np.array([
        float(src_ov[len(s) - 1, s[0]] @ tgt_ov[len(t) - 1, t[0]]) for s, t, _ in path if s and t
    ])
    random_pairs = rng.integers(0, [n, m], size=(min(256, n * m), 2))
    random_sims = sims[random_pairs[:, 0], random_pairs[:, 1]]
    calibration = _calibrate(link_sims, random_sims)

    alignments = []
    for s, t, cost in path:
        if s and t:
            sim = float(src_ov[len(s) - 1, s[0]] @ tgt_ov[len(t) - 1, t[0]])
            alignments.append(Alignment(s, t, round(cost, 4), round(calibration.probability(sim), 4)))
        else:
            # Confidence that the sentence really has no counterpart: 1 - its best link probability.
            best = float(sims[s[0]].max()) if s else float(sims[:, t[0]].max())
            alignments.append(Alignment(s, t, round(cost, 4), round(1.0 - calibration.probability(best), 4)))
    alignments = _pair_moves(alignments, sims, calibration, config.move_threshold)
    return _attach_fragments(alignments, src_vectors, tgt_vectors, src_weights, tgt_weights, calibration, overlap)


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
    alignments: list[Alignment], sims: np.ndarray, calibration: _Calibration, threshold: float
) -> list[Alignment]:
    """Replace a deletion and an insertion that translate each other by one moved 1-1 link."""
    deleted = [a.source[0] for a in alignments if not a.target]
    inserted = [a.target[0] for a in alignments if not a.source]
    if not deleted or not inserted:
        return alignments
    candidates = sorted(((float(sims[i, j]), i, j) for i in deleted for j in inserted), reverse=True)
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
        if sim < sims[i].max() - 1e-6 and sim < sims[:, j].max() - 1e-6:
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
    vectors = enc.embed([*src_texts, *tgt_texts], batch_size=batch_size) if src_texts or tgt_texts else np.zeros((0, 1))
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
