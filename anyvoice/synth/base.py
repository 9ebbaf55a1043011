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
    reading: str = ""  # names a change in how the same text is read, so that readings kept on disk are made afresh

    @classmethod
    def installed(cls, variant: str = "") -> bool:
        """Whether this family, and its `variant` where that names something installed apart (a voice), can speak
        on this machine."""
        return True

    @abstractmethod
    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Return float32 mono audio at `self.sample_rate`; `speed` > 1 speaks faster."""

    def _retimed(self, wav: np.ndarray, duration_factor: float) -> np.ndarray:
        """`wav` made `duration_factor` times as long by PSOLA, pitch and timbre kept (the part of a speed the
        synthesizer's own timing does not make)."""
        if duration_factor == 1.0 or not wav.size:
            return wav
        from anyvoice.audio.psola import change_voice

        return change_voice(wav, self.sample_rate, duration_factor=duration_factor).astype(np.float32)


SYNTHESIZERS: Registry[BaseSynthesizer] = Registry("base synthesizer",
                                                   ["anyvoice.synth.piper", "anyvoice.synth.kokoro",
                                                    "anyvoice.synth.festival", "anyvoice.synth.pico"])
#: the base English is spoken with unless a voice names its own: the fastest (benchmarks in docs/benchmarks.md)
DEFAULT_BASE = "piper"
#: the base other languages are spoken with (Piper's bundled voice speaks English only)
MULTILINGUAL_BASE = "kokoro"


def default_base(language: str = "en") -> str:
    """The base synthesizer for text in `language` when none is asked for."""
    return DEFAULT_BASE if language == "en" else MULTILINGUAL_BASE


#: what the part after the colon of a base's name is, per family (Kokoro's: a style)
_VARIANT = {"festival": "voice", "pico": "voice", "piper": "model_path"}


def names_a_file(name: str) -> bool:
    """Whether the base `name` names a file of the user's ('piper:/path/voice.onnx'), which a server does not open
    for its clients."""
    family, _, variant = name.partition(":")
    return family == "piper" and bool(variant)


def base_installed(name: str) -> bool:
    """Whether the base `name` ('festival:msu_ru_nsh_clunits', 'pico:fr-FR') can speak on this machine."""
    family, _, variant = name.partition(":")
    return SYNTHESIZERS.factory(family).installed(variant.partition("@")[0])


def create_synthesizer(name: str, language: str = "en") -> BaseSynthesizer:
    """'piper[:<voice.onnx>]' (the bundled voice, or a Piper voice file of your own), 'kokoro:<style>[@<accent>]' (a
    bundled style: jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro, jm_kumo, or a blend of them, optionally with an
    accent: en-gb-x-rp, en-gb-scotland, en-029) or 'festival[:<voice>]' (an installed Festival voice) or
    'pico[:<voice>]' (fr-FR, de-DE, es-ES, it-IT, en-US); `language` (a code of text/languages.py) other than English
    needs a base that speaks it (kokoro, or piper, festival or pico with a voice of that language)."""
    family, _, variant = name.partition(":")
    variant, _, accent = variant.partition("@")
    kwargs = {**({_VARIANT.get(family, "style"): variant} if variant else {}), **({"accent": accent} if accent else {}),
              **({"language": language} if language != "en" else {})}
    try:
        return SYNTHESIZERS.create(family, **kwargs)
    except TypeError:
        if language != "en":
            raise InputError(f"the base '{name}' speaks English only; for language '{language}' give a "
                             f"{MULTILINGUAL_BASE} base (e.g. kokoro:jm_kumo) or none") from None
        raise InputError(f"base synthesizer '{name}': {family} takes no style or accent; "
                         "give e.g. piper or kokoro:jf_alpha@en-gb-x-rp") from None
