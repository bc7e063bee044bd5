"""A lean BERT encoder in plain PyTorch, weight-compatible with ``transformers.BertModel``.

Why not ``BertModel`` itself: importing ``transformers`` for it costs about 2 s on the 2-core
machines mtqa runs on, which alone breaks the 3-second warm start. The module names below are
``BertModel``'s (``embeddings.word_embeddings``, ``encoder.layer.0.attention.self.query``, …), so
the same ``model.safetensors`` loads into either with ``strict=True``; the model tests check that
both give the same hidden states. It also stops after the requested layer, which alignment code
(layers 5–8) benefits from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn


class _Config:
    """The subset of ``BertConfig`` the encoder needs (attribute names as in transformers)."""

    def __init__(self, **kw: Any) -> None:
        self.vocab_size: int = kw["vocab_size"]
        self.hidden_size: int = kw["hidden_size"]
        self.num_hidden_layers: int = kw["num_hidden_layers"]
        self.num_attention_heads: int = kw["num_attention_heads"]
        self.intermediate_size: int = kw["intermediate_size"]
        self.max_position_embeddings: int = kw["max_position_embeddings"]
        self.type_vocab_size: int = kw.get("type_vocab_size", 2)
        self.layer_norm_eps: float = kw.get("layer_norm_eps", 1e-12)
        if kw.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {kw.get('hidden_act')!r}")
        if kw.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("only absolute position embeddings are supported")


def _linear(n_in: int, n_out: int) -> nn.Linear:
    return nn.Linear(n_in, n_out)


class LeanBert(nn.Module):
    """``BertModel(add_pooling_layer=False)`` forward pass, inference only."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        cfg = self.config = _Config(**config)
        H, FF = cfg.hidden_size, cfg.intermediate_size
        eps = cfg.layer_norm_eps
        self.embeddings = nn.ModuleDict(
            {
                "word_embeddings": nn.Embedding(cfg.vocab_size, H),
                "position_embeddings": nn.Embedding(cfg.max_position_embeddings, H),
                "token_type_embeddings": nn.Embedding(cfg.type_vocab_size, H),
                "LayerNorm": nn.LayerNorm(H, eps=eps),
            }
        )
        layers = []
        for _ in range(cfg.num_hidden_layers):
            layers.append(
                nn.ModuleDict(
                    {
                        "attention": nn.ModuleDict(
                            {
                                "self": nn.ModuleDict(
                                    {
                                        "query": _linear(H, H),
                                        "key": _linear(H, H),
                                        "value": _linear(H, H),
                                    }
                                ),
                                "output": nn.ModuleDict(
                                    {"dense": _linear(H, H), "LayerNorm": nn.LayerNorm(H, eps=eps)}
                                ),
                            }
                        ),
                        "intermediate": nn.ModuleDict({"dense": _linear(H, FF)}),
                        "output": nn.ModuleDict(
                            {"dense": _linear(FF, H), "LayerNorm": nn.LayerNorm(H, eps=eps)}
                        ),
                    }
                )
            )
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(layers)})

    def hidden_at(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, layer: int | None
    ) -> torch.Tensor:
        """Hidden states after block ``layer`` (0 = embeddings, None = last), ``(B, L, H)``."""
        return self.hidden_layers(input_ids, attention_mask, (layer,))[0]

    def hidden_layers(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        layers: Sequence[int | None],
    ) -> list[torch.Tensor]:
        """Hidden states after each block in ``layers`` (as in :meth:`hidden_at`) from one pass,
        which stops after the deepest one asked for."""
        cfg = self.config
        emb = self.embeddings
        B, L = input_ids.shape
        wanted = [cfg.num_hidden_layers if la is None else la for la in layers]
        got: dict[int, torch.Tensor] = {}
        positions = torch.arange(L, device=input_ids.device)
        x = emb["word_embeddings"](input_ids) + emb["position_embeddings"](positions)[None]
        x = x + emb["token_type_embeddings"].weight[0]
        x = emb["LayerNorm"](x)
        got[0] = x
        stop = max(wanted)
        nh = cfg.num_attention_heads
        hd = cfg.hidden_size // nh
        # Keys that are padding are masked out; padded query rows are computed and ignored.
        mask = attention_mask.bool()[:, None, None, :]
        for i, block in enumerate(self.encoder["layer"][:stop], start=1):
            att = block["attention"]
            sa = att["self"]
            q = sa["query"](x).view(B, L, nh, hd).transpose(1, 2)
            k = sa["key"](x).view(B, L, nh, hd).transpose(1, 2)
            v = sa["value"](x).view(B, L, nh, hd).transpose(1, 2)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            ctx = ctx.transpose(1, 2).reshape(B, L, cfg.hidden_size)
            x = att["output"]["LayerNorm"](x + att["output"]["dense"](ctx))
            mid = F.gelu(block["intermediate"]["dense"](x))
            x = block["output"]["LayerNorm"](x + block["output"]["dense"](mid))
            got[i] = x
        return [got[w] for w in wanted]

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.hidden_at(input_ids, attention_mask, None)


def load_lean_bert(config: dict[str, Any], state_dict: dict[str, torch.Tensor]) -> LeanBert:
    """Build on the meta device (no random init) and adopt ``state_dict``'s tensors."""
    with torch.device("meta"):
        model = LeanBert(config)
    model.load_state_dict(state_dict, strict=True, assign=True)
    return model.eval()
