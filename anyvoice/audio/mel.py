"""Mel spectrograms (pure: arrays in, arrays out, rates explicit): the filterbank and frames every model here reads
through, and the one the bundled HiFi-GAN vocoder was trained on (jik876's recipe): 22.05 kHz, 80 bands up to
8 kHz, hop 256, natural-log magnitude.

The filterbank is Slaney's (a mel scale linear below 1 kHz and logarithmic above, each band's triangle scaled to
unit area), the one librosa computes by default, which the bundled vocoder and speaker encoder were trained with;
made here, it spares every process that embeds a speaker or filters a voice the import of librosa.
"""
from __future__ import annotations

import functools

import numpy as np

MEL_SR = 22050
N_FFT = 1024
HOP = 256
N_MELS = 80
FMAX = 8000.0
#: mel frames per second
FRAME_RATE = MEL_SR / HOP


_LINEAR_HZ_PER_MEL = 200.0 / 3.0  # below 1 kHz
_LOG_START_HZ = 1000.0
_LOG_START_MEL = _LOG_START_HZ / _LINEAR_HZ_PER_MEL
_LOG_STEP = np.log(6.4) / 27.0  # 27 mels an octave and a bit (6.4x) above 1 kHz


def hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel value of each frequency."""
    hz = np.asarray(hz, np.float64)
    above = np.log(np.maximum(hz, _LOG_START_HZ) / _LOG_START_HZ) / _LOG_STEP
    return np.where(hz >= _LOG_START_HZ, _LOG_START_MEL + above, hz / _LINEAR_HZ_PER_MEL)


def mel_to_hz(mel: np.ndarray) -> np.ndarray:
    """The frequency of each of Slaney's mel values (`hz_to_mel`'s inverse)."""
    mel = np.asarray(mel, np.float64)
    above = _LOG_START_HZ * np.exp(_LOG_STEP * (np.maximum(mel, _LOG_START_MEL) - _LOG_START_MEL))
    return np.where(mel >= _LOG_START_MEL, above, mel * _LINEAR_HZ_PER_MEL)


def mel_frequencies(n: int, fmin: float, fmax: float) -> np.ndarray:
    """`n` frequencies from `fmin` to `fmax` (both included), evenly spaced in mels."""
    return mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n))


@functools.lru_cache(maxsize=8)
def mel_filterbank(sr: int, n_fft: int, n_mels: int, fmin: float = 0.0, fmax: float | None = None) -> np.ndarray:
    """(n_mels, n_fft // 2 + 1) float32 weights of `n_mels` triangular bands from `fmin` to `fmax` (default: half
    `sr`) over the bins of an `n_fft`-point spectrum at rate `sr`, each of unit area in Hz (Slaney's)."""
    edges = mel_frequencies(n_mels + 2, fmin, sr / 2.0 if fmax is None else fmax)
    bins = np.fft.rfftfreq(n_fft, 1.0 / sr)
    rising = (bins[None, :] - edges[:-2, None]) / np.diff(edges)[:-1, None]
    falling = (edges[2:, None] - bins[None, :]) / np.diff(edges)[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling)) * (2.0 / (edges[2:] - edges[:-2]))[:, None]
    out = weights.astype(np.float32)
    out.setflags(write=False)  # shared by every caller
    return out


def magnitude_frames(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """(n_fft // 2 + 1, frames) magnitude spectrum of float32 `x` under a periodic Hann window of `n_fft`, one frame
    every `hop` samples from the first (no padding: as many whole frames as `x` holds)."""
    x = np.ascontiguousarray(x, np.float32)
    count = 1 + (len(x) - n_fft) // hop
    frames = np.lib.stride_tricks.as_strided(x, (count, n_fft), (hop * x.strides[0], x.strides[0]))
    window = (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)).astype(np.float32)
    return np.abs(np.fft.rfft(frames * window, axis=1)).T


def hifigan_mel(wav: np.ndarray) -> np.ndarray:
    """(frames, 80) log-mel of mono float32 audio at MEL_SR; one frame per HOP samples (rounded up)."""
    x = np.asarray(wav, np.float32)
    pad = (N_FFT - HOP) // 2
    x = np.pad(x, (pad, pad + (-len(x)) % HOP), mode="reflect" if len(x) > pad else "constant")
    spec = magnitude_frames(x, N_FFT, HOP)
    basis = mel_filterbank(MEL_SR, N_FFT, N_MELS, 0.0, FMAX)
    return np.log(np.clip(basis @ spec, 1e-5, None)).T.astype(np.float32)


def band_centres_hz() -> np.ndarray:
    """(80,) centre frequency of each mel band."""
    return mel_frequencies(N_MELS + 2, 0.0, FMAX)[1:-1]


def mel_level_db(log_mel: np.ndarray, floor_db: float = 40.0) -> float:
    """Active level of log-mel frames (frames, bands) in dB on the mel's own scale: mean power of the frames no
    more than `floor_db` below the loudest. Differences between two mels' levels are differences in sound level
    (the same filterbank and window made both), so a vocoded mel's loudness is known before it is vocoded."""
    e = 10 * np.log10(np.exp(2.0 * np.asarray(log_mel, np.float64)).sum(axis=1) + 1e-12)
    keep = e > e.max() - floor_db
    return float(10 * np.log10(np.mean(10 ** (e[keep] / 10)) + 1e-12))
