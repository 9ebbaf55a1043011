"""Speech recognition with the bundled Whisper tiny.en: transcripts and word timings."""
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


def transcribe(wav: np.ndarray, sr: int) -> str:
    """English transcript."""
    segs, _ = load("whisper-tiny-en").transcribe(resample(wav, sr, 16000), language="en", beam_size=1,
                                                 vad_filter=False)
    return " ".join(s.text.strip() for s in segs)


def word_timings(wav: np.ndarray, sr: int) -> list[Word]:
    """Recognised words with start and end times."""
    segs, _ = load("whisper-tiny-en").transcribe(resample(wav, sr, 16000), language="en", beam_size=1,
                                                 vad_filter=False, word_timestamps=True)
    return [Word(w.word.strip(), float(w.start), float(w.end)) for s in segs for w in (s.words or [])]
