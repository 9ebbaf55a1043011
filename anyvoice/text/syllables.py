"""Counting the syllables of written English (a vowel-group rule: close enough to compare speakers reading the
same text, which is all it is used for)."""
from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")


def count_syllables(text: str) -> int:
    """Syllables of `text`: vowel groups per word, a silent final e dropped, at least one per word."""
    total = 0
    for word in _WORD.findall(text.lower()):
        groups = len(_VOWELS.findall(word))
        if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
            groups -= 1
        total += max(1, groups)
    return total
