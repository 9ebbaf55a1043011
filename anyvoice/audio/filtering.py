"""Time-varying spectral-envelope gains applied in the STFT domain (pure: arrays in, arrays out)."""
from __future__ import annotations

import numpy as np
from scipy.signal import istft, stft

from anyvoice.audio.signal import fit_length
from anyvoice.audio.world import GRID_HZ


def apply_envelope_gain(wav: np.ndarray, sr: int, log_gain: np.ndarray, frame_ms: float) -> np.ndarray:
    """Multiply the spectrum of `wav` by exp(`log_gain`).

    `log_gain` is natural-log power gain on GRID_HZ, either (96,) for a static filter or (frames, 96) for one
    value per `frame_ms` frame (frame i centred at i*frame_ms). Amplitude gain is the square root of power gain.
    """
    n_fft = 1024 if sr > 16000 else 512
    hop = n_fft // 4
    f, t, Z = stft(wav, fs=sr, nperseg=n_fft, noverlap=n_fft - hop, window="hann", boundary="even", padded=True)
    g = np.atleast_2d(log_gain)
    on_bins = np.stack([np.interp(f, GRID_HZ, row) for row in g])  # (frames, bins)
    if len(on_bins) == 1:
        amp = np.exp(0.5 * on_bins[0])[:, None]
    else:
        frame_t = np.arange(len(on_bins)) * frame_ms / 1000.0
        amp = np.exp(0.5 * np.stack([np.interp(t, frame_t, col) for col in on_bins.T]))  # (bins, stft frames)
    _, y = istft(Z * amp, fs=sr, nperseg=n_fft, noverlap=n_fft - hop, window="hann", boundary=True)
    return fit_length(y, len(wav)).astype(np.float32)


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
