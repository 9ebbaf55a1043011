"""Chinese (Mandarin) text read aloud: into the phonemes Kokoro learned Chinese with, and into one written form.

The reader is the one Kokoro-82M v1.0's Chinese was made with (misaki's first Chinese reader): jieba cuts the
text into words, pypinyin gives each word its pinyin (so a character with two readings is read as the word it is
in), and the pinyin becomes IPA with each tone as an arrow. Numbers are said in Chinese first (cn2an), traditional
characters are read as their simplified forms (the dictionaries' own), and a run of Latin letters ("iPhone") is
left to a reader for it.

Simplified characters with numbers written as characters are how Chinese speech is compared with what a listener
heard: Whisper writes traditional characters and digits as often as simplified ones, and a score over the writing
would count a right word as wrong.
"""
from __future__ import annotations

import functools
import logging
import re
import warnings
from typing import Callable

from anyvoice.text.languages import HANZI

#: a run of hanzi, a run of Latin words, or anything else (punctuation, spaces, other letters)
_RUNS = re.compile(f"([{HANZI}]+)|([A-Za-z][A-Za-z' -]*[A-Za-z]|[A-Za-z])|([^{HANZI}A-Za-z]+)")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _reader():
    """misaki's Chinese reader and jieba, loaded once."""
    with warnings.catch_warnings():  # (jieba imports setuptools' deprecated pkg_resources)
        warnings.simplefilter("ignore", UserWarning)
        import jieba
        from misaki.zh import ZHG2P

    jieba.setLogLevel(logging.WARNING)  # (it logs its dictionary's loading on every first use)
    jieba.initialize()
    return ZHG2P, jieba


def chinese_phonemes(text: str, latin: Callable[[str], str] | None = None) -> str:
    """Kokoro's phonemes for Chinese `text` (IPA letters, tones as arrows, with its punctuation); Latin words in it
    are read by `latin` (None: dropped, as Kokoro cannot read letters as written)."""
    reader, jieba = _reader()
    parts = []
    for hanzi, word, other in _RUNS.findall(reader.map_punctuation(simplified_chinese(text))):
        if hanzi:
            words = jieba.lcut(hanzi, cut_all=False)
            # (without the non-syllabic mark on diphthongs' glides, as Kokoro learned them)
            parts.append(" ".join(reader.word2ipa(w) for w in words).replace("\u032f", ""))
        elif word:
            parts.append(latin(word) if latin else "")
        else:
            parts.append(other)
    return re.sub(r"\s+([,.!?:;])", r"\1", re.sub(r"\s+", " ", " ".join(parts))).strip()


def simplified_chinese(text: str) -> str:
    """`text` in one written form: simplified characters, numbers written as characters ("8點" -> "八点")."""
    import cn2an

    return _converter().convert(cn2an.transform(text, "an2cn"))
