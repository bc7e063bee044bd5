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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
