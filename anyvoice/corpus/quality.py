"""Which cut utterances are clean speech (pure functions, sample rate explicit)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import active_level_db, snr_estimate_db


@dataclass(frozen=True)
class QualityLimits:
    """What an utterance must be to enter the corpus."""

    min_s: float = 0.8  # shorter clips carry too little voice to learn or measure a speaker on
    max_clipped: float = 0.002  # share of samples at full scale
    min_level_dbfs: float = -45.0  # active speech level
    min_snr_db: float = 15.0  # loud frames over quiet frames
    min_voiced: float = 0.25  # share of voiced 30-ms frames (music and effects fall under it)


def rejection(wav: np.ndarray, sr: int, voiced_share: float, limits: QualityLimits = QualityLimits()) -> str | None:
    """Why `wav` is not clean speech (a few words), or None when it is."""
    if len(wav) < limits.min_s * sr:
        return "too short"
    if np.mean(np.abs(wav) >= 0.99) > limits.max_clipped:
        return "clipped"
    if active_level_db(wav, sr) < limits.min_level_dbfs:
        return "too quiet"
    if snr_estimate_db(wav, sr) < limits.min_snr_db:
        return "noisy"
    if voiced_share < limits.min_voiced:
        return "little speech"
    return None
