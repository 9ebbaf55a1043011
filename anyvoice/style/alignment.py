"""Where marked words are in rendered speech (forced alignment of the intended words), and how many of the words
Whisper hears in it."""
from __future__ import annotations

import difflib
import re

import numpy as np

from anyvoice.inputs.asr import transcribe
from anyvoice.inputs.forced_align import align_words
from anyvoice.text.words import normalize_words


def match_tokens(text: str, language: str = "en") -> list[str]:
    """Normalised tokens for matching what was meant against what was heard; doubled letters collapse so
    British and American spellings meet ("cancelled" / "canceled")."""
    return [re.sub(r"(.)\1", r"\1", tok) for tok in normalize_words(text, language)]


def heard_share(wav: np.ndarray, sr: int, words: list[str], language: str = "en") -> float:
    """Share of `words` (in `language`) that Whisper hears in `wav`, in order."""
    want = [t for w in words for t in match_tokens(w, language)]
    got = match_tokens(transcribe(wav, sr, language), language)
    hits = sum(size for _, _, size in difflib.SequenceMatcher(a=want, b=got, autojunk=False).get_matching_blocks())
    return hits / max(1, len(want))


def locate_words(wav: np.ndarray, sr: int, words: list[str], marked: list[int], language: str = "en"
                 ) -> list[tuple[float, float]]:
    """(start, end) seconds of each run of marked words in `wav`, which says `words`: forced alignment places
    every word to about 10 ms, where Whisper's word timings are often 50-150 ms off."""
    if not marked:
        return []
    timed = align_words(wav, sr, words, language)
    spans = {word: [timed[word].start, timed[word].end] for word in marked if word < len(timed)}
    # Merge adjacent marked words into one stressed phrase.
    out: list[list[float]] = []
    for word in sorted(spans):
        if out and word - 1 in spans and spans[word][0] - out[-1][1] < 0.15:
            out[-1][1] = spans[word][1]
        else:
            out.append(list(spans[word]))
    return [(a, b) for a, b in out]
