"""Reading any common audio file into mono float32, and writing results atomically."""
from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import soundfile as sf

from anyvoice.audio.signal import resample, to_mono
from anyvoice.errors import InputError
from anyvoice.files import atomic_path

#: Longest input anyvoice decodes by default; a longer file is almost always a mistake (a whole recording
#: session instead of a reference) and would take minutes of memory and compute.
MAX_SECONDS = 20 * 60.0

WRITE_FORMATS = {"wav": "WAV", "flac": "FLAC", "mp3": "MP3", "ogg": "OGG"}


def _duration_hint(path: Path) -> float | None:
    try:
        return sf.info(str(path)).duration
    except Exception:  # soundfile cannot read the header (m4a, webm, ...): decode to find out
        return None


def _decode_with_av(path: Path) -> tuple[np.ndarray, int]:
    import av  # PyAV ships its own FFmpeg; covers m4a/aac/webm/opus that libsndfile does not

    with av.open(str(path)) as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise InputError(f"{path}: the file holds no audio stream")
        sr = stream.rate
        # Let FFmpeg downmix to packed mono float, whatever the codec's own sample layout is.
        to_mono = av.AudioResampler(format="flt", layout="mono", rate=sr)
        chunks = [f.to_ndarray().reshape(-1) for frame in container.decode(stream) for f in to_mono.resample(frame)]
        chunks += [f.to_ndarray().reshape(-1) for f in to_mono.resample(None)]
    return (np.concatenate(chunks) if chunks else np.zeros(0, np.float32)).astype(np.float32), sr


def load_audio(source: str | os.PathLike | bytes, sr: int | None = None,
               max_seconds: float = MAX_SECONDS, mono: bool = True) -> tuple[np.ndarray, int]:
    """Read an audio file (path or bytes) as mono float32 (or, with `mono=False`, (samples, channels) with every
    channel kept), optionally resampled to `sr`.

    Raises InputError for a missing, unreadable, empty or over-long file.
    """
    label = "<bytes>" if isinstance(source, bytes) else str(source)
    if not isinstance(source, bytes):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{label}: no such audio file; check the path")
        if path.stat().st_size == 0:
            raise InputError(f"{label}: the file is empty")
        dur = _duration_hint(path)
        if dur is not None and dur > max_seconds:
            raise InputError(f"{label}: {dur / 60:.1f} min of audio is longer than the limit of "
                             f"{max_seconds / 60:.0f} min; cut it into shorter pieces first")
    try:
        if isinstance(source, bytes):
            data, file_sr = sf.read(io.BytesIO(source), dtype="float32", always_2d=True)
        else:
            try:
                data, file_sr = sf.read(str(path), dtype="float32", always_2d=True)
            except sf.LibsndfileError:
                data, file_sr = _decode_with_av(path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{label}: not a readable audio file ({exc.__class__.__name__}: {exc}); "
                         "use wav, flac, ogg, mp3 or m4a") from None
    keep = not mono and data.ndim == 2 and data.shape[1] > 1
    wav = np.ascontiguousarray(data, np.float32) if keep else to_mono(data)
    if wav.size == 0:
        raise InputError(f"{label}: the file holds no audio samples")
    if len(wav) / file_sr > max_seconds:
        raise InputError(f"{label}: {len(wav) / file_sr / 60:.1f} min of audio is longer than the limit of "
                         f"{max_seconds / 60:.0f} min; cut it into shorter pieces first")
    if not np.all(np.isfinite(wav)):
        raise InputError(f"{label}: the audio holds NaN or infinite samples")
    if sr is not None and sr != file_sr:
        wav, file_sr = resample(wav, file_sr, sr), sr
    return wav, file_sr


def save_audio(path: str | os.PathLike, wav: np.ndarray, sr: int) -> Path:
    """Write `wav` ((samples,) or (samples, channels)) to `path` (format from the suffix) atomically: a reader
    never sees a half-written file."""
    path = Path(path)
    fmt = WRITE_FORMATS.get(path.suffix.lower().lstrip("."))
    if fmt is None:
        raise InputError(f"{path}: unknown output format '{path.suffix}'; use one of "
                         + ", ".join("." + k for k in WRITE_FORMATS))
    wav = np.asarray(wav, dtype=np.float32)
    if wav.ndim not in (1, 2) or wav.size == 0:
        raise InputError("nothing to write: the audio is empty")
    peak = float(np.max(np.abs(wav)))
    if peak > 0.999:  # avoid wrap-around clipping in integer formats
        wav = wav * (0.999 / peak)
    with atomic_path(path, suffix=path.suffix) as tmp:
        sf.write(tmp, wav, sr, format=fmt, subtype="PCM_16" if fmt == "WAV" else None)
    return path
