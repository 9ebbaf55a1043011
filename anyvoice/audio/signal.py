"""Pure signal helpers: arrays in, arrays out, sample rates explicit."""
from __future__ import annotations

import numpy as np
import soxr


def to_mono(data: np.ndarray) -> np.ndarray:
    """(samples,) or (samples, channels) -> (samples,) float32, channels averaged."""
    data = np.asarray(data, dtype=np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1)
    return np.ascontiguousarray(data)


def resample(wav: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    """High-quality resampling (soxr)."""
    if sr_in == sr_out:
        return np.asarray(wav, dtype=np.float32)
    return soxr.resample(np.asarray(wav, dtype=np.float32), sr_in, sr_out).astype(np.float32)


class StreamResampler:
    """Resampling of consecutive chunks of one signal (soxr's stream): the chunks join as the whole would have
    been resampled in one call, with no seam where one chunk ends; `flush` gives the last samples held back."""

    def __init__(self, sr_in: int, sr_out: int):
        self._stream = soxr.ResampleStream(sr_in, sr_out, 1, dtype="float32") if sr_in != sr_out else None

    def push(self, chunk: np.ndarray, last: bool = False) -> np.ndarray:
        """The resampled samples ready after `chunk` (all of them when `last`)."""
        chunk = np.asarray(chunk, np.float32)
        return self._stream.resample_chunk(chunk, last=last) if self._stream is not None else chunk

    def flush(self) -> np.ndarray:
        """The samples still held back; the stream is finished."""
        return self.push(np.zeros(0, np.float32), last=True)


def fit_length(wav: np.ndarray, n: int) -> np.ndarray:
    """Exactly `n` samples: cut, or zero-padded at the end (resampling and STFT round trips can be off by a few)."""
    return wav[:n] if len(wav) >= n else np.pad(wav, (0, n - len(wav)))


def frame_energy(wav: np.ndarray, sr: int, frame_s: float = 0.01) -> np.ndarray:
    """Mean square of each whole `frame_s` frame (a partial last frame is left out)."""
    hop = max(1, int(frame_s * sr))
    n = len(wav) // hop
    return np.square(np.asarray(wav[:n * hop], np.float64).reshape(n, hop)).mean(axis=1)


def snr_estimate_db(wav: np.ndarray, sr: int, quiet_percentile: float = 10.0) -> float:
    """Loud (95th percentile) over quiet (`quiet_percentile`) 10-ms frame energy, in dB: speech over the
    background its pauses hold. A lower percentile reads a clip with few pauses (one utterance cut close) as
    clean more often, and noise as noise less often."""
    e = frame_energy(wav, sr)
    if e.size < 10:
        return 0.0
    return float(10 * np.log10((np.percentile(e, 95) + 1e-12) / (np.percentile(e, quiet_percentile) + 1e-12)))


def trim_silence(wav: np.ndarray, sr: int, floor_db: float = 50.0) -> np.ndarray:
    """`wav` without its leading and trailing silence (10 ms frames more than `floor_db` below the loudest), 30 ms
    kept at each end so that weak consonants at the edges ("h", "t") stay."""
    hop = int(0.01 * sr)
    e = 10 * np.log10(frame_energy(wav, sr) + 1e-12)
    if len(e) < 3:
        return wav
    on = np.flatnonzero(e > e.max() - floor_db)
    return wav[max(0, (on[0] - 3) * hop):min(len(wav), (on[-1] + 4) * hop)]


def active_level_db(wav: np.ndarray, sr: int, frame_s: float = 0.02, floor_db: float = 40.0) -> float:
    """Level of the active part: RMS over frames no more than `floor_db` below the loudest frame."""
    n = max(1, int(sr * frame_s))
    frames = wav[: len(wav) // n * n].reshape(-1, n) if len(wav) >= n else wav[None, :]
    e = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
    keep = e > e.max() - floor_db
    return float(10 * np.log10(np.mean(10 ** (e[keep] / 10)) + 1e-12))


def match_level(wav: np.ndarray, sr: int, target_db: float) -> np.ndarray:
    """Scale `wav` so its active level equals `target_db`; peaks above 0.99 are limited, not the whole clip
    scaled down, so a loud target stays loud."""
    gain = 10 ** ((target_db - active_level_db(wav, sr)) / 20)
    return limit_peaks(np.asarray(wav, np.float32) * gain, sr)


def join_with_pauses(chunks: list[np.ndarray], sr: int, pause_s: float = 0.0) -> np.ndarray:
    """Join chunks with `pause_s` of silence between them."""
    gap = np.zeros(int(sr * pause_s), np.float32)
    parts: list[np.ndarray] = []
    for i, c in enumerate(chunks):
        if i:
            parts.append(gap)
        parts.append(np.asarray(c, np.float32))
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def spread_excerpt(wav: np.ndarray, sr: int, seconds: float, piece_s: float = 10.0) -> np.ndarray:
    """`wav` itself when it is at most `seconds` long, else pieces of `piece_s` taken evenly from its whole length,
    joined: `seconds` that stand for all of it."""
    if len(wav) <= seconds * sr:
        return wav
    piece = int(piece_s * sr)
    k = max(1, int(seconds // piece_s))
    starts = np.linspace(0, len(wav) - piece, k).astype(int)
    return np.concatenate([wav[a:a + piece] for a in starts])


def is_silent(wav: np.ndarray, threshold_db: float = -60.0) -> bool:
    """True when the whole signal stays below `threshold_db` dBFS peak."""
    return wav.size == 0 or 20 * np.log10(float(np.max(np.abs(wav))) + 1e-12) < threshold_db


def limit_peaks(wav: np.ndarray, sr: int, ceiling: float = 0.99, window_s: float = 0.005) -> np.ndarray:
    """A look-ahead peak limiter: smooth gain reduction only around peaks above `ceiling`, so a louder
    style keeps its loudness instead of the whole clip being scaled down."""
    from scipy.ndimage import maximum_filter1d, uniform_filter1d

    x = np.asarray(wav, np.float32)
    if x.size == 0 or float(np.max(np.abs(x))) <= ceiling:
        return x
    n = max(1, int(sr * window_s))
    env = maximum_filter1d(np.abs(x), size=2 * n + 1)
    gain = np.minimum(1.0, ceiling / np.maximum(env, 1e-9))
    gain = uniform_filter1d(gain, size=n)  # smooth, and because env was widened gain is already low at peaks
    y = x * gain
    peak = float(np.max(np.abs(y)))
    return (y * (ceiling / peak) if peak > ceiling else y).astype(np.float32)


def band_limit_hz(wav: np.ndarray, sr: int, floor_db: float = 50.0) -> int:
    """The highest frequency (100-Hz steps) at which the long-term spectrum of `wav` is within `floor_db` of
    its peak: about 3400-4000 Hz for telephone prompts, 5500 for 11-kHz game audio, 8000+ for wideband speech."""
    n = min(len(wav), sr * 30)
    if n < 256:
        return 0
    spec = np.abs(np.fft.rfft(wav[:n] * np.hanning(n))) ** 2
    step = max(1, int(round(100 * n / sr)))  # bins per 100 Hz
    bands = spec[: len(spec) // step * step].reshape(-1, step).mean(axis=1)
    level = 10 * np.log10(bands + 1e-20)
    above = np.flatnonzero(level > level.max() - floor_db)
    return int((above[-1] + 1) * 100) if above.size else 0


def long_term_spectrum(x: np.ndarray, sr: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Welch's long-term power spectrum of `x`: frequencies in Hz, and power up to a constant scale (the end bins
    aside) of Hann-windowed segments of `n` samples, half overlapping, each less its mean. (scipy's welch computes
    the same, but its set-up took longer than the transforms on a few seconds of speech.)"""
    step = max(1, n // 2)
    starts = np.arange(0, len(x) - n + 1, step)
    segments = np.stack([x[s:s + n] for s in starts])
    segments = (segments - segments.mean(axis=1, keepdims=True)) * np.hanning(n + 1)[:-1]
    return np.fft.rfftfreq(n, 1.0 / sr), np.mean(np.abs(np.fft.rfft(segments, axis=1)) ** 2, axis=0)


#: mains frequencies, and how far (dB) a hum's line stands above the long-term spectrum on either side of it
MAINS_HZ = (50.0, 60.0)
HUM_PROMINENCE_DB = 10.0


def without_hum(wav: np.ndarray, sr: int, harmonics: int = 8) -> np.ndarray:
    """`wav` (float64) with a mains hum notched out: a steady line at 50 or 60 Hz (and those of its first
    `harmonics` multiples that stand out as much), which pitch trackers follow instead of the voice. A recording
    with no such line, or under half a second, comes back unchanged. (Each notch rings a little into silence, so
    only the lines that stand out are taken out.)"""
    from scipy.signal import filtfilt, iirnotch

    x = np.ascontiguousarray(wav, dtype=np.float64)
    if len(x) < sr // 2:
        return x
    f, power = long_term_spectrum(x, sr, min(len(x), 4 * sr))
    db = 10.0 * np.log10(power + 1e-20)

    def prominence(hz: float) -> float:
        beside = (np.abs(f - hz) > 3.0) & (np.abs(f - hz) < 15.0)
        return float(db[np.argmin(np.abs(f - hz))] - np.median(db[beside])) if beside.any() else 0.0

    out = x
    for mains in MAINS_HZ:
        if prominence(mains) < HUM_PROMINENCE_DB:
            continue
        for k in range(1, harmonics + 1):
            if k == 1 or (k * mains < sr / 2 and prominence(k * mains) >= HUM_PROMINENCE_DB):
                out = filtfilt(*iirnotch(k * mains, 30.0, sr), out)
    return np.ascontiguousarray(out)


def moving_average(x: np.ndarray, width: int, axis: int) -> np.ndarray:
    """Float64 moving average of `x` along `axis` over an odd window of about `width` values (an even width widens
    by one), the edge values held beyond the ends; `x` itself when `width` is 1 or less."""
    if width <= 1:
        return x
    k = width | 1
    y = np.moveaxis(x, axis, 0)
    padded = np.pad(y, [(k // 2, k // 2)] + [(0, 0)] * (y.ndim - 1), mode="edge")
    c = np.concatenate([np.zeros((1,) + y.shape[1:]), np.cumsum(padded, axis=0, dtype=np.float64)])
    return np.moveaxis((c[k:] - c[:-k]) / k, 0, axis)


def interp_rows(x_new: np.ndarray, x: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Linear interpolation of the rows of `rows` (n, ...) given at increasing positions `x` (n,) to `x_new`
    (m,): (m, ...), held at the first and last row outside `x`, as np.interp does for one column, for every
    column at once."""
    x, x_new, rows = np.asarray(x, np.float64), np.asarray(x_new, np.float64), np.asarray(rows)
    if len(x) == 1:
        return np.repeat(rows[:1], len(x_new), axis=0)
    i = np.clip(np.searchsorted(x, x_new, side="right") - 1, 0, len(x) - 2)
    w = np.clip((x_new - x[i]) / (x[i + 1] - x[i]), 0.0, 1.0).reshape((-1,) + (1,) * (rows.ndim - 1))
    return rows[i] * (1.0 - w) + rows[i + 1] * w
