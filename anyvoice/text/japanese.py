"""Japanese text read aloud: into the phonemes Kokoro learned Japanese with, and into kana.

The reader is misaki's cutlet (the reader Kokoro's Japanese was made with): fugashi with the unidic-lite
dictionary finds each word and its reading, so kanji are read as the word they are part of, and numbers are said
in Japanese. Kana are how Japanese speech is compared with what a listener heard: a word has one reading but many
spellings (明日 and あす), and a score over spellings would count a right word as wrong.
"""
from __future__ import annotations

import functools


@functools.cache
def _reader():
    from misaki.cutlet import Cutlet

    return Cutlet()


def japanese_phonemes(text: str) -> str:
    """Kokoro's phonemes for Japanese `text` (IPA letters, with its punctuation)."""
    return _reader()(text)[0]


def japanese_kana(text: str) -> str:
    """The reading of `text` in katakana, word by word as the dictionary reads it (what it cannot read is kept)."""
    return "".join(w.feature.pron or w.feature.kana or w.surface for w in _reader().tagger(text))
