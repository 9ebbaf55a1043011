"""Mandarin tones drawn into a pitch contour (pure: arrays in, arrays out).

Kokoro learned Chinese, but the bundled styles are Japanese speakers, and through them a first tone comes out
falling, a fourth starting low: heard as other words ("面包师" as "面包是"). Each syllable's pitch is moved toward
its tone's shape on Chao's five levels (55, 35, 214 as the half-third 21 of running speech, 51), around the
utterance's own pitch trend, over the syllable's frames as Kokoro timed them.
"""
from __future__ import annotations

import numpy as np

#: Kokoro's tone marks (misaki's Chinese reader) -> Chao levels at a syllable's start, middle and end
TONE_LEVELS = {"→": (5.0, 5.0, 5.0), "↗": (3.0, 3.5, 5.0), "↓": (2.0, 1.0, 1.5), "↘": (5.0, 3.5, 1.0)}
#: semitones between two neighbouring levels
SEMITONES_PER_LEVEL = 3.0
#: how far each syllable's pitch is moved toward its tone's shape (1: all the way)
STRENGTH = 0.8
_VOWELS = frozenset("aeiouɛɨəɤɔʊyæɑɪʏœøɯʌɐ")
_BREAKS = frozenset(" .,!?;:…—")
#: pitch under this is no voice (Kokoro predicts a value for every frame)
_VOICED_HZ = 60.0


def tone_spans(symbols: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, mark): the symbol indices of each toned syllable, from its first sound to its coda (a nasal
    after the tone mark that no vowel follows), with its tone mark. A neutral-tone syllable (no mark) is left as
    it was said, unless a toned syllable follows it in the same word, which then starts at it."""
    spans, start = [], None
    for i, s in enumerate(symbols):
        if s in _BREAKS:
            start = None
        elif s in TONE_LEVELS:
            end = i + 1 if i + 1 < len(symbols) and symbols[i + 1] in "nŋ" and (
                i + 2 >= len(symbols) or symbols[i + 2] not in _VOWELS) else i
            spans.append((i if start is None else start, end, s))
            start = None
        elif start is None and not (spans and spans[-1][1] >= i):
            start = i
    return spans


def tone_offsets(f0_hz: np.ndarray, durations: np.ndarray, symbols: list[str], strength: float = STRENGTH,
                 semitones_per_level: float = SEMITONES_PER_LEVEL) -> np.ndarray:
    """Hz to add to Kokoro's predicted pitch `f0_hz` (one value per pitch frame) to move every toned syllable of
    `symbols` toward its tone's shape; `durations` are the frames of each symbol with the start and end tokens
    around them (len(symbols) + 2), the pitch frames spread evenly over them."""
    f0 = np.asarray(f0_hz, np.float64)
    voiced = f0 > _VOICED_HZ
    if voiced.sum() < 2:
        return np.zeros_like(f0, np.float32)
    frames = np.arange(len(f0))
    st = np.where(voiced, 12.0 * np.log2(np.maximum(f0, 1e-6)), np.nan)
    trend = np.polyval(np.polyfit(frames[voiced], st[voiced], 1), frames)  # the phrase's own declination
    per_frame = len(f0) / max(float(np.sum(durations)), 1.0)
    edges = np.concatenate([[0.0], np.cumsum(durations)]) * per_frame  # symbol i spans edges[i + 1]..edges[i + 2]
    move = np.zeros_like(f0)
    for first, last, mark in tone_spans(symbols):
        lo, hi = int(round(edges[first + 1])), int(round(edges[last + 2]))
        if hi <= lo:
            continue
        levels = np.interp(np.linspace(0.0, 1.0, hi - lo), [0.0, 0.5, 1.0], TONE_LEVELS[mark])
        move[lo:hi] = trend[lo:hi] + (levels - 3.0) * semitones_per_level - st[lo:hi]
    move = np.where(voiced & np.isfinite(move), strength * move, 0.0)
    return (f0 * (2.0 ** (move / 12.0) - 1.0)).astype(np.float32)
