"""Content encoder: what is said, as frames of the bundled Whisper tiny.en encoder (384-d, 50 per second).

Whisper's encoder was trained to serve transcription, so its frames carry the words well and the speaker less;
the `cfm` engine reduces what speaker information remains with a learned quantized bottleneck on top.
"""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.models import load

CONTENT_SR = 16000
CONTENT_RATE = 50.0  # frames per second
CONTENT_DIM = 384
_WINDOW_S = 30  # the encoder always reads 30 s (3000 feature frames)


def content_features(wav: np.ndarray, sr: int) -> np.ndarray:
    """(ceil(seconds * 50), 384) float32 encoder frames of mono `wav`; audio longer than 30 s goes through in
    30-s windows."""
    import ctranslate2

    model = load("whisper-tiny-en")
    x = resample(np.asarray(wav, np.float32), sr, CONTENT_SR)
    n_out = max(1, int(np.ceil(len(x) / CONTENT_SR * CONTENT_RATE)))
    step = _WINDOW_S * CONTENT_SR
    frames = []
    for start in range(0, max(len(x), 1), step):
        piece = x[start:start + step]
        mel = model.feature_extractor(piece)[:, :3000]  # (80, frames at 100 per second)
        window = np.zeros((1, 80, 3000), np.float32)
        window[0, :, :mel.shape[1]] = mel
        out = np.asarray(model.model.encode(ctranslate2.StorageView.from_array(window), to_cpu=True))[0]
        frames.append(out[:int(np.ceil(len(piece) / CONTENT_SR * CONTENT_RATE))])
    return np.concatenate(frames)[:n_out].astype(np.float32)
