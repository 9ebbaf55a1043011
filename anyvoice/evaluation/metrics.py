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
