"""Words as compared and weighed: the words of a text for WER and alignment, and the words that scale another."""
from __future__ import annotations

import re
import unicodedata

from anyvoice.text.chinese import simplified_chinese
from anyvoice.text.frontend import clean, normalize
from anyvoice.text.japanese import japanese_forms
from anyvoice.text.verbalize_languages import LANGUAGES, say_forms

#: degree words and the factor they scale the next word by ("very sad", "a bit faster", "slightly older")
INTENSIFIERS = {"very": 1.5, "really": 1.4, "extremely": 1.8, "super": 1.6, "quite": 1.2, "slightly": 0.5,
                "somewhat": 0.6, "bit": 0.5, "little": 0.5, "mildly": 0.5}


def normalize_words(text: str, language: str = "en") -> list[str]:
    """Lower-case words with punctuation removed, for WER, numbers spelled out (so "8" and "eight" match); other
    languages keep every letter of their script (accents, Cyrillic), but for Russian's optional ё."""
    if language == "en":
        text = normalize(text).lower().replace("-", " ")
        return re.sub(r"[^a-z' ]+", " ", text).replace("'", "").split()
    text = _spelled(text, language).lower()
    if language in ("ru", "be"):  # ё is written as е as often as not
        text = text.replace("ё", "е")
    return re.sub(r"[^\w]+|_", " ", text).split()


#: the words of one letter each language writes: a run of one-letter words made only of these is words ("y a la
#: casa"), a run with any other letter is letters spelled out ("U S B")
ONE_LETTER_WORDS = {"en": "ai", "es": "aeouy", "fr": "aày", "it": "aeèio", "pt": "aàeéo", "de": "",
                    "ru": "авикосуя", "cs": "aikosuvz", "ja": "", "zh": ""}


def letters_joined(words: list[str], language: str = "en") -> list[str]:
    """Runs of two or more one-letter words that spell letters joined into one ("u s army" -> "us army", "p m" ->
    "pm"): letters spelled out are written either way ("U.S.", "US"; "p.m.", "PM"), and one way is compared. A run
    of the language's own one-letter words stays (ONE_LETTER_WORDS); a language not listed there is left as it
    is."""
    if language not in ONE_LETTER_WORDS:
        return list(words)
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        spelled = len(run) > 1 and any(w not in ONE_LETTER_WORDS[language] for w in run)
        out += ["".join(run)] if spelled else run
        run = []
        if word:
            out.append(word)
    return out


def without_marks(word: str) -> str:
    """`word` with the accents of its Latin letters taken off ("número" -> "numero", "contraseña" -> "contrasena");
    a word in another script is left as it is."""
    if not all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in word):
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


#: languages whose numbers and signs their own reader writes as it reads them ("3:30" -> "三点三十分")
_OWN_FORMS = {"ja": japanese_forms, "zh": simplified_chinese}


def _spelled(text: str, language: str) -> str:
    """Dates, times, decimals and money said as words (text/verbalize_languages.py: French "8h30" as it is said;
    Japanese and Chinese as their readers write them), and whole numbers written as words in `language` where
    num2words knows it, else left as digits."""
    from num2words import num2words

    if language in _OWN_FORMS:
        return _OWN_FORMS[language](text)
    text = say_forms(clean(text), language)  # cleaned as the text spoken is ("½" is "1/2")
    lang = LANGUAGES[language].num2words if language in LANGUAGES else language

    def say(match: re.Match) -> str:
        try:
            return " " + num2words(int(match.group(0)), lang=lang) + " "
        except (NotImplementedError, OverflowError):
            return match.group(0)

    return re.sub(r"\d{1,15}", say, text)
