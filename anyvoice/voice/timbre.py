"""Timbre words as changes of a voice's long-term envelope on the mel grid (pure: grid vectors in and out).

The engines filter speech toward `Voice.envelope_mean`, so shaping that envelope is how "warm", "thin", "nasal"
and "bright" reach the sound.
"""
from __future__ import annotations

import numpy as np

from anyvoice.audio.filtering import DB
from anyvoice.audio.world import GRID_HZ


def _bump(centre_hz: float, octaves: float) -> np.ndarray:
    """A Gaussian bump on a log-frequency axis, 1 at `centre_hz`, `octaves` wide (standard deviation)."""
    return np.exp(-0.5 * (np.log2(GRID_HZ / centre_hz) / octaves) ** 2)


def shape_envelope(env: np.ndarray, warmth: float = 0.0, nasality: float = 0.0, brightness: float = 0.0
                   ) -> np.ndarray:
    """`env` with warmth (-1..1: fuller low-mids / thin), nasality (0..1: nasal murmur near 250 Hz, an
    anti-resonance near 700 Hz, damped upper formants) and brightness (dB per octave above 1 kHz)."""
    gain_db = (warmth * (4.0 * _bump(350.0, 0.9) - 2.5 * _bump(4000.0, 0.8))
               + nasality * (5.0 * _bump(260.0, 0.35) - 7.0 * _bump(700.0, 0.4) - 2.0 * _bump(2500.0, 0.6))
               + brightness * np.log2(np.maximum(GRID_HZ, 1000.0) / 1000.0))
    return (np.asarray(env, np.float32) + (gain_db * DB).astype(np.float32)).astype(np.float32)


def spectral_tilt(env: np.ndarray) -> float:
    """Slope of a grid envelope above 1 kHz in dB per octave (less negative = brighter)."""
    sel = GRID_HZ >= 1000.0
    x = np.log2(GRID_HZ[sel] / 1000.0)
    return float(np.polyfit(x, np.asarray(env)[sel] / DB, 1)[0])
