"""The mel spectrogram the bundled HiFi-GAN vocoder was trained on (jik876's recipe): 22.05 kHz, 80 bands up to
8 kHz, hop 256, natural-log magnitude."""
from __future__ import annotations

import numpy as np

MEL_SR = 22050
N_FFT = 1024
HOP = 256
N_MELS = 80
FMAX = 8000.0
#: mel frames per second
FRAME_RATE = MEL_SR / HOP


def hifigan_mel(wav: np.ndarray) -> np.ndarray:
    """(frames, 80) log-mel of mono float32 audio at MEL_SR; one frame per HOP samples (rounded up)."""
    import librosa

    x = np.asarray(wav, np.float32)
    pad = (N_FFT - HOP) // 2
    x = np.pad(x, (pad, pad + (-len(x)) % HOP), mode="reflect" if len(x) > pad else "constant")
    spec = np.abs(librosa.stft(x, n_fft=N_FFT, hop_length=HOP, win_length=N_FFT, window="hann", center=False))
    basis = librosa.filters.mel(sr=MEL_SR, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=FMAX)
    return np.log(np.clip(basis @ spec, 1e-5, None)).T.astype(np.float32)


def band_centres_hz() -> np.ndarray:
    """(80,) centre frequency of each mel band."""
    import librosa

    return librosa.mel_frequencies(N_MELS + 2, fmin=0.0, fmax=FMAX)[1:-1]


def mel_level_db(log_mel: np.ndarray, floor_db: float = 40.0) -> float:
    """Active level of log-mel frames (frames, bands) in dB on the mel's own scale: mean power of the frames no
    more than `floor_db` below the loudest. Differences between two mels' levels are differences in sound level
    (the same filterbank and window made both), so a vocoded mel's loudness is known before it is vocoded."""
    e = 10 * np.log10(np.exp(2.0 * np.asarray(log_mel, np.float64)).sum(axis=1) + 1e-12)
    keep = e > e.max() - floor_db
    return float(10 * np.log10(np.mean(10 ** (e[keep] / 10)) + 1e-12))
