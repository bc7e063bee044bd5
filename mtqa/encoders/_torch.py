"""Shared runtime for encoders backed by a PyTorch transformer and a `tokenizers` tokenizer.

Imported only when a real model is requested, so ``import mtqa`` never pulls in torch.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import torch

from mtqa import config
from mtqa.encoders.base import Encoder, _Tokenized
from mtqa.errors import BackendError, ConfigError

log = logging.getLogger("mtqa.encoders")


def resolve_device(device: str | None) -> torch.device:
    """``auto`` → CUDA when available, else CPU; ``None`` → ``mtqa.config.device()``."""
    choice = (device or config.device()).strip().lower()
    if choice == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if choice == "cpu":
        return torch.device("cpu")
    if choice == "cuda" or choice.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise BackendError(
                f"device {choice!r} requested but CUDA is not available",
                hint="use --device cpu (or MTQA_DEVICE=cpu)",
            )
        return torch.device(choice)
    raise ConfigError(f"device {device!r}: expected auto, cpu or cuda")


def apply_threads(threads: int | None) -> None:
    """Set torch's intra-op threads (``None`` → ``mtqa.config.threads()``, else torch's own)."""
    count = threads if threads is not None else config.threads()
    if count is not None:
        if count < 1:
            raise ConfigError(f"threads={count}: expected a positive integer")
        if torch.get_num_threads() != count:
            torch.set_num_threads(count)


class _StopForward(Exception):
    """Raised by a forward hook once the requested layer has been computed."""


class TorchEncoder(Encoder):
    """An :class:`Encoder` over a Hugging Face encoder model and a fast tokenizer.

    ``tokenizer`` is a ``tokenizers.Tokenizer``; content tokens come from
    ``encode(..., add_special_tokens=False)`` and every window is wrapped in
    ``special_prefix_ids`` / ``special_suffix_ids`` (``<s> … </s>`` for XLM-R vocabularies).
    """

    # Batches are planned by padded tokens (see ``base.plan_batches``). Measured for e5-small on
    # 2 CPU cores: a forward call costs about 13 ms on top of ~0.5 ms per padded token (one
    # thread), and 32–64 tokens of call cost gave the fastest 80-sentence story (1.1 s against
    # 2.8 s for full batches of 64 padded to the longest sentence).
    batch_call_tokens: int | None = 64

    def __init__(
        self,
        *,
        name: str,
        model: Any,
        tokenizer: Any,
        special_prefix_ids: tuple[int, ...],
        special_suffix_ids: tuple[int, ...],
        pad_id: int,
        max_tokens: int,
        device: torch.device,
        signature: str | None = None,
        cache_size: int = 8192,
    ) -> None:
        super().__init__(cache_size=cache_size)
        self.name = name
        self.model = model.to(device).eval()
        self.tokenizer = tokenizer
        self.device = device
        self.special_prefix_ids = tuple(special_prefix_ids)
        self.special_suffix_ids = tuple(special_suffix_ids)
        self.pad_id = pad_id
        self.max_tokens = max_tokens
        cfg = model.config
        self.dim = int(cfg.hidden_size)
        self.num_layers = int(cfg.num_hidden_layers)
        self._signature = signature
        # Facts about how this instance was loaded (e.g. ``converted``, ``model_dir``).
        self.info: dict[str, Any] = {}
        # The transformer blocks, to stop the forward pass early when an inner layer is asked.
        self._blocks = None if hasattr(model, "hidden_at") else _find_blocks(model)

    @property
    def signature(self) -> str:
        return self._signature or self.name

    def _tokenize(self, texts: list[str]) -> list[_Tokenized]:
        encs = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [_Tokenized(list(e.ids), list(e.offsets), list(e.tokens)) for e in encs]

    def _hidden(self, ids: torch.Tensor, mask: torch.Tensor, layer: int | None) -> torch.Tensor:
        if hasattr(self.model, "hidden_at"):  # mtqa's LeanBert stops at the layer by itself
            return self.model.hidden_at(ids, mask, layer)
        if layer is None:
            return self.model(input_ids=ids, attention_mask=mask).last_hidden_state
        if layer == 0 or self._blocks is None:
            out = self.model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
            return out.hidden_states[layer]
        # Run only the blocks up to `layer`: an early exit through a hook keeps the model's own
        # forward (masks, attention implementation) while skipping the layers not needed.
        captured: list[torch.Tensor] = []

        def hook(_mod: Any, _inp: Any, output: Any) -> None:
            captured.append(output[0] if isinstance(output, tuple) else output)
            raise _StopForward

        handle = self._blocks[layer - 1].register_forward_hook(hook)
        try:
            self.model(input_ids=ids, attention_mask=mask)
        except _StopForward:
            pass
        finally:
            handle.remove()
        return captured[0]

    def _hidden_layers(
        self, ids: torch.Tensor, mask: torch.Tensor, layers: tuple[int | None, ...]
    ) -> list[torch.Tensor]:
        """Hidden states of every layer in ``layers`` from one forward pass."""
        if len(layers) == 1:
            return [self._hidden(ids, mask, layers[0])]
        if hasattr(self.model, "hidden_layers"):  # LeanBert: one pass, stops at the deepest
            return list(self.model.hidden_layers(ids, mask, layers))
        if self._blocks is None or 0 in layers:
            out = self.model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
            return [out.hidden_states[-1 if la is None else la] for la in layers]
        # Hooks on the inner blocks capture their outputs while the forward goes on; it stops
        # after the deepest block asked for unless the last layer is wanted too.
        inner = sorted({la for la in layers if la is not None})
        deepest = None if None in layers else inner[-1]
        captured: dict[int, torch.Tensor] = {}
        handles = []
        for la in inner:

            def hook(_mod: Any, _inp: Any, output: Any, la: int = la) -> None:
                captured[la] = output[0] if isinstance(output, tuple) else output
                if la == deepest:
                    raise _StopForward

            handles.append(self._blocks[la - 1].register_forward_hook(hook))
        last = None
        try:
            last = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
        except _StopForward:
            pass
        finally:
            for handle in handles:
                handle.remove()
        return [last if la is None else captured[la] for la in layers]

    def _forward_layers(
        self,
        windows: list[list[int]],
        layers: tuple[int | None, ...],
        want_states: tuple[bool, ...],
    ) -> list[tuple[np.ndarray, list[np.ndarray] | None]]:
        longest = max(len(w) for w in windows)
        ids = torch.full((len(windows), longest), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(windows), longest), dtype=torch.long)
        for i, w in enumerate(windows):
            ids[i, : len(w)] = torch.tensor(w, dtype=torch.long)
            mask[i, : len(w)] = 1
        ids, mask = ids.to(self.device), mask.to(self.device)
        out: list[tuple[np.ndarray, list[np.ndarray] | None]] = []
        with torch.inference_mode():
            hiddens = self._hidden_layers(ids, mask, tuple(layers))
            for hidden, want in zip(hiddens, want_states):
                hidden = hidden.float()
                m = mask.unsqueeze(-1).to(hidden.dtype)
                means = ((hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)).cpu().numpy()
                states = None
                if want:
                    h = hidden.cpu().numpy()
                    states = [h[i, : len(w)] for i, w in enumerate(windows)]
                out.append((means.astype(np.float32, copy=False), states))
        return out


def _find_blocks(model: Any) -> Any:
    """The list of transformer blocks of a BERT/XLM-R-like model, or None if not found."""
    for path in ("encoder.layer", "encoder.layers", "layers", "transformer.layer"):
        obj = model
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None and hasattr(obj, "__len__") and len(obj) == model.config.num_hidden_layers:
            return obj
    return None
