"""A user's own recordings as corpus sources: a folder per speaker, or a flat folder of unlabelled recordings
whose speakers are found by clustering utterance embeddings."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from anyvoice.corpus.sources import Source
from anyvoice.errors import InputError

#: cosine distance between utterance embeddings under which two clusters are one speaker (GE2E: clips of one
#: person sit at 0.1-0.3 from each other, different people of the same sex at 0.3-0.5)
SAME_SPEAKER_DISTANCE = 0.3


def folder_source(root: str | Path, speakers: bool) -> Source:
    """A Source over a user's folder: `speakers` True means ROOT/<speaker>/**/audio, else unlabelled files."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: no such folder of recordings")
    return Source(f"folder-{root.name}", (), "*/**/*" if speakers else "**/*",
                  "folder" if speakers else "cluster", "the user's own", folder=str(root.resolve()))


def cluster_speakers(embeddings: np.ndarray, threshold: float = SAME_SPEAKER_DISTANCE) -> np.ndarray:
    """(n,) speaker index of each of n unit embeddings: average-linkage clustering on cosine distance, cut at
    `threshold`; indices are ordered by first appearance."""
    from scipy.cluster.hierarchy import fcluster, linkage

    e = np.asarray(embeddings, np.float64)
    if len(e) == 0:
        return np.zeros(0, int)
    if len(e) == 1:
        return np.zeros(1, int)
    raw = fcluster(linkage(e, method="average", metric="cosine"), t=threshold, criterion="distance")
    order = {c: i for i, c in enumerate(dict.fromkeys(raw))}
    return np.array([order[c] for c in raw])
