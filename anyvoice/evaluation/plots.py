"""Pictures people would rather see than read: spectrograms with pitch contours."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from anyvoice.audio.world import estimate_f0


def spectrogram_figure(items: Sequence[tuple[str, np.ndarray, int]], path: str | os.PathLike) -> Path:
    """Save one row per (label, wav, sr): log-mel spectrogram with the F0 contour drawn over it."""
    import matplotlib

    matplotlib.use("Agg")
    import librosa
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(items), 1, figsize=(10, 2.4 * len(items)), squeeze=False)
    for ax, (label, wav, sr) in zip(axes[:, 0], items):
        hop = sr // 100
        mel = librosa.feature.melspectrogram(y=wav, sr=sr, n_fft=1024, hop_length=hop, n_mels=80, fmax=sr // 2)
        db = librosa.power_to_db(mel, ref=np.max)
        ax.imshow(db, origin="lower", aspect="auto", cmap="magma", vmin=-80, vmax=0,
                  extent=(0, len(wav) / sr, 0, 80))
        f0 = estimate_f0(wav, sr, frame_ms=10.0)
        t = np.arange(len(f0)) * 0.01
        ax2 = ax.twinx()
        ax2.plot(t, np.where(f0 > 0, f0, np.nan), color="cyan", lw=1.2)
        ax2.set_ylim(50, 500)
        ax2.set_ylabel("F0 (Hz)")
        ax.set_ylabel("mel bin")
        ax.set_title(label, fontsize=10)
    axes[-1, 0].set_xlabel("time (s)")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
