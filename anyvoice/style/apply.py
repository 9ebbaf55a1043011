"""Applying a Prosody to rendered speech (pure: arrays in, arrays out, sample rate explicit)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from anyvoice.audio.filtering import DB, apply_envelope_gain
from anyvoice.audio.signal import fit_length, limit_peaks
from anyvoice.audio.world import FRAME_MS, GRID_HZ, analyze, synthesize
from anyvoice.style.prosody import Prosody

_RAMP_S = 0.03


def _span_weight(t: np.ndarray, spans: Sequence[tuple[float, float]]) -> np.ndarray:
    """1 inside any span, 0 outside, with raised-cosine ramps of _RAMP_S at the edges."""
    w = np.zeros_like(t, dtype=np.float64)
    for a, b in spans:
        rise = np.clip((t - (a - _RAMP_S)) / _RAMP_S, 0, 1)
        fall = np.clip(((b + _RAMP_S) - t) / _RAMP_S, 0, 1)
        w = np.maximum(w, 0.5 - 0.5 * np.cos(np.pi * np.minimum(rise, fall)))
    return w


def _pitch_and_time(wav: np.ndarray, sr: int, p: Prosody, spans: Sequence[tuple[float, float]]) -> np.ndarray:
    """Move the pitch contour (level, range, emphasis) and the duration with Praat's PSOLA manipulation."""
    import parselmouth
    from parselmouth.praat import call

    snd = parselmouth.Sound(np.asarray(wav, np.float64), sr)
    manip = call(snd, "To Manipulation", 0.01, 60, 600)
    tier = call(manip, "Extract pitch tier")
    n = int(call(tier, "Get number of points"))
    if n:
        ts = np.array([call(tier, "Get time from index", i + 1) for i in range(n)])
        lf = np.log([call(tier, "Get value at index", i + 1) for i in range(n)])
        centre = float(np.median(lf))
        lf = centre + (lf - centre) * p.pitch_range + p.pitch_st * np.log(2) / 12
        lf += _span_weight(ts, spans) * p.emphasis_st * np.log(2) / 12
        new = call("Create PitchTier", "styled", snd.xmin, snd.xmax)
        for t, f in zip(ts, np.exp(lf)):
            call(new, "Add point", float(t), float(f))
        call([manip, new], "Replace pitch tier")
    if abs(p.pace - 1.0) > 1e-3:
        dur = call("Create DurationTier", "pace", snd.xmin, snd.xmax)
        call(dur, "Add point", snd.xmin, 1.0 / p.pace)
        call([manip, dur], "Replace duration tier")
    return call(manip, "Get resynthesis (overlap-add)").values[0].astype(np.float32)


def _whisper(wav: np.ndarray, sr: int) -> np.ndarray:
    """The same speech with breath noise instead of voicing (WORLD resynthesis with F0 = 0)."""
    feat = analyze(wav, sr, fast=True, aperiodicity=True)
    feat.f0 = np.zeros_like(feat.f0)
    return fit_length(synthesize(feat), len(wav))


def apply_prosody(wav: np.ndarray, sr: int, p: Prosody,
                  emphasis: Sequence[tuple[float, float]] = ()) -> np.ndarray:
    """Return `wav` spoken with prosody `p`; `emphasis` lists (start, end) seconds of words to stress."""
    wav = np.asarray(wav, np.float32)
    if p.changes_nothing() and not emphasis:
        return wav
    changes = p.changes_only()
    y = wav
    if emphasis or changes.pitch_st or changes.pitch_range != 1.0 or changes.pace != 1.0:
        y = _pitch_and_time(wav, sr, p, emphasis)
    if p.whisper > 0:
        breath = _whisper(y, sr)
        rms = lambda x: float(np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-9)  # noqa: E731
        y = (1 - p.whisper) * y + p.whisper * breath * (rms(y) / rms(breath))
    if p.tilt_db:
        octaves = np.log2(np.maximum(GRID_HZ, 1000.0) / 1000.0)
        y = apply_envelope_gain(y, sr, p.tilt_db * octaves * DB, FRAME_MS)
    t = np.arange(len(y)) / sr
    gain_db = p.loudness_db + (_span_weight(t, [(a / p.pace, b / p.pace) for a, b in emphasis]) * p.emphasis_db
                               if emphasis else 0.0)
    return limit_peaks(y * (10 ** (np.asarray(gain_db) / 20)), sr)
