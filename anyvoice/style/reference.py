"""Style from a reference clip: "say it the way this clip says it", separate from the timbre reference."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from anyvoice.inputs.attributes import measure_attributes
from anyvoice.style.prosody import Prosody

if TYPE_CHECKING:
    from anyvoice.voice import Voice

WHISPER_VOICED_FRACTION = 0.15  # a whispered clip has almost no voiced frames


def prosody_from_reference(wav: np.ndarray, sr: int, voice: Voice) -> Prosody:
    """The clip's delivery relative to `voice`'s own: pitch range, pace, loudness, and whispering.

    The pitch *level* stays the voice's own: a clip's absolute pitch says more about its speaker than about
    its style, and copying it would change who seems to speak.
    """
    clip = measure_attributes(wav, sr)
    own = voice.attributes
    duration = len(wav) / sr
    whispered = clip.voiced_seconds < WHISPER_VOICED_FRACTION * duration
    rng = clip.f0_range_st / own.f0_range_st if (np.isfinite(clip.f0_range_st) and own.f0_range_st > 0) else 1.0
    pace = clip.speaking_rate / own.speaking_rate if own.speaking_rate > 0 and clip.speaking_rate > 0 else 1.0
    return Prosody(pitch_range=float(np.clip(rng, 0.3, 3.0)) if not whispered else 1.0,
                   pace=float(np.clip(pace, 0.6, 1.6)),
                   loudness_db=float(np.clip(clip.energy_db - own.energy_db, -12.0, 8.0)),
                   whisper=1.0 if whispered else 0.0)
