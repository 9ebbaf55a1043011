"""Text to speech in any voice: front end -> base synthesizer -> engine."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import join_with_pauses
from anyvoice.engines import DEFAULT_ENGINE, create_engine
from anyvoice.errors import InputError
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.common import Progress, resolve_voice
from anyvoice.text import prepare
from anyvoice.voice import Voice

DEFAULT_BASE = "piper"  # RTF 0.05 here; Kokoro (RTF ~1.3 on 2 cores) is available by name
MAX_TEXT_CHARS = 100_000


@dataclass
class TtsOptions:
    """How to speak: engine, base synthesizer, speed and the pause between sentences."""

    engine: str = DEFAULT_ENGINE
    base: str = DEFAULT_BASE
    speed: float = 1.0
    sentence_pause_s: float = 0.25


def tts(text: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
        progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Speak `text` in `voice` (a Voice, voice file or reference recording; None = the base voice).

    Returns (mono float32 audio, sample rate). Long text is split into sentences and spoken one by one.
    """
    opts = options or TtsOptions()
    if not 0.25 <= opts.speed <= 4.0:
        raise InputError(f"speed {opts.speed} is out of range; use 0.25 to 4.0")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}, split it up")
    sentences = prepare(text)
    target = resolve_voice(voice) if voice is not None else None
    engine = create_engine(opts.engine if target is not None else "none")
    synth = create_synthesizer(opts.base)
    out = []
    for i, sentence in enumerate(sentences):
        wav = synth.synthesize(sentence, speed=opts.speed)
        if wav.size:
            out.append(engine.convert(wav, synth.sample_rate, target) if target is not None else wav)
        if progress:
            progress(i + 1, len(sentences))
    return join_with_pauses(out, synth.sample_rate, opts.sentence_pause_s), synth.sample_rate
