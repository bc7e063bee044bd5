"""Any Hugging Face encoder, by hub name or local folder, with mean pooling.

Offline by default (``mtqa.config.offline()``): a hub name must already be in the local Hugging
Face cache. A fast tokenizer is required, because mtqa needs character offsets.

>>> enc = load_hf("/models/LaBSE")          # doctest: +SKIP
>>> enc.embed(["Hello"], prefix="").shape    # doctest: +SKIP
(1, 768)
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from mtqa import config
from mtqa.encoders._torch import TorchEncoder, apply_threads, resolve_device
from mtqa.errors import BackendError

log = logging.getLogger("mtqa.encoders")

_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")
_POINTER_HINT = (
    "download the model on a machine with hub access (e.g. `huggingface-cli download NAME "
    "--local-dir /path/to/folder`), copy the folder here and pass --model /path/to/folder"
)


def resolve_folder(name: str) -> Path:
    """The local folder holding ``name``: a path as given, or the hub cache's snapshot."""
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "config.json").is_file():
            raise BackendError(
                f"{path} is not a Hugging Face model folder (no config.json)",
                hint="pass a folder written by save_pretrained()",
            )
        return path.resolve()
    offline = config.offline()
    try:
        from huggingface_hub import snapshot_download

        folder = snapshot_download(name, local_files_only=offline)
    except Exception as exc:  # LocalEntryNotFoundError, HFValidationError, network errors
        if offline:
            raise BackendError(
                f"model {name!r} is neither a local folder nor in the Hugging Face cache, "
                "and mtqa runs offline",
                hint=_POINTER_HINT,
            ) from exc
        raise BackendError(f"could not fetch model {name!r}: {exc}", hint=_POINTER_HINT) from exc
    return Path(folder)


def folder_digest(folder: Path) -> str:
    """sha256 over the folder's config and weight files (names and bytes)."""
    h = hashlib.sha256()
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and (p.suffix in _WEIGHT_SUFFIXES or p.name == "config.json")
    )
    for p in files:
        h.update(p.name.encode() + b"\x00")
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 22), b""):
                h.update(chunk)
    return h.hexdigest()


class HFEncoder(TorchEncoder):
    """A :class:`TorchEncoder` whose signature is the hash of its files (computed when asked)."""

    folder: Path
    source: str

    @property
    def signature(self) -> str:
        if self._signature is None:
            self._signature = f"hf:{self.source}@{folder_digest(self.folder)[:12]}"
        return self._signature


def _special_ids(backend: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids a tokenizer's post-processor puts before and after a single text."""
    bare = backend.encode("x", add_special_tokens=False).ids
    full = backend.encode("x", add_special_tokens=True).ids
    for start in range(len(full) - len(bare) + 1):
        if full[start : start + len(bare)] == bare:
            return tuple(full[:start]), tuple(full[start + len(bare) :])
    raise BackendError("cannot locate the text inside the tokenizer's special-token template")


def load_hf(
    name: str, *, device: str | None = None, threads: int | None = None
) -> HFEncoder:
    """Load ``name`` (hub id or folder) with ``AutoModel``/``AutoTokenizer``."""
    apply_threads(threads)
    dev = resolve_device(device)
    folder = resolve_folder(name)
    try:
        from transformers import AutoModel, AutoTokenizer
    except ImportError:  # pragma: no cover - a hard dependency
        raise BackendError("the hf backend needs transformers", hint="pip install transformers")
    try:
        tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = AutoModel.from_pretrained(str(folder), local_files_only=True)
    except Exception as exc:
        raise BackendError(f"could not load model {name!r} from {folder}: {exc}") from exc
    if not getattr(tok, "is_fast", False):
        raise BackendError(
            f"model {name!r} has no fast tokenizer (tokenizer.json); mtqa needs token offsets",
            hint="convert it once with transformers and save_pretrained() the fast tokenizer",
        )
    backend = tok.backend_tokenizer
    prefix_ids, suffix_ids = _special_ids(backend)
    cfg = model.config
    max_tokens = int(getattr(cfg, "max_position_embeddings", 512) or 512)
    if "roberta" in str(getattr(cfg, "model_type", "")) and cfg.pad_token_id is not None:
        # RoBERTa-style position ids start after the padding index.
        max_tokens -= int(cfg.pad_token_id) + 1
    model_max = getattr(tok, "model_max_length", None)
    if isinstance(model_max, int) and 0 < model_max < max_tokens:
        max_tokens = model_max
    pad_id = tok.pad_token_id
    if pad_id is None:
        pad_id = cfg.pad_token_id if getattr(cfg, "pad_token_id", None) is not None else 0
    enc = HFEncoder(
        name=f"hf:{name}",
        model=model,
        tokenizer=backend,
        special_prefix_ids=prefix_ids,
        special_suffix_ids=suffix_ids,
        pad_id=int(pad_id),
        max_tokens=max_tokens,
        device=dev,
    )
    enc.folder = folder
    enc.source = name
    enc.info.update(model_dir=str(folder))
    log.info("hf model %s loaded from %s (%d layers, dim %d)", name, folder,
             enc.num_layers, enc.dim)
    return enc
