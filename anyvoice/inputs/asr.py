"""Speech recognition: the bundled Whisper tiny.en for English transcripts and word timings, Whisper base for
other languages."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.models import load


@dataclass(frozen=True)
class Word:
    """A recognised word and where it lies in the audio (seconds)."""

    text: str
    start: float
    end: float


def _segments(wav: np.ndarray, sr: int, word_timestamps: bool = False) -> list:
    # temperature=0 turns off faster-whisper's fallback to sampling, which made transcripts (and so WER)
    # differ between runs of the same audio, most of all on repetitive text.
    segs, _ = load("whisper-tiny-en").transcribe(resample(wav, sr, 16000), language="en", beam_size=1,
                                                 temperature=0.0, vad_filter=False,
                                                 word_timestamps=word_timestamps)
    return list(segs)


def transcribe(wav: np.ndarray, sr: int) -> str:
    """English transcript."""
    return " ".join(s.text.strip() for s in _segments(wav, sr))


def transcribe_language(wav: np.ndarray, sr: int, language: str | None = None) -> tuple[str, str]:
    """Transcript in any language Whisper base knows (`language` None: detected), and the language code."""
    segs, info = load("whisper-base").transcribe(resample(wav, sr, 16000), language=language, beam_size=1,
                                                 temperature=0.0, vad_filter=False)
    return " ".join(s.text.strip() for s in segs).strip(), info.language


@dataclass(frozen=True)
class Segment:
    """A stretch of recognised speech (seconds) and its words as text."""

    start: float
    end: float
    text: str


def transcribe_segments(wav: np.ndarray, sr: int) -> list[Segment]:
    """English transcript in timed segments (a sentence or a phrase each)."""
    return [Segment(float(s.start), float(s.end), s.text.strip()) for s in _segments(wav, sr) if s.text.strip()]


def word_timings(wav: np.ndarray, sr: int) -> list[Word]:
    """Recognised words with start and end times."""
    return [Word(w.word.strip(), float(w.start), float(w.end))
            for s in _segments(wav, sr, word_timestamps=True) for w in (s.words or [])]
