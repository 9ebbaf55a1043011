"""Pictures people would rather see than read: spectrograms with pitch contours, the voice-space map."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from anyvoice.audio.world import FRAME_MS, track_f0
from anyvoice.errors import ModelMissingError
from anyvoice.files import atomic_path
from anyvoice.voice.space import VoiceSpaceMap


def _pyplot():
    try:
        import matplotlib
    except ImportError:  # a runtime-only install: pictures are the harness's
        raise ModelMissingError("pictures need matplotlib; install it with: pip install \"anyvoice[bench]\" "
                                "(or pip install matplotlib==3.11.2)") from None

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: str | os.PathLike) -> Path:
    path = Path(path)
    with atomic_path(path, suffix=path.suffix) as tmp:
        fig.savefig(tmp, dpi=90)
    fig.clf()
    return path


def voice_space_figure(background: np.ndarray, background_female: np.ndarray,
                       points: Sequence[tuple[str, np.ndarray]], path: str | os.PathLike) -> Path:
    """A 2-D map of the speaker-embedding space: the principal plane of `background` embeddings (e.g. the voice
    bank, coloured by perceived gender 0..1) with labelled `points` (designed, cloned or edited voices)."""
    plt = _pyplot()
    space = VoiceSpaceMap.fit(background)
    proj = space.project(background)
    fig, ax = plt.subplots(figsize=(8, 6.5))
    sc = ax.scatter(proj[:, 0], proj[:, 1], c=background_female, cmap="coolwarm", s=14, alpha=0.5, vmin=0, vmax=1)
    fig.colorbar(sc, ax=ax, label="perceived female (bank voices)")
    for label, emb in points:
        x, y = space.project(emb)
        ax.scatter([x], [y], marker="*", s=140, color="black")
        ax.annotate(label, (x, y), fontsize=7, xytext=(4, 3), textcoords="offset points")
    ax.margins(0.12)  # room for the labels of points at the edge
    ax.set_xlabel("principal axis 1")
    ax.set_ylabel("principal axis 2")
    ax.set_title("voice space (GE2E speaker embeddings, principal plane of the voice bank)")
    fig.tight_layout()
    out = _save(fig, path)
    plt.close(fig)
    return out


def spectrogram_figure(items: Sequence[tuple[str, np.ndarray, int]], path: str | os.PathLike) -> Path:
    """Save one row per (label, wav, sr): log-mel spectrogram with the F0 contour drawn over it (Praat's tracker,
    many times faster than the Harvest the voices and engines measure with: a picture of many clips needs no more)."""
    import librosa

    plt = _pyplot()
    fig, axes = plt.subplots(len(items), 1, figsize=(10, 2.4 * len(items)), squeeze=False)
    for ax, (label, wav, sr) in zip(axes[:, 0], items):
        hop = sr // 100
        mel = librosa.feature.melspectrogram(y=wav, sr=sr, n_fft=1024, hop_length=hop, n_mels=80, fmax=sr // 2)
        db = librosa.power_to_db(mel, ref=np.max)
        ax.imshow(db, origin="lower", aspect="auto", cmap="magma", vmin=-80, vmax=0,
                  extent=(0, len(wav) / sr, 0, 80))
        f0 = track_f0(wav, sr, fast=True)
        t = np.arange(len(f0)) * FRAME_MS / 1000.0
        ax2 = ax.twinx()
        ax2.plot(t, np.where(f0 > 0, f0, np.nan), color="cyan", lw=1.2)
        ax2.set_ylim(50, 500)
        ax2.set_ylabel("F0 (Hz)")
        ax.set_ylabel("mel bin")
        ax.set_title(label, fontsize=10)
    axes[-1, 0].set_xlabel("time (s)")
    fig.tight_layout()
    out = _save(fig, path)
    plt.close(fig)
    return out
