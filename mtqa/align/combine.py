"""Combining neural (SimAlign-style) and statistical (eflomal) word links for the same pairs.

The two aligners fail differently. The neural one is precise but links each word once (ArgMax is
one-to-one), so it misses the second half of one-to-many links (πρωθυπουργός ↔ "prime
minister") and words whose vectors are ambiguous. eflomal learns from co-occurrence in a corpus,
gives one-to-many links after symmetrization and knows the corpus vocabulary well, but it is
noisy on rare words and on sentences unlike its training data.

The rule, a weighted vote per cell ``(i, j)``::

    score(i, j) = P_neural(i, j) + weight * A_stat(i, j)        link if score >= threshold

``P_neural`` is the neural link probability (:func:`mtqa.align.word.link_probabilities`: the
geometric mean of the row and column softmax of the cosine matrix) for *every* cell when the
matrix is given, otherwise the probability of the neural links and 0 elsewhere. ``A_stat`` is
eflomal's agreement: 1.0 when both directions proposed the link, 0.5 when one did, 0 when the
symmetrized alignment does not have it. A neural ArgMax link is always kept (``keep_neural``):
the vote only *adds* links. With the defaults (weight 0.5, threshold 0.5, min_similarity 0.5):

- a link both eflomal directions agree on is added whatever the neural probability, if the two
  words' cosine is at least ``min_similarity`` (a guard against eflomal noise on rare words);
- a link only one eflomal direction proposed needs ``P_neural >= 0.25`` (and the cosine);
- a cell eflomal does not propose needs ``P_neural >= 0.5`` (and the cosine): a clear second
  neural partner that ArgMax left out (ArgMax links each word once).

The defaults were picked with ``scripts/bench_word_align_stat.py`` on the 30 gold pairs (eflomal
with grow-diag-final-and, trained on them plus the po corpus, two benchmark runs of 2 eflomal
runs each): AER 0.033 against 0.051 for the neural aligner alone (precision 0.994 vs 1.000,
recall 0.940 vs 0.902). Settings with weight 0.5 / threshold 0.5 and a cosine guard of 0.4-0.5
led a grid of 72 with any symmetrization (0.032-0.039); without the guard, or with weight 1 /
threshold 1 (eflomal-both links only), the gain was small (0.042-0.054). Picked from a small
gold set, so expect a little less on other text. With eflomal trained on the 30 gold sentences
alone (no corpus; eflomal by itself is poor there, AER 0.35) the combination still scores
0.032-0.036: the cosine guard keeps eflomal's noise out, and part of the gain is the neural
second partners (``P_neural >= 0.5``) alone.

>>> from mtqa.align.word import WordAlignmentResult, WordLink
>>> sp = ((0, 1), (2, 3), (4, 5))
>>> neural = WordAlignmentResult("a b c", "x y z", sp, sp, (WordLink(0, 0, 0.95, 0.8),))
>>> stat = WordAlignmentResult("a b c", "x y z", sp, sp, (WordLink(0, 0, 1.0, 0.0),
...                            WordLink(1, 1, 1.0, 0.0), WordLink(2, 1, 0.5, 0.0)))
>>> combine(neural, stat).to_pharaoh()  # (2, 1): one direction only and no neural support
'0-0 1-1'
>>> combine(neural, stat, similarities=np.full((3, 3), 0.1)).to_pharaoh()  # cosine guard
'0-0'
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from mtqa.align.statistical import EflomalAligner, TrainingPair
from mtqa.align.word import (
    WordAligner,
    WordAlignmentResult,
    WordLink,
    link_probabilities,
    similarity,
    word_vectors_from_states,
)
from mtqa.data import Signature
from mtqa.errors import ConfigError, InputError

if TYPE_CHECKING:  # pragma: no cover
    from mtqa.encoders.base import Encoder

__all__ = [
    "DEFAULT_MIN_SIMILARITY",
    "DEFAULT_THRESHOLD",
    "DEFAULT_WEIGHT",
    "CombinedAligner",
    "combine",
    "combine_batch",
    "vote_matrix",
]

log = logging.getLogger("mtqa.align")

DEFAULT_WEIGHT = 0.5
DEFAULT_THRESHOLD = 0.5
DEFAULT_MIN_SIMILARITY = 0.5


def vote_matrix(
    neural_prob: np.ndarray, stat_agreement: np.ndarray, *, weight: float = DEFAULT_WEIGHT
) -> np.ndarray:
    """``neural_prob + weight * stat_agreement``, element-wise, with shape checks.

    >>> vote_matrix(np.array([[0.9, 0.1]]), np.array([[0.0, 1.0]]), weight=0.5).tolist()
    [[0.9, 0.6]]
    """
    p = np.asarray(neural_prob, dtype=np.float64)
    a = np.asarray(stat_agreement, dtype=np.float64)
    if p.shape != a.shape:
        raise InputError(f"neural and statistical matrices differ in shape: {p.shape} vs {a.shape}")
    return p + weight * a


def _check_same_words(neural: WordAlignmentResult, stat: WordAlignmentResult) -> None:
    if (
        neural.source_text != stat.source_text
        or neural.target_text != stat.target_text
        or neural.source_spans != stat.source_spans
        or neural.target_spans != stat.target_spans
    ):
        raise InputError(
            "neural and statistical results are not over the same words "
            f"({neural.source_text[:40]!r} …); align both with the same tokenizer or spans"
        )


def combine(
    neural: WordAlignmentResult,
    statistical: WordAlignmentResult,
    *,
    probabilities: np.ndarray | None = None,
    similarities: np.ndarray | None = None,
    weight: float = DEFAULT_WEIGHT,
    threshold: float = DEFAULT_THRESHOLD,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    keep_neural: bool = True,
    signature: str | None = None,
) -> WordAlignmentResult:
    """Combine two results over the same words with the weighted vote of the module docstring.

    ``probabilities`` / ``similarities`` are the neural ``(m, n)`` probability and cosine
    matrices of this pair (optional: without them only neural links carry a probability, and
    ``min_similarity`` is checked against neural links' own similarity, i.e. not at all for
    eflomal-only links). Each output link's ``probability`` is the normalized vote
    ``score / (1 + weight)`` and ``similarity`` the cosine (0.0 where unknown).

    >>> from mtqa.align.word import WordAlignmentResult, WordLink
    >>> sp = ((0, 1), (2, 3))
    >>> n = WordAlignmentResult("a b", "x y", sp, sp, (WordLink(0, 0, 0.9, 0.8),))
    >>> s = WordAlignmentResult("a b", "x y", sp, sp, (WordLink(1, 0, 0.5, 0.0), WordLink(1, 1, 0.5, 0.0)))
    >>> prob = np.array([[0.9, 0.0], [0.1, 0.3]])
    >>> [(l.source, l.target, round(l.probability, 2)) for l in combine(n, s, probabilities=prob).links]
    [(0, 0, 0.6), (1, 1, 0.37)]
    """
    _check_same_words(neural, statistical)
    m, n = len(neural.source_spans), len(neural.target_spans)
    if weight < 0 or threshold <= 0:
        raise ConfigError(f"combine needs weight >= 0 and threshold > 0, got {weight} and {threshold}")
    for name, mat in (("probabilities", probabilities), ("similarities", similarities)):
        if mat is not None and np.shape(mat) != (m, n):
            raise InputError(f"{name} matrix has shape {np.shape(mat)}, expected {(m, n)}")
    prob = np.zeros((m, n)) if probabilities is None else np.asarray(probabilities, dtype=np.float64)
    sim = np.zeros((m, n)) if similarities is None else np.asarray(similarities, dtype=np.float64)
    neural_links = {(ln.source, ln.target): ln for ln in neural.links}
    if probabilities is None:
        prob = prob.copy()
        for (i, j), ln in neural_links.items():
            prob[i, j] = ln.probability
    if similarities is None:
        sim = sim.copy()
        for (i, j), ln in neural_links.items():
            sim[i, j] = ln.similarity
    agree = np.zeros((m, n))
    for ln in statistical.links:
        agree[ln.source, ln.target] = ln.probability  # EflomalAligner: 1.0 both / 0.5 one direction
    score = vote_matrix(prob, agree, weight=weight)
    chosen = {(int(i), int(j)) for i, j in zip(*np.nonzero(score >= threshold - 1e-12))}
    if similarities is not None and min_similarity > 0:
        chosen = {c for c in chosen if c in neural_links or sim[c] >= min_similarity}
    if keep_neural:
        chosen |= set(neural_links)
    norm = 1.0 + weight
    links = tuple(
        WordLink(i, j, float(min(1.0, score[i, j] / norm)), float(sim[i, j])) for i, j in sorted(chosen)
    )
    return WordAlignmentResult(
        neural.source_text,
        neural.target_text,
        neural.source_spans,
        neural.target_spans,
        links,
        signature if signature is not None else neural.signature,
    )


def combine_batch(
    neural: Sequence[WordAlignmentResult],
    statistical: Sequence[WordAlignmentResult],
    *,
    probabilities: Sequence[np.ndarray] | None = None,
    similarities: Sequence[np.ndarray] | None = None,
    **options: float | bool | str | None,
) -> list[WordAlignmentResult]:
    """:func:`combine` pair by pair; the lists must line up."""
    if len(neural) != len(statistical):
        raise InputError(f"{len(neural)} neural results but {len(statistical)} statistical ones")
    for name, mats in (("probabilities", probabilities), ("similarities", similarities)):
        if mats is not None and len(mats) != len(neural):
            raise InputError(f"{len(mats)} {name} matrices for {len(neural)} results")
    return [
        combine(
            nr,
            sr,
            probabilities=None if probabilities is None else probabilities[k],
            similarities=None if similarities is None else similarities[k],
            **options,  # type: ignore[arg-type]
        )
        for k, (nr, sr) in enumerate(zip(neural, statistical))
    ]


class CombinedAligner:
    """Neural :class:`~mtqa.align.word.WordAligner` + :class:`~mtqa.align.statistical.EflomalAligner`,
    combined with :func:`combine`.

    Both align the same words (the neural result's spans are handed to eflomal); the neural
    cosine and probability matrices are recomputed from the encoder's cached token states, so
    the vote sees every cell, not only the neural links.

    >>> CombinedAligner("hash")  # doctest: +ELLIPSIS
    CombinedAligner(WordAligner('hash', ...), EflomalAligner(...), weight=0.5, threshold=0.5, min_similarity=0.5)
    """

    def __init__(
        self,
        neural: WordAligner | str | Encoder = "e5-small",
        statistical: EflomalAligner | None = None,
        *,
        weight: float = DEFAULT_WEIGHT,
        threshold: float = DEFAULT_THRESHOLD,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
    ) -> None:
        if weight < 0 or threshold <= 0:
            raise ConfigError(f"combine needs weight >= 0 and threshold > 0, got {weight} and {threshold}")
        self.neural = neural if isinstance(neural, WordAligner) else WordAligner(neural)
        self.statistical = statistical if statistical is not None else EflomalAligner()
        self.weight = weight
        self.threshold = threshold
        self.min_similarity = min_similarity

    def signature(self, training_pairs: int | None = None) -> str:
        """Neural settings, eflomal settings and the vote, in one sacrebleu-style string."""
        neural = self.neural.signature.split("|", 1)[1]
        # The statistical settings get a prefix: both aligners have a "model" and a "tok".
        stat = "|".join(f"stat.{part}" for part in self.statistical.signature(training_pairs).split("|")[1:])
        vote = Signature(
            {"combine": "vote", "w": f"{self.weight:g}", "t": f"{self.threshold:g}", "minsim": f"{self.min_similarity:g}"}
        ).format()
        return f"{vote}|{neural}|{stat}"

    def matrices(self, results: Sequence[WordAlignmentResult], batch_size: int = 32) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(probabilities, similarities)`` word matrices of each result, from the neural encoder
        (token states come from its cache when the neural aligner just saw the texts)."""
        encoder = self.neural.encoder
        texts: dict[str, None] = {}
        for r in results:
            if r.source_spans and r.target_spans:
                texts.setdefault(r.source_text)
                texts.setdefault(r.target_text)
        order = list(texts)
        states = dict(
            zip(order, encoder.token_states(order, layer=self.neural.layer, prefix=self.neural.prefix, batch_size=batch_size))
        ) if order else {}
        out = []
        for r in results:
            m, n = len(r.source_spans), len(r.target_spans)
            if not m or not n:
                out.append((np.zeros((m, n)), np.zeros((m, n))))
                continue
            s, t = states[r.source_text], states[r.target_text]
            sv = word_vectors_from_states(s.vectors, s.offsets, r.source_spans, r.source_text)
            tv = word_vectors_from_states(t.vectors, t.offsets, r.target_spans, r.target_text)
            sim = similarity(sv, tv)
            out.append((link_probabilities(sim, self.neural.temperature), sim))
        return out

    def align_batch(
        self,
        pairs: Iterable[tuple[str, str]],
        *,
        extra_training: Iterable[TrainingPair] | None = None,
        batch_size: int = 32,
        chunk_size: int = 256,
    ) -> list[WordAlignmentResult]:
        """Align ``pairs`` with both aligners (eflomal trained on the pairs plus
        ``extra_training``) and combine. Results come back in input order."""
        pairs = list(pairs)
        t0 = time.perf_counter()
        neural: list[WordAlignmentResult] = []
        mats: list[tuple[np.ndarray, np.ndarray]] = []
        # In chunks, so the token states the neural aligner computed are still in the encoder's
        # LRU cache (1024 texts) when the matrices are rebuilt.
        for lo in range(0, len(pairs), max(1, chunk_size)):
            chunk = self.neural.align_batch(pairs[lo : lo + chunk_size], batch_size=batch_size)
            neural.extend(chunk)
            mats.extend(self.matrices(chunk, batch_size=batch_size))
        log.info("combined aligner: neural links for %d pairs in %.1f s", len(pairs), time.perf_counter() - t0)
        stat = self.statistical.align_batch(
            pairs,
            extra_training=extra_training,
            spans=[(r.source_spans, r.target_spans) for r in neural],
        )
        signature = self.signature(self.statistical.last_training_size)
        return [
            combine(
                nr,
                sr,
                probabilities=p,
                similarities=s,
                weight=self.weight,
                threshold=self.threshold,
                min_similarity=self.min_similarity,
                signature=signature,
            )
            for nr, sr, (p, s) in zip(neural, stat, mats)
        ]

    def align(
        self, src_text: str, tgt_text: str, *, extra_training: Iterable[TrainingPair] | None = None
    ) -> WordAlignmentResult:
        """Align one pair (eflomal needs ``extra_training`` to be of any use here)."""
        return self.align_batch([(src_text, tgt_text)], extra_training=extra_training)[0]

    def __repr__(self) -> str:
        return (
            f"CombinedAligner({self.neural!r}, {self.statistical!r}, weight={self.weight}, "
            f"threshold={self.threshold}, min_similarity={self.min_similarity})"
        )
