"""A flat map of the voice space: the principal plane of a set of speaker embeddings (usually the voice bank)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def principal_axes(centred: np.ndarray, k: int) -> np.ndarray:
    """(k, D) leading principal directions of the centred rows (N, D), each signed so that its largest entry is
    positive: an SVD may return either sign, and an axis must not turn round when the data moves slightly."""
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    vt = vt[:k]
    return vt * np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])[:, None]


@dataclass(frozen=True)
class VoiceSpaceMap:
    """Projects 256-d speaker embeddings onto the two principal axes of a background set."""

    mean: np.ndarray  # (D,)
    axes: np.ndarray  # (2, D)

    @classmethod
    def fit(cls, background: np.ndarray) -> "VoiceSpaceMap":
        """The principal plane of `background` (N, D), N >= 3."""
        background = np.asarray(background, np.float64)
        mean = background.mean(0)
        return cls(mean=mean, axes=principal_axes(background - mean, 2))

    def project(self, embeddings: np.ndarray) -> np.ndarray:
        """(N, 2) map coordinates of (N, D) embeddings, or (2,) of one (D,) embedding."""
        return (np.asarray(embeddings, np.float64) - self.mean) @ self.axes.T
