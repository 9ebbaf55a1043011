"""Piper VITS (bundled voice: joe, US English male)."""
from __future__ import annotations

import numpy as np

from anyvoice.models import load
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer


@SYNTHESIZERS.register("piper", "Piper VITS, bundled US English male voice 'joe' (22.05 kHz, very fast)")
class PiperSynthesizer(BaseSynthesizer):
    """Piper VITS; `model_path` selects a user's own Piper voice (.onnx with its .onnx.json beside it)."""

    def __init__(self, model_path: str | None = None):
        self.voice = load("piper-joe", model_path)
        self.sample_rate = int(self.voice.config.sample_rate)
        self.name = "piper"

    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=1.0 / speed, noise_scale=0.667, noise_w_scale=0.8)
        chunks = [c.audio_float_array for c in self.voice.synthesize(sentence, syn_config=cfg)]
        return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
