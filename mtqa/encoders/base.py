"""The encoder interface every backend implements, and the machinery they share.

A backend only says how to split text into tokens (:meth:`Encoder._tokenize`) and how to turn
batches of token-id windows into hidden states (:meth:`Encoder._forward_layers`). Everything algorithms
rely on lives here, once: NFC normalization, the task prefix, character offsets mapped back to the
*raw* input, length-sorted batching with the input order restored, windowing of texts longer than
the model's limit, the content-keyed embedding cache, and word vectors from subword vectors.

Layers are numbered like Hugging Face ``hidden_states``: ``0`` is the embedding layer, ``k`` the
output of transformer block ``k`` (1-based), ``None`` or ``-1`` the last layer.

>>> from mtqa.encoders.hashing import HashingEncoder
>>> enc = HashingEncoder()
>>> enc.embed(["Καλημέρα κόσμε", "Good morning world"]).shape
(2, 64)
>>> ts = enc.token_states(["Καλημέρα κόσμε"], layer=1)[0]
>>> [("Καλημέρα κόσμε"[s:e]) for s, e in ts.offsets]
['Καλημέρα', 'κόσμε']
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import threading
import unicodedata
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mtqa.errors import InputError

log = logging.getLogger("mtqa.encoders")

DEFAULT_PREFIX = "passage: "
# Tokens per forward batch (padded), so a batch of 64 long windows does not allocate gigabytes
# of attention scores; short sentences still batch at the requested size.
MAX_BATCH_TOKENS = 16384
# Characters that a tokenizer folds into a word-initial marker ("▁"); trimmed from token spans
# so that a token's offsets cover the word only.
_LEADING_JUNK = frozenset("\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class TokenStates:
    """Per-token vectors of one text.

    ``vectors[i]`` belongs to ``tokens[i]``, whose characters are ``raw_text[offsets[i][0]:
    offsets[i][1]]`` in the text as the caller gave it (before NFC normalization, without the
    prefix). Special tokens and prefix tokens are not included. A token made only of a word
    marker (SentencePiece's lone "▁") has an empty span ``(p, p)`` at the start of the word that
    follows it.
    """

    vectors: np.ndarray
    offsets: list[tuple[int, int]]
    tokens: list[str]

    def __len__(self) -> int:
        return len(self.tokens)


@dataclass(frozen=True)
class _Tokenized:
    """A backend's tokenization of one (prefixed, NFC) string, specials excluded."""

    ids: list[int]
    offsets: list[tuple[int, int]]  # into the string that was tokenized
    tokens: list[str]


@dataclass(frozen=True)
class _Prepared:
    """One input text on its way through the encoder."""

    raw: str
    nfc: str
    prefix: str
    tok: _Tokenized
    first_text_token: int  # index of the first token that is not part of the prefix
    raw_offsets: list[tuple[int, int]]  # for tokens[first_text_token:]


# ---------------------------------------------------------------------------------------------
# NFC with an offset map back to the raw text


def nfc_with_map(raw: str) -> tuple[str, list[int], list[int]]:
    """NFC-normalize ``raw`` and map every NFC character back to a raw span.

    Returns ``(nfc, starts, ends)``: NFC character ``j`` comes from ``raw[starts[j]:ends[j]]``.
    Characters that NFC composes together (``e`` + U+0301 → ``é``) all map to the whole group.

    >>> nfc, s, e = nfc_with_map("Ame\\u0301lie")
    >>> nfc, [(a, b) for a, b in zip(s, e)][2]
    ('Amélie', (2, 4))
    """
    if unicodedata.is_normalized("NFC", raw):
        idx = list(range(len(raw)))
        return raw, idx, [i + 1 for i in range(len(raw))]
    # Split into clusters (a starter and its combining marks), then merge neighbours whose NFC
    # is not the concatenation of their NFCs (Hangul jamo, Indic two-part vowels, ...).
    clusters: list[tuple[int, int]] = []
    for i, ch in enumerate(raw):
        if clusters and unicodedata.combining(ch):
            clusters[-1] = (clusters[-1][0], i + 1)
        else:
            clusters.append((i, i + 1))
    groups: list[tuple[int, int]] = []
    for a, b in clusters:
        if groups:
            ga, gb = groups[-1]
            last = raw[ga:gb]
            piece = raw[a:b]
            joined = unicodedata.normalize("NFC", last + piece)
            if joined != unicodedata.normalize("NFC", last) + unicodedata.normalize("NFC", piece):
                groups[-1] = (ga, b)
                continue
        groups.append((a, b))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for a, b in groups:
        norm = unicodedata.normalize("NFC", raw[a:b])
        parts.append(norm)
        starts.extend([a] * len(norm))
        ends.extend([b] * len(norm))
    nfc = "".join(parts)
    if nfc != unicodedata.normalize("NFC", raw):  # pragma: no cover - defensive, never seen
        raise InputError("could not map NFC-normalized text back to its input offsets")
    return nfc, starts, ends


# ---------------------------------------------------------------------------------------------
# Windows for texts longer than the model's limit


def plan_windows(n: int, width: int, overlap: int) -> list[tuple[int, int, int, int]]:
    """Split ``n`` tokens into windows of at most ``width`` tokens overlapping by ``overlap``.

    Returns ``(start, end, own_start, own_end)`` per window: the window covers tokens
    ``[start, end)`` and is responsible for ``[own_start, own_end)``; ownership splits each
    overlap in the middle so every token is owned exactly once, by the window where it has the
    most context on both sides.

    >>> plan_windows(5, 8, 2)
    [(0, 5, 0, 5)]
    >>> plan_windows(10, 6, 2)
    [(0, 6, 0, 5), (4, 10, 5, 10)]
    """
    if width < 1:
        raise ValueError("window width must be positive")
    if n <= width:
        return [(0, n, 0, n)]
    overlap = max(0, min(overlap, width - 1))
    stride = width - overlap
    starts = list(range(0, n - width, stride)) + [n - width]
    windows: list[tuple[int, int, int, int]] = []
    for k, s in enumerate(starts):
        e = s + width
        own_s = 0 if k == 0 else windows[-1][3]
        own_e = n if k == len(starts) - 1 else (starts[k + 1] + e) // 2
        windows.append((s, e, own_s, own_e))
    return windows


def plan_batches(
    lengths: Sequence[int], batch_size: int, max_tokens: int, call_cost: int | None
) -> list[int]:
    """Split windows sorted longest first into consecutive batches; returns the batch sizes.

    A batch is padded to its first (longest) window, so its cost is ``size * lengths[first]``
    padded tokens, plus ``call_cost`` tokens' worth of per-call overhead. With ``call_cost`` None
    batches are simply filled: ``batch_size`` windows, fewer when that would pass
    ``max_tokens`` padded tokens. Otherwise the split minimizes the total cost under the same
    two limits (dynamic programming over the sorted lengths): long and short sentences no
    longer share a batch just because they are neighbours in the order, and padding stays small.

    >>> plan_batches([130, 60, 58, 57, 20, 19], 64, 16384, None)
    [6]
    >>> plan_batches([130, 60, 58, 57, 20, 19], 64, 16384, 32)
    [1, 3, 2]
    """
    n = len(lengths)
    if n == 0:
        return []
    if call_cost is None:
        sizes = []
        pos = 0
        while pos < n:
            size = max(1, min(batch_size, max_tokens // max(1, lengths[pos]), n - pos))
            sizes.append(size)
            pos += size
        return sizes
    inf = float("inf")
    best = [0.0] + [inf] * n  # best[i]: cheapest batching of the first i windows
    start = [0] * (n + 1)  # where the last batch of that batching starts
    for i in range(1, n + 1):
        for j in range(i - 1, max(-1, i - batch_size - 1), -1):
            size = i - j
            padded = size * lengths[j]
            if size > 1 and padded > max_tokens:
                break  # a longer batch starting earlier only gets bigger
            cost = best[j] + call_cost + padded
            if cost < best[i]:
                best[i], start[i] = cost, j
    sizes = []
    i = n
    while i > 0:
        sizes.append(i - start[i])
        i = start[i]
    return sizes[::-1]


# ---------------------------------------------------------------------------------------------
# LRU cache


class _LRU:
    """A small thread-safe LRU map with a size bound."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> object | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: object) -> None:
        if self.maxsize <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


def cache_key(kind: str, prefix: str, nfc_text: str, layer: int | None) -> str:
    """Content hash for the embedding cache: never object identity, always the text itself."""
    h = hashlib.sha1()
    for part in (kind, prefix, nfc_text, "" if layer is None else str(layer)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# The interface


class Encoder(ABC):
    """A multilingual text encoder: sentence vectors, token states and word vectors.

    Subclasses set ``name``, ``dim``, ``num_layers``, ``max_tokens``, ``special_prefix_ids`` /
    ``special_suffix_ids`` (the ids around each window, e.g. ``<s>`` and ``</s>``) and implement
    ``signature``, ``_tokenize`` and ``_forward_layers``.
    """

    name: str
    dim: int
    num_layers: int
    max_tokens: int = 512
    special_prefix_ids: tuple[int, ...] = ()
    special_suffix_ids: tuple[int, ...] = ()
    # Overlap between consecutive windows of a long text, in tokens.
    window_overlap: int = 128
    # The fixed cost of one forward call in padded tokens' worth of compute, for
    # :func:`plan_batches`; None fills every batch up to ``batch_size`` instead.
    batch_call_tokens: int | None = None

    def __init__(self, *, cache_size: int = 8192, token_cache_size: int = 1024) -> None:
        self._cache = _LRU(cache_size)
        self._token_cache = _LRU(token_cache_size)

    # -- what a backend provides ------------------------------------------------------------

    @property
    @abstractmethod
    def signature(self) -> str:
        """Identifies the exact weights, e.g. ``e5-small@1571fc982750``; goes into results."""

    @abstractmethod
    def _tokenize(self, texts: list[str]) -> list[_Tokenized]:
        """Tokenize already prefixed, NFC-normalized strings; no special tokens."""

    @abstractmethod
    def _forward_layers(
        self,
        windows: list[list[int]],
        layers: tuple[int | None, ...],
        want_states: tuple[bool, ...],
    ) -> list[tuple[np.ndarray, list[np.ndarray] | None]]:
        """Run windows (ids with specials) of similar length through the model once and read
        each of ``layers`` (None: the last) on the way.

        ``out[i]`` holds the mean over each window's tokens at ``layers[i]`` (specials included,
        as the model was trained for), shape ``(len(windows), dim)``, and with ``want_states[i]``
        each window's per-token vectors ``(len(window), dim)``.
        """

    # -- shared machinery -----------------------------------------------------------------

    def _check_layer(self, layer: int | None) -> int | None:
        if layer is None:
            return None
        if not isinstance(layer, int) or isinstance(layer, bool):
            raise TypeError(f"layer must be an int or None, not {type(layer).__name__}")
        if layer < -(self.num_layers + 1) or layer > self.num_layers:
            raise ValueError(
                f"layer {layer} out of range for {self.name}: 0..{self.num_layers} "
                f"(0 = embeddings, {self.num_layers} = last) or negative from the end"
            )
        layer = layer % (self.num_layers + 1)
        return None if layer == self.num_layers else layer

    def _prepare(self, texts: Sequence[str], prefix: str) -> list[_Prepared]:
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not a single string")
        nfcs: list[tuple[str, list[int], list[int]]] = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
            nfcs.append(nfc_with_map(text))
        prefix_nfc = unicodedata.normalize("NFC", prefix)
        toks = self._tokenize([prefix_nfc + nfc for nfc, _, _ in nfcs]) if nfcs else []
        out: list[_Prepared] = []
        plen = len(prefix_nfc)
        for raw, (nfc, starts, ends), tok in zip(texts, nfcs, toks):
            first = len(tok.ids)
            raw_offsets: list[tuple[int, int]] = []
            for i, (s, e) in enumerate(tok.offsets):
                if e <= plen and not (e == s == plen):
                    continue  # a token of the prefix
                if first == len(tok.ids):
                    first = i
                s, e = max(s, plen) - plen, e - plen
                rs = starts[s] if s < len(nfc) else len(raw)
                re_ = ends[e - 1] if e > s else rs
                # Trim the word marker's whitespace so spans cover the word itself.
                while rs < re_ and (raw[rs].isspace() or raw[rs] in _LEADING_JUNK):
                    rs += 1
                if rs == re_:
                    rs = re_ = self._next_visible(raw, rs)
                raw_offsets.append((rs, re_))
            out.append(_Prepared(raw, nfc, prefix_nfc, tok, first, raw_offsets))
        return out

    @staticmethod
    def _next_visible(raw: str, pos: int) -> int:
        while pos < len(raw) and (raw[pos].isspace() or raw[pos] in _LEADING_JUNK):
            pos += 1
        return pos

    def _windows_of(self, prep: _Prepared) -> list[tuple[int, int, int, int]]:
        width = self.max_tokens - len(self.special_prefix_ids) - len(self.special_suffix_ids)
        return plan_windows(len(prep.tok.ids), width, self.window_overlap)

    def _run(
        self,
        preps: list[_Prepared],
        layer: int | None,
        batch_size: int,
        want_states: bool,
    ) -> list[tuple[np.ndarray, np.ndarray | None]]:
        """Sentence vector (unnormalized) and content-token states for each prepared text."""
        return self._run_layers(preps, (layer,), batch_size, (want_states,))[0]

    def _run_layers(
        self,
        preps: list[_Prepared],
        layers: tuple[int | None, ...],
        batch_size: int,
        want_states: tuple[bool, ...],
    ) -> list[list[tuple[np.ndarray, np.ndarray | None]]]:
        """:meth:`_run` for several layers with one model pass per batch: ``out[i][t]`` is the
        (unnormalized) sentence vector of text ``t`` at ``layers[i]`` and, with
        ``want_states[i]``, its content-token states at that layer."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if len(layers) != len(want_states) or not layers:
            raise ValueError("one want_states flag per layer, at least one layer")
        jobs: list[tuple[int, tuple[int, int, int, int], list[int]]] = []
        long_texts = 0
        for ti, prep in enumerate(preps):
            plan = self._windows_of(prep)
            if len(plan) > 1:
                long_texts += 1
            for w in plan:
                ids = (
                    list(self.special_prefix_ids)
                    + prep.tok.ids[w[0] : w[1]]
                    + list(self.special_suffix_ids)
                )
                jobs.append((ti, w, ids))
        if long_texts:
            log.warning(
                "%d text(s) longer than %d tokens: encoded in overlapping windows "
                "(not truncated)",
                long_texts,
                self.max_tokens,
            )
        n_windows = [0] * len(preps)
        for ti, _, _ in jobs:
            n_windows[ti] += 1
        n_layers = len(layers)
        # Longest first: similar lengths share a batch, so little padding is computed.
        order = sorted(range(len(jobs)), key=lambda j: -len(jobs[j][2]))
        means: list[list[np.ndarray | None]] = [[None] * len(jobs) for _ in layers]
        states: list[list[np.ndarray | None]] = [[None] * len(jobs) for _ in layers]
        sizes = plan_batches(
            [len(jobs[j][2]) for j in order], batch_size, MAX_BATCH_TOKENS, self.batch_call_tokens
        )
        pos = 0
        for size in sizes:
            chunk = order[pos : pos + size]
            pos += size
            windowed = any(n_windows[jobs[j][0]] > 1 for j in chunk)
            need = tuple(w or windowed for w in want_states)
            batch = [jobs[j][2] for j in chunk]
            outs = self._forward_layers(batch, tuple(layers), need)
            for li, (m, st) in enumerate(outs):
                for k, j in enumerate(chunk):
                    means[li][j] = m[k]
                    if st is not None:
                        states[li][j] = st[k]
        npre = len(self.special_prefix_ids)
        by_text: list[list[int]] = [[] for _ in preps]
        for j, (ti, _, _) in enumerate(jobs):
            by_text[ti].append(j)
        results: list[list[tuple[np.ndarray, np.ndarray | None]]] = []
        for li in range(n_layers):
            per_text: list[tuple[np.ndarray, np.ndarray | None]] = []
            for ti, js in enumerate(by_text):
                tok_states: np.ndarray | None = None
                if want_states[li] or len(js) > 1:
                    parts = []
                    for j in js:  # windows of one text are in token order
                        st = states[li][j]
                        assert st is not None
                        s, _e, os_, oe = jobs[j][1]
                        parts.append(st[npre + (os_ - s) : npre + (oe - s)])
                    tok_states = (
                        np.concatenate(parts, axis=0).astype(np.float32, copy=False)
                        if parts
                        else np.zeros((0, self.dim), dtype=np.float32)
                    )
                if len(js) == 1:
                    mean = means[li][js[0]]
                    assert mean is not None
                    vec = mean.astype(np.float32)
                else:
                    # A windowed text's vector is the mean of its stitched token vectors: each
                    # token counted once, taken from the window where it has the most context.
                    # (Specials are left out; against 510 content tokens per window their share
                    # is negligible.)
                    assert tok_states is not None
                    vec = tok_states.astype(np.float64).mean(axis=0).astype(np.float32)
                per_text.append((vec, tok_states if want_states[li] else None))
            results.append(per_text)
        return results

    # -- public API -----------------------------------------------------------------------

    def embed(
        self,
        texts: Sequence[str],
        *,
        prefix: str = DEFAULT_PREFIX,
        batch_size: int = 64,
        layer: int | None = None,
    ) -> np.ndarray:
        """L2-normalized mean-pooled sentence vectors, float32 ``(len(texts), dim)``.

        Texts are NFC-normalized and prefixed (e5 expects ``"passage: "`` or ``"query: "``),
        batched by length and returned in input order. A text longer than ``max_tokens`` is
        never truncated: it is encoded in overlapping windows (``window_overlap`` tokens), the
        token vectors are stitched (each token from the window where it sits farthest from an
        edge) and mean-pooled; a warning is logged.

        >>> from mtqa.encoders.hashing import HashingEncoder
        >>> HashingEncoder().embed([]).shape
        (0, 64)
        """
        layer = self._check_layer(layer)
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not a single string")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        todo_text: dict[str, str] = {}
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
            key = cache_key("emb", prefix, unicodedata.normalize("NFC", text), layer)
            hit = self._cache.get(key)
            if hit is not None:
                out[i] = hit  # type: ignore[assignment]
            else:
                todo.setdefault(key, []).append(i)
                todo_text[key] = text
        if todo:
            keys = list(todo)
            preps = self._prepare([todo_text[k] for k in keys], prefix)
            for key, (vec, _) in zip(keys, self._run(preps, layer, batch_size, False)):
                out[todo[key]] = self._store_embedding(key, vec)
        return out

    def _store_embedding(self, key: str, vec: np.ndarray) -> np.ndarray:
        """L2-normalize a sentence vector from :meth:`_run`, cache it read-only, return it."""
        norm = float(np.linalg.norm(vec))
        vec = vec / max(norm, 1e-12)
        vec.setflags(write=False)
        self._cache.put(key, vec)
        return vec

    def _store_token_states(
        self,
        key: str,
        prep: _Prepared,
        states: np.ndarray | None,
        texts: Sequence[str],
        indices: list[int],
        prefix: str,
        result: list[TokenStates | None],
    ) -> None:
        """Cache the token states of ``prep`` (from :meth:`_run`) and put them into
        ``result[i]`` for every ``i`` in ``indices`` (texts with ``prep``'s NFC form)."""
        assert states is not None
        vecs = states[prep.first_text_token :]
        vecs.setflags(write=False)
        ts = TokenStates(
            vectors=vecs,
            offsets=list(prep.raw_offsets),
            tokens=list(prep.tok.tokens[prep.first_text_token :]),
        )
        self._token_cache.put(key, (prep.raw, ts))
        for i in indices:
            if texts[i] == prep.raw:
                result[i] = ts
            else:  # same NFC form, different raw text: offsets differ
                other = self._prepare([texts[i]], prefix)[0]
                result[i] = TokenStates(vecs, list(other.raw_offsets), ts.tokens)

    def token_states(
        self,
        texts: Sequence[str],
        *,
        layer: int,
        prefix: str = DEFAULT_PREFIX,
        batch_size: int = 64,
    ) -> list[TokenStates]:
        """Per-token vectors of ``layer`` for each text (special and prefix tokens excluded).

        Long texts are windowed with overlap and stitched: each token's vector comes from the
        window where it sits farthest from an edge. Offsets point into the raw input text.
        """
        layer_n = self._check_layer(layer)
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not a single string")
        result: list[TokenStates | None] = [None] * len(texts)
        todo: dict[str, list[int]] = {}
        todo_text: dict[str, str] = {}
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
            key = cache_key("tok", prefix, unicodedata.normalize("NFC", text), layer_n)
            hit = self._token_cache.get(key)
            # Offsets refer to the raw text, which may differ from another text with the same
            # NFC form; reuse the vectors but recompute offsets in that (rare) case.
            if isinstance(hit, tuple) and hit[0] == text:
                result[i] = hit[1]
            else:
                todo.setdefault(key, []).append(i)
                todo_text.setdefault(key, text)
        if todo:
            keys = list(todo)
            preps = self._prepare([todo_text[k] for k in keys], prefix)
            runs = self._run(preps, layer_n, batch_size, True)
            for key, prep, (_, states) in zip(keys, preps, runs):
                self._store_token_states(key, prep, states, texts, todo[key], prefix, result)
        return [r for r in result if r is not None]

    def encode(
        self,
        texts: Sequence[str],
        *,
        layer: int,
        embed_layer: int | None = None,
        prefix: str = DEFAULT_PREFIX,
        batch_size: int = 64,
    ) -> tuple[np.ndarray, list[TokenStates]]:
        """Sentence vectors and token states of the same texts, each text through the model once.

        Returns ``(embed(texts, layer=embed_layer), token_states(texts, layer=layer))`` (same
        values, same caching) but a text found in neither cache is run through the model a single
        time for both: the sentence vector is pooled from ``embed_layer`` (default: the last)
        and the token states read at ``layer`` on the way. Texts already cached on one side are
        only computed for the other. Filling both caches ahead of separate ``embed`` and
        ``token_states`` calls (sentence then word alignment of a story) is the main use.

        >>> from mtqa.encoders.hashing import HashingEncoder
        >>> vecs, states = HashingEncoder().encode(["a big dog"], layer=7)
        >>> vecs.shape, [len(s) for s in states]
        ((1, 64), [3])
        """
        tok_layer = self._check_layer(layer)
        emb_layer = self._check_layer(embed_layer)
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not a single string")
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        result: list[TokenStates | None] = [None] * len(texts)
        both: dict[str, list[int]] = {}  # token-cache key -> texts missing from both caches
        both_text: dict[str, str] = {}
        both_emb_key: dict[str, str] = {}
        emb_only: list[int] = []
        tok_only: list[int] = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
            nfc = unicodedata.normalize("NFC", text)
            ekey = cache_key("emb", prefix, nfc, emb_layer)
            tkey = cache_key("tok", prefix, nfc, tok_layer)
            emb_hit = self._cache.get(ekey)
            tok_hit = self._token_cache.get(tkey)
            tok_ok = isinstance(tok_hit, tuple) and tok_hit[0] == text
            if emb_hit is not None:
                vectors[i] = emb_hit  # type: ignore[assignment]
            if tok_ok:
                result[i] = tok_hit[1]  # type: ignore[index]
            if emb_hit is None and not tok_ok:
                both.setdefault(tkey, []).append(i)
                both_text.setdefault(tkey, text)
                both_emb_key[tkey] = ekey
            elif emb_hit is None:
                emb_only.append(i)
            elif not tok_ok:
                tok_only.append(i)
        if both:
            keys = list(both)
            preps = self._prepare([both_text[k] for k in keys], prefix)
            emb_runs, tok_runs = self._run_layers(
                preps, (emb_layer, tok_layer), batch_size, (False, True)
            )
            for key, prep, (vec, _), (_, states) in zip(keys, preps, emb_runs, tok_runs):
                vectors[both[key]] = self._store_embedding(both_emb_key[key], vec)
                self._store_token_states(key, prep, states, texts, both[key], prefix, result)
        if emb_only:
            vectors[emb_only] = self.embed(
                [texts[i] for i in emb_only], prefix=prefix, batch_size=batch_size,
                layer=embed_layer,
            )
        if tok_only:
            got = self.token_states(
                [texts[i] for i in tok_only], layer=layer, prefix=prefix, batch_size=batch_size
            )
            for i, ts in zip(tok_only, got):
                result[i] = ts
        return vectors, [r for r in result if r is not None]

    @property
    def token_cache_size(self) -> int:
        """How many texts' token states the cache keeps (least recently used dropped first)."""
        return self._token_cache.maxsize

    def word_vectors(
        self,
        text: str,
        word_spans: Sequence[tuple[int, int]],
        *,
        layer: int,
        prefix: str = DEFAULT_PREFIX,
    ) -> np.ndarray:
        """Average of the subword vectors overlapping each ``(start, end)`` span of ``text``.

        Raises :class:`~mtqa.errors.InputError` for a span no token overlaps (an empty or
        whitespace-only span, or one outside the text): a missing word never becomes a zero
        vector. A word-initial marker token (empty span) counts for the word it precedes.

        >>> from mtqa.encoders.hashing import HashingEncoder
        >>> HashingEncoder().word_vectors("a big dog", [(2, 5), (6, 9)], layer=1).shape
        (2, 64)
        """
        ts = self.token_states([text], layer=layer, prefix=prefix)[0]
        out = np.zeros((len(word_spans), self.dim), dtype=np.float32)
        starts = [s for s, _ in ts.offsets]
        for w, (ws, we) in enumerate(word_spans):
            if not (0 <= ws < we <= len(text)):
                raise InputError(f"word span {(ws, we)} is empty or outside the text")
            # Offsets are non-decreasing, so only tokens starting before the span end matter.
            hi = bisect.bisect_left(starts, we)
            idx = [
                i
                for i in range(hi)
                if (ts.offsets[i][0] < we and ts.offsets[i][1] > ws)
                or (ts.offsets[i][0] == ts.offsets[i][1] and ws <= ts.offsets[i][0] < we)
            ]
            if not idx:
                raise InputError(
                    f"no token covers the word span {(ws, we)} {text[ws:we]!r} "
                    f"of text {text[:60]!r}"
                )
            out[w] = ts.vectors[idx].mean(axis=0)
        return out

    def clear_cache(self) -> None:
        """Forget cached sentence vectors and token states."""
        self._cache.clear()
        self._token_cache.clear()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} dim={self.dim} layers={self.num_layers}>"
