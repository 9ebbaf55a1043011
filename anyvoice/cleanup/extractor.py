"""The target speaker extractor: a speaker-conditioned mask network (SpeakerBeam / VoiceFilter family).

The mixture's STFT magnitude (compressed) passes through a stack of dilated temporal convolution blocks; every
block is modulated (FiLM) by the GE2E embedding of the wanted voice, which is the voice space's own embedding, so
any `Voice` (a recording, a saved voice, a designed voice) can be the target. The network predicts a magnitude mask;
the output keeps the mixture's phase. The input is scaled to unit RMS first and the output scaled back, so the
network sees every mixture at one level. Trained by `anyvoice train extractor` (training/extractor.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from anyvoice.data import DATA_DIR
from anyvoice.models.checkpoint import load_network, save_network
from anyvoice.models.registry import SHIPPED_INSTALL, ModelSpec, data_file, register


@dataclass
class ExtractorConfig:
    """Sizes of the mask network; sample rate and STFT are part of the model."""

    sample_rate: int = 16000
    n_fft: int = 512
    hop: int = 128
    channels: int = 128
    hidden: int = 256
    kernel: int = 3
    dilations: int = 6  # 1, 2, 4, ... per repeat
    repeats: int = 2
    embed_dim: int = 256
    speaker_dim: int = 128  # the embedding is first projected to this, then each block takes its FiLM from it
    compress: float = 0.3  # magnitude ** compress as the input feature


class _Block(nn.Module):
    """1x1 conv up, FiLM by the speaker, depthwise dilated conv, 1x1 conv down, residual."""

    def __init__(self, ch: int, hid: int, kernel: int, dilation: int, speaker_dim: int):
        super().__init__()
        self.up = nn.Conv1d(ch, hid, 1)
        self.film = nn.Linear(speaker_dim, 2 * hid)
        self.act1, self.norm1 = nn.PReLU(), nn.GroupNorm(1, hid)
        self.dw = nn.Conv1d(hid, hid, kernel, dilation=dilation, padding=dilation * (kernel - 1) // 2, groups=hid)
        self.act2, self.norm2 = nn.PReLU(), nn.GroupNorm(1, hid)
        self.down = nn.Conv1d(hid, ch, 1)

    def forward(self, x: torch.Tensor, spk: torch.Tensor) -> torch.Tensor:
        gain, bias = self.film(spk).unsqueeze(-1).chunk(2, dim=1)
        y = self.norm1(self.act1(self.up(x) * (1 + gain) + bias))
        y = self.norm2(self.act2(self.dw(y)))
        return x + self.down(y)


class SpeakerExtractor(nn.Module):
    """(mixture waveform, speaker embedding) -> the target speaker's waveform, at `cfg.sample_rate`."""

    def __init__(self, cfg: ExtractorConfig | None = None):
        super().__init__()
        self.cfg = cfg = cfg or ExtractorConfig()
        bins = cfg.n_fft // 2 + 1
        self.register_buffer("window", torch.hann_window(cfg.n_fft), persistent=False)
        self.inp = nn.Sequential(nn.Conv1d(bins, cfg.channels, 1), nn.GroupNorm(1, cfg.channels))
        self.speaker = nn.Sequential(nn.Linear(cfg.embed_dim, cfg.speaker_dim), nn.PReLU())
        self.blocks = nn.ModuleList(_Block(cfg.channels, cfg.hidden, cfg.kernel, 2 ** d, cfg.speaker_dim)
                                    for _ in range(cfg.repeats) for d in range(cfg.dilations))
        self.mask = nn.Conv1d(cfg.channels, bins, 1)

    def _stft(self, x: torch.Tensor) -> torch.Tensor:
        return torch.stft(x, self.cfg.n_fft, self.cfg.hop, window=self.window, return_complex=True)

    def forward(self, mixture: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        """`mixture` (batch, samples), `embedding` (batch, embed_dim) unit-norm -> (batch, samples)."""
        n = mixture.shape[-1]
        scale = mixture.pow(2).mean(-1, keepdim=True).sqrt() + 1e-5
        spec = self._stft(mixture / scale)
        h = self.inp(spec.abs().clamp_min(1e-8).pow(self.cfg.compress))
        spk = self.speaker(embedding)
        for block in self.blocks:
            h = block(h, spk)
        est = spec * torch.sigmoid(self.mask(h))
        return torch.istft(est, self.cfg.n_fft, self.cfg.hop, window=self.window, length=n) * scale

    def save(self, path: str | os.PathLike, extra: dict | None = None) -> Path:
        """Write float16 weights and config atomically (training checkpoints keep float32)."""
        return save_network(self, self.cfg, path, "extractor", extra)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "SpeakerExtractor":
        """Load a checkpoint; None loads the one that ships with anyvoice."""
        src = Path(path) if path is not None else DATA_DIR / "extractor.pt"
        return load_network(lambda c: cls(ExtractorConfig(**c)), src, "extractor",
                            "train one with `anyvoice train extractor`")


register(ModelSpec("extractor", "target speaker extraction, speaker-conditioned mask network (anyvoice, "
                   "trained here)", ("torch",), SHIPPED_INSTALL, SpeakerExtractor.load, data_file("extractor.pt")))
