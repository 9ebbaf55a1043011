"""Emphasis markup: *word* or *several words* in the text marks what to stress."""
from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters survive text normalisation untouched


def mark_emphasis(text: str) -> str:
    """Replace *...* with sentinel characters that pass through the text front end."""
    return re.sub(r"\*([^*\n]+)\*", lambda m: OPEN + m.group(1) + CLOSE, text)


def parse_emphasis(sentence: str) -> tuple[str, list[int]]:
    """(sentence without markers, indices of the emphasised words among its whitespace-separated words).

    Accepts either *...* markup or the sentinels left by `mark_emphasis`.
    """
    sentence = mark_emphasis(sentence)
    words, marked, inside = [], [], False
    for token in sentence.split():
        starts, ends = token.startswith(OPEN) or OPEN in token, CLOSE in token
        inside = inside or starts
        clean = token.replace(OPEN, "").replace(CLOSE, "")
        if clean:
            if inside:
                marked.append(len(words))
            words.append(clean)
        inside = inside and not ends
    return " ".join(words), marked
