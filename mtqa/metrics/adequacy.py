"""Neural adequacy: a calibrated probability that each translation translates its source.

The probability is estimated from the batch itself, with no trained quality model: the cosines of
the given (source, translation) pairs are compared with the cosines of mismatched pairs (the
translations shifted by one), and the same two-Gaussian calibration the sentence aligner uses per
story turns a cosine into P(translation). A batch therefore needs a few pairs (at least 4) before
"mismatched" means anything; with fewer, every score is ``None``.

>>> from mtqa.encoders import get_encoder
>>> sources = ["Ο σεισμός έγινε το πρωί.", "Το λιμάνι έκλεισε.", "Η απεργία έληξε.", "Οι τιμές ανέβηκαν."]
>>> scores = adequacy_scores(get_encoder("hash"), sources, sources)
>>> len(scores), all(0.0 <= s <= 1.0 for s in scores)
(4, True)
>>> adequacy_scores(get_encoder("hash"), sources[:3], sources[:3])
[None, None, None]

That probability is near 1 for any real translation, even one with a wrong number or a dropped
clause: it says "this is a translation of that", not "an adequate one". :func:`link_features`
describes each sentence link by what the pipeline already computed (sentence cosine, that
probability, how much of each side the word alignment covers, the length ratio), and
:func:`sentence_adequacy` turns them into P(adequate translation) with the logistic model of a
:class:`mtqa.calibration.Calibration` fitted on held-out injected errors (``scripts/calibrate.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mtqa.align.word import WordAlignmentResult
    from mtqa.calibration import Calibration
    from mtqa.checks.base import CheckContext
    from mtqa.encoders import Encoder

# Below this many pairs the shifted pairs are too few to model "not a translation".
MIN_PAIRS = 4


def adequacy_scores(
    encoder: Encoder, sources: Sequence[str], translations: Sequence[str], batch_size: int = 64
) -> list[float | None]:
    """Calibrated probability that each target translates its source, from the batch itself:
    cosines of the given pairs against cosines of mismatched pairs (targets shifted by one), the
    same two-Gaussian model the sentence aligner uses per story.

    Returns one probability per pair, or ``None`` for every pair when there are fewer than
    :data:`MIN_PAIRS` pairs. Texts should be non-empty (an empty text has no meaningful vector).
    """
    import numpy as np

    from mtqa.align.sentence import _calibrate

    if len(sources) < MIN_PAIRS:
        return [None] * len(sources)
    vectors = encoder.embed([*sources, *translations], batch_size=batch_size)
    src, tgt = vectors[: len(sources)], vectors[len(sources):]
    true = np.einsum("ij,ij->i", src, tgt)
    shifted = np.einsum("ij,ij->i", src, np.roll(tgt, 1, axis=0))
    calibration = _calibrate(true, shifted)
    return [calibration.probability(float(c)) for c in true]


#: The columns of :func:`link_features`, in order (a calibration names the ones it was fitted on).
LINK_FEATURES: tuple[str, ...] = (
    "cosine",            # sentence-vector cosine of the two sides of the link
    "link_probability",  # the self-calibrated P(translation) of the link (NaN when there is none)
    "source_coverage",   # share of source content words with a word link
    "target_coverage",   # share of target content words with a word link
    "source_support",    # mean best word-link cosine over source content words (0 when unlinked)
    "target_support",    # the same over target content words
    "length_ratio",      # |log((target words + 1) / (source words + 1))|
)


def link_features(context: CheckContext) -> tuple[list[int], np.ndarray]:
    """Features (:data:`LINK_FEATURES`) of every link with sentences on both sides.

    Returns the link indices and a ``(len(indices), len(LINK_FEATURES))`` float array; a cell is
    NaN where the feature does not exist for that link (no word alignment, no link probability).
    The sentence vectors come from ``context.encoder`` (cached: the aligner usually embedded the
    same texts already).
    """
    from mtqa.errors import ConfigError

    if context.encoder is None:
        raise ConfigError("adequacy features need an encoder in the check context")
    views = list(context.paired_links())
    rows = np.full((len(views), len(LINK_FEATURES)), np.nan)
    if not views:
        return [], rows
    vectors = context.encoder.embed([t for v in views for t in (v.source_text, v.target_text)])
    for row, view in enumerate(views):
        rows[row, 0] = float(vectors[2 * row] @ vectors[2 * row + 1])
        if view.alignment.confidence is not None:
            rows[row, 1] = view.alignment.confidence
        if view.words is not None:
            rows[row, 2:] = _word_features(view.words, context.source_language, context.target_language)
    return [v.index for v in views], rows


def _word_features(words: WordAlignmentResult, source_language: str, target_language: str) -> list[float]:
    """Coverage and support of both sides, and the length ratio, from one link's word alignment."""
    from mtqa.checks.lexicon import function_words

    best_source: dict[int, float] = {}
    best_target: dict[int, float] = {}
    for link in words.links:
        best_source[link.source] = max(best_source.get(link.source, 0.0), link.similarity)
        best_target[link.target] = max(best_target.get(link.target, 0.0), link.similarity)

    def side(tokens: list[str], best: dict[int, float], language: str) -> tuple[float, float]:
        stop = function_words(language)
        content = [i for i, w in enumerate(tokens) if any(c.isalnum() for c in w) and w.lower() not in stop]
        # A side of only function words ("It is.") is judged on all its words.
        chosen = content or list(range(len(tokens)))
        if not chosen:
            return math.nan, math.nan
        coverage = sum(i in best for i in chosen) / len(chosen)
        support = sum(best.get(i, 0.0) for i in chosen) / len(chosen)
        return coverage, support

    src_cov, src_sup = side(words.source_words, best_source, source_language)
    tgt_cov, tgt_sup = side(words.target_words, best_target, target_language)
    ratio = abs(math.log((len(words.target_spans) + 1) / (len(words.source_spans) + 1)))
    return [src_cov, tgt_cov, src_sup, tgt_sup, ratio]


def sentence_adequacy(context: CheckContext, calibration: Calibration) -> tuple[float, ...]:
    """Calibrated P(adequate translation) per sentence link of ``context``, 0 for a link with an
    empty side (an omitted or added sentence), rounded to 4 decimals."""
    from mtqa.errors import ConfigError

    if tuple(calibration.adequacy_features) != LINK_FEATURES:
        raise ConfigError(f"the calibration for {calibration.model} was fitted on other adequacy features "
                          f"({', '.join(calibration.adequacy_features)}); re-run scripts/calibrate.py --write")
    scores = [0.0] * len(context.alignment.sentences.alignments)
    indices, rows = link_features(context)
    for k, p in zip(indices, calibration.adequacy(rows) if indices else []):
        scores[k] = round(float(p), 4)
    return tuple(scores)
