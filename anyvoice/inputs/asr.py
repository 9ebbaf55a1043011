"""Speech recognition: the bundled Whisper tiny.en for English transcripts and word timings, Whisper base for
other languages."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.text.languages import language_key


@dataclass(frozen=True)
class Word:
    """A recognised word and where it lies in the audio (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Listener:
    """A Whisper model and how it decodes."""

    model: str  # the model registry's name
    beam_size: int  # 1: greedy; more: a beam search that keeps that many transcripts going


#: the recognizers: English by the bundled tiny.en, greedy (every English WER and word time was measured so), every
#: other language by the multilingual base with the beam of 5 Whisper's own evaluations use (base, greedy, lost more
#: words of other languages; the encoder's 30-s window costs far more than the search)
ENGLISH = Listener("whisper-tiny-en", beam_size=1)
MULTILINGUAL = Listener("whisper-base", beam_size=5)
#: a segment whose text compresses more than this (gzip) is a decoding loop ("e tъп e tъп ..."), Whisper's own
#: threshold; it is decoded again with no word sequence of NO_REPEAT tokens said twice
LOOPED, NO_REPEAT = 2.4, 4


def _recognise(listener: Listener, wav: np.ndarray, sr: int, language: str | None, word_timestamps: bool = False
               ) -> tuple[list, str]:
    """`listener`'s segments of the recording and the language heard (`language` None: detected)."""
    # temperature=0 turns off faster-whisper's fallback to sampling, which made transcripts (and so WER)
    # differ between runs of the same audio, most of all on repetitive text.
    options = dict(language=language, beam_size=listener.beam_size, temperature=0.0, vad_filter=False,
                   word_timestamps=word_timestamps)
    audio, model = resample(wav, sr, 16000), load(listener.model)
    segs, info = model.transcribe(audio, **options)
    segs = list(segs)
    if any(s.compression_ratio > LOOPED for s in segs):  # decoding went round in a loop: again, without repeats
        segs = list(model.transcribe(audio, **options, no_repeat_ngram_size=NO_REPEAT)[0])
    return segs, info.language


def _listener(language: str) -> Listener:
    """The recognizer for speech in `language`: tiny.en for English, Whisper base for the rest."""
    return ENGLISH if language == "en" else MULTILINGUAL


def transcribe(wav: np.ndarray, sr: int, language: str = "en") -> str:
    """Transcript in `language` (English by default; see recognised_language), by `_listener`'s model."""
    return " ".join(s.text.strip() for s in _recognise(_listener(language), wav, sr, language)[0])


def transcribe_language(wav: np.ndarray, sr: int, language: str | None = None) -> tuple[str, str]:
    """Transcript by Whisper base in any language it knows (`language` None: detected), and the language code."""
    segs, heard = _recognise(MULTILINGUAL, wav, sr, language)
    return " ".join(s.text.strip() for s in segs).strip(), heard


def recognised_language(code: str) -> str:
    """Whisper's code for a language code ('pt-BR' -> 'pt'); InputError naming some it knows otherwise."""
    key = language_key(code)
    known = load(MULTILINGUAL.model).supported_languages
    if key not in known:
        raise InputError(f"language {code!r} is not one the recognizer knows; give an ISO 639-1 code such as en, "
                         f"es, fr, de, it, pt, ru, ja, zh (it knows {len(known)}: {', '.join(sorted(known))})")
    return key


def detect_language(wav: np.ndarray, sr: int) -> tuple[str, float]:
    """The language Whisper base hears in the recording's first 30 s (ISO 639-1 code), and its probability."""
    code, probability, _all = load(MULTILINGUAL.model).detect_language(resample(wav, sr, 16000))
    return code, float(probability)


@dataclass(frozen=True)
class Segment:
    """A stretch of recognised speech (seconds) and its words as text."""

    start: float
    end: float
    text: str


def transcribe_segments(wav: np.ndarray, sr: int, language: str = "en") -> list[Segment]:
    """Transcript in timed segments (a sentence or a phrase each) in `language` (see recognised_language)."""
    segs = _recognise(_listener(language), wav, sr, language)[0]
    return [Segment(float(s.start), float(s.end), s.text.strip()) for s in segs if s.text.strip()]


def word_timings(wav: np.ndarray, sr: int, language: str = "en") -> list[Word]:
    """Recognised words in `language` with start and end times. Whisper may give a written word in pieces ("o",
    "'clock"); a piece that does not begin with a space is joined to the word before it in its segment."""
    words: list[Word] = []
    for segment in _recognise(_listener(language), wav, sr, language, word_timestamps=True)[0]:
        for i, w in enumerate(segment.words or []):
            if i and not w.word.startswith(" ") and w.word.strip():
                words[-1] = Word(words[-1].text + w.word.strip(), words[-1].start, float(w.end))
            else:
                words.append(Word(w.word.strip(), float(w.start), float(w.end)))
    return words
