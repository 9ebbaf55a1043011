"""Pitch and formant modification by Praat's PSOLA manipulation (pure: arrays in, arrays out).

PSOLA moves pitch periods of the real waveform instead of re-synthesising it from a vocoder model, so it keeps
far more of the recording's natural quality than WORLD synthesis does (DNSMOS 3.0-3.2 against 2.4-2.6 for
WORLD resynthesis of the same clip).
"""
from __future__ import annotations

import threading

import numpy as np

#: What one PSOLA call may be asked for: Praat's own work grows without bound with the pitch it must reach, so
#: every request is held inside what a voice can be (a caller's values are clamped, never passed on as they are).
FORMANT_RATIO_LIMITS = (0.5, 2.0)
PITCH_HZ_LIMITS = (40.0, 1000.0)
RANGE_LIMITS = (0.0, 4.0)
DURATION_LIMITS = (0.25, 4.0)
#: Praat places some pulses of its overlap-add at random; its generator is seeded before each call (under a
#: lock: it is one generator for the process), so the same input always gives the same output.
_SEED = 0
_PRAAT_RANDOM = threading.Lock()
#: the pitch range Praat's tracker searches by default (Hz)
PITCH_FLOOR, PITCH_CEILING = 60.0, 600.0


def _clamp(v: float, limits: tuple[float, float], unset: float = 1.0) -> float:
    """`v` inside `limits`; `unset` (no change) for NaN."""
    return float(min(max(v, limits[0]), limits[1])) if not np.isnan(v) else unset


def change_voice(wav: np.ndarray, sr: int, formant_ratio: float = 1.0, pitch_median_hz: float = 0.0,
                 range_factor: float = 1.0, duration_factor: float = 1.0,
                 pitch_floor: float = PITCH_FLOOR, pitch_ceiling: float = PITCH_CEILING,
                 f0: np.ndarray | None = None) -> np.ndarray:
    """Shift formants by `formant_ratio` (>1: shorter vocal tract), move the pitch median to `pitch_median_hz`
    (0 keeps it), scale the pitch range by `range_factor` and the duration by `duration_factor`. `f0`: an F0
    track of `wav` already made (Hz, 0 unvoiced, any frame rate), which spares tracking it again to limit a
    widening (`limited_range`)."""
    import parselmouth

    formant_ratio, duration_factor = _clamp(formant_ratio, FORMANT_RATIO_LIMITS), _clamp(duration_factor,
                                                                                          DURATION_LIMITS)
    pitch_median_hz = _clamp(pitch_median_hz, PITCH_HZ_LIMITS, unset=0.0) if pitch_median_hz else 0.0
    range_factor = _clamp(range_factor, RANGE_LIMITS)
    if range_factor > 1.0:
        f0 = praat_f0(wav, sr, pitch_floor=pitch_floor, pitch_ceiling=pitch_ceiling) if f0 is None else f0
        range_factor = limited_range(f0, range_factor)
    snd = parselmouth.Sound(np.asarray(wav, np.float64), sr)
    with _PRAAT_RANDOM:
        parselmouth.praat.run(f"random_initializeWithSeedUnsafelyButPredictably ({_SEED})")
        out = parselmouth.praat.call(snd, "Change gender", pitch_floor, pitch_ceiling, float(formant_ratio),
                                     float(pitch_median_hz), float(range_factor), float(duration_factor))
    y = out.values[0].astype(np.float32)
    if out.sampling_frequency != sr:  # Praat keeps the rate, but guard against a change
        from anyvoice.audio.signal import resample

        y = resample(y, int(out.sampling_frequency), sr)
    return y


def limited_range(f0: np.ndarray, range_factor: float) -> float:
    """`range_factor` as `change_voice` applies it to a voice with F0 track `f0` (Hz, 0 unvoiced).

    Praat widens the range around the median in proportion to the new median, so a low outlier (a creaky frame
    far below the median) goes below zero and Praat fails: a widening is limited so the lowest voiced frame
    stays at a quarter of the median or above."""
    range_factor = _clamp(range_factor, RANGE_LIMITS)
    voiced = np.asarray(f0)[np.asarray(f0) > 0]
    low = voiced.min() / np.median(voiced) if len(voiced) else 1.0
    return min(range_factor, max(1.0, 0.75 / (1.0 - low))) if range_factor > 1.0 and low < 1.0 else range_factor


def praat_f0_track(wav: np.ndarray, sr: int, time_step: float = 0.01, pitch_floor: float = PITCH_FLOOR,
                   pitch_ceiling: float = PITCH_CEILING) -> tuple[np.ndarray, np.ndarray]:
    """(frame times in s, F0 in Hz with 0 unvoiced) every `time_step` s by Praat's autocorrelation tracker: fast,
    and steadier in its voicing decisions on synthetic speech than Harvest."""
    import parselmouth

    pitch = parselmouth.Sound(np.asarray(wav, np.float64), sr).to_pitch(
        time_step=time_step, pitch_floor=pitch_floor, pitch_ceiling=pitch_ceiling)
    return np.asarray(pitch.xs(), np.float64), np.asarray(pitch.selected_array["frequency"], np.float64)


def praat_f0(wav: np.ndarray, sr: int, time_step: float = 0.01, pitch_floor: float = PITCH_FLOOR,
             pitch_ceiling: float = PITCH_CEILING) -> np.ndarray:
    """The F0 values of `praat_f0_track`."""
    return praat_f0_track(wav, sr, time_step, pitch_floor, pitch_ceiling)[1]


def median_pitch_hz(wav: np.ndarray, sr: int, pitch_floor: float = PITCH_FLOOR,
                    pitch_ceiling: float = PITCH_CEILING) -> float:
    """Median F0 of the voiced frames (0 when nothing is voiced)."""
    f0 = praat_f0(wav, sr, pitch_floor=pitch_floor, pitch_ceiling=pitch_ceiling)
    return float(np.median(f0[f0 > 0])) if np.any(f0 > 0) else 0.0


def shift_voice(wav: np.ndarray, sr: int, semitones: float, formant_ratio: float = 1.0,
                f0_hz: float | None = None) -> np.ndarray:
    """A new voice from `wav`: its pitch median moved by `semitones` from its own (`f0_hz` when already known,
    else measured) and its formants scaled by `formant_ratio`; an unvoiced clip keeps its pitch."""
    f0 = median_pitch_hz(wav, sr) if f0_hz is None else f0_hz
    return change_voice(wav, sr, formant_ratio=formant_ratio,
                        pitch_median_hz=f0 * 2 ** (semitones / 12) if f0 > 0 else 0.0)
