"""Where marked words are in rendered speech: Whisper word timings aligned to the intended words."""
from __future__ import annotations

import difflib
import re

import numpy as np

from anyvoice.inputs.asr import word_timings
from anyvoice.text.words import normalize_words


def match_tokens(text: str) -> list[str]:
    """Normalised tokens for matching what was meant against what was heard; doubled letters collapse so
    British and American spellings meet ("cancelled" / "canceled")."""
    return [re.sub(r"(.)\1", r"\1", tok) for tok in normalize_words(text)]


def heard_share(wav: np.ndarray, sr: int, words: list[str]) -> float:
    """Share of `words` that Whisper hears in `wav`, in order."""
    want = [t for w in words for t in match_tokens(w)]
    got = [t for w in word_timings(wav, sr) for t in match_tokens(w.text)]
    hits = sum(size for _, _, size in difflib.SequenceMatcher(a=want, b=got, autojunk=False).get_matching_blocks())
    return hits / max(1, len(want))


def locate_words(wav: np.ndarray, sr: int, words: list[str], marked: list[int]) -> list[tuple[float, float]]:
    """(start, end) seconds of each run of marked words; words the recogniser missed are skipped."""
    if not marked:
        return []
    heard = word_timings(wav, sr)
    # Compare on normalised tokens; a word like "forty-two" may be two tokens, so map tokens back to words.
    want_tokens, want_owner = [], []
    for i, w in enumerate(words):
        for tok in match_tokens(w):
            want_tokens.append(tok)
            want_owner.append(i)
    heard_tokens, heard_owner = [], []
    for j, w in enumerate(heard):
        for tok in match_tokens(w.text):
            heard_tokens.append(tok)
            heard_owner.append(j)
    spans: dict[int, list[float]] = {}
    matcher = difflib.SequenceMatcher(a=want_tokens, b=heard_tokens, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            word, hw = want_owner[a + k], heard[heard_owner[b + k]]
            if word in marked:
                s = spans.setdefault(word, [hw.start, hw.end])
                s[0], s[1] = min(s[0], hw.start), max(s[1], hw.end)
    # Merge adjacent marked words into one stressed phrase.
    out: list[list[float]] = []
    for word in sorted(spans):
        if out and word - 1 in spans and spans[word][0] - out[-1][1] < 0.15:
            out[-1][1] = spans[word][1]
        else:
            out.append(list(spans[word]))
    return [(a, b) for a, b in out]
