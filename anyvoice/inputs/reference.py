"""What a reference recording measures as a voice: its attributes and the envelopes of its voiced frames.

This is the slow part of making a voice after the pitch track (Praat and WORLD, native calls that hold the
interpreter lock), in two calls with light imports, so `anyvoice.isolation` can run them in helper processes.
"""
from __future__ import annotations

import numpy as np

from anyvoice import isolation
from anyvoice.audio.signal import snr_estimate_db
from anyvoice.audio.world import GRID_HZ, analyze, to_grid
from anyvoice.inputs.attributes import VoiceAttributes, measure_attributes
from anyvoice.progress import Progress

#: a reference whose speech stands less than this far over its background (signal.snr_estimate_db over the quietest
#: 5 % of its frames) gives the voice its noise: of single utterances of the corpus cut close (1-8 s), 5 % of the
#: clean ones read under it, and 93 % of those with noise 10 dB under the speech
NOISY_REFERENCE_DB = 25.0
_QUIET_PERCENTILE = 5.0
#: a reference holding nothing above this (a telephone's 3.4-4 kHz) gives its voice that narrow band
NARROW_REFERENCE_HZ = 5000


def voiced_envelopes(wav: np.ndarray, sr: int, f0: np.ndarray) -> np.ndarray:
    """The envelopes of the voiced frames of mono `wav` (its `speaker_f0` is `f0`) on the mel grid, as (frames, 96)
    float32: the frames the speaker did not voice are left out."""
    feat = analyze(wav, sr, f0=f0)
    voiced = f0 > 0
    grid = to_grid(feat.sp[voiced], sr) if voiced.any() else np.zeros((0, len(GRID_HZ)))
    return grid.astype(np.float32)


def analyse_reference(wav: np.ndarray, sr: int, f0: np.ndarray,
                      progress: Progress | None = None) -> tuple[VoiceAttributes, np.ndarray]:
    """(attributes, `voiced_envelopes`) of mono `wav`, whose `speaker_f0` (Harvest's, on WORLD's grid) is `f0`:
    the two side by side in helper processes where they are in use (`anyvoice.isolation`); `progress(done, 2)`."""
    attrs, grid = isolation.run_all([(measure_attributes, wav, sr, f0[::2]),  # WORLD's frames are 5 ms apart
                                     (voiced_envelopes, wav, sr, f0)], progress)
    return attrs, grid


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
