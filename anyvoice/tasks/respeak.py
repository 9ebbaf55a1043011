"""Respeaking: someone's words said anew in another voice from the text alone, so that nothing of the recording's
sound is kept.

Conversion keeps a recording's sound and moves it toward a voice, and some of the speaker stays in it. Respeaking
keeps only the words: the given text, or what Whisper base hears in the recording's language. The text-to-speech
path speaks them in the voice at the voice's own pace, so the new speech lasts as long as the voice takes to say
them, not as long as the recording. This is the strongest way to hide who spoke; it loses the intonation, the
timing and length, and any word the recogniser mishears, and it needs a language anyvoice speaks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.engines import DEFAULT_ENGINE, Engine
from anyvoice.errors import UnprocessableError
from anyvoice.text.languages import DETECT, language_key
from anyvoice.text.languages import language as spoken_language
from anyvoice.voice.voice import Voice


@dataclass(frozen=True)
class Respoken:
    """The new speech, at the recording's sample rate, and the words it says."""

    audio: np.ndarray
    sample_rate: int
    text: str


def respeak(wav: np.ndarray, sr: int, voice: Voice, text: str | None = None, language: str | None = None,
            engine: Engine | str = DEFAULT_ENGINE) -> Respoken:
    """The words of mono `wav` spoken in `voice` at rate `sr`: `text` when given, else heard in `language` (None or
    "auto": detected)."""
    from anyvoice.inputs.asr import transcribe_language
    from anyvoice.tasks.tts import TtsOptions, tts

    if language and language_key(language) == DETECT:
        language = None
    if language:
        language = spoken_language(language).code  # a language no base speaks is refused before Whisper runs
    if not (text or "").strip():
        text, heard = transcribe_language(wav, sr, language)
        language = language or spoken_language(heard).code
    if not text.strip():
        raise UnprocessableError("no words were heard in the recording, so there is nothing to respeak; give the "
                                 "words as text")
    y, y_sr = tts(text, voice, TtsOptions(engine=engine, language=language, listen=False))
    return Respoken(resample(y, y_sr, sr), sr, text)
