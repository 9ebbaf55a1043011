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


#: a recording's band edge (signal.band_limit_hz) is where its spectrum has fallen 50 dB, and its envelope falls
#: well before it: a slope is read only below this share of the edge
RECORDED_SHARE = 0.85


def spectral_tilt(env: np.ndarray, band_hz: float | None = None) -> float:
    """Slope of a grid envelope from 1 kHz up in dB per octave (less negative = brighter): up to the top of the
    grid, or of what a recording with band edge `band_hz` holds (above it is the channel's floor, not the voice's
    darkness); NaN where that is less than two octaves: over a telephone's 1-3.4 kHz the slope follows the
    formants more than the voice's brightness."""
    top = GRID_HZ[-1] if not band_hz else min(GRID_HZ[-1], RECORDED_SHARE * band_hz)
    if top < 4000.0:
        return float("nan")
    sel = (GRID_HZ >= 1000.0) & (GRID_HZ <= top)
    x = np.log2(GRID_HZ[sel] / 1000.0)
    return float(np.polyfit(x, np.asarray(env)[sel] / DB, 1)[0])
