"""The `cfm` engine: the seeds' neural generator behind the common engine interface."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from anyvoice.audio.mel import MEL_SR
from anyvoice.audio.signal import resample
from anyvoice.engines.base import ENGINES, Engine
from anyvoice.engines.cfm.features import frame_features, log_f0_inputs, reference_frames
from anyvoice.engines.dsp import finish
from anyvoice.voice import Voice


@dataclass
class CfmEngineConfig:
    # 20 steps from noise at half scale: the fewest words lost in the bench's sweep (WER 25 % at 20 steps / 0.5,
    # 31 % at 10 / 0.8; guidance 0.5-1 cost words and gave no similarity)
    steps: int = 20  # Euler steps of the flow
    guidance: float = 0.0  # classifier-free guidance strength (> 0 doubles the decoder's compute)
    temperature: float = 0.5  # scale of the starting noise (< 1: steadier, clearer speech)
    # your own checkpoint (anyvoice train cfm); default $ANYVOICE_CFM, else the shipped one
    checkpoint: str | None = field(default_factory=lambda: os.environ.get("ANYVOICE_CFM") or None)
    seed: int = 0
    match_energy: bool = True


def target_f0(f0_hz: np.ndarray, voice: Voice) -> np.ndarray:
    """The source's F0 contour moved to the voice: median to the voice's median, spread scaled to its spread."""
    voiced = f0_hz > 0
    out = np.zeros_like(f0_hz, dtype=np.float32)
    if not voiced.any() or not voice.attributes.f0_median_hz > 0:
        return f0_hz.astype(np.float32)
    lf = np.log(f0_hz[voiced])
    spread = float(np.clip(voice.attributes.log_f0_std / max(float(np.std(lf)), 1e-3), 0.5, 2.0)) \
        if np.isfinite(voice.attributes.log_f0_std) and voice.attributes.log_f0_std > 0 else 1.0
    centre = float(np.median(lf))
    out[voiced] = np.exp(np.log(voice.attributes.f0_median_hz) + (lf - centre) * spread)
    return out


@ENGINES.register("cfm", "neural: Whisper content + voice embedding + reference timbre -> flow-matching mel "
                  "decoder -> HiFi-GAN (trained here)")
class CfmEngine(Engine):
    """Resynthesises the input's words and intonation in the target voice with the CFM decoder and HiFi-GAN."""

    name = "cfm"

    def __init__(self, config: CfmEngineConfig | None = None):
        self.config = config or CfmEngineConfig()

    def convert(self, wav: np.ndarray, sr: int, voice: Voice) -> np.ndarray:
        import torch

        from anyvoice.models import load

        decoder = load("cfm", Path(self.config.checkpoint) if self.config.checkpoint else None)
        vocoder = load("hifigan")
        feats = frame_features(wav, sr)
        log_f0, voiced = log_f0_inputs(target_f0(feats.f0_hz, voice))
        ref = reference_frames(voice.envelope_frames, voice.envelope_mean)
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))[None]  # noqa: E731
        gen = torch.Generator().manual_seed(self.config.seed)
        mel = decoder.sample(t(feats.content), t(log_f0), t(voiced), t(voice.embedding.astype(np.float32)), t(ref),
                             steps=self.config.steps, guidance=self.config.guidance,
                             temperature=self.config.temperature, generator=gen)
        with torch.inference_mode():
            y = vocoder(mel.transpose(1, 2)).reshape(-1).numpy()
        return finish(resample(y, MEL_SR, sr), sr, voice, len(wav), self.config.match_energy)
