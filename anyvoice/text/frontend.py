"""Text normalisation and sentence splitting for TTS.

English synthesizers read letters; everything else (numbers, money, times, dates, measures, abbreviations,
symbols) is spelled out by text/verbalize.py so that every base synthesizer hears the same words. Other languages
are only cleaned here: Pico reads their written forms itself, and the readers that do not (Festival, espeak-ng
for Kokoro) are given them as words (text/verbalize_languages.py). Long text becomes sentences short enough to
synthesize.
"""
from __future__ import annotations

import functools
import re
import textwrap
import unicodedata

from anyvoice.errors import InputError
from anyvoice.text.languages import CJK
from anyvoice.text.patterns import any_of
from anyvoice.text.phonemes import PROTECTED
from anyvoice.text.unread_letters import said_letters
from anyvoice.text.verbalize import verbalize
from anyvoice.text.verbalize_languages import LANGUAGES, abbreviations, closes_list, ordinal_at_stop

# A sentence ends at a stop followed by a space and a letter or digit of any script (after an opening quote,
# bracket, or Spanish ¿ ¡).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]»]*\s+(?=[\"'(\[«¿¡]?(?:[^\W_]|[%s]))" % PROTECTED)
#: the characters NFKC would turn into letters or digits that read otherwise: the ordinal indicators, the numero sign,
#: and a square or cube after a number's unit ("50 m²" is no "50 m2")
_KEPT_SPLIT = re.compile(r"([ºª№]|(?:(?<=\d[^\W\d_])|(?<=\d[^\W\d_]{2})|(?<=\d\s[^\W\d_])|(?<=\d\s[^\W\d_]{2}))[²³])")
#: a digit just before a vulgar fraction ("1½", "2¾"): a whole number and its fraction, apart
_BEFORE_VULGAR_FRACTION = re.compile("(?<=\\d)(?=[\u00bc-\u00be\u2150-\u215e])")
MAX_SENTENCE_CHARS = 300
#: Longer "words" (a URL, a key held down) are read in pieces of this length, so no one synthesizer call
#: grows with the input: the longest English words have about 45 letters.
MAX_WORD_CHARS = 48
# (a span of given phonemes is one token however long: it is read whole, not in pieces)
# (Japanese and Chinese are written without spaces: a run of their letters is a sentence, not a word)
_LONG_WORD = re.compile(r"[^\s%s%s]{%d,}" % (PROTECTED, CJK, MAX_WORD_CHARS + 1))
#: Japanese and Chinese sentences follow each other with no space
_CJK_SENTENCE_END = re.compile(f"(?<=。)(?=\\S)|(?<=[.!?])(?=[{CJK}])")
#: where an over-long sentence may break: after clause punctuation (in Japanese and Chinese with no space after
#: it), else between words
_CLAUSE_BREAK = re.compile(f"(?<=[,;:—–])\\s+|(?<=、)|(?<=[,;:])(?=[{CJK}])|\\s+")
#: what makes a sentence speakable: English needs a Latin letter; espeak-ng reads any letter or digit
_SPOKEN = {True: re.compile(f"[A-Za-z{PROTECTED}]"), False: re.compile(f"[^\\W_]|[{PROTECTED}]")}


def clean(text: str) -> str:
    """NFKC (but for the ordinal indicators º and ª, the numero sign № and the square or cube of a number's unit, which
    it would make "o", "a", "No", "2" and "3": "3º" is "third", "50 m²" no "50 m2"), typographic quotes made plain,
    control characters dropped, whitespace collapsed."""
    text = _BEFORE_VULGAR_FRACTION.sub(" ", text)  # "1½": NFKC's "11⁄2" would be eleven halves
    text = "".join(unicodedata.normalize("NFKC", part) if i % 2 == 0 else part
                   for i, part in enumerate(_KEPT_SPLIT.split(text)))
    # Control and format characters (NUL, escapes, zero-width marks) are never spoken; line breaks are kept for
    # the paragraphs, and the private-use emphasis markers (category Co) pass.
    text = "".join(c if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf") else " " for c in text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2044", "/")  # NFKC's "½" is "1⁄2", with a fraction slash no rule reads
    return re.sub(r"\s+", " ", text).strip()


def normalize(text: str) -> str:
    """English text as it is said (numbers, money, times, dates, measures, abbreviations and symbols in words:
    text/verbalize.py), cleaned (see `clean`)."""
    text = verbalize(clean(text))
    text = re.sub(r"[\[\]{}<>|^`\\]", " ", text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)  # "five dollars ." from "$5." keeps its stop on the word
    return re.sub(r"\s+", " ", text).strip()


def _split_long(sentence: str, max_chars: int) -> list[str]:
    """Break an over-long sentence at clause punctuation, then at word boundaries."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces, cur = [], ""
    for part in _CLAUSE_BREAK.split(sentence):
        if cur and len(cur) + 1 + len(part) > max_chars:
            pieces.append(cur)
            cur = part
        else:
            cur = f"{cur} {part}".strip()
    if cur:
        pieces.append(cur)
    return pieces


@functools.cache
def _abbreviation_end(language: str) -> re.Pattern:
    """A text ending with an abbreviation of `language`, its first part ("z." of "z. B.") or an abbreviated end of
    a word ("Hauptstr.")."""
    ends = {a[:i + 1] for a in abbreviations(language) for i, c in enumerate(a) if c == "."}
    endings = LANGUAGES[language].word_endings if language in LANGUAGES else {}
    return re.compile(r"(?:(?<![\w.])(?:" + any_of(ends) + r")|(?<=[^\W\d_])(?:" + any_of(endings) + "))$")


def _initial_end(text: str, after: str) -> bool:
    """Whether `text` ends with a name's initial: a capital and its stop after a capitalised word or another initial
    ("Ana S.", "J. K."), or before another ("написал А. С. Пушкин"); not after a small word ("la vitamina C.")."""
    m = re.search(r"(?:^|(\S+)\s)([^\W\d_])\.$", text)
    initial_after = re.match(r"[^\W\d_]\.(?:\s|$)", after)
    return bool(m and m[2].isupper() and (m[1] is None or m[1][:1].isupper()
                                          or (initial_after and after[0].isupper())))


@functools.cache
def _numbered_end(language: str) -> re.Pattern:
    """A text ending with an abbreviation `language` says only before a number ("S." of "S. 12"), or with a number
    and its unit written with a stop ("2 Std.", before "15 Min.")."""
    lang = LANGUAGES.get(language)
    numbered, units = (lang.numbered, [u for u in lang.units if u.endswith(".")]) if lang else ({}, [])
    return re.compile(r"(?:(?<![\w.])(?:" + any_of(numbered) + r")|\d\s?(?:" + any_of(units) + "))$")


def _continues(previous: str, part: str, language: str) -> bool:
    """Whether the stop at the end of `previous` ends no sentence before `part`: an abbreviation of `language`'s
    (not one that closes a list, "usw.", before a capital; one said only before a number, or a unit's after one,
    when `part` starts with a number, or with a Roman numeral: "s. XIX"), a name's initial ("Ana S. López"), an
    ordinal's written with a stop ("am 3. Mai"), or a stop before a small letter."""
    first = re.search(r"[^\W\d_]", part[:3])
    if first and first.group(0).islower():
        return True
    abbreviation = _abbreviation_end(language).search(previous)
    if abbreviation and not (first and closes_list(language, abbreviation.group(0))):
        return True
    if re.match(r"\d|[IVXLC]+\b", part) and _numbered_end(language).search(previous):
        return True
    if first and _initial_end(previous, part):
        return True
    number, word = re.search(r"(\w*)\s+\d{1,2}\.$", previous), re.match(r"\W*(\w+)", part)
    return bool(number and word and ordinal_at_stop(language, number[1], word[1]))


def _rejoined(parts: list[str], language: str) -> list[str]:
    """`parts` of a paragraph with each joined to the one before where that one's stop ends no sentence."""
    out: list[str] = []
    for part in parts:
        if out and _continues(out[-1], part, language):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS, language: str = "en") -> list[str]:
    """Split text (many paragraphs allowed) into sentences of at most `max_chars` characters (words over
    MAX_WORD_CHARS are cut first); in other languages than English the stop of an ordinal ("am 3. Mai"), of one of
    the language's abbreviations (text/verbalize_languages.py) or before a small letter ("1990 г. в Москве") ends
    no sentence."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        para = re.sub(r"\s+", " ", para).strip()
        para = _LONG_WORD.sub(lambda m: " ".join(textwrap.wrap(m.group(0), MAX_WORD_CHARS)), para)
        if not para:
            continue
        parts = _SENTENCE_END.split(para)
        if language != "en":
            parts = _rejoined(parts, language)
        for sent in (s for part in parts for s in _CJK_SENTENCE_END.split(part)):
            sent = sent.strip()
            if sent:
                out.extend(_split_long(sent, max(max_chars, MAX_WORD_CHARS)))
    return out


def prepare(text: str, max_chars: int = MAX_SENTENCE_CHARS, language: str = "en") -> list[str]:
    """Sentences of at most `max_chars` ready for a synthesizer of `language` (an ISO 639-1 code): English is
    normalised (see `normalize`), other languages only cleaned (their readers say their written forms, or are
    given them as words: text/verbalize_languages.py); letters of a script no base reads are said in Latin or left
    out (text/unread_letters.py). Raises InputError when nothing in `text` can be spoken."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty; give at least one word to speak")
    english = language == "en"
    paragraphs = "\n\n".join(said_letters((normalize if english else clean)(p), language)
                             for p in re.split(r"\n\s*\n", text))
    sentences = split_sentences(paragraphs, max_chars, language)
    sentences = [s for s in sentences if _SPOKEN[english].search(s)]
    if not sentences:
        raise InputError(f"nothing to speak in {text[:60]!r}: it holds no words, only symbols or punctuation")
    return sentences
