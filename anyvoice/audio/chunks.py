"""Running a whole-signal function over a long signal in overlapping chunks, cross-faded (pure)."""
from __future__ import annotations

from typing import Callable

import numpy as np


def overlap_chunks(x: np.ndarray, fn: Callable[[np.ndarray], np.ndarray], chunk: int, overlap: int,
                   progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """`fn` (same-length in and out) applied to `chunk`-sample windows that overlap by `overlap` samples; the
    overlaps are joined with complementary raised-cosine fades, so a chunk boundary leaves no seam."""
    n = len(x)
    if n <= chunk:
        y = fn(x)
        if progress:
            progress(1, 1)
        return y
    step = chunk - overlap
    starts = list(range(0, n - overlap, step))
    out = np.zeros(n, np.float32)
    fade_in = 0.5 - 0.5 * np.cos(np.pi * (np.arange(overlap) + 0.5) / overlap)
    for k, a in enumerate(starts):
        b = min(a + chunk, n)
        y = np.asarray(fn(x[a:b]), np.float32)
        w = np.ones(b - a, np.float32)
        if k > 0:
            w[:overlap] = fade_in
        if b < n:
            w[-overlap:] = fade_in[::-1]
        out[a:b] += w * y
        if progress:
            progress(k + 1, len(starts))
    return out
