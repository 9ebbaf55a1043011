"""A base voice reading its language's passage: more of the base speaker's speech than one sentence, on which an
engine measures the speaker's long-term spectrum (`Engine.for_source`). Kept by the base and language, in memory
and in the cache folder: a slow base reads it once."""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import join_with_pauses
from anyvoice.cache import ArrayMemo
from anyvoice.synth.base import BaseSynthesizer
from anyvoice.text.frontend import prepare
from anyvoice.text.passages import PASSAGES

_READINGS = ArrayMemo("passages", version="1", in_memory=16, on_disk=64)


def read_passage(synth: BaseSynthesizer, base: str, language: str) -> np.ndarray:
    """`synth` (the base named `base`) reading the passage of `language` at its own pace, sentences 0.3 s apart."""
    sentences = prepare(" ".join(PASSAGES[language]), language=language)  # read as a request's text is
    text = np.frombuffer("\n".join(sentences).encode(), np.uint8)
    return _READINGS.get(text, f"{base}|{synth.reading}|{language}|{synth.sample_rate}",
                         lambda: join_with_pauses([synth.synthesize(s) for s in sentences], synth.sample_rate, 0.3))
