"""Time-varying spectral-envelope gains applied in the STFT domain (pure: arrays in, arrays out)."""
from __future__ import annotations

import numpy as np
from scipy.signal import istft, stft

from anyvoice.audio.mel import FRAME_RATE, band_centres_hz
from anyvoice.audio.signal import fit_length, interp_rows, moving_average
from anyvoice.audio.world import FRAME_MS, GRID_HZ

DB = np.log(10.0) / 10.0  # natural-log power units per dB


def smooth_freq(x: np.ndarray, n: int) -> np.ndarray:
    """Moving average across frequency (the last axis: bins or bands) of a vector or of every row of a matrix,
    `n` wide (odd; an even `n` widens by one), the edge values held beyond the ends."""
    return moving_average(x, n, axis=-1)


def apply_envelope_gain(wav: np.ndarray, sr: int, log_gain: np.ndarray, frame_ms: float) -> np.ndarray:
    """Multiply the spectrum of `wav` by exp(`log_gain`).

    `log_gain` is natural-log power gain on GRID_HZ, either (96,) for a static filter or (frames, 96) for one
    value per `frame_ms` frame (frame i centred at i*frame_ms). Amplitude gain is the square root of power gain.
    """
    n_fft = 1024 if sr > 16000 else 512
    hop = n_fft // 4
    f, t, Z = stft(wav, fs=sr, nperseg=n_fft, noverlap=n_fft - hop, window="hann", boundary="even", padded=True)
    g = np.atleast_2d(log_gain)
    on_bins = interp_rows(f, GRID_HZ, g.T)  # (bins, frames)
    if on_bins.shape[1] == 1:
        amp = np.exp(0.5 * on_bins)
    else:
        frame_t = np.arange(on_bins.shape[1]) * frame_ms / 1000.0
        amp = np.exp(0.5 * interp_rows(t, frame_t, on_bins.T).T)  # (bins, stft frames)
    _, y = istft(Z * amp, fs=sr, nperseg=n_fft, noverlap=n_fft - hop, window="hann", boundary=True)
    return fit_length(y, len(wav)).astype(np.float32)


def apply_mel_gain(wav: np.ndarray, sr: int, log_gain: np.ndarray, max_db: float, smooth_bands: int = 1,
                   max_boost_db: float | None = None) -> np.ndarray:
    """Shape `wav` by a gain given on the HiFi-GAN mel grid: `log_gain` (frames, 80) is natural-log magnitude
    gain per mel frame and band (the difference of two log-mels), smoothed across `smooth_bands` bands and
    limited to +-`max_db` (its rises to `max_boost_db` where that is given). The gain is held beyond the mel's top
    band and before its first or after its last frame."""
    g = smooth_freq(2.0 * np.asarray(log_gain, np.float64), smooth_bands)
    top = max_db if max_boost_db is None else min(max_db, max_boost_db)
    g = np.clip(g, -max_db * DB, top * DB)
    on_grid = interp_rows(GRID_HZ, band_centres_hz(), g.T).T  # (frames, 96)
    frame_t = (np.arange(len(g)) + 0.5) / FRAME_RATE  # a mel frame's centre
    grid_t = np.arange(int(np.ceil(len(wav) / sr * 1000.0 / FRAME_MS)) + 1) * FRAME_MS / 1000.0
    on_frames = interp_rows(grid_t, frame_t, on_grid)
    return apply_envelope_gain(wav, sr, on_frames, FRAME_MS)


def highpass(wav: np.ndarray, sr: int, cutoff_hz: float, order: int = 4) -> np.ndarray:
    """Zero-phase Butterworth high-pass (removes rumble below the voice; speech has little energy under 60 Hz)."""
    from scipy.signal import butter, sosfiltfilt

    x = np.asarray(wav, np.float32)
    if cutoff_hz <= 0 or len(x) < 64:
        return x
    sos = butter(order, cutoff_hz, "highpass", fs=sr, output="sos")
    return sosfiltfilt(sos, x, axis=0).astype(np.float32)


def residual_wiener(mixture: np.ndarray, estimate: np.ndarray, sr: int, over: float = 2.0) -> np.ndarray:
    """What `mixture` holds besides `estimate`, by a Wiener mask |R|^2 / (|R|^2 + over*|E|^2) with R = mixture -
    estimate: time-frequency cells the estimate dominates are muted (`over` > 1 mutes more), the rest keep the
    mixture's own magnitude and phase. Plain subtraction leaves the words audible wherever the estimate is a
    little off in level or phase."""
    n_fft = 512 if sr <= 16000 else 1024
    kw = {"fs": sr, "nperseg": n_fft, "noverlap": n_fft * 3 // 4}
    _, _, mix = stft(mixture, **kw)
    _, _, est = stft(estimate, **kw)
    r2, e2 = np.abs(mix - est) ** 2, np.abs(est) ** 2
    _, y = istft(mix * r2 / (r2 + over * e2 + 1e-12), **kw)
    return fit_length(y, len(mixture)).astype(np.float32)
