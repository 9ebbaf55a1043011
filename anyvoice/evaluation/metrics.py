"""Metrics, each a small function: speaker similarity, WER/CER, DNSMOS."""
from __future__ import annotations

import re

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.inputs.asr import transcribe  # noqa: F401  (re-exported: metrics use it for WER)
from anyvoice.inputs.speech import cosine, speaker_embedding
from anyvoice.models import load
from anyvoice.text.frontend import normalize


def speaker_similarity(wav: np.ndarray, sr: int, reference: np.ndarray) -> float:
    """Cosine between the GE2E embedding of `wav` and a reference embedding (1 = same voice)."""
    return cosine(speaker_embedding(wav, sr), reference)


def normalize_words(text: str) -> list[str]:
    """Lower-case words with numbers spelled out and punctuation removed, for WER."""
    text = normalize(text).lower().replace("-", " ")
    return re.sub(r"[^a-z' ]+", " ", text).replace("'", "").split()


def _edit_distance(a: list, b: list) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of `hypothesis` against `reference` (0 = perfect; may exceed 1)."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    if not ref:
        return float(bool(hyp))
    return _edit_distance(ref, hyp) / len(ref)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate over the normalised words joined by spaces."""
    ref, hyp = " ".join(normalize_words(reference)), " ".join(normalize_words(hypothesis))
    if not ref:
        return float(bool(hyp))
    return _edit_distance(list(ref), list(hyp)) / len(ref)


def dnsmos(wav: np.ndarray, sr: int) -> dict[str, float]:
    """DNSMOS P.835: {'sig', 'bak', 'ovrl'} on a 1-5 scale."""
    x = resample(wav, sr, 16000)
    x = x / (np.max(np.abs(x)) + 1e-9) * 0.95
    r = load("dnsmos").run(x, sr=16000)
    return {"sig": float(r["sig_mos"]), "bak": float(r["bak_mos"]), "ovrl": float(r["ovrl_mos"])}


def _aligned(est: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = min(len(est), len(ref))
    if n == 0:
        raise ValueError("SI-SDR, PESQ and STOI need two non-empty signals")
    return np.asarray(est[:n], np.float64), np.asarray(ref[:n], np.float64)


def si_sdr(estimate: np.ndarray, reference: np.ndarray) -> float:
    """Scale-invariant signal-to-distortion ratio in dB (Le Roux et al. 2019): how much of `estimate` is the
    (rescaled) `reference`; both at one rate, cut to the shorter."""
    est, ref = _aligned(estimate, reference)
    est, ref = est - est.mean(), ref - ref.mean()
    target = (est @ ref) / (ref @ ref + 1e-12) * ref
    return float(10 * np.log10((target @ target + 1e-12) / ((est - target) @ (est - target) + 1e-12)))


def pesq_wb(estimate: np.ndarray, reference: np.ndarray, sr: int) -> float:
    """Wide-band PESQ (ITU-T P.862.2, -0.5..4.64) of `estimate` against the clean `reference`, at 16 kHz."""
    from pesq import pesq

    est, ref = (resample(np.asarray(x, np.float32), sr, 16000) for x in _aligned(estimate, reference))
    return float(pesq(16000, ref, est, "wb"))


def stoi(estimate: np.ndarray, reference: np.ndarray, sr: int, extended: bool = False) -> float:
    """Short-time objective intelligibility (0..1; `extended` gives ESTOI) against the clean `reference`."""
    from pystoi import stoi as _stoi

    est, ref = _aligned(estimate, reference)
    return float(_stoi(ref, est, sr, extended=extended))
