"""WORLD vocoder analysis/synthesis and envelope operations (pure: arrays in, arrays out, rates explicit).

Spectral envelopes are also moved onto a sample-rate independent mel grid (`GRID_HZ`) so a voice analysed at
one rate can drive conversion at another.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np

from anyvoice import isolation
from anyvoice.audio.signal import interp_rows, moving_average, without_hum
from anyvoice.cache import ArrayMemo
from anyvoice.progress import Progress


@functools.cache
def _pyworld():
    """pyworld, imported on first use (it builds from source; training on a GPU machine runs without it)."""
    with warnings.catch_warnings():  # pyworld imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import pyworld

    return pyworld


FRAME_MS = 5.0
F0_FLOOR, F0_CEIL = 55.0, 700.0


def _mel(f: np.ndarray) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)


def _imel(m: np.ndarray) -> np.ndarray:
    return 700.0 * (10.0 ** (np.asarray(m) / 2595.0) - 1.0)


#: Centre frequencies of the envelope grid: 96 mel-spaced points, 40 Hz to 10.5 kHz (below 22.05 kHz Nyquist).
GRID_HZ = _imel(np.linspace(_mel(40.0), _mel(10500.0), 96))


@dataclass
class WorldFeatures:
    """WORLD parameters of one signal: F0 (Hz, 0 = unvoiced), spectral envelope and aperiodicity (linear bins)."""

    f0: np.ndarray  # (frames,)
    sp: np.ndarray  # (frames, fft//2+1) power
    ap: np.ndarray | None  # (frames, fft//2+1) 0..1; None when not analysed (only resynthesis needs it)
    sr: int
    frame_ms: float = FRAME_MS

    @property
    def voiced(self) -> np.ndarray:
        return self.f0 > 0


#: F0 is tracked in pieces of (seconds, context seconds on each side), and envelopes and aperiodicity in batches of
#: frames (frame by frame the same as in one call), so no single native call (which holds Python's lock, freezing a
#: server's other threads) runs for long. Harvest's pieces also run side by side where helper processes are in use
#: (anyvoice/isolation.py): its track of a piece agrees with its track of the whole but near a few joins.
F0_PIECES = (8.0, 1.0)
_BATCH_FRAMES = 1000


def frame_count(n_samples: int, sr: int, frame_ms: float = FRAME_MS) -> int:
    """How many frames WORLD analyses `n_samples` at rate `sr` in (one every `frame_ms`, the first at 0)."""
    return int(1000.0 * n_samples / sr / frame_ms) + 1


def _f0_in_pieces(x: np.ndarray, sr: int, track_all, pieces: tuple[float, float],
                  frame_ms: float = FRAME_MS) -> np.ndarray:
    """An F0 track (one value every `frame_ms`) of the whole of `x`, from `track_all(list of pieces)` (their tracks,
    in order) over `pieces` (seconds, context seconds on each side); every piece starts on a sample that is also a
    frame time."""
    n = frame_count(len(x), sr, frame_ms)
    per_s = 1000.0 / frame_ms
    block = int(per_s // np.gcd(sr, int(per_s)))  # frames whose length is a whole number of samples
    seg = max(block, int(pieces[0] * per_s) // block * block)
    if n <= seg + 2 * int(pieces[1] * per_s):
        return track_all([x])[0]
    context = -(-int(pieces[1] * per_s) // block) * block
    spans = [(k0, min(k0 + seg, n), max(0, k0 - context), min(n, k0 + seg + context)) for k0 in range(0, n, seg)]
    tracks = track_all([x[a * sr // int(per_s):len(x) if b == n else b * sr // int(per_s)] for _, _, a, b in spans])
    out = np.zeros(n)
    for (k0, k1, a, _), f0 in zip(spans, tracks):
        kept = f0[k0 - a:k1 - a]
        out[k0:k0 + len(kept)] = kept
    return out


def _in_batches(fn, x: np.ndarray, f0: np.ndarray, t: np.ndarray, sr: int) -> np.ndarray:
    return np.concatenate([fn(x, f0[i:i + _BATCH_FRAMES], t[i:i + _BATCH_FRAMES], sr)
                           for i in range(0, len(f0), _BATCH_FRAMES)])


def estimate_f0(wav: np.ndarray, sr: int, frame_ms: float = FRAME_MS) -> np.ndarray:
    """F0 track (Hz, 0 when unvoiced) on WORLD's frame grid, from WORLD's Harvest.

    Harvest is slower than Praat's autocorrelation tracker but far freer of octave errors on creaky voices,
    and an octave error becomes an audible jump once the contour is mapped to another voice. A mains hum is
    notched out first (`without_hum`): Harvest follows it instead of the voice.
    """
    return _harvest_in_pieces(without_hum(wav, sr), sr, frame_ms)


def _harvest(x: np.ndarray, sr: int, frame_ms: float) -> np.ndarray:
    return _pyworld().harvest(x, sr, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL, frame_period=frame_ms)[0]


#: Harvest's tracks by the samples they were made from: the slowest analysis of a recording, which a server making
#: several voices from one upload, or a user converting one source into many voices, would otherwise repeat
_HARVEST_TRACKS = ArrayMemo("f0", version=f"harvest|{F0_FLOOR}|{F0_CEIL}|{F0_PIECES}")


def _harvest_in_pieces(x: np.ndarray, sr: int, frame_ms: float, progress: Progress | None = None) -> np.ndarray:
    track = functools.partial(_harvest, sr=sr, frame_ms=frame_ms)  # a helper process is sent it by name
    made = []

    def make() -> np.ndarray:
        made.append(True)
        return _f0_in_pieces(x, sr, lambda pieces: isolation.run_all([(track, p) for p in pieces], progress),
                             F0_PIECES, frame_ms)

    f0 = _HARVEST_TRACKS.get(x, f"{sr}|{frame_ms}", make)
    if progress and not made:  # a track read back is one piece, done at once
        progress(0, 1)
        progress(1, 1)
    return f0


def _fast_f0(x: np.ndarray, sr: int) -> np.ndarray:
    """Praat's autocorrelation track every FRAME_MS, read at WORLD's frame times (0 where Praat has no frame)."""
    from anyvoice.audio.psola import PITCH_FLOOR, praat_f0_track

    step = FRAME_MS / 1000.0
    n = frame_count(len(x), sr)
    if len(x) < 3 * sr / PITCH_FLOOR:  # shorter than Praat's window (three periods of its floor): nothing to track
        return np.zeros(n)
    times, f0 = praat_f0_track(x, sr, step)
    k = np.round((np.arange(n) * step - times[0]) / step).astype(int)
    inside = (k >= 0) & (k < len(f0))
    return np.where(inside, f0[np.clip(k, 0, len(f0) - 1)], 0.0)


def track_f0(wav: np.ndarray, sr: int, fast: bool = False) -> np.ndarray:
    """F0 (Hz, 0 unvoiced) on WORLD's frame grid: Praat's tracker in pieces when `fast`, else Harvest.

    The fast track is the one Praat's PSOLA moves pitch with, and faster than WORLD's DIO; DIO follows a faint
    mains hum under the speech instead of the voice, where Praat keeps to the voice (docs/benchmarks.md). Either
    way a hum is notched out first."""
    return _praat_in_pieces(without_hum(wav, sr), sr) if fast else estimate_f0(wav, sr)


def _praat_in_pieces(x: np.ndarray, sr: int) -> np.ndarray:
    return _f0_in_pieces(x, sr, lambda pieces: [_fast_f0(piece, sr) for piece in pieces], F0_PIECES)


#: Voiced frames this far below the loud voiced frames are quiet: a speaker's soft onsets and endings, or a steady
#: background tone (mains hum) that trackers call voiced, which in a recording with long pauses can outnumber speech.
QUIET_VOICING_DB = 30.0


def speaker_f0(wav: np.ndarray, sr: int, fast: bool = False, frame_ms: float = FRAME_MS,
               progress: Progress | None = None) -> np.ndarray:
    """The speaker's own F0 in `wav`: `track_f0` (Harvest every `frame_ms`, or the fast track on WORLD's grid)
    without the voicing that is not the speaker's (`_speech_voicing`), a hum notched out once for both;
    `progress(done, total)` after each of Harvest's pieces."""
    x = without_hum(wav, sr)
    f0 = _praat_in_pieces(x, sr) if fast else _harvest_in_pieces(x, sr, frame_ms, progress)
    return _speech_voicing(f0, x, sr, frame_ms)


def _speech_voicing(f0: np.ndarray, x: np.ndarray, sr: int, frame_ms: float) -> np.ndarray:
    """`f0` (one value per `frame_ms`, 0 unvoiced) of `x` (a hum already notched out: a hum's level is not the
    voice's) with the voicing that is not the speaker's set to 0: frames more than QUIET_VOICING_DB under the loud
    voiced frames (their 95th percentile level) whose F0 is more than an octave from the loud frames' median (mains
    hum at 50 or 60 Hz through the pauses of a woman's recording). A speaker's own soft frames, within an octave,
    stay: the voice is measured as before wherever there is no such tone."""
    f0 = np.asarray(f0, np.float64)
    voiced = f0 > 0
    if not voiced.any():
        return f0
    hop = sr * frame_ms / 1000.0
    x2 = np.concatenate([[0.0], np.cumsum(x ** 2)])
    centres = np.arange(len(f0)) * hop
    lo = np.clip(np.round(centres - hop).astype(int), 0, len(x))
    hi = np.clip(np.round(centres + hop).astype(int), 0, len(x))
    level = 10.0 * np.log10((x2[hi] - x2[lo]) / np.maximum(hi - lo, 1) + 1e-20)
    loud = voiced & (level >= np.percentile(level[voiced], 95) - QUIET_VOICING_DB)
    octaves = np.abs(np.log2(np.where(voiced, f0, 1.0) / np.median(f0[loud])))
    return np.where(voiced & ~loud & (octaves > 1.0), 0.0, f0)


def analyze(wav: np.ndarray, sr: int, fast: bool = False, aperiodicity: bool = False, f0: np.ndarray | None = None,
            every: int = 1) -> WorldFeatures:
    """WORLD analysis. `fast` tracks F0 with Praat (far faster than Harvest, fine for envelopes);
    `aperiodicity` adds D4C's, which costs as much as the envelope and serves only resynthesis. `f0`: a track of
    this signal already made (or of one that differs from it only by a filter, which moves no pitch) on WORLD's
    grid; `every` > 1 analyses every `every`-th frame only (for statistics over frames, not frame by frame)."""
    x = np.asarray(wav, np.float64)
    f0 = np.ascontiguousarray((track_f0(x, sr, fast) if f0 is None else np.asarray(f0, np.float64))[::every])
    t = np.arange(len(f0)) * every * FRAME_MS / 1000.0
    sp = _in_batches(_pyworld().cheaptrick, x, f0, t, sr)
    ap = _in_batches(_pyworld().d4c, x, f0, t, sr) if aperiodicity else None
    return WorldFeatures(f0, sp, ap, sr, every * FRAME_MS)


def bin_hz(n_bins: int, sr: int) -> np.ndarray:
    """Frequencies of the linear bins of a WORLD envelope with `n_bins` bins."""
    return np.linspace(0.0, sr / 2.0, n_bins)


def to_grid(sp: np.ndarray, sr: int) -> np.ndarray:
    """Linear-bin power envelopes (frames, bins) -> log-power on GRID_HZ (frames, 96)."""
    hz = bin_hz(sp.shape[-1], sr)
    logsp = np.log(np.maximum(sp, 1e-16))
    return interp_rows(GRID_HZ, hz, np.atleast_2d(logsp).T).T


def smooth_time(x: np.ndarray, frames: int) -> np.ndarray:
    """Moving average along axis 0 over an odd window of about `frames` frames (edge values held), in `x`'s type."""
    return moving_average(x, frames, axis=0).astype(x.dtype)


def synthesize(feat: WorldFeatures) -> np.ndarray:
    """WORLD synthesis back to a float32 waveform at `feat.sr` (`feat` analysed with aperiodicity)."""
    if feat.ap is None:
        raise ValueError("WORLD synthesis needs the aperiodicity: analyze(..., aperiodicity=True)")
    y = _pyworld().synthesize(np.ascontiguousarray(feat.f0), np.ascontiguousarray(feat.sp),
                              np.ascontiguousarray(feat.ap), feat.sr, feat.frame_ms)
    return y.astype(np.float32)
