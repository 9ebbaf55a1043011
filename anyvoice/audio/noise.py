"""Background noises and mixing at a chosen level (pure: arrays in, arrays out, sample rate explicit).

The noises stand in for a noise corpus, which no offline package ships: stationary coloured noise, mains hum,
rain-like crackle, a music-like bed of chords, and traffic-like rumble. Training and the bench draw them with their
own random generators, so a mixture is reproducible from its seed.
"""
from __future__ import annotations

import numpy as np

NOISE_KINDS = ("white", "pink", "brown", "hum", "rain", "music", "rumble")


def _coloured(n: int, rng: np.random.Generator, exponent: float) -> np.ndarray:
    """Noise whose power falls as 1/f**exponent (0 white, 1 pink, 2 brown)."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.arange(n // 2 + 1, dtype=np.float64)
    f[0] = 1.0
    return np.fft.irfft(spec / f ** (exponent / 2), n)


def _hum(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / sr
    base = rng.choice([50.0, 60.0])
    return sum(np.sin(2 * np.pi * base * k * t + rng.uniform(0, 6.3)) / k for k in range(1, 8)) \
        + 0.05 * rng.standard_normal(n)


def _rain(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    drops = (rng.random(n) < 400 / sr) * rng.standard_normal(n) * 4.0
    decay = np.exp(-np.arange(int(0.004 * sr)) / (0.0008 * sr))
    return np.convolve(drops, decay)[:n] + 0.3 * _coloured(n, rng, 1.0) / 30


def _music(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Chords of decaying harmonic tones, a new chord every 0.4-1.2 s."""
    out = np.zeros(n)
    pos = 0
    while pos < n:
        length = int(sr * rng.uniform(0.4, 1.2))
        t = np.arange(min(length, n - pos)) / sr
        env = np.exp(-t * rng.uniform(1.0, 4.0))
        root = 110.0 * 2 ** (rng.integers(0, 24) / 12)
        for step in (0, 4, 7):
            f0 = root * 2 ** (step / 12)
            out[pos:pos + len(t)] += env * sum(np.sin(2 * np.pi * f0 * h * t) / h ** 1.5 for h in range(1, 6))
        pos += length
    return out


def _rumble(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Brown noise with a slow swell, like passing traffic."""
    t = np.arange(n) / sr
    swell = 1.0 + 0.8 * np.sin(2 * np.pi * rng.uniform(0.05, 0.3) * t + rng.uniform(0, 6.3))
    return _coloured(n, rng, 2.0) * swell


def make_noise(kind: str, n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """`n` samples of noise `kind` (one of NOISE_KINDS) at `sr`, scaled to unit RMS, float32."""
    makers = {"white": lambda: rng.standard_normal(n), "pink": lambda: _coloured(n, rng, 1.0),
              "brown": lambda: _coloured(n, rng, 2.0), "hum": lambda: _hum(n, sr, rng),
              "rain": lambda: _rain(n, sr, rng), "music": lambda: _music(n, sr, rng),
              "rumble": lambda: _rumble(n, sr, rng)}
    if kind not in makers:
        raise ValueError(f"unknown noise '{kind}'; choose one of: {', '.join(NOISE_KINDS)}")
    x = np.asarray(makers[kind](), np.float64)
    x -= x.mean()
    return (x / (np.sqrt(np.mean(x ** 2)) + 1e-12)).astype(np.float32)


def scale_to_snr(signal: np.ndarray, other: np.ndarray, snr_db: float) -> np.ndarray:
    """`other` scaled so that signal power / other power equals `snr_db` (powers over the whole clips)."""
    ps = float(np.mean(np.asarray(signal, np.float64) ** 2))
    po = float(np.mean(np.asarray(other, np.float64) ** 2)) + 1e-20
    return (np.asarray(other, np.float32) * np.sqrt(ps / po / 10 ** (snr_db / 10))).astype(np.float32)
