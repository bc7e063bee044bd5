"""Document alignment: which translated story belongs to which source story in a batch.

The matcher never loads a model: it takes the sentence vectors of every story (L2-normalized, one
array per story) and each story's language-independent anchors, and combines four signals into
one score per (source, target) pair:

``order``
    An order-aware sentence score. Every source sentence takes its best cosine among the target's
    sentences that sit at a similar position (a diagonal band: relative position within
    ``band``, or index within ``band_sentences``), turned into a soft "has a counterpart" count;
    the share of covered sentences is computed both ways and averaged. An updated version of a
    wire story (same start, extra paragraphs) covers its original only partly, so it scores below
    the story it really translates.
``vector``
    Cosine of story vectors: the mean of a story's centered sentence vectors. Sentences are
    centered over the whole batch per side (e5 puts every sentence in a narrow cone and adds a
    language offset; what is left after removing the mean is what tells stories apart). Used only
    when each side has at least ``min_stories_vector`` stories: with fewer, the centered means of a
    side are nearly opposite to each other and cosine between unrelated stories becomes large.
``anchors``
    IDF-weighted cosine of anchors that survive translation: numbers (locale-independent digit
    strings), month and weekday names (mapped to numbers through CLDR), and Latin-script names
    (F-15K, KCNA, Berlin). Only anchors seen on both sides of the batch count, so English words
    that can never appear in a Greek story do not dilute the score.
``length``
    Plausibility of the length ratio, against the batch's own typical ratio (Chinese stories are
    about three times shorter in characters than their English translations).

The combined score (weighted mean of the signals, 0-1 for real pairs) is absolute, comparable
across batches. It is corrected for hubness with a margin against the mean of each row's and
column's ``neighbours`` best *other* candidates, as in LASER mining (Artetxe & Schwenk 2019):
``score = combined + margin_weight * min(margin, 0)``, so a pair that is not better than the
alternatives of its source or its target loses what it trails by, and a story that is similar to
everything does not win by default. Only a penalty: a clear pair in a batch of one is not inflated.
A one-to-one assignment (Hungarian) maximizes the total score above the threshold; pairs below it
are never forced: the stories are reported unmatched with their best candidate.

Near-duplicates (an updated version of a story, a flawed and a correct translation, the same
event from two agencies) are stories of one side that are close to each other and both acceptable
for the same counterpart: they are named in the pair's record, lower its confidence, and an
extra one is reported unmatched with ``near_duplicate_of``.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> src = [rng.normal(size=(5, 32)) for _ in range(6)]
>>> tgt = [src[k] + 0.3 * rng.normal(size=(5, 32)) for k in (2, 0, 1, 5, 4, 3)]
>>> m = match_documents(src, tgt)
>>> [(p.source, p.target) for p in m.pairs]
[(0, 1), (1, 2), (2, 0), (3, 5), (4, 4), (5, 3)]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.align.sentence import number_anchors
from mtqa.align.word import max_weight_matching
from mtqa.data import Document, Signature
from mtqa.errors import ConfigError, InputError

if TYPE_CHECKING:
    from mtqa.encoders import Encoder

SIGNALS = ("order", "vector", "anchors", "length")

# Characters of English per character of the language, roughly: a Chinese story is about a third
# as long in characters as its English translation. Story sizes are scaled by this before the
# length signal compares them; the batch's own typical ratio then corrects what is left.
CHARACTER_EXPANSION = {"zh": 3.0, "ja": 2.5, "yue": 3.0, "ko": 2.0}


@dataclass(frozen=True)
class DocumentAlignerConfig:
    """Settings of the document matcher (they go into the result's signature).

    ``weights`` combine the signals (renormalized over the available ones). ``threshold`` is the
    lowest combined score a pair may have; ``margin_weight`` adds the hubness-corrected margin to
    the absolute score. ``band`` (relative position) and ``band_sentences`` (absolute index
    distance) delimit the diagonal in which sentences may match. ``duplicate_similarity`` is the
    same-side order score above which two stories are near-duplicates. ``sentence_knee`` turns
    each sentence's best cosine (centered vectors) into a soft "has a counterpart" count
    (logistic, 0.5 at the knee, ``sentence_slope`` wide) so that the order score is the share of
    sentences that are translated; ``None`` averages the cosines themselves. 0.4 suits e5 (true
    translations: 5th percentile 0.38, median 0.59; best of unrelated sentences: median ~0.2).
    """

    weights: Mapping[str, float] = field(
        default_factory=lambda: {"order": 0.45, "vector": 0.15, "anchors": 0.3, "length": 0.1}
    )
    # Weights and threshold chosen on a 200 x 200 synthetic batch of scripts/bench_document_align.py
    # (precision 0.99, recall 0.99 there) and checked on the corpora.
    threshold: float = 0.4
    margin_weight: float = 0.5
    neighbours: int = 4
    band: float = 0.2
    band_sentences: int = 2
    duplicate_similarity: float = 0.8
    sentence_knee: float | None = 0.4
    sentence_slope: float = 0.05
    min_stories_vector: int = 8
    min_center: int = 4
    chunk_sentences: int = 2048

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(SIGNALS)
        if unknown:
            raise ConfigError(f"unknown signal(s) {sorted(unknown)}; expected some of {', '.join(SIGNALS)}")
        if any(w < 0 for w in self.weights.values()) or not any(self.weights.values()):
            raise ConfigError("signal weights must be non-negative and not all zero")
        if self.neighbours < 1 or self.band < 0 or self.chunk_sentences < 1:
            raise ConfigError("neighbours and chunk_sentences must be positive, band non-negative")
        object.__setattr__(self, "weights", dict(self.weights))

    def settings(self) -> dict[str, Any]:
        """The settings that change results, for signatures."""
        weights = ",".join(f"{k}={self.weights.get(k, 0.0):g}" for k in SIGNALS)
        return {"weights": weights, "threshold": self.threshold, "margin": self.margin_weight,
                "band": self.band, "knee": self.sentence_knee, "dup": self.duplicate_similarity}


# ---------------------------------------------------------------------------------------------
# Anchors

_TOKEN = re.compile(r"[^\W_](?:[\w\-'’./]*[^\W_])?")
_LATIN = re.compile(r"^[A-Za-z0-9\u00c0-\u024f\-'’./]+$")
_CJK_MONTH = re.compile(r"(\d{1,2})\s*月")


def _fold(text: str) -> str:
    """Casefold and drop accents, so Μαρτίου, ΜΑΡΤΙΟΥ and Μάρτιο share a stem."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=64)
def _calendar_words(language: str) -> tuple[dict[str, str], tuple[tuple[str, str], ...], bool]:
    """Month and weekday names of a language from CLDR: exact forms, stems and whether they are
    capitalized (then only capitalized tokens count: English "may" is not May)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return {}, (), False
    forms: dict[str, str] = {}
    capitalized = False
    for context in ("format", "stand-alone"):
        for number, name in locale.months[context]["wide"].items():
            forms[_fold(name)] = f"month:{number}"
            capitalized |= name[:1].isupper()
        for number, name in locale.days[context]["wide"].items():
            forms[_fold(name)] = f"day:{number}"
    # Stems catch other cases of inflected names (Greek accusative Φεβρουάριο, Russian марте);
    # only long stems, so short words do not match by accident.
    stems = tuple(sorted({(form[:-2], key) for form, key in forms.items() if len(form) - 2 >= 4},
                         key=lambda item: -len(item[0])))
    return forms, stems, capitalized


def _calendar_anchor(token: str, language: str) -> str | None:
    forms, stems, capitalized = _calendar_words(language.split("-")[0])
    if not forms or (capitalized and not token[:1].isupper()):
        return None
    folded = _fold(token)
    if folded in forms:
        return forms[folded]
    if len(folded) >= 5:
        for stem, key in stems:
            if folded.startswith(stem) and len(folded) - len(stem) <= 3:
                return key
    return None


def story_anchors(text: str, language: str) -> Counter[str]:
    """Language-independent anchors of a story: ``#digits``, ``month:N``, ``day:N``, ``name:token``.

    Names are Latin-script tokens with a capital letter or a digit (for a story in a Latin-script
    language) or any Latin-script token (in Greek, Russian, Chinese... text they are names and
    acronyms that translation keeps).

    >>> a = story_anchors("Η KCNA ανέφερε ότι 2 F-15K πέταξαν στις 14 Μαρτίου 2024.", "el")
    >>> sorted(a)
    ['#14', '#15', '#2', '#2024', 'month:3', 'name:f-15k', 'name:kcna']
    >>> sorted(story_anchors("KCNA said two F-15K jets flew on March 14, 2024.", "en"))
    ['#14', '#15', '#2024', 'month:3', 'name:f-15k', 'name:kcna']
    """
    anchors: Counter[str] = Counter(f"#{n}" for n in number_anchors(text) if n)
    base = language.split("-")[0]
    if base in {"zh", "ja"}:
        anchors.update(f"month:{int(m)}" for m in _CJK_MONTH.findall(text) if 1 <= int(m) <= 12)
    latin_language = _is_latin_language(base)
    for match in _TOKEN.finditer(text):
        token = match.group()
        calendar = _calendar_anchor(token, base)
        if calendar:
            anchors[calendar] += 1
            continue
        # Numbers are anchors already; a name needs a letter.
        if len(token) < 2 or not any(ch.isalpha() for ch in token) or not _LATIN.match(token):
            continue
        if latin_language and not any(ch.isupper() or ch.isdigit() for ch in token):
            continue
        anchors[f"name:{token.casefold()}"] += 1
    return anchors


@lru_cache(maxsize=64)
def _is_latin_language(base: str) -> bool:
    try:
        from babel import Locale

        letters = Locale.parse(base).months["format"]["wide"][1]
    except Exception:  # an unknown code: treat as Latin so only capitalized tokens count
        return True
    return all("LATIN" in unicodedata.name(ch, "") for ch in letters if ch.isalpha())


# ---------------------------------------------------------------------------------------------
# Signals


def _normalize_rows(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class _Side:
    """All sentences of one side, concatenated, with their story and position."""

    vectors: np.ndarray  # (sentences, dim), centered when there are enough sentences
    owner: np.ndarray  # story index of each sentence
    index: np.ndarray  # index of the sentence in its story
    position: np.ndarray  # relative position in its story, (index + 0.5) / n
    starts: np.ndarray  # first sentence of each non-empty story (for reduceat)
    nonempty: np.ndarray  # indices of the stories that have sentences
    counts: np.ndarray  # sentences per story (all stories)


def _side(vecs: Sequence[np.ndarray], dim: int, min_center: int) -> _Side:
    counts = np.array([len(v) for v in vecs], dtype=np.int64)
    arrays = [np.asarray(v, dtype=np.float32).reshape(-1, dim) for v in vecs if len(v)]
    matrix = _normalize_rows(np.vstack(arrays)) if arrays else np.zeros((0, dim), dtype=np.float32)
    if len(matrix) >= min_center:
        matrix = _normalize_rows(matrix - matrix.mean(axis=0, keepdims=True))
    nonempty = np.nonzero(counts)[0]
    owner = np.repeat(np.arange(len(counts)), counts)
    index = np.concatenate([np.arange(n) for n in counts]) if len(counts) else np.zeros(0, dtype=np.int64)
    position = (index + 0.5) / np.maximum(counts[owner], 1)
    starts = np.concatenate([[0], np.cumsum(counts[nonempty])[:-1]]).astype(np.int64) if len(nonempty) else \
        np.zeros(0, dtype=np.int64)
    return _Side(matrix.astype(np.float32), owner, index.astype(np.int64), position, starts, nonempty, counts)


def _soft_count(best: np.ndarray, knee: float | None, slope: float) -> np.ndarray:
    """Turn each sentence's best cosine into how surely it has a counterpart (0-1), or keep the
    cosine when ``knee`` is None."""
    if knee is None:
        return best
    return 1.0 / (1.0 + np.exp(-(best - knee) / slope))


def _order_scores(src: _Side, tgt: _Side, band: float, band_sentences: int, chunk: int,
                  knee: float | None = None, slope: float = 0.05) -> np.ndarray:
    """Order-aware coverage for every (source story, target story): (N, M), NaN for empty stories.

    Row-chunked by whole source stories so that memory stays at ``chunk x target sentences``.
    """
    n, m = len(src.counts), len(tgt.counts)
    out = np.full((n, m), np.nan, dtype=np.float64)
    if not len(src.nonempty) or not len(tgt.nonempty):
        return out
    src_cover = np.zeros((len(src.nonempty), len(tgt.nonempty)))
    tgt_cover = np.zeros_like(src_cover)
    tgt_counts = tgt.counts[tgt.nonempty]
    story = 0
    while story < len(src.nonempty):
        first = story
        lo = src.starts[story]
        hi = lo
        while story < len(src.nonempty) and (hi - lo < chunk or story == first):
            hi += src.counts[src.nonempty[story]]
            story += 1
        sim = src.vectors[lo:hi] @ tgt.vectors.T
        near = (np.abs(src.position[lo:hi, None] - tgt.position[None, :]) <= band) | (
            np.abs(src.index[lo:hi, None] - tgt.index[None, :]) <= band_sentences)
        sim = np.where(near, sim, -1.0)
        # Best target sentence per source sentence and target story, then mean per source story.
        best_t = _soft_count(np.maximum.reduceat(sim, tgt.starts, axis=1), knee, slope)  # (rows, M')
        starts = src.starts[first:story] - lo
        src_cover[first:story] = np.add.reduceat(best_t, starts, axis=0) / src.counts[src.nonempty[first:story], None]
        best_s = _soft_count(np.maximum.reduceat(sim, starts, axis=0), knee, slope)  # (N'chunk, target sentences)
        tgt_cover[first:story] = np.add.reduceat(best_s, tgt.starts, axis=1) / tgt_counts[None, :]
    out[np.ix_(src.nonempty, tgt.nonempty)] = (src_cover + tgt_cover) / 2
    return out


def _story_vectors(side: _Side, n: int) -> np.ndarray:
    """Mean of each story's (centered) sentence vectors, normalized; zero rows for empty stories."""
    out = np.zeros((n, side.vectors.shape[1]), dtype=np.float64)
    if len(side.nonempty):
        sums = np.add.reduceat(side.vectors.astype(np.float64), side.starts, axis=0)
        out[side.nonempty] = _normalize_rows(sums)
    return out


def _anchor_scores(src: Sequence[Iterable[str]], tgt: Sequence[Iterable[str]]) -> np.ndarray:
    """IDF-weighted cosine of the anchor sets, over the anchors seen on both sides; smoothed so
    that a single shared anchor ("2024") is weak evidence."""
    src_sets = [set(a) for a in src]
    tgt_sets = [set(a) for a in tgt]
    df_src: Counter[str] = Counter(a for s in src_sets for a in s)
    df_tgt: Counter[str] = Counter(a for s in tgt_sets for a in s)
    shared = sorted(set(df_src) & set(df_tgt))
    out = np.zeros((len(src), len(tgt)))
    if not shared:
        return out
    column = {a: k for k, a in enumerate(shared)}
    total = len(src) + len(tgt)
    idf = np.array([math.log(1.0 + total / (df_src[a] + df_tgt[a])) for a in shared])

    def matrix(sets: list[set[str]]) -> np.ndarray:
        x = np.zeros((len(sets), len(shared)))
        for i, s in enumerate(sets):
            cols = [column[a] for a in s if a in column]
            x[i, cols] = idf[cols]
        return x

    a, b = matrix(src_sets), matrix(tgt_sets)
    # Smoothing: as if every story had two more (unshared) anchors of median weight.
    smooth = 2.0 * float(np.median(idf)) ** 2
    norm_a = np.sqrt((a ** 2).sum(axis=1) + smooth)
    norm_b = np.sqrt((b ** 2).sum(axis=1) + smooth)
    return (a @ b.T) / norm_a[:, None] / norm_b[None, :]


def _length_scores(src_sizes: np.ndarray, tgt_sizes: np.ndarray, guide: np.ndarray) -> tuple[np.ndarray, float]:
    """1 for a length ratio at the batch's typical ratio, falling to 0 at a factor of two off it.

    The typical log ratio is the median over each source's best candidate by ``guide`` (0 when
    fewer than three sources have one).
    """
    ratio = np.log(np.maximum(tgt_sizes[None, :], 1) / np.maximum(src_sizes[:, None], 1))
    best = np.nanargmax(np.where(np.isnan(guide), -np.inf, guide), axis=1) if guide.size else np.zeros(0, int)
    valid = ~np.all(np.isnan(guide), axis=1) if guide.size else np.zeros(0, bool)
    typical = float(np.median(ratio[np.nonzero(valid)[0], best[valid]])) if valid.sum() >= 3 else 0.0
    return np.clip(1.0 - np.abs(ratio - typical) / math.log(2.0), 0.0, 1.0), typical


def _margins(score: np.ndarray, k: int) -> np.ndarray:
    """score - mean of the best ``k`` *other* candidates, averaged over the row and the column.

    A side with no other candidate contributes nothing (its margin is the other side's alone, or
    0 when neither has one).
    """
    def one_way(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n, m = s.shape
        kk = min(k, m - 1)
        if kk <= 0:
            return np.zeros_like(s), np.zeros_like(s, dtype=bool)
        filled = np.where(np.isnan(s), -np.inf, s)
        top = -np.sort(-filled, axis=1)[:, : kk + 1]
        top = np.where(np.isinf(top), 0.0, top)
        sum_k = top[:, :kk].sum(axis=1, keepdims=True)
        in_top = filled >= top[:, kk - 1 : kk]
        others = np.where(in_top, (sum_k + top[:, kk : kk + 1] - np.where(in_top, filled, 0)) / kk, sum_k / kk)
        return s - others, np.ones_like(s, dtype=bool)

    row, has_row = one_way(score)
    col_t, has_col_t = one_way(score.T)
    col, has_col = col_t.T, has_col_t.T
    count = has_row.astype(float) + has_col.astype(float)
    total = np.where(has_row, row, 0.0) + np.where(has_col, col, 0.0)
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class NearDuplicate:
    """A story of one side that is close to another story of the same side and also acceptable for
    the same counterpart. ``similarity`` is their same-side order score, ``score`` its combined
    score with the counterpart."""

    side: str
    index: int
    similarity: float
    score: float


@dataclass(frozen=True)
class DocumentPair:
    """A matched source and target story (indices into the inputs)."""

    source: int
    target: int
    score: float
    confidence: float
    signals: Mapping[str, float | None]
    near_duplicates: tuple[NearDuplicate, ...] = ()


@dataclass(frozen=True)
class UnmatchedDocument:
    """A story left without a counterpart: its best candidate (or None) and why."""

    side: str
    index: int
    best_candidate: int | None
    best_score: float | None
    reason: str
    near_duplicate_of: int | None = None


@dataclass(frozen=True)
class DocumentMatching:
    """The result of matching a batch: pairs, unmatched stories, ids and a signature."""

    pairs: tuple[DocumentPair, ...]
    unmatched_sources: tuple[UnmatchedDocument, ...]
    unmatched_targets: tuple[UnmatchedDocument, ...]
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    signature: Signature
    scores: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.zeros((0, 0)))

    def mapping(self) -> dict[str, str]:
        """Source id -> target id of every pair.

        >>> match_documents([], []).mapping()
        {}
        """
        return {self.source_ids[p.source]: self.target_ids[p.target] for p in self.pairs}

    def _dup(self, d: NearDuplicate) -> dict[str, Any]:
        ids = self.source_ids if d.side == "source" else self.target_ids
        return {"side": d.side, "id": ids[d.index], "similarity": round(d.similarity, 4), "score": round(d.score, 4)}

    def records(self) -> list[dict[str, Any]]:
        """One JSON-ready record per pair, unmatched source and unmatched target (in that order)."""
        signature = self.signature.format()
        out: list[dict[str, Any]] = []
        for p in self.pairs:
            out.append({
                "type": "pair", "source_id": self.source_ids[p.source], "target_id": self.target_ids[p.target],
                "score": round(p.score, 4), "confidence": round(p.confidence, 4),
                "signals": {k: (None if v is None else round(v, 4)) for k, v in p.signals.items()},
                "near_duplicates": [self._dup(d) for d in p.near_duplicates], "signature": signature,
            })
        for u in (*self.unmatched_sources, *self.unmatched_targets):
            own, other = (self.source_ids, self.target_ids) if u.side == "source" else (self.target_ids, self.source_ids)
            record: dict[str, Any] = {
                "type": f"unmatched_{u.side}", f"{u.side}_id": own[u.index],
                "best_candidate": None if u.best_candidate is None else other[u.best_candidate],
                "best_score": None if u.best_score is None else round(u.best_score, 4), "reason": u.reason,
            }
            if u.near_duplicate_of is not None:
                record["near_duplicate_of"] = own[u.near_duplicate_of]
            record["signature"] = signature
            out.append(record)
        return out


# ---------------------------------------------------------------------------------------------
# The matcher


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _confidence(score: float, competitor: float, threshold: float) -> float:
    """Calibrated-by-design probability that a pair is right.

    A logistic on the distance to the threshold (a pair just above it is a coin toss) times a
    logistic on the gap to the best competitor in its row or column (a competitor as good as the
    pair halves the confidence). Slopes were set on ``scripts/bench_document_align.py``: pairs with
    confidence >= 0.9 were right in every run there.
    """
    absolute = _sigmoid((score - threshold) / 0.04)
    gap = _sigmoid((score - competitor) / 0.03) if math.isfinite(competitor) else 1.0
    return absolute * gap


def _same_side_similarity(side: _Side, a: int, b: int, band: float, band_sentences: int) -> float:
    """Order score between two stories of the same side (1.0 for identical stories)."""
    sa = np.nonzero(side.owner == a)[0]
    sb = np.nonzero(side.owner == b)[0]
    if not len(sa) or not len(sb):
        return 0.0
    sim = side.vectors[sa] @ side.vectors[sb].T
    near = (np.abs(side.position[sa, None] - side.position[None, sb]) <= band) | (
        np.abs(side.index[sa, None] - side.index[None, sb]) <= band_sentences)
    sim = np.where(near, sim, -1.0)
    return float((sim.max(axis=1).mean() + sim.max(axis=0).mean()) / 2)


def match_documents(
    src_sent_vecs: Sequence[np.ndarray],
    tgt_sent_vecs: Sequence[np.ndarray],
    src_anchors: Sequence[Iterable[str]] | None = None,
    tgt_anchors: Sequence[Iterable[str]] | None = None,
    config: DocumentAlignerConfig | None = None,
    *,
    src_sizes: Sequence[float] | None = None,
    tgt_sizes: Sequence[float] | None = None,
    source_ids: Sequence[str] | None = None,
    target_ids: Sequence[str] | None = None,
    signature: Mapping[str, Any] | None = None,
) -> DocumentMatching:
    """Match N source stories to M target stories from their sentence vectors and anchors.

    ``src_sent_vecs[i]`` is an ``(sentences, dim)`` array (a story without sentences is reported
    unmatched with reason ``empty``). ``src_sizes`` are story lengths in characters for the length
    signal (sentence counts when not given). Ids default to ``"0"``, ``"1"``, ...

    >>> m = match_documents([np.eye(3)[:2]], [np.eye(3)[2:]])
    >>> len(m.pairs), m.unmatched_sources[0].reason
    (0, 'below threshold')
    """
    config = config or DocumentAlignerConfig()
    n, m = len(src_sent_vecs), len(tgt_sent_vecs)
    source_ids = tuple(str(i) for i in (source_ids if source_ids is not None else range(n)))
    target_ids = tuple(str(j) for j in (target_ids if target_ids is not None else range(m)))
    if len(source_ids) != n or len(target_ids) != m:
        raise InputError("the number of ids differs from the number of stories")
    src_anchors = list(src_anchors) if src_anchors is not None else [()] * n
    tgt_anchors = list(tgt_anchors) if tgt_anchors is not None else [()] * m
    if len(src_anchors) != n or len(tgt_anchors) != m:
        raise InputError("the number of anchor sets differs from the number of stories")
    dims = {np.asarray(v).shape[-1] for v in (*src_sent_vecs, *tgt_sent_vecs) if len(v)}
    if len(dims) > 1:
        raise InputError(f"sentence vectors of different sizes: {sorted(dims)}")
    dim = dims.pop() if dims else 1
    sig = Signature({"task": "align-docs", **(signature or {}), **config.settings()})

    src, tgt = _side(src_sent_vecs, dim, config.min_center), _side(tgt_sent_vecs, dim, config.min_center)
    order = _order_scores(src, tgt, config.band, config.band_sentences, config.chunk_sentences,
                          config.sentence_knee, config.sentence_slope)
    empty = np.isnan(order)
    signals: dict[str, np.ndarray | None] = {"order": order}
    if min(len(src.nonempty), len(tgt.nonempty)) >= config.min_stories_vector:
        signals["vector"] = _story_vectors(src, n) @ _story_vectors(tgt, m).T
    else:
        signals["vector"] = None
    signals["anchors"] = _anchor_scores(src_anchors, tgt_anchors)
    sizes_s = np.asarray(src_sizes if src_sizes is not None else src.counts, dtype=np.float64)
    sizes_t = np.asarray(tgt_sizes if tgt_sizes is not None else tgt.counts, dtype=np.float64)
    signals["length"], _ = _length_scores(sizes_s, sizes_t, order)

    weights = {k: config.weights.get(k, 0.0) for k in SIGNALS if signals[k] is not None}
    total_weight = sum(weights.values()) or 1.0
    combined = sum(w * np.nan_to_num(signals[k]) for k, w in weights.items()) / total_weight  # type: ignore[operator]
    combined = np.where(empty, np.nan, combined)
    margin = _margins(combined, config.neighbours) if combined.size else combined
    score = np.where(empty, np.nan, combined + config.margin_weight * np.minimum(margin, 0.0))

    # Hungarian on what each pair has above the threshold: a pair below it is worth nothing, so
    # the assignment never needs it and a story without a counterpart stays unmatched.
    gain = np.where(np.isnan(score), 0.0, np.maximum(score - config.threshold, 0.0))
    assigned = [(i, j) for i, j in max_weight_matching(gain) if gain[i, j] > 0] if gain.size else []

    filled = np.where(np.isnan(score), -np.inf, score)
    matched_src = {i: j for i, j in assigned}
    matched_tgt = {j: i for i, j in assigned}
    pairs: list[DocumentPair] = []
    dup_of_target: dict[int, tuple[int, float]] = {}
    dup_of_source: dict[int, tuple[int, float]] = {}
    for i, j in assigned:
        s = float(score[i, j])
        dups: list[NearDuplicate] = []
        # The same search on both sides: other candidates scoring above the threshold against
        # this pair's partner that read almost like this pair's own member.
        for side_name, side, own, scores, matched, dup_of in (
                ("target", tgt, j, filled[i], matched_tgt, dup_of_target),
                ("source", src, i, filled[:, j], matched_src, dup_of_source)):
            for other in np.nonzero(scores >= config.threshold)[0]:
                other = int(other)
                if other == own:
                    continue
                sim = _same_side_similarity(side, own, other, config.band, config.band_sentences)
                if sim >= config.duplicate_similarity:
                    dups.append(NearDuplicate(side_name, other, sim, float(scores[other])))
                    if other not in matched and (other not in dup_of or dup_of[other][1] < sim):
                        dup_of[other] = (own, sim)
        row = np.delete(filled[i], j)
        col = np.delete(filled[:, j], i)
        competitor = max(float(row.max()) if row.size else -math.inf, float(col.max()) if col.size else -math.inf)
        pair_signals: dict[str, float | None] = {
            k: (None if signals[k] is None else float(signals[k][i, j])) for k in SIGNALS  # type: ignore[index]
        }
        pair_signals["margin"] = float(margin[i, j])
        pairs.append(DocumentPair(i, j, s, _confidence(s, competitor, config.threshold), pair_signals,
                                  tuple(sorted(dups, key=lambda d: -d.similarity))))

    def unmatched(side: str, count: int, matched: Mapping[int, int], matrix: np.ndarray,
                  dups: Mapping[int, tuple[int, float]], nonempty: np.ndarray) -> tuple[UnmatchedDocument, ...]:
        out = []
        has_sentences = set(int(k) for k in nonempty)
        for k in range(count):
            if k in matched:
                continue
            row = matrix[k]
            if k not in has_sentences:
                out.append(UnmatchedDocument(side, k, None, None, "empty"))
                continue
            if not np.isfinite(row).any():
                out.append(UnmatchedDocument(side, k, None, None, "no candidates"))
                continue
            best = int(np.argmax(row))
            if k in dups:
                reason = "near-duplicate"
            elif row[best] >= config.threshold:
                reason = "counterpart taken"
            else:
                reason = "below threshold"
            out.append(UnmatchedDocument(side, k, best, float(row[best]), reason,
                                         dups[k][0] if k in dups else None))
        return tuple(out)

    return DocumentMatching(
        pairs=tuple(sorted(pairs, key=lambda p: p.source)),
        unmatched_sources=unmatched("source", n, matched_src, filled, dup_of_source, src.nonempty),
        unmatched_targets=unmatched("target", m, matched_tgt, filled.T, dup_of_target, tgt.nonempty),
        source_ids=source_ids,
        target_ids=target_ids,
        signature=sig,
        scores=score,
    )


def _size(doc: Document) -> float:
    return len(doc.text.strip()) * CHARACTER_EXPANSION.get(doc.language.split("-")[0], 1.0)


def align_documents(
    sources: Sequence[Document],
    targets: Sequence[Document],
    encoder: Encoder | str = "e5-small",
    config: DocumentAlignerConfig | None = None,
    *,
    batch_size: int = 64,
) -> DocumentMatching:
    """Match translated stories to their source stories.

    All sentences of all stories are embedded in one batched call (the encoder sorts them by
    length and caches by content, so a sentence repeated across stories is embedded once).

    >>> from mtqa.data import Document
    >>> src = [Document.from_text("a", "el", "Η Αθήνα.", [(0, 8)])]
    >>> tgt = [Document.from_text("x", "en", "Athens.", [(0, 7)])]
    >>> align_documents(src, tgt, "hash").signature.format().startswith("mtqa:")
    True
    """
    from mtqa.encoders import get_encoder

    enc = get_encoder(encoder) if isinstance(encoder, str) else encoder
    src_langs = {d.language for d in sources}
    tgt_langs = {d.language for d in targets}
    texts = [s for d in (*sources, *targets) for s in d.sentences]
    vectors = enc.embed(texts, batch_size=batch_size) if texts else np.zeros((0, 1), dtype=np.float32)
    per_story: list[np.ndarray] = []
    pos = 0
    for d in (*sources, *targets):
        k = len(d.segments)
        per_story.append(vectors[pos : pos + k])
        pos += k
    return match_documents(
        per_story[: len(sources)],
        per_story[len(sources):],
        [story_anchors(d.text, d.language) for d in sources],
        [story_anchors(d.text, d.language) for d in targets],
        config,
        src_sizes=[_size(d) for d in sources],
        tgt_sizes=[_size(d) for d in targets],
        source_ids=[d.id for d in sources],
        target_ids=[d.id for d in targets],
        signature={"model": enc.signature, "src": ",".join(sorted(src_langs)) or "-",
                   "tgt": ",".join(sorted(tgt_langs)) or "-"},
    )
