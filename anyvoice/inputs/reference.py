"""What a reference recording measures as a voice: its attributes and the envelopes of its voiced frames.

This is the slow part of making a voice (Harvest and Praat, native calls that hold the interpreter lock), in one
call with light imports, so `anyvoice.isolation` can run it in a helper process.
"""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import snr_estimate_db
from anyvoice.audio.world import GRID_HZ, analyze, speaker_f0, to_grid
from anyvoice.inputs.attributes import VoiceAttributes, measure_attributes

#: a reference whose speech stands less than this far over its background (signal.snr_estimate_db over the quietest
#: 5 % of its frames) gives the voice its noise: of single utterances of the corpus cut close (1-8 s), 5 % of the
#: clean ones read under it, and 93 % of those with noise 10 dB under the speech
NOISY_REFERENCE_DB = 25.0
_QUIET_PERCENTILE = 5.0
#: a reference holding nothing above this (a telephone's 3.4-4 kHz) gives its voice that narrow band
NARROW_REFERENCE_HZ = 5000


def analyse_reference(wav: np.ndarray, sr: int) -> tuple[VoiceAttributes, np.ndarray]:
    """(attributes, envelopes of the voiced frames on the mel grid as (frames, 96) float32) of mono `wav`."""
    f0 = speaker_f0(wav, sr)
    feat = analyze(wav, sr, f0=f0)  # the envelopes of frames the speaker did not voice are left out below
    attrs = measure_attributes(wav, sr, f0_10ms=f0[::2])  # WORLD's frames are 5 ms apart
    voiced = f0 > 0
    grid = to_grid(feat.sp[voiced], sr) if voiced.any() else np.zeros((0, len(GRID_HZ)))
    return attrs, grid.astype(np.float32)


def reference_warnings(wav: np.ndarray, sr: int, band_hz: int | None) -> list[str]:
    """What a user should know about a reference a voice was made from: noise that the voice takes on, and a band
    (`band_hz`, as the voice measured it: `Source.band_hz`) too narrow for a full voice."""
    out = []
    snr = snr_estimate_db(wav, sr, _QUIET_PERCENTILE)
    if snr < NOISY_REFERENCE_DB:
        out.append(f"the reference is noisy (its speech stands about {snr:.0f} dB over the background): the voice "
                   "takes some of the noise on; make it from the reference cleaned (`voice create --clean`, or "
                   "clean=true to the server)")
    if band_hz and band_hz < NARROW_REFERENCE_HZ:
        out.append(f"the reference holds nothing above {band_hz} Hz (a telephone recording?): speech in this voice "
                   "sounds as narrow; a wideband recording gives a fuller voice")
    return out
