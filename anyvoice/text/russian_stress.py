"""Stress marks for a Russian reader that takes "+" before a vowel as its stress (Festival's Russian voice).

Russian writes no stress, and a word said with none, or on the wrong vowel, is heard as another word (its unstressed
"о" is said "а": "кот" becomes "кат"). The reader's own dictionary knows the stress of most words; for a word it
lacks, its guess can stress no syllable at all. So each word gets a mark where the stress is certain or the
dictionary cannot say: ё is stressed (but for a compound on трёх- or четырёх-); a word of one vowel stresses that
vowel (a particle after a hyphen, "-ка", "-то", has none); any other word the dictionary lacks takes the vowel
espeak-ng stresses. A stress the writer marked (an acute accent after the vowel, "за́мок", or "+" before it,
"з+амок") is kept and wins. Pure: text and two lookups in, text out.
"""
from __future__ import annotations

import re
from typing import Callable

VOWELS = "аеёиоуыэюяАЕЁИОУЫЭЮЯ"
ACUTE = "\u0301"  # the combining acute accent with which Russian text marks stress ("за́мок")
_WORD = re.compile(rf"[А-Яа-яЁё+{ACUTE}]+")
_ACUTE_MARK = re.compile(rf"([{VOWELS}]){ACUTE}")
#: particles joined by a hyphen to the word before, which carry no stress of their own ("да́й-ка", "что́-то")
_HYPHENED_PARTICLES = frozenset(("ка", "то", "либо", "нибудь", "таки", "де", "с"))
#: a compound on these stresses its second part ("трёхсо́т"); the prefix's ё has only a weaker stress
_COMPOUND_YO = re.compile(rf"(трёх|четырёх)(?=.*[{VOWELS}])")


def stressed_text(text: str, in_lexicon: Callable[[str], bool],
                  reader_stress: Callable[[str], int | None]) -> str:
    """`text` with "+" before the stressed vowel of each word that needs one (see the module). `in_lexicon`
    tells whether the reader's dictionary holds a word (lower case); `reader_stress` gives the index among its
    vowels of the vowel another reader stresses in a word, or None."""
    def mark(m: re.Match) -> str:
        if text[m.start() - 1:m.start()] == "-" and m.group(0).lower() in _HYPHENED_PARTICLES:
            return m.group(0)
        return _stressed_word(m.group(0), in_lexicon, reader_stress)

    return _WORD.sub(mark, text)


def _stressed_word(word: str, in_lexicon: Callable[[str], bool], reader_stress: Callable[[str], int | None]) -> str:
    word = _ACUTE_MARK.sub(r"+\1", word).replace(ACUTE, "")
    if "+" in word:
        return word
    lower = word.lower()
    vowels = [i for i, c in enumerate(lower) if c in VOWELS]
    if "ё" in lower and not _COMPOUND_YO.match(lower):
        at = lower.index("ё")
    elif not vowels or in_lexicon(lower):
        return word
    elif len(vowels) == 1:
        at = vowels[0]
    else:
        k = reader_stress(lower)
        if k is None or not 0 <= k < len(vowels):
            return word
        at = vowels[k]
    return word[:at] + "+" + word[at:]


_IPA_VOWELS = frozenset("aɑʌəeɛiɪɨyoɵuʊæɐɜɞøœɯ")


def ipa_stress(ipa: str, vowels: int) -> int | None:
    """The index among its vowels of the vowel espeak-ng's IPA of a word stresses ("ˈ" before it), or None when
    it stresses none or its vowels are not the word's `vowels` (a reading that does not match the spelling)."""
    count, stressed = 0, None
    for c in ipa:
        if c == "ˈ":
            stressed = count
        elif c in _IPA_VOWELS:
            count += 1
    return stressed if count == vowels and stressed is not None and stressed < count else None
