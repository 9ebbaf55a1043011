"""Zero-shot voice conversion: someone's speech, same words and intonation, in the target voice."""
from __future__ import annotations

import os

import numpy as np

from anyvoice.audio.signal import is_silent
from anyvoice.engines import DEFAULT_ENGINE, create_engine
from anyvoice.errors import InputError
from anyvoice.tasks.common import Progress, resolve_voice
from anyvoice.voice import Voice

CHUNK_SECONDS = 20.0  # long sources are cut at quiet points so memory stays flat


def split_points(wav: np.ndarray, sr: int, chunk_s: float = CHUNK_SECONDS, search_s: float = 3.0) -> list[int]:
    """Sample indices that cut `wav` into pieces of about `chunk_s`, each cut at the quietest 10 ms nearby."""
    hop = int(0.01 * sr)
    n_frames = len(wav) // hop
    if len(wav) <= chunk_s * sr * 1.5 or n_frames == 0:
        return [0, len(wav)]
    energy = np.square(wav[: n_frames * hop].reshape(n_frames, hop)).mean(axis=1)
    cuts = [0]
    while len(wav) - cuts[-1] > chunk_s * sr * 1.5:
        centre = (cuts[-1] + int(chunk_s * sr)) // hop
        lo, hi = max(centre - int(search_s * 100), cuts[-1] // hop + 1), min(centre + int(search_s * 100), n_frames)
        cuts.append((lo + int(np.argmin(energy[lo:hi]))) * hop)
    return cuts + [len(wav)]


def convert(wav: np.ndarray, sr: int, voice: "Voice | str | os.PathLike", engine: str = DEFAULT_ENGINE,
            progress: Progress | None = None) -> np.ndarray:
    """Return `wav` (mono float32 at `sr`) spoken in `voice`, same length and rate."""
    wav = np.asarray(wav, np.float32)
    if wav.ndim != 1 or wav.size == 0:
        raise InputError("the source audio is empty")
    if is_silent(wav):
        raise InputError("the source audio is silent; nothing to convert")
    target = resolve_voice(voice)
    eng = create_engine(engine)
    cuts = split_points(wav, sr)
    out = []
    for i, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
        piece = wav[a:b]
        out.append(eng.convert(piece, sr, target) if not is_silent(piece) else piece)
        if progress:
            progress(i + 1, len(cuts) - 1)
    return np.concatenate(out)
