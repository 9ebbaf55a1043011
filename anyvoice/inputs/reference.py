"""What a reference recording measures as a voice: its attributes and the envelopes of its voiced frames.

This is the slow part of making a voice (Harvest and Praat, native calls that hold the interpreter lock), in one
call with light imports, so `anyvoice.isolation` can run it in a helper process.
"""
from __future__ import annotations

import numpy as np

from anyvoice.audio.world import GRID_HZ, analyze, speaker_f0, to_grid
from anyvoice.inputs.attributes import VoiceAttributes, measure_attributes


def analyse_reference(wav: np.ndarray, sr: int) -> tuple[VoiceAttributes, np.ndarray]:
    """(attributes, envelopes of the voiced frames on the mel grid as (frames, 96) float32) of mono `wav`."""
    f0 = speaker_f0(wav, sr)
    feat = analyze(wav, sr, f0=f0)  # the envelopes of frames the speaker did not voice are left out below
    attrs = measure_attributes(wav, sr, f0_10ms=f0[::2])  # WORLD's frames are 5 ms apart
    voiced = f0 > 0
    grid = to_grid(feat.sp[voiced], sr) if voiced.any() else np.zeros((0, len(GRID_HZ)))
    return attrs, grid.astype(np.float32)
