"""Words said as given phonemes (IPA): from SSML's `<phoneme>` and from lexicon entries written between slashes.

The IPA travels inside the text as one token that the English front end passes untouched: its characters (and
the written words it stands for) are moved into a private-use plane, which text normalisation, number reading
and sentence splitting leave alone. A synthesizer splits the sentence back into text and phonemes
(`split_phonemes`); whatever listens to or shows the words (alignment, subtitles) reads the written words
(`written`). Pure: text in, text out.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyvoice.errors import InputError

_SHIFT = 0xF0000  # Supplementary Private Use Area-A: every character of the BMP maps into it one to one
_SEPARATOR = "\uffff"  # between the phonemes and the written words; never a character of either
#: the characters of a protected span, for a regular expression's character class
PROTECTED = "\U000F0000-\U000FFFFF"
_TOKEN = re.compile(f"[{PROTECTED}]+")
#: characters of one phoneme span: a word or a short phrase, not a passage
MAX_IPA_CHARS = 200
#: IPA vowel letters (and their r-coloured forms): where espeak-ng, and so every bundled synthesizer, puts stress
_VOWELS = "aeiouyæɑɒɔəɚɛɜɝɪʊʌɐɘɵɤɯɨʉøœɶʏɞᵻ"
_STRESS_BEFORE_ONSET = re.compile(f"([ˈˌ])([^{_VOWELS}\\s]+)(?=[{_VOWELS}])")
#: besides letters and combining marks: IPA's stress, length, linking and tie marks, the syllable dot, spaces
_IPA_MARKS = set("ˈˌːˑ‿͜͡.| '")


@dataclass(frozen=True)
class Phonemes:
    """A stretch of a sentence said as `ipa`, shown and heard as `written`."""

    ipa: str
    written: str


def check_ipa(ipa: str, where: str) -> str:
    """The IPA, stripped; InputError naming `where` when it is empty, too long or holds a non-phoneme symbol."""
    ipa = unicodedata.normalize("NFC", ipa.strip())
    if not ipa or len(ipa) > MAX_IPA_CHARS:
        raise InputError(f"{where}: give the phonemes as IPA, 1 to {MAX_IPA_CHARS} characters")
    for ch in ipa:
        if not (unicodedata.category(ch)[0] in "LM" or ch in _IPA_MARKS) or ord(ch) > 0xFFFF:
            raise InputError(f"{where}: {ch!r} in {ipa!r} is not an IPA symbol; write phonemes such as "
                             "təˈmɑːtoʊ (stress ˈ ˌ, length ː)")
    return ipa


def espeak_stress(ipa: str) -> str:
    """IPA with each stress mark moved from the start of its syllable to its vowel ("ˈpɪtsə" -> "pˈɪtsə"), the
    way espeak-ng writes it: the synthesizers learned that order, and garble the other."""
    return _STRESS_BEFORE_ONSET.sub(r"\2\1", ipa)


def protect(ipa: str, written: str, where: str = "phonemes") -> str:
    """A token standing for `written` said as `ipa`, which passes the text front end unchanged."""
    ipa = espeak_stress(check_ipa(ipa, where))
    written = " ".join(written.split()) or ipa
    return "".join(chr(_SHIFT + ord(c)) for c in f"{ipa}{_SEPARATOR}{written}")


def _unprotect(token: str) -> Phonemes:
    ipa, _, written = "".join(chr(ord(c) - _SHIFT) for c in token).partition(_SEPARATOR)
    return Phonemes(ipa, written)


def split_phonemes(sentence: str) -> list[str | Phonemes]:
    """The sentence as plain text and Phonemes, in order (plain text only when it holds none)."""
    parts: list[str | Phonemes] = []
    last = 0
    for m in _TOKEN.finditer(sentence):
        if sentence[last:m.start()]:
            parts.append(sentence[last:m.start()])
        parts.append(_unprotect(m.group(0)))
        last = m.end()
    if sentence[last:] or not parts:
        parts.append(sentence[last:])
    return parts


def written(sentence: str) -> str:
    """The sentence as its words are shown and heard: each phoneme span replaced by its written words."""
    return _TOKEN.sub(lambda m: _unprotect(m.group(0)).written, sentence)


def written_words(sentence: str) -> list[str]:
    """`written` word by word: one entry per whitespace-separated token of the sentence, so indices into its
    tokens (emphasised words) still hold; a phrase given as phonemes is one entry."""
    return [written(token) for token in sentence.split()]


def checkable_words(sentence: str) -> list[str]:
    """The words a listener can check against the text: those not given as phonemes (a name said as /wɪn/ is
    heard as "win", and that is what was asked)."""
    return [token for token in sentence.split() if not _TOKEN.search(token)]
