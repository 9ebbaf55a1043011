"""The base synthesizer interface and its registry."""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from anyvoice.errors import InputError
from anyvoice.naming import Registry


class BaseSynthesizer(ABC):
    """Speaks one normalised English sentence in the synthesizer's own voice."""

    name: str
    sample_rate: int

    @abstractmethod
    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Return float32 mono audio at `self.sample_rate`; `speed` > 1 speaks faster."""


SYNTHESIZERS: Registry[BaseSynthesizer] = Registry("base synthesizer",
                                                   ["anyvoice.synth.piper", "anyvoice.synth.kokoro"])
#: the base text is spoken with unless a voice names its own: the fastest (benchmarks in docs/benchmarks.md)
DEFAULT_BASE = "piper"


def create_synthesizer(name: str) -> BaseSynthesizer:
    """'piper' or 'kokoro:<style>[@<accent>]': a bundled style (jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro,
    jm_kumo) or a blend of them, optionally with an accent (en-gb-x-rp, en-gb-scotland, en-029)."""
    family, _, variant = name.partition(":")
    variant, _, accent = variant.partition("@")
    kwargs = {**({"style": variant} if variant else {}), **({"accent": accent} if accent else {})}
    try:
        return SYNTHESIZERS.create(family, **kwargs)
    except TypeError:
        raise InputError(f"base synthesizer '{name}': {family} takes no style or accent; "
                         "give e.g. piper or kokoro:jf_alpha@en-gb-x-rp") from None
