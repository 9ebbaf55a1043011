"""Reading any common audio file into mono float32, and writing results atomically."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterable

import numpy as np
import soundfile as sf

from anyvoice.audio.signal import resample, to_mono
from anyvoice.errors import InputError
from anyvoice.files import atomic_path

#: Longest input anyvoice decodes by default; a longer file is almost always a mistake (a whole recording
#: session instead of a reference) and would take minutes of memory and compute.
MAX_SECONDS = 20 * 60.0
#: Sample rates anyvoice takes: below, there is no speech band left; above, a file is not ordinary audio.
MIN_RATE, MAX_RATE = 4000, 192_000
MAX_CHANNELS = 16
#: The duration limit counts time at up to this many samples a second (48 kHz stereo), so a file at a higher
#: rate or with more channels may be proportionally shorter: memory is bounded by samples, not seconds.
SAMPLES_PER_SECOND = 96_000
_BLOCK_FRAMES = 1 << 16

WRITE_FORMATS = {"wav": "WAV", "flac": "FLAC", "mp3": "MP3", "ogg": "OGG"}
#: the names of recordings in the formats `load_audio` reads, for finding them in a folder
AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aac", ".opus", ".webm", ".gsm", ".g722"})


class _Budget:
    """A running count of decoded frames that stops a decode as soon as it passes the limits, so a small file
    that expands to hours (a compressed stream of silence) never fills memory."""

    def __init__(self, label: str, sr: int, channels: int, max_seconds: float):
        if not MIN_RATE <= sr <= MAX_RATE:
            raise InputError(f"{label}: a sample rate of {sr} Hz is outside what anyvoice takes "
                             f"({MIN_RATE} to {MAX_RATE} Hz); resample the file first")
        if not 1 <= channels <= MAX_CHANNELS:
            raise InputError(f"{label}: {channels} channels; anyvoice takes 1 to {MAX_CHANNELS}, mix it down first")
        self.label, self.sr, self.channels, self.max_seconds = label, sr, channels, max_seconds
        self.limit = int(max_seconds * min(sr, SAMPLES_PER_SECOND / channels))
        self.frames = 0

    def check(self, frames: int, total: bool = True) -> None:
        """Raise InputError when `frames` (the whole length when `total`, else the part decoded so far) is over
        the limit."""
        if frames <= self.limit:
            return
        length = f"{frames / self.sr / 60:.1f} min of audio" if total else "the audio"
        if self.limit >= self.max_seconds * self.sr:
            raise InputError(f"{self.label}: {length} is longer than the limit of {self.max_seconds / 60:g} min; "
                             "cut it into shorter pieces first")
        raise InputError(f"{self.label}: {length} at {self.sr} Hz with {self.channels} channel(s) is more than "
                         f"the limit of {self.max_seconds / 60:g} min of 48 kHz stereo; resample to 48 kHz, mix "
                         "down or cut it first")

    def add(self, frames: int) -> None:
        self.frames += frames
        self.check(self.frames, total=False)


def _decode_with_soundfile(source, label: str, max_seconds: float) -> tuple[np.ndarray, int]:
    with sf.SoundFile(source) as f:
        budget = _Budget(label, f.samplerate, f.channels, max_seconds)
        budget.check(f.frames)  # the header's length refuses a long file before any decoding
        # The whole length the header states in one read: libsndfile's MP3 decoder changes samples at some seams
        # of successive reads. Where a header overstates its length only what decodes comes back (soundfile's
        # blocks() would hand the rest over as uninitialised memory); where one understates it, the rest follows.
        blocks = [f.read(dtype="float32", always_2d=True)]
        budget.add(len(blocks[0]))
        while len(block := f.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)):
            budget.add(len(block))
            blocks.append(block)
        data = np.concatenate(blocks) if blocks else np.zeros((0, f.channels), np.float32)
        return data, f.samplerate


def _decode_with_av(source: str | io.BytesIO, label: str, max_seconds: float) -> tuple[np.ndarray, int]:
    import av  # PyAV ships its own FFmpeg; covers m4a/aac/webm/opus that libsndfile does not

    with av.open(source) as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise InputError(f"{label}: the file holds no audio stream")
        sr = stream.rate or 0
        budget = _Budget(label, sr, 1, max_seconds)  # decoded straight to mono
        # Let FFmpeg downmix to packed mono float, whatever the codec's own sample layout is.
        to_mono = av.AudioResampler(format="flt", layout="mono", rate=sr)
        chunks = []
        for frame in container.decode(stream):
            for f in to_mono.resample(frame):
                chunks.append(f.to_ndarray().reshape(-1))
                budget.add(len(chunks[-1]))
        chunks += [f.to_ndarray().reshape(-1) for f in to_mono.resample(None)]
    return (np.concatenate(chunks) if chunks else np.zeros(0, np.float32)).astype(np.float32)[:, None], sr


def load_audio(source: str | os.PathLike | bytes, sr: int | None = None,
               max_seconds: float = MAX_SECONDS, mono: bool = True) -> tuple[np.ndarray, int]:
    """Read an audio file (path or bytes) as mono float32 (or, with `mono=False`, (samples, channels) with every
    channel kept), optionally resampled to `sr`.

    Decoding stops as soon as the audio passes `max_seconds` (counted at up to 48 kHz stereo, see
    SAMPLES_PER_SECOND). Raises InputError for a missing, unreadable, empty or over-long file, and for a sample
    rate or channel count outside what anyvoice takes.
    """
    label = "<bytes>" if isinstance(source, bytes) else str(source)
    if not isinstance(source, bytes):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{label}: no such audio file; check the path")
        if path.stat().st_size == 0:
            raise InputError(f"{label}: the file is empty")

    def opened() -> str | io.BytesIO:  # each decoder reads from the start
        return io.BytesIO(source) if isinstance(source, bytes) else str(path)

    try:
        try:
            data, file_sr = _decode_with_soundfile(opened(), label, max_seconds)
        except InputError:
            raise
        except (sf.LibsndfileError, ValueError):  # ValueError: a headerless stream (GSM, G.722)
            data, file_sr = _decode_with_av(opened(), label, max_seconds)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{label}: not a readable audio file ({exc.__class__.__name__}: {exc}); "
                         "use wav, flac, ogg, mp3, m4a, gsm or g722") from None
    keep = not mono and data.shape[1] > 1
    wav = np.ascontiguousarray(data, np.float32) if keep else to_mono(data)
    if wav.size == 0:
        raise InputError(f"{label}: the file holds no audio samples")
    if not np.all(np.isfinite(wav)):
        raise InputError(f"{label}: the audio holds NaN or infinite samples")
    if sr is not None and sr != file_sr:
        wav, file_sr = resample(wav, file_sr, sr), sr
    return wav, file_sr


def _format_of(path: Path) -> str:
    fmt = WRITE_FORMATS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        raise InputError(f"{path}: unknown output format '{path.suffix}'; use one of "
                         + ", ".join("." + k for k in WRITE_FORMATS))
    return fmt


def _subtype(fmt: str) -> str | None:
    return "PCM_16" if fmt == "WAV" else None


def save_audio(path: str | os.PathLike, wav: np.ndarray, sr: int) -> Path:
    """Write `wav` ((samples,) or (samples, channels)) to `path` (format from the suffix) atomically: a reader
    never sees a half-written file."""
    path = Path(path)
    fmt = _format_of(path)
    wav = np.asarray(wav, dtype=np.float32)
    if wav.ndim not in (1, 2) or wav.size == 0:
        raise InputError("nothing to write: the audio is empty")
    peak = float(np.max(np.abs(wav)))
    if peak > 0.999:  # avoid wrap-around clipping in integer formats
        wav = wav * (0.999 / peak)
    with atomic_path(path, suffix=path.suffix) as tmp:
        sf.write(tmp, wav, sr, format=fmt, subtype=_subtype(fmt))
    return path


def save_audio_stream(path: str | os.PathLike, chunks: Iterable[np.ndarray], sr: int) -> int:
    """Write mono chunks to `path` as they come, so memory holds one chunk, not the whole (hours of speech);
    atomically, like `save_audio`. Peaks over full scale are clipped (the whole is never seen to scale it).
    Returns the number of samples written."""
    path = Path(path)
    fmt = _format_of(path)
    written = 0
    with atomic_path(path, suffix=path.suffix) as tmp:
        with sf.SoundFile(tmp, "w", sr, 1, format=fmt, subtype=_subtype(fmt)) as f:
            for chunk in chunks:
                f.write(np.clip(np.asarray(chunk, np.float32), -0.999, 0.999))
                written += len(chunk)
        if not written:
            raise InputError("nothing to write: the audio is empty")
    return written
