"""Text to speech in any voice: front end -> base synthesizer -> engine."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from anyvoice.engines import DEFAULT_ENGINE, ENGINES, create_engine
from anyvoice.errors import InputError
from anyvoice.style import Prosody, apply_prosody, parse_emphasis
from anyvoice.style.alignment import locate_words
from anyvoice.style.markup import mark_emphasis
from anyvoice.style.resolve import resolve_prosody
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.common import Progress, resolve_voice
from anyvoice.tasks.convert import convert_in_pieces
from anyvoice.text import prepare
from anyvoice.text.frontend import MAX_SENTENCE_CHARS
from anyvoice.voice import Voice

DEFAULT_BASE = "piper"  # RTF 0.05 here; Kokoro (RTF ~1.3 on 2 cores) is available by name
MAX_TEXT_CHARS = 100_000


@dataclass
class TtsOptions:
    """How to speak: engine, base synthesizer, speed and the pause between sentences."""

    engine: str = DEFAULT_ENGINE
    base: str | None = None  # None: the voice's own base (designed voices name one), else DEFAULT_BASE
    speed: float = 1.0
    sentence_pause_s: float = 0.25
    style: str | None = None  # a prompt: "cheerful", "calm and slow", "very excited", ...
    prosody: Prosody | None = None  # explicit prosody values, applied on top of the prompt
    style_reference: str | os.PathLike | None = None  # "say it the way this clip says it"


@dataclass
class SpeechStream:
    """Speech that is still being made: `chunks` yields one sentence at a time (with the pause before it)."""

    sample_rate: int
    chunks: Iterator[np.ndarray]


def tts_stream(text: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
               progress: Progress | None = None) -> SpeechStream:
    """Like `tts`, but sentence by sentence: a server can send the first sentence while the rest is spoken.

    Everything that can be wrong with the request (text, voice, style, options) raises here, before any audio.
    """
    opts = options or TtsOptions()
    if not 0.25 <= opts.speed <= 4.0:
        raise InputError(f"speed {opts.speed} is out of range; use 0.25 to 4.0")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}, split it up")
    ENGINES.check(opts.engine)  # also when there is no voice to use it on: a misspelt name is still an error
    marked_text = mark_emphasis(text)
    sentences = prepare(marked_text)  # errors in the text come before any model loads
    target = resolve_voice(voice) if voice is not None else None
    prosody = resolve_prosody(target, opts.style, opts.prosody, opts.style_reference)
    engine = create_engine(opts.engine if target is not None else "none")
    own_base = target.meta.get("base") if target is not None and opts.base is None else None
    synth = create_synthesizer(opts.base or own_base or DEFAULT_BASE)
    # A designed voice names its base and the pace that brings that base's own rate to the voice's.
    base_pace = target.meta.get("base_pace", 1.0) if own_base else 1.0
    # Slow speech gets shorter sentences: a synthesizer makes a sentence in one pass, its memory growing with
    # the sentence's length in time, not in letters.
    pace = opts.speed * prosody.pace * base_pace
    if pace < 1.0:
        sentences = prepare(marked_text, max_chars=int(MAX_SENTENCE_CHARS * pace))
    sr = synth.sample_rate
    gap = np.zeros(int(sr * opts.sentence_pause_s * prosody.pause), np.float32)

    def chunks() -> Iterator[np.ndarray]:
        started = False
        for i, sentence in enumerate(sentences):
            clean, marked = parse_emphasis(sentence)
            # Pace goes to the base synthesizer, whose own timing model stretches speech more naturally than PSOLA.
            wav = synth.synthesize(clean, speed=pace)
            if wav.size:
                wav = convert_in_pieces(engine, wav, sr, target) if target is not None else wav
                spans = locate_words(wav, sr, clean.split(), marked) if marked else []
                wav = apply_prosody(wav, sr, replace(prosody, pace=1.0), spans).astype(np.float32)
                yield np.concatenate([gap, wav]) if started else wav
                started = True
            if progress:
                progress(i + 1, len(sentences))

    return SpeechStream(sr, chunks())


def tts(text: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
        progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Speak `text` in `voice` (a Voice, voice file or reference recording; None = the base voice).

    Words marked *like this* are stressed. Style (prompt, prosody values, style reference) is applied after the
    voice is rendered, so it changes delivery, not words or timbre. Returns (mono float32 audio, sample rate);
    long text is split into sentences and spoken one by one.
    """
    stream = tts_stream(text, voice, options, progress)
    parts = list(stream.chunks)
    return (np.concatenate(parts) if parts else np.zeros(0, np.float32)), stream.sample_rate
