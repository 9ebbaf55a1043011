"""The Multimodal Voice Aggregator (UniSpeaker's KV-Former): any mix of modalities -> one point in voice space.

Each modality's features pass through a small adapter that turns them into a few query tokens. The queries of
all modalities present attend to a shared set of learnable key/value vectors (the KV memory: a learned basis of
voices), layer by layer; the pooled result is projected into the speech-anchored 256-d speaker-embedding space
(GE2E's) and into attribute heads. Trained by `anyvoice train aggregator` (training/aggregator.py).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from anyvoice.data import DATA_DIR
from anyvoice.errors import InputError
from anyvoice.models.checkpoint import load_network, save_network
from anyvoice.models.registry import SHIPPED_INSTALL, ModelSpec, data_file, register

#: Inputs per modality and their sizes: MiniLM text embedding, face vector, explicit attributes with a
#: presence mask, GE2E speech embedding.
MODALITY_DIMS = {"text": 384, "face": 6, "attributes": 12, "speech": 256}
SLIDER_INPUTS = ("female", "age", "pitch_hz", "range", "tract", "pace")
#: Attribute heads: P(female) as a logit, age/50, log F0 (centred at 155 Hz), vocal tract (cm, centred at 16),
#: log of the pitch-spread factor.
HEADS = ("female", "age", "log_f0", "vtl", "log_range")
LOG_F0_CENTRE = math.log(155.0)


@dataclass
class AggregatorConfig:
    """Sizes of the KV-Former."""

    d_model: int = 128
    queries_per_modality: int = 4
    memory_slots: int = 32  # learnable key/value pairs
    heads: int = 4
    layers: int = 2
    dropout: float = 0.1
    embed_dim: int = 256  # the speaker-embedding space (GE2E)
    modality_dims: dict[str, int] = field(default_factory=lambda: dict(MODALITY_DIMS))


def slider_vector(values: dict[str, float]) -> np.ndarray:
    """Explicit attribute values -> the aggregator's attribute input (scaled values, then a presence mask)."""
    scale = {"female": lambda v: v - 0.5, "age": lambda v: v / 50.0 - 0.7,
             "pitch_hz": lambda v: math.log(v) - LOG_F0_CENTRE if v > 0 else 0.0,
             "range": lambda v: math.log(v), "tract": lambda v: 10 * math.log(v), "pace": lambda v: math.log(v)}
    x = np.zeros(2 * len(SLIDER_INPUTS), np.float32)
    for i, name in enumerate(SLIDER_INPUTS):
        if name in values and not (name == "pitch_hz" and values[name] <= 0):
            x[i] = scale[name](float(values[name]))
            x[len(SLIDER_INPUTS) + i] = 1.0
    return x


class ModalityAdapter(nn.Module):
    """Features of one modality -> `n` query tokens."""

    def __init__(self, dim_in: int, cfg: AggregatorConfig):
        super().__init__()
        self.n, self.d = cfg.queries_per_modality, cfg.d_model
        self.net = nn.Sequential(nn.LayerNorm(dim_in), nn.Linear(dim_in, 2 * cfg.d_model), nn.GELU(),
                                 nn.Dropout(cfg.dropout), nn.Linear(2 * cfg.d_model, self.n * self.d))
        self.position = nn.Parameter(torch.randn(self.n, self.d) * 0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).view(-1, self.n, self.d) + self.position


class KVFormerLayer(nn.Module):
    """Queries attend to the learnable key/value memory, then to each other (fusion), then a feed-forward."""

    def __init__(self, cfg: AggregatorConfig):
        super().__init__()
        d = cfg.d_model
        self.keys = nn.Parameter(torch.randn(cfg.memory_slots, d) / math.sqrt(d))
        self.values = nn.Parameter(torch.randn(cfg.memory_slots, d) / math.sqrt(d))
        self.memory_attn = nn.MultiheadAttention(d, cfg.heads, dropout=cfg.dropout, batch_first=True)
        self.fusion_attn = nn.MultiheadAttention(d, cfg.heads, dropout=cfg.dropout, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Dropout(cfg.dropout), nn.Linear(4 * d, d))
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(3))

    def forward(self, q: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        b = q.shape[0]
        k = self.keys.unsqueeze(0).expand(b, -1, -1)
        v = self.values.unsqueeze(0).expand(b, -1, -1)
        q = q + self.memory_attn(self.norms[0](q), k, v, need_weights=False)[0]
        h = self.norms[1](q)
        q = q + self.fusion_attn(h, h, h, key_padding_mask=pad, need_weights=False)[0]
        return q + self.ff(self.norms[2](q))


class VoiceAggregator(nn.Module):
    """Modalities -> (unit speaker embedding (B, 256), attribute heads (B, len(HEADS)))."""

    def __init__(self, cfg: AggregatorConfig | None = None):
        super().__init__()
        self.cfg = cfg or AggregatorConfig()
        c = self.cfg
        self.adapters = nn.ModuleDict({m: ModalityAdapter(d, c) for m, d in c.modality_dims.items()})
        self.modality_embed = nn.ParameterDict({m: nn.Parameter(torch.randn(c.d_model) * 0.02)
                                                for m in c.modality_dims})
        self.layers = nn.ModuleList(KVFormerLayer(c) for _ in range(c.layers))
        self.out_norm = nn.LayerNorm(c.d_model)
        self.embed_head = nn.Sequential(nn.Linear(c.d_model, c.d_model), nn.GELU(), nn.Linear(c.d_model, c.embed_dim))
        self.attr_head = nn.Sequential(nn.Linear(c.d_model, c.d_model), nn.GELU(), nn.Linear(c.d_model, len(HEADS)))

    def forward(self, inputs: dict[str, torch.Tensor], present: dict[str, torch.Tensor] | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        """`inputs`: modality -> (B, dim); `present`: modality -> (B,) bool (default: all rows present)."""
        if not inputs:
            raise InputError("the aggregator needs at least one modality")
        unknown = set(inputs) - set(self.adapters)
        if unknown:
            raise InputError(f"unknown modality {sorted(unknown)}; known: {', '.join(self.adapters)}")
        tokens, pads = [], []
        for m, x in inputs.items():
            t = self.adapters[m](x) + self.modality_embed[m]
            p = present[m] if present is not None and m in present else torch.ones(len(x), dtype=torch.bool)
            tokens.append(t)
            pads.append((~p).unsqueeze(1).expand(-1, t.shape[1]))
        q, pad = torch.cat(tokens, 1), torch.cat(pads, 1)
        if pad.all(dim=1).any():
            raise InputError("every row needs at least one modality present")
        for layer in self.layers:
            q = layer(q, pad)
        keep = (~pad).unsqueeze(-1).float()
        pooled = self.out_norm((q * keep).sum(1) / keep.sum(1))
        emb = nn.functional.normalize(self.embed_head(pooled), dim=-1)
        return emb, self.attr_head(pooled)

    # --- checkpoints ----------------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, extra: dict | None = None) -> Path:
        """Write float16 weights and config atomically (training checkpoints keep float32)."""
        return save_network(self, self.cfg, path, "aggregator", extra)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "VoiceAggregator":
        """Load a checkpoint; None loads the one that ships with anyvoice."""
        src = Path(path) if path is not None else DATA_DIR / "aggregator.pt"
        return load_network(lambda c: cls(AggregatorConfig(**c)), src, "aggregator",
                            "train one with `anyvoice train aggregator`")


def decode_heads(h: np.ndarray) -> dict[str, float]:
    """Attribute-head outputs -> female (0..1), age (years), F0 (Hz), vocal tract (cm), pitch-spread factor."""
    return {"female": float(1 / (1 + np.exp(-h[0]))), "age": float(h[1] * 50.0),
            "f0_hz": float(np.exp(h[2] + LOG_F0_CENTRE)), "vtl_cm": float(h[3] + 16.0), "range": float(np.exp(h[4]))}


register(ModelSpec("aggregator", "multimodal voice aggregator, KV-Former (anyvoice, trained here)", ("torch",),
                   SHIPPED_INSTALL, VoiceAggregator.load, data_file("aggregator.pt")))
