"""Word alignment from contextual vectors, SimAlign-style (Jalili Sabet et al., 2020).

The algorithms are pure functions over a similarity matrix ``sim`` of shape ``(m, n)`` (``m``
source words or subwords, ``n`` target ones) and return links as ``(i, j)`` index pairs:

- :func:`argmax_links` (SimAlign "ArgMax"): ``j`` is the best target for ``i`` *and* ``i`` the best
  source for ``j``. High precision; the default, and the best method on en–fr in mtqa's checks.
- :func:`itermax_links` (SimAlign "IterMax"): ArgMax, then repeated on the still unaligned rows and
  columns with the aligned ones damped, so a word may get a second partner.
- :func:`match_links` (SimAlign "Match"): maximum-weight bipartite matching (Hungarian algorithm,
  pure numpy): every word on the shorter side gets exactly one partner.

:func:`link_probabilities` gives each link a probability (geometric mean of the row and column
softmax), :func:`align_words` and :func:`align_subwords` wrap it all into :class:`WordLink` lists,
and :class:`WordAligner` gets the vectors from an mtqa encoder, batching sentences.

>>> sim = np.array([[0.9, 0.1, 0.2],
...                 [0.2, 0.3, 0.8]])
>>> sorted(argmax_links(sim))
[(0, 0), (1, 2)]
>>> [(l.source, l.target) for l in align_words(np.eye(3), np.eye(3))]
[(0, 0), (1, 1), (2, 2)]
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from mtqa.align.tokenize import Tokenizer, checked_spans, resolve_tokenizer
from mtqa.data import Alignment, Signature
from mtqa.errors import ConfigError, InputError

if TYPE_CHECKING:  # pragma: no cover
    from mtqa.encoders.base import Encoder, TokenStates

__all__ = [
    "METHODS",
    "WordAligner",
    "WordAlignmentResult",
    "WordLink",
    "align_subwords",
    "align_words",
    "argmax_links",
    "itermax_links",
    "link_probabilities",
    "links_from_matrix",
    "match_links",
    "max_weight_matching",
    "similarity",
]

Link = tuple[int, int]
Method = Literal["argmax", "itermax", "match"]
METHODS: tuple[str, ...] = ("argmax", "itermax", "match")
LEVELS: tuple[str, ...] = ("word", "subword")

# Defaults measured with scripts/bench_word_align.py on tests/data/word_align_gold.jsonl (15 el-en
# + 15 de-en hand-aligned news sentences), AER: ArgMax/word 0.047-0.055 at layers 4-8, 0.089 at
# layer 10, 0.182 at the last; IterMax/word 0.034-0.039 at layers 5-7. Layers 4-9 are within a few
# links of each other; layer 7 is also the best on the public en-fr gold set (backbone.md), where
# IterMax was much worse than ArgMax (11.4 vs 6.0), so ArgMax stays the default.
DEFAULT_LAYER = 7
DEFAULT_METHOD: Method = "argmax"
DEFAULT_LEVEL = "word"
DEFAULT_TEMPERATURE = 0.1


# ---------------------------------------------------------------------------------------------
# Matrix algorithms


def _as_matrix(sim: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    arr = np.asarray(sim, dtype=np.float64)
    if arr.ndim != 2:
        raise InputError(f"a similarity matrix must be 2-D, got shape {arr.shape}")
    if arr.size and not np.isfinite(arr).all():
        raise InputError("similarity matrix contains NaN or infinite values")
    return arr


def similarity(src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix ``(len(src_vecs), len(tgt_vecs))``, float64.

    A zero vector has similarity 0 with everything (rather than NaN).

    >>> similarity(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[2.0, 0.0]])).round(3).tolist()
    [[1.0], [0.707]]
    """
    a = np.asarray(src_vecs, dtype=np.float64)
    b = np.asarray(tgt_vecs, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2:
        raise InputError(f"vectors must be 2-D arrays, got shapes {a.shape} and {b.shape}")
    if a.shape[0] and b.shape[0] and a.shape[1] != b.shape[1]:
        raise InputError(f"vector sizes differ: {a.shape[1]} vs {b.shape[1]}")
    if a.shape[0] == 0 or b.shape[0] == 0:
        return np.zeros((a.shape[0], b.shape[0]))
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return np.clip(a @ b.T, -1.0, 1.0)


def _mutual_argmax(sim: np.ndarray) -> np.ndarray:
    """Boolean ``(m, n)`` matrix of links that are both row and column maxima."""
    m, n = sim.shape
    out = np.zeros((m, n), dtype=bool)
    if m == 0 or n == 0:
        return out
    # np.argmax takes the first maximum, so ties resolve to the lowest index: deterministic.
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    rows = np.arange(m)
    keep = bwd[fwd] == rows
    out[rows[keep], fwd[keep]] = True
    return out


def links_from_matrix(mask: np.ndarray) -> set[Link]:
    """The ``(i, j)`` pairs where a boolean/0-1 matrix is set.

    >>> sorted(links_from_matrix(np.array([[1, 0], [0, 1]])))
    [(0, 0), (1, 1)]
    """
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(mask))}


def argmax_links(sim: np.ndarray | Sequence[Sequence[float]]) -> set[Link]:
    """SimAlign ArgMax: links ``(i, j)`` where ``j = argmax sim[i]`` and ``i = argmax sim[:, j]``.

    Ties go to the lowest index. Every word gets at most one link.

    >>> sorted(argmax_links([[0.9, 0.8], [0.95, 0.1]]))  # both rows prefer column 0
    [(1, 0)]
    >>> argmax_links(np.zeros((0, 3)))
    set()
    """
    return links_from_matrix(_mutual_argmax(_as_matrix(sim)))


def itermax_links(
    sim: np.ndarray | Sequence[Sequence[float]], max_iter: int = 2, alpha: float = 0.9
) -> set[Link]:
    """SimAlign IterMax: ArgMax, then ArgMax again among words left unaligned.

    In each further round, cells whose row *and* column are both aligned are excluded; cells
    with one side aligned are damped by ``alpha``; ``max_iter`` counts rounds including the first
    (SimAlign's defaults: 2 and 0.9). Similarities are mapped to ``[0, 1]`` by ``(s + 1) / 2``
    first, as SimAlign does, so damping always lowers a score. Like SimAlign, matrices with
    fewer than three rows or columns get plain ArgMax.

    >>> sim = [[0.9, 0.8, 0.0],   # source word 0 matches target words 0 and 1 ("ice cream")
    ...        [0.0, 0.1, 0.9],
    ...        [0.0, 0.2, 0.7]]   # source word 2 is a weaker second partner of target 2
    >>> sorted(argmax_links(sim)), sorted(itermax_links(sim))
    ([(0, 0), (1, 2)], [(0, 0), (0, 1), (1, 2), (2, 2)])
    """
    mat = _as_matrix(sim)
    if max_iter < 1:
        raise ConfigError("itermax needs max_iter >= 1")
    if not 0.0 <= alpha <= 1.0:
        raise ConfigError(f"itermax alpha must be in [0, 1], got {alpha}")
    links = _mutual_argmax(mat)
    m, n = mat.shape
    if min(m, n) <= 2:
        return links_from_matrix(links)
    scaled = (mat + 1.0) / 2.0
    for _ in range(max_iter - 1):
        row_free = ~links.any(axis=1)  # (m,)
        col_free = ~links.any(axis=0)  # (n,)
        if not row_free.any() or not col_free.any():
            break
        # Weight 1.0 where both sides are free, alpha where one is, 0 where neither is.
        weight = np.minimum(alpha * row_free[:, None] + alpha * col_free[None, :], 1.0)
        allowed = row_free[:, None] | col_free[None, :]
        new = _mutual_argmax(scaled * weight) & allowed
        if not (new & ~links).any():
            break
        links |= new
    return links_from_matrix(links)


def max_weight_matching(weights: np.ndarray | Sequence[Sequence[float]]) -> list[Link]:
    """Maximum-weight matching of a bipartite graph given as an ``(m, n)`` weight matrix.

    Every row (if ``m <= n``) or every column (otherwise) is matched, so ``min(m, n)`` pairs
    come back, sorted; among those assignments the total weight is maximal. Hungarian algorithm
    with potentials (Kuhn-Munkres / Jonker-Volgenant shortest augmenting paths), O(m² n), the
    inner loop vectorized; ``scipy.optimize.linear_sum_assignment(-w)`` gives the same total.

    >>> max_weight_matching([[1, 2], [3, 5]])
    [(0, 0), (1, 1)]
    >>> max_weight_matching([[1, 9, 1], [1, 8, 1]])  # non-square: row 1 takes its second best
    [(0, 1), (1, 0)]
    """
    w = _as_matrix(weights)
    m, n = w.shape
    if m == 0 or n == 0:
        return []
    if m > n:
        return sorted((i, j) for j, i in max_weight_matching(w.T))
    cost = -w  # minimize cost = maximize weight
    inf = np.inf
    # 1-based arrays as in the classic formulation; index 0 is a virtual row/column.
    u = np.zeros(m + 1)
    v = np.zeros(n + 1)
    match_row = np.zeros(n + 1, dtype=np.int64)  # match_row[j] = row matched to column j
    way = np.zeros(n + 1, dtype=np.int64)
    for i in range(1, m + 1):
        match_row[0] = i
        j0 = 0
        minv = np.full(n + 1, inf)
        used = np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = match_row[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], inf)
            j1 = int(cand.argmin()) + 1
            delta = cand[j1 - 1]
            used_idx = np.nonzero(used)[0]
            u[match_row[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if match_row[j0] == 0:
                break
        while j0:  # augment along the path
            j1 = int(way[j0])
            match_row[j0] = match_row[j1]
            j0 = j1
    return sorted((int(match_row[j]) - 1, j - 1) for j in range(1, n + 1) if match_row[j])


def match_links(sim: np.ndarray | Sequence[Sequence[float]]) -> set[Link]:
    """SimAlign Match: the maximum-weight bipartite matching of the similarity matrix.

    Every word of the shorter sentence is linked exactly once: good recall, and it forces a
    partner on words that have none (an omission looks aligned), so prefer ArgMax for checks.

    >>> sorted(match_links([[0.9, 0.8], [0.95, 0.1]]))  # ArgMax would leave row 0 unaligned
    [(0, 1), (1, 0)]
    """
    return set(max_weight_matching(sim))


def link_probabilities(
    sim: np.ndarray | Sequence[Sequence[float]], temperature: float = DEFAULT_TEMPERATURE
) -> np.ndarray:
    """Probability of each cell as a link: ``sqrt(softmax_row * softmax_col)`` of ``sim / T``.

    The geometric mean of the forward (source→target) and backward (target→source) softmax
    probabilities, as in awesome-align's extraction: high only when the two words pick each other
    clearly. With cosine similarities, ``T = 0.1`` turns a 0.1 gap into a factor of e.

    >>> p = link_probabilities([[0.9, 0.1], [0.1, 0.9]])
    >>> bool(p[0, 0] > 0.99 and p[0, 1] < 0.01)
    True
    """
    mat = _as_matrix(sim)
    if temperature <= 0:
        raise ConfigError(f"temperature must be positive, got {temperature}")
    if mat.size == 0:
        return np.zeros(mat.shape)
    z = mat / temperature
    fwd = np.exp(z - z.max(axis=1, keepdims=True))
    fwd /= fwd.sum(axis=1, keepdims=True)
    bwd = np.exp(z - z.max(axis=0, keepdims=True))
    bwd /= bwd.sum(axis=0, keepdims=True)
    return np.clip(np.sqrt(fwd * bwd), 0.0, 1.0)


_LINKERS: dict[str, Callable[[np.ndarray], set[Link]]] = {
    "argmax": argmax_links,
    "itermax": itermax_links,
    "match": match_links,
}


def _linker(method: str) -> Callable[[np.ndarray], set[Link]]:
    try:
        return _LINKERS[method]
    except KeyError:
        raise ConfigError(
            f"unknown word alignment method {method!r}; valid: {', '.join(METHODS)}"
        ) from None


# ---------------------------------------------------------------------------------------------
# Links with probabilities


@dataclass(frozen=True, order=True)
class WordLink:
    """A link between source word ``source`` and target word ``target`` (0-based indices).

    ``probability`` is from :func:`link_probabilities` (0-1), ``similarity`` the cosine of the
    two words' vectors (at subword level: of the best linked subword pair).

    >>> WordLink(0, 2, 0.97, 0.91).to_dict()
    {'source': 0, 'target': 2, 'probability': 0.97, 'similarity': 0.91}
    """

    source: int
    target: int
    probability: float
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "probability": self.probability,
            "similarity": self.similarity,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WordLink:
        return cls(
            int(data["source"]),
            int(data["target"]),
            float(data["probability"]),
            float(data["similarity"]),
        )


def align_words(
    src_word_vecs: np.ndarray,
    tgt_word_vecs: np.ndarray,
    method: str = DEFAULT_METHOD,
    *,
    temperature: float = DEFAULT_TEMPERATURE,
) -> list[WordLink]:
    """Links between two sentences' word vectors, sorted by source then target index.

    >>> src = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    >>> tgt = np.array([[0.0, 0.9, 0.1], [0.1, 0.0, 1.0], [1.0, 0.1, 0.0]])
    >>> [(l.source, l.target) for l in align_words(src, tgt)]
    [(0, 2), (1, 0)]
    >>> align_words(np.zeros((0, 3)), tgt)
    []
    """
    link = _linker(method)
    sim = similarity(src_word_vecs, tgt_word_vecs)
    if sim.size == 0:
        return []
    prob = link_probabilities(sim, temperature)
    return sorted(
        WordLink(i, j, float(prob[i, j]), float(sim[i, j])) for i, j in link(sim)
    )


def _word_ids(ids: Sequence[int | Sequence[int] | None]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for k in ids:
        if k is None:
            out.append(())
        elif isinstance(k, (int, np.integer)):
            out.append((int(k),) if k >= 0 else ())
        else:
            out.append(tuple(int(x) for x in k))
    return out


def align_subwords(
    src_token_vecs: np.ndarray,
    src_token_word_ids: Sequence[int | Sequence[int] | None],
    tgt_token_vecs: np.ndarray,
    tgt_token_word_ids: Sequence[int | Sequence[int] | None],
    method: str = DEFAULT_METHOD,
    *,
    temperature: float = DEFAULT_TEMPERATURE,
) -> list[WordLink]:
    """Links computed between subword tokens, then mapped to words.

    ``*_token_word_ids[k]`` is the word of token ``k``: an int, a tuple of ints for a token that
    covers several words (``"▁word."``), or ``None`` / ``-1`` for a token outside every word
    (left out of the matrix). Two words are linked if any of their tokens are; the link keeps
    the highest probability and similarity among its token links.

    >>> vecs = np.eye(3)
    >>> [(l.source, l.target) for l in align_subwords(vecs, [0, 0, 1], vecs, [0, 1, 1])]
    [(0, 0), (0, 1), (1, 1)]
    """
    link = _linker(method)
    src_ids, tgt_ids = _word_ids(src_token_word_ids), _word_ids(tgt_token_word_ids)
    src = np.asarray(src_token_vecs)
    tgt = np.asarray(tgt_token_vecs)
    if len(src_ids) != len(src) or len(tgt_ids) != len(tgt):
        raise InputError(
            f"token word ids ({len(src_ids)}, {len(tgt_ids)}) do not match the token vectors "
            f"({len(src)}, {len(tgt)})"
        )
    src_keep = [k for k, ids in enumerate(src_ids) if ids]
    tgt_keep = [k for k, ids in enumerate(tgt_ids) if ids]
    if not src_keep or not tgt_keep:
        return []
    sim = similarity(src[src_keep], tgt[tgt_keep])
    prob = link_probabilities(sim, temperature)
    best: dict[Link, tuple[float, float]] = {}
    for a, b in link(sim):
        for i in src_ids[src_keep[a]]:
            for j in tgt_ids[tgt_keep[b]]:
                p, s = best.get((i, j), (0.0, -1.0))
                best[(i, j)] = (max(p, float(prob[a, b])), max(s, float(sim[a, b])))
    return sorted(WordLink(i, j, p, s) for (i, j), (p, s) in best.items())


# ---------------------------------------------------------------------------------------------
# Results


Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class WordAlignmentResult:
    """Word links between a source and a target sentence, with the words' character offsets.

    >>> r = WordAlignmentResult("a b", "x y", ((0, 1), (2, 3)), ((0, 1), (2, 3)),
    ...                         (WordLink(0, 1, 0.9, 0.8), WordLink(1, 0, 0.7, 0.6)))
    >>> r.to_pharaoh()
    '0-1 1-0'
    >>> r.to_dict()["links"][0]["target_span"]
    [2, 3]
    >>> WordAlignmentResult.from_dict(r.to_dict()) == r
    True
    """

    source_text: str
    target_text: str
    source_spans: Spans
    target_spans: Spans
    links: tuple[WordLink, ...] = ()
    signature: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "source_spans", tuple((int(s), int(e)) for s, e in self.source_spans))
        object.__setattr__(self, "target_spans", tuple((int(s), int(e)) for s, e in self.target_spans))
        object.__setattr__(self, "links", tuple(sorted(self.links)))
        for ln in self.links:
            if not (0 <= ln.source < len(self.source_spans) and 0 <= ln.target < len(self.target_spans)):
                raise ValueError(f"link {ln.source}-{ln.target} points outside the word lists")

    @property
    def source_words(self) -> list[str]:
        return [self.source_text[s:e] for s, e in self.source_spans]

    @property
    def target_words(self) -> list[str]:
        return [self.target_text[s:e] for s, e in self.target_spans]

    def link_set(self) -> set[Link]:
        """The links as ``(source, target)`` pairs, e.g. for :mod:`mtqa.metrics.alignment`."""
        return {(ln.source, ln.target) for ln in self.links}

    def to_pharaoh(self) -> str:
        """Links as ``"i-j i-j ..."`` (Moses / fast_align format), sorted.

        Note that the indices refer to *this* result's words; they match a gold file only if
        both use the same tokenization (pass ``pretokenized_spans`` for pre-tokenized input).
        """
        return " ".join(f"{ln.source}-{ln.target}" for ln in self.links)

    def unaligned_source(self) -> list[int]:
        """Indices of source words without any link (candidate omissions)."""
        linked = {ln.source for ln in self.links}
        return [i for i in range(len(self.source_spans)) if i not in linked]

    def unaligned_target(self) -> list[int]:
        """Indices of target words without any link (candidate additions)."""
        linked = {ln.target for ln in self.links}
        return [j for j in range(len(self.target_spans)) if j not in linked]

    def to_alignments(self) -> list[Alignment]:
        """The links as :class:`mtqa.data.Alignment` (score = similarity, confidence = probability)."""
        return [
            Alignment((ln.source,), (ln.target,), score=ln.similarity, confidence=ln.probability)
            for ln in self.links
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: texts, word spans, and each link with both words' offsets and text."""
        links = []
        for ln in self.links:
            ss, se = self.source_spans[ln.source]
            ts, te = self.target_spans[ln.target]
            links.append(
                {
                    **ln.to_dict(),
                    "source_span": [ss, se],
                    "target_span": [ts, te],
                    "source_word": self.source_text[ss:se],
                    "target_word": self.target_text[ts:te],
                }
            )
        return {
            "source": self.source_text,
            "target": self.target_text,
            "source_spans": [list(s) for s in self.source_spans],
            "target_spans": [list(s) for s in self.target_spans],
            "links": links,
            "pharaoh": self.to_pharaoh(),
            "signature": self.signature,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WordAlignmentResult:
        return cls(
            source_text=data["source"],
            target_text=data["target"],
            source_spans=tuple((int(s), int(e)) for s, e in data.get("source_spans", ())),
            target_spans=tuple((int(s), int(e)) for s, e in data.get("target_spans", ())),
            links=tuple(WordLink.from_dict(ln) for ln in data.get("links", ())),
            signature=data.get("signature", ""),
        )


# ---------------------------------------------------------------------------------------------
# Token states → words


def token_word_ids(
    token_offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, ...]]:
    """For each token, the words (indices into ``spans``) it overlaps.

    Same rule as :meth:`mtqa.encoders.base.Encoder.word_vectors`: a token belongs to every word
    it shares a character with; an empty word-marker token ``(p, p)`` belongs to the word that
    contains ``p``.

    >>> token_word_ids([(0, 2), (2, 5), (5, 6), (6, 6), (7, 9)], [(0, 5), (5, 6), (7, 9)])
    [(0,), (0,), (1,), (), (2,)]
    """
    order = sorted(range(len(spans)), key=lambda w: spans[w])
    starts = [spans[w][0] for w in order]
    out: list[tuple[int, ...]] = []
    for ts, te in token_offsets:
        hi = bisect.bisect_right(starts, te if te > ts else ts)
        hit: list[int] = []
        # Words never nest, so walking back from the last word starting before the token end
        # finds all overlapping ones; stop at the first word that ends before the token.
        for k in range(hi - 1, -1, -1):
            ws, we = spans[order[k]]
            if te > ts:
                if ws < te and we > ts:
                    hit.append(order[k])
                elif we <= ts:
                    break
            else:
                if ws <= ts < we:
                    hit.append(order[k])
                elif we <= ts:
                    break
        out.append(tuple(sorted(hit)))
    return out


def word_vectors_from_states(
    vectors: np.ndarray,
    token_offsets: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]],
    text: str = "",
) -> np.ndarray:
    """Mean of the token vectors overlapping each word span; :class:`InputError` for a word no
    token covers (never a zero vector).

    >>> word_vectors_from_states(np.eye(3), [(0, 1), (1, 2), (3, 4)], [(0, 2), (3, 4)]).tolist()
    [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]
    """
    ids = token_word_ids(token_offsets, spans)
    out = np.zeros((len(spans), vectors.shape[1] if vectors.ndim == 2 else 0), dtype=np.float64)
    counts = np.zeros(len(spans))
    for k, words in enumerate(ids):
        for w in words:
            out[w] += vectors[k]
            counts[w] += 1
    missing = np.nonzero(counts == 0)[0]
    if len(missing):
        s, e = spans[int(missing[0])]
        raise InputError(
            f"no token covers the word span {(s, e)} {text[s:e]!r} of text {text[:60]!r}"
        )
    return out / counts[:, None]


# ---------------------------------------------------------------------------------------------
# The aligner




class WordAligner:
    """Aligns the words of sentence pairs with an mtqa encoder's hidden states.

    ``encoder`` is a name for :func:`mtqa.encoders.get_encoder` (loaded on first use) or an
    :class:`~mtqa.encoders.base.Encoder`. ``layer`` counts like HF ``hidden_states``; ``level``
    ``"word"`` averages subwords into word vectors before linking, ``"subword"`` links subwords
    and maps the links to words. ``tokenizer`` is ``"words"`` (:func:`word_spans`),
    ``"whitespace"`` (pre-tokenized text, as in ``src ||| tgt`` gold files) or a function
    returning spans.

    >>> aligner = WordAligner("hash", layer=1)
    >>> aligner.align("the red house", "the red house").to_pharaoh()
    '0-0 1-1 2-2'
    >>> aligner.align("", "anything").links
    ()
    """

    def __init__(
        self,
        encoder: str | Encoder = "e5-small",
        *,
        layer: int = DEFAULT_LAYER,
        method: str = DEFAULT_METHOD,
        level: str = DEFAULT_LEVEL,
        prefix: str = "passage: ",
        tokenizer: str | Tokenizer = "words",
        temperature: float = DEFAULT_TEMPERATURE,
        min_probability: float = 0.0,
    ) -> None:
        _linker(method)  # validate early
        if level not in LEVELS:
            raise ConfigError(f"unknown alignment level {level!r}; valid: {', '.join(LEVELS)}")
        self._tokenize, self._tokenizer_name = resolve_tokenizer(tokenizer)
        if temperature <= 0:
            raise ConfigError(f"temperature must be positive, got {temperature}")
        if not 0.0 <= min_probability <= 1.0:
            raise ConfigError(f"min_probability must be in [0, 1], got {min_probability}")
        self._encoder_spec = encoder
        self._encoder: Encoder | None = None if isinstance(encoder, str) else encoder
        self.layer = layer
        self.method = method
        self.level = level
        self.prefix = prefix
        self.temperature = temperature
        self.min_probability = min_probability

    @property
    def encoder(self) -> Encoder:
        """The encoder, loaded on first access."""
        if self._encoder is None:
            from mtqa.encoders import get_encoder

            assert isinstance(self._encoder_spec, str)
            self._encoder = get_encoder(self._encoder_spec)
            self._encoder._check_layer(self.layer)
        return self._encoder

    @property
    def signature(self) -> str:
        """``mtqa:<version>|model:...|layer:7|method:argmax|level:word|tok:words`` (loads the model)."""
        return Signature(
            {
                "model": self.encoder.signature,
                "layer": self.layer,
                "method": self.method,
                "level": self.level,
                "prefix": self.prefix.strip() or "none",
                "tok": self._tokenizer_name,
            }
        ).format()

    def _spans(self, text: str, spans: Sequence[tuple[int, int]] | None) -> Spans:
        return checked_spans(text, spans, self._tokenize)

    def align(
        self,
        src_text: str,
        tgt_text: str,
        src_spans: Sequence[tuple[int, int]] | None = None,
        tgt_spans: Sequence[tuple[int, int]] | None = None,
    ) -> WordAlignmentResult:
        """Align one sentence pair; words come from the tokenizer unless spans are given."""
        return self.align_batch([(src_text, tgt_text)], spans=[(src_spans, tgt_spans)])[0]

    def align_batch(
        self,
        pairs: Iterable[tuple[str, str]],
        batch_size: int = 32,
        *,
        spans: Sequence[tuple[Sequence[tuple[int, int]] | None, Sequence[tuple[int, int]] | None]]
        | None = None,
        chunk_size: int = 512,
    ) -> list[WordAlignmentResult]:
        """Align many pairs; all sentences go through the encoder together, ``batch_size`` at a
        time (sorted by length inside the encoder), in chunks of ``chunk_size`` pairs so memory
        stays bounded. Results come back in input order.
        """
        pairs = list(pairs)
        if spans is not None and len(spans) != len(pairs):
            raise InputError(f"{len(spans)} span pairs given for {len(pairs)} sentence pairs")
        results: list[WordAlignmentResult] = []
        for lo in range(0, len(pairs), max(1, chunk_size)):
            chunk = pairs[lo : lo + chunk_size]
            chunk_spans = spans[lo : lo + chunk_size] if spans is not None else [(None, None)] * len(chunk)
            results.extend(self._align_chunk(chunk, chunk_spans, batch_size))
        return results

    def _align_chunk(
        self,
        pairs: list[tuple[str, str]],
        spans: Sequence[tuple[Sequence[tuple[int, int]] | None, Sequence[tuple[int, int]] | None]],
        batch_size: int,
    ) -> list[WordAlignmentResult]:
        prepared: list[tuple[str, str, Spans, Spans]] = []
        texts: dict[str, None] = {}  # ordered set: each distinct sentence is encoded once
        for k, (pair, (ss, ts)) in enumerate(zip(pairs, spans)):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise InputError(f"pair {k} is not a (source, target) pair")
            src, tgt = pair
            if not isinstance(src, str) or not isinstance(tgt, str):
                raise InputError(f"pair {k}: source and target must be strings")
            src_sp, tgt_sp = self._spans(src, ss), self._spans(tgt, ts)
            prepared.append((src, tgt, src_sp, tgt_sp))
            if src_sp and tgt_sp:  # no words on one side: nothing to encode, no links
                texts.setdefault(src)
                texts.setdefault(tgt)
        states: dict[str, TokenStates] = {}
        if texts:
            order = list(texts)
            got = self.encoder.token_states(
                order, layer=self.layer, prefix=self.prefix, batch_size=batch_size
            )
            states = dict(zip(order, got))
        # Pairs with an empty side never need the model; don't load it just for the signature.
        signature = self.signature if self._encoder is not None else ""
        out = []
        for src, tgt, src_sp, tgt_sp in prepared:
            links: list[WordLink] = []
            if src_sp and tgt_sp:
                links = self._link(states[src], src, src_sp, states[tgt], tgt, tgt_sp)
            out.append(WordAlignmentResult(src, tgt, src_sp, tgt_sp, tuple(links), signature))
        return out

    def _link(
        self,
        src_states: TokenStates,
        src: str,
        src_sp: Spans,
        tgt_states: TokenStates,
        tgt: str,
        tgt_sp: Spans,
    ) -> list[WordLink]:
        if self.level == "word":
            src_vecs = word_vectors_from_states(src_states.vectors, src_states.offsets, src_sp, src)
            tgt_vecs = word_vectors_from_states(tgt_states.vectors, tgt_states.offsets, tgt_sp, tgt)
            links = align_words(src_vecs, tgt_vecs, self.method, temperature=self.temperature)
        else:
            links = align_subwords(
                src_states.vectors,
                token_word_ids(src_states.offsets, src_sp),
                tgt_states.vectors,
                token_word_ids(tgt_states.offsets, tgt_sp),
                self.method,
                temperature=self.temperature,
            )
        if self.min_probability > 0:
            links = [ln for ln in links if ln.probability >= self.min_probability]
        return links

    def __repr__(self) -> str:
        name = self._encoder_spec if isinstance(self._encoder_spec, str) else self._encoder_spec.name
        return (
            f"WordAligner({name!r}, layer={self.layer}, method={self.method!r}, "
            f"level={self.level!r})"
        )
