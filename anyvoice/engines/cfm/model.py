"""The `cfm` network: a conditional flow-matching (OT-CFM) mel decoder conditioned on the voice space.

Per mel frame it reads the content (Whisper encoder frames through a finite-scalar-quantized bottleneck that
leaves little room for the speaker) and the log-F0 already moved to the target voice; per utterance, the target's
speaker embedding; and through cross-attention, frames of the target's reference timbre (the Voice's spectral
envelope frames). It gives the velocity of the flow from Gaussian noise to the normalised log-mel; the flow's
loss and sampler (flow.py) drive it, and the bundled HiFi-GAN turns the mel it draws into sound.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from anyvoice.data import DATA_DIR
from anyvoice.models.checkpoint import load_network, save_network
from anyvoice.models.registry import SHIPPED_INSTALL, ModelSpec, data_file, register


@dataclass
class CfmConfig:
    content_encoder: str = "whisper-tiny-en"  # what reads the content frames (inputs/content.py)
    content_dim: int = 384  # the width of its frames
    content_pca: int = 64  # fixed projection on the corpus's principal axes (stored in the weights)
    fsq_levels: tuple[int, ...] = (7, 7, 7, 7, 7, 7, 7, 7)  # bottleneck: 8 dims of 7 values per frame
    n_mels: int = 80
    speaker_dim: int = 256
    ref_dim: int = 96  # the Voice's envelope grid
    hidden: int = 192
    blocks: int = 6
    heads: int = 4
    kernel: int = 5
    sigma_min: float = 1e-4
    cond_dropout: float = 0.1  # speaker and reference dropped together, for classifier-free guidance
    mel_mean: float = -6.0  # log-mel normalisation, measured on the training corpus
    mel_std: float = 2.5
    ref_mean: float = 0.0  # reference envelope normalisation, likewise
    ref_std: float = 1.0


class FSQ(nn.Module):
    """Finite scalar quantization: each dimension bounded by tanh and rounded to one of `levels` (odd) values;
    gradients pass straight through the rounding."""

    def __init__(self, levels: tuple[int, ...]):
        super().__init__()
        self.register_buffer("half_range", torch.tensor([(n - 1) / 2 for n in levels]), persistent=False)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        bounded = torch.tanh(z.transpose(1, -1)) * self.half_range
        return ((bounded + (torch.round(bounded) - bounded).detach()) / self.half_range).transpose(1, -1)


class ConvBlock(nn.Module):
    """Residual dilated convolution with FiLM from the utterance-level condition."""

    def __init__(self, dim: int, kernel: int, dilation: int, cond: int | None = None):
        super().__init__()
        self.norm = nn.GroupNorm(1, dim)
        self.conv = nn.Conv1d(dim, dim, kernel, padding=dilation * (kernel - 1) // 2, dilation=dilation)
        self.out = nn.Conv1d(dim, dim, 1)
        self.film = nn.Linear(cond, 2 * dim) if cond else None

    def forward(self, x: torch.Tensor, mask: torch.Tensor, g: torch.Tensor | None = None) -> torch.Tensor:
        # x (B, C, T), mask (B, 1, T), g (B, cond)
        h = self.norm(x * mask)
        if self.film is not None:
            scale, shift = self.film(g).unsqueeze(-1).chunk(2, dim=1)
            h = h * (1 + scale) + shift
        return x + self.out(F.gelu(self.conv(h * mask))) * mask


class CrossAttention(nn.Module):
    """Multi-head attention of frames to a memory: nn.MultiheadAttention's parameters (so its checkpoints load) and
    result, written out with shapes that follow the inputs, so an exported graph takes a memory of any length."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(3 * dim, dim)))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * dim))
        self.out_proj = nn.Linear(dim, dim)
        nn.init.zeros_(self.out_proj.bias)

    def forward(self, x: torch.Tensor, memory: torch.Tensor, memory_pad: torch.Tensor) -> torch.Tensor:
        # x (B, T, C), memory (B, M, C), memory_pad (B, M) True where padded
        wq, wk, wv = self.in_proj_weight.chunk(3)
        bq, bk, bv = self.in_proj_bias.chunk(3)
        heads = lambda h: h.unflatten(-1, (self.heads, -1)).transpose(1, 2)  # noqa: E731  (B, heads, len, C/heads)
        out = F.scaled_dot_product_attention(heads(F.linear(x, wq, bq)), heads(F.linear(memory, wk, bk)),
                                             heads(F.linear(memory, wv, bv)), attn_mask=~memory_pad[:, None, None])
        return self.out_proj(out.transpose(1, 2).flatten(2))


class DecoderBlock(nn.Module):
    """Convolution (local context), cross-attention to the reference timbre, feed-forward."""

    def __init__(self, cfg: CfmConfig, dilation: int):
        super().__init__()
        d = cfg.hidden
        self.conv = ConvBlock(d, cfg.kernel, dilation, cond=d)
        self.attn_norm = nn.LayerNorm(d)
        self.attn = CrossAttention(d, cfg.heads)
        self.ff_norm = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x, mask, g, memory, memory_pad):
        x = self.conv(x, mask, g)
        h = x.transpose(1, 2)  # (B, T, C)
        q = self.attn_norm(h)
        h = h + self.attn(q, memory, memory_pad)
        h = h + self.ff(self.ff_norm(h))
        return h.transpose(1, 2) * mask


def _time_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device) / half)
    angles = 1000.0 * t[:, None] * freqs[None]
    return torch.cat([angles.sin(), angles.cos()], dim=-1)


class CfmDecoder(nn.Module):
    """Content + F0 + speaker embedding + reference frames -> log-mel, by flow matching."""

    def __init__(self, cfg: CfmConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.hidden
        self.register_buffer("content_mean", torch.zeros(cfg.content_dim))
        self.register_buffer("content_basis", torch.eye(cfg.content_dim)[:, :cfg.content_pca].clone())
        self.content_in = nn.Conv1d(cfg.content_pca, d, 1)
        self.content_pre = nn.ModuleList([ConvBlock(d, cfg.kernel, 1), ConvBlock(d, cfg.kernel, 2)])
        self.to_code = nn.Conv1d(d, len(cfg.fsq_levels), 1)
        self.fsq = FSQ(cfg.fsq_levels)
        self.from_code = nn.Conv1d(len(cfg.fsq_levels), d, 1)
        self.content_post = ConvBlock(d, cfg.kernel, 1)
        self.f0_in = nn.Conv1d(2, d, 1)
        self.speaker_in = nn.Linear(cfg.speaker_dim, d)
        self.ref_in = nn.Linear(cfg.ref_dim, d)
        self.null_memory = nn.Parameter(torch.zeros(1, 1, d))  # what "no reference" attends to
        self.time_mlp = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, d))
        self.x_in = nn.Conv1d(cfg.n_mels + d, d, 1)
        self.blocks = nn.ModuleList([DecoderBlock(cfg, 2 ** (i % 3)) for i in range(cfg.blocks)])
        self.x_out = nn.Conv1d(d, cfg.n_mels, 1)
        nn.init.zeros_(self.x_out.weight)
        nn.init.zeros_(self.x_out.bias)

    # --- conditions -----------------------------------------------------------------------------------------
    def project(self, content: torch.Tensor) -> torch.Tensor:
        """(B, T, 384) Whisper frames -> (B, T, content_pca) on the corpus's principal axes."""
        return (content - self.content_mean) @ self.content_basis

    def codes(self, z: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The bottleneck: projected content (B, T, content_pca) -> (B, n_levels, T) quantized codes in [-1, 1]."""
        h = self.content_in(z.transpose(1, 2)) * mask
        for block in self.content_pre:
            h = block(h, mask)
        return self.fsq(self.to_code(h)) * mask

    def frame_condition(self, content, log_f0, voiced, mask):
        """Per-frame condition (B, hidden, T) from projected content (through the bottleneck) and the F0 inputs."""
        h = self.content_post(self.from_code(self.codes(content, mask)) * mask, mask)
        return h + self.f0_in(torch.stack([log_f0, voiced], dim=1)) * mask

    def memory(self, speaker, ref, ref_pad, keep):
        """Cross-attention memory: the speaker token, the reference frames and the null token; `keep` (B,) False
        drops the speaker and the reference (classifier-free guidance's unconditional branch)."""
        b = speaker.shape[0]
        spk = self.speaker_in(speaker * keep[:, None])[:, None]
        ref = (ref - self.cfg.ref_mean) / self.cfg.ref_std
        mem = torch.cat([self.null_memory.expand(b, 1, -1), spk, self.ref_in(ref)], dim=1)
        pad = torch.cat([torch.zeros(b, 2, dtype=torch.bool, device=ref.device), ref_pad | ~keep[:, None]], dim=1)
        return mem, pad, spk[:, 0]

    # --- the velocity field ---------------------------------------------------------------------------------
    def velocity(self, x, t, cond, mask, g_speaker, memory, memory_pad):
        """The flow's velocity at noisy mel `x` (B, 80, T) and flow time `t` (B,), given the frame condition, the
        utterance condition and the cross-attention memory."""
        g = self.time_mlp(_time_embedding(t, self.cfg.hidden)) + g_speaker
        h = self.x_in(torch.cat([x, cond], dim=1)) * mask
        for block in self.blocks:
            h = block(h, mask, g, memory, memory_pad)
        return self.x_out(h) * mask

    def normalise(self, mel: torch.Tensor) -> torch.Tensor:
        """Log-mel -> the scale the flow runs on."""
        return (mel - self.cfg.mel_mean) / self.cfg.mel_std

    def save(self, path: str | os.PathLike, extra: dict | None = None) -> Path:
        """Write float16 weights and config atomically (training checkpoints keep float32)."""
        return save_network(self, self.cfg, path, "cfm", extra)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "CfmDecoder":
        """Load a checkpoint; None loads the one that ships with anyvoice."""
        src = Path(path) if path is not None else DATA_DIR / "cfm.pt"
        return load_network(lambda c: cls(CfmConfig(**{**c, "fsq_levels": tuple(c["fsq_levels"])})), src, "cfm",
                            "train one with `anyvoice train cfm`")


register(ModelSpec("cfm", "the cfm engine's flow-matching mel decoder (anyvoice, trained here)", ("torch",),
                   SHIPPED_INSTALL, CfmDecoder.load, data_file("cfm.pt")))
