"""Text to speech from SSML: each span of the markup (text/ssml.py) is spoken with its own delivery and voice, with
the breaks it asks for between them, as one stream of sentences at one sample rate."""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Callable, Iterator

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.progress import Progress
from anyvoice.style.prosody import Prosody
from anyvoice.synth.base import SYNTHESIZERS
from anyvoice.tasks.tts import Said, SpeechStream, TtsOptions, tts_stream
from anyvoice.text.languages import text_language, within
from anyvoice.text.ssml import Span, read_ssml
from anyvoice.voice import Voice
from anyvoice.voice.resolve import resolve_voice

#: an SSML stream mixes bases (Piper 22.05 kHz, Kokoro 24 kHz): everything is brought to this rate
SSML_RATE = 24000
#: what a <voice name="..."> means: the voice to render in (None: a base synthesizer's own) and the base to speak
#: with (None: the voice's own, or the default)
NamedVoice = tuple["Voice | None", "str | None"]
VoiceNames = Callable[[str], NamedVoice]


def voice_or_base(name: str) -> NamedVoice:
    """A base synthesizer's name ('piper', 'kokoro:jm_kumo') speaks in that base's own voice; any other name is a
    voice file or a reference recording."""
    if name.partition(":")[0] in SYNTHESIZERS.names():
        return None, name
    return resolve_voice(name), None


def _span_prosody(options: TtsOptions, span: Span) -> Prosody:
    own = options.prosody or Prosody()
    d = span.delivery
    return own.combine(Prosody(pitch_st=d.pitch_st, pace=d.pace, loudness_db=d.loudness_db))


def ssml_stream(markup: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
                voices: VoiceNames = voice_or_base, progress: Progress | None = None) -> SpeechStream:
    """Speak SSML in `voice` (spans inside <voice name> in the voice `voices` gives for that name). Everything
    wrong with the markup, a voice name or a span's text raises here, before any audio."""
    opts = replace(options or TtsOptions(), pieces=False)  # each sentence whole: it is resampled and paused as one
    spans, tail_s = read_ssml(markup)
    own = resolve_voice(voice) if voice is not None else None  # once: a recording is analysed once, not per span
    named = {s.delivery.voice: voices(s.delivery.voice) for s in spans if s.delivery.voice}
    unmarked = " ".join(s.text for s in spans if not s.delivery.language)
    # Text with no xml:lang is in the document's language, found from all of it (a span alone can be two words),
    # unless a span is written in another language's script.
    document = text_language(unmarked, opts.language) if unmarked else None

    def speaking(span: Span) -> SpeechStream:
        code = span.delivery.language or within(span.text, document).code
        spoken = replace(opts, prosody=_span_prosody(opts, span), language=code)
        if not span.delivery.voice:
            return tts_stream(span.text, own, spoken)
        voice, base = named[span.delivery.voice]  # a named voice speaks with its own base, not the request's
        return tts_stream(span.text, voice, replace(spoken, base=base))

    streams = [speaking(s) for s in spans]
    languages = {s.language for s in streams}
    stream = SpeechStream(SSML_RATE, iter(()), language=languages.pop() if len(languages) == 1 else "mul")

    def said() -> Iterator[tuple[np.ndarray, Said]]:
        """Each sentence's audio at SSML_RATE, with the silence asked before it, and how it was said."""
        for i, (span, part) in enumerate(zip(spans, streams)):
            pause = span.pause_before_s
            for chunk in part.chunks:
                said = part.spoken[-1]
                silence = np.zeros(int(round(pause * SSML_RATE)), np.float32)
                yield (np.concatenate([silence, resample(chunk, part.sample_rate, SSML_RATE)]),
                       replace(said, pause_s=pause + said.pause_s))
                pause = 0.0
            stream.warnings.extend(w for w in part.warnings if w not in stream.warnings)  # once, not per span
            if progress:
                progress(i + 1, len(spans))

    def chunks() -> Iterator[np.ndarray]:
        held = None  # one sentence is held back, so a trailing <break> joins the last one
        for chunk, sentence in said():
            if held is not None:
                stream.spoken.append(held[1])
                yield held[0]
            held = (chunk, sentence)
        if held is not None:
            stream.spoken.append(held[1])
            yield np.concatenate([held[0], np.zeros(int(round(tail_s * SSML_RATE)), np.float32)])

    stream.chunks = chunks()
    return stream
