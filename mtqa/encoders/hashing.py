"""A tiny deterministic encoder for fast tests of algorithms: no torch, no model file.

Tokens are regex words and punctuation; a token's vector is a signed hashing of its character
3-grams. Layer ``k`` mixes in the neighbouring tokens with weight ``k / (2 * num_layers)`` so
layers differ deterministically and context matters a little. Same word, same vector at layer 0:
good for checking alignment code, useless for real similarity. Never a default.

>>> enc = HashingEncoder(dim=16)
>>> v = enc.embed(["the cat", "the cat"])
>>> bool((v[0] == v[1]).all()), v.shape
(True, (2, 16))
"""

from __future__ import annotations

import hashlib

import numpy as np
import regex

from mtqa.encoders.base import Encoder, _Tokenized

_WORD = regex.compile(r"\w+|[^\w\s]", regex.UNICODE)


class HashingEncoder(Encoder):
    """Character n-gram hashing encoder (test backend).

    ``max_tokens`` can be set small to exercise windowing of long texts cheaply.
    """

    def __init__(
        self,
        *,
        dim: int = 64,
        num_layers: int = 12,
        max_tokens: int = 512,
        window_overlap: int = 8,
        cache_size: int = 8192,
    ) -> None:
        super().__init__(cache_size=cache_size)
        self.name = "hash"
        self.dim = dim
        self.num_layers = num_layers
        self.max_tokens = max_tokens
        self.window_overlap = window_overlap
        self._vocab: dict[str, int] = {}
        self._by_id: list[str] = []
        self._vec_cache: dict[int, np.ndarray] = {}
        self.forward_calls = 0  # lets tests check the cache short-circuits the model

    @property
    def signature(self) -> str:
        return f"hash-d{self.dim}-l{self.num_layers}@v1"

    def _id(self, token: str) -> int:
        tid = self._vocab.get(token)
        if tid is None:
            tid = self._vocab[token] = len(self._by_id)
            self._by_id.append(token)
        return tid

    def _tokenize(self, texts: list[str]) -> list[_Tokenized]:
        out = []
        for text in texts:
            ids, offsets, tokens = [], [], []
            for m in _WORD.finditer(text):
                tokens.append(m.group())
                offsets.append((m.start(), m.end()))
                ids.append(self._id(m.group().lower()))
            out.append(_Tokenized(ids, offsets, tokens))
        return out

    def _token_vector(self, tid: int) -> np.ndarray:
        vec = self._vec_cache.get(tid)
        if vec is None:
            word = f"<{self._by_id[tid]}>"
            vec = np.zeros(self.dim, dtype=np.float32)
            grams = [word[i : i + 3] for i in range(max(1, len(word) - 2))]
            for g in grams:
                digest = hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            vec /= max(float(np.linalg.norm(vec)), 1e-6)
            self._vec_cache[tid] = vec
        return vec

    def _forward_layers(
        self,
        windows: list[list[int]],
        layers: tuple[int | None, ...],
        want_states: tuple[bool, ...],
    ) -> list[tuple[np.ndarray, list[np.ndarray] | None]]:
        # One "model pass" for all layers: the token vectors are looked up once per window.
        self.forward_calls += 1
        bases = [
            np.stack([self._token_vector(t) for t in ids])
            if ids
            else np.zeros((0, self.dim), dtype=np.float32)
            for ids in windows
        ]
        out: list[tuple[np.ndarray, list[np.ndarray] | None]] = []
        for layer, want in zip(layers, want_states):
            k = self.num_layers if layer is None else layer
            mix = k / (2 * self.num_layers)
            means = np.zeros((len(windows), self.dim), dtype=np.float32)
            states: list[np.ndarray] = []
            for w, base in enumerate(bases):
                ctx = base.copy()
                if len(base) > 1 and mix:
                    ctx[1:] += mix * base[:-1]
                    ctx[:-1] += mix * base[1:]
                if len(base):
                    means[w] = ctx.mean(axis=0)
                states.append(ctx.astype(np.float32))
            out.append((means, states if want else None))
        return out
