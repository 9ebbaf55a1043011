"""The identity engine: the input unchanged (the 'source unchanged' / 'raw base TTS' baseline)."""
from __future__ import annotations

import numpy as np

from anyvoice.engines.base import ENGINES, Engine
from anyvoice.voice import Voice


@ENGINES.register("none", "no conversion: the base synthesizer's or the source's own voice (a baseline)")
class PassthroughEngine(Engine):
    """Returns its input; the baseline every other engine is measured against."""

    name = "none"

    def convert(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> np.ndarray:
        return np.asarray(wav, np.float32)
