"""Content encoder: what is said, as frames of a bundled Whisper encoder (50 per second): tiny.en (384-d, the
`cfm` engine's) or the multilingual base (512-d).

Whisper's encoder was trained to serve transcription, so its frames carry the words well and the speaker less;
the `cfm` engine reduces what speaker information remains with a learned quantized bottleneck on top.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.models import load

CONTENT_SR = 16000
CONTENT_RATE = 50.0  # frames per second


@dataclass(frozen=True)
class ContentEncoder:
    """A bundled Whisper model whose encoder gives content frames."""

    model: str  # the model's name (models/bundled.py)
    dim: int  # the width of a frame
    language: str | None  # the one language it learned (its frames carry others' words less well); None: many


CONTENT_ENCODERS = {e.model: e for e in (ContentEncoder("whisper-tiny-en", 384, "en"),
                                         ContentEncoder("whisper-base", 512, None))}
CONTENT_MODEL = "whisper-tiny-en"  # the default (the shipped cfm decoder's)
#: Whisper always reads 30 s (3000 feature frames) of which speech fills the start; the encoder also runs on a
#: shorter window, in a fraction of the time, giving nearly the same frames
WINDOW_S = 30.0


def content_features(wav: np.ndarray, sr: int, window_s: float = WINDOW_S, encoder: str = CONTENT_MODEL
                     ) -> np.ndarray:
    """(ceil(seconds * 50), CONTENT_ENCODERS[encoder].dim) float32 encoder frames of mono `wav`, read in windows of
    `window_s` seconds (at most 30; the last window is padded with silence to that length)."""
    import ctranslate2

    if not 0.5 <= window_s <= WINDOW_S:
        raise ValueError(f"window_s must be within 0.5 to {WINDOW_S:g} seconds, got {window_s}")
    if encoder not in CONTENT_ENCODERS:
        raise ValueError(f"unknown content encoder {encoder!r}; known: {', '.join(CONTENT_ENCODERS)}")
    model = load(encoder)
    x = resample(np.asarray(wav, np.float32), sr, CONTENT_SR)
    n_out = max(1, int(np.ceil(len(x) / CONTENT_SR * CONTENT_RATE)))
    step = int(window_s * CONTENT_SR)
    width = 2 * int(window_s * 50)  # feature frames at 100 per second; the encoder halves them, so even
    frames = []
    for start in range(0, max(len(x), 1), step):
        piece = x[start:start + step]
        mel = model.feature_extractor(piece)[:, :width]  # (80, frames at 100 per second)
        window = np.zeros((1, 80, width), np.float32)
        window[0, :, :mel.shape[1]] = mel
        out = np.asarray(model.model.encode(ctranslate2.StorageView.from_array(window), to_cpu=True))[0]
        frames.append(out[:int(np.ceil(len(piece) / CONTENT_SR * CONTENT_RATE))])
    return np.concatenate(frames)[:n_out].astype(np.float32)
