"""The mel the decoder draws, made audible by the bundled HiFi-GAN in pieces, so a stream can send the first
piece while the rest is still being vocoded.

Each piece is vocoded with `CONTEXT_FRAMES` frames of the mel on each side and then cut to its own frames; that
is wider than the vocoder's receptive field, so the pieces join into the same waveform as one pass over the whole.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from anyvoice.audio.mel import HOP
from anyvoice.models.precision import running_in

#: mel frames of context on each side of a piece (HiFi-GAN V1 sees at most this far)
CONTEXT_FRAMES = 12


def piece_bounds(n_frames: int, first: int, largest: int) -> list[tuple[int, int]]:
    """[start, end) frames of consecutive pieces covering `n_frames`: `first` frames, then each piece four times
    the one before up to `largest` (small first for an early start, larger later so the context costs little; the
    vocoder makes sound 6x faster than it plays, so a piece 4x longer is ready before the one before has played)."""
    bounds, start, size = [], 0, max(1, first)
    while start < n_frames:
        end = min(n_frames, start + size)
        bounds.append((start, end))
        start, size = end, min(largest, 4 * size)
    return bounds


def vocode_pieces(vocoder, mel: np.ndarray, bounds: list[tuple[int, int]], precision: str
                  ) -> Iterator[np.ndarray]:
    """Waveform (HOP samples per frame, the vocoder's rate) of log-mel `mel` (frames, 80), one array per piece
    of `bounds`."""
    import torch

    frames = torch.from_numpy(np.ascontiguousarray(mel.T, dtype=np.float32))[None]
    n = frames.shape[-1]
    for start, end in bounds:
        lo, hi = max(0, start - CONTEXT_FRAMES), min(n, end + CONTEXT_FRAMES)
        with running_in(precision):
            y = vocoder(frames[..., lo:hi]).float().reshape(-1).numpy()
        yield y[(start - lo) * HOP:(end - lo) * HOP]
