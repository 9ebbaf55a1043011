"""Letters of scripts no base reads, inside text in a spoken language ("We sailed to Ελλάδα", "I said 안녕 to her").

A base given such letters says each one's name ("Greek small letter epsilon", "Arabic letter meem") or nothing.
Alphabets that write their vowels (Greek, Korean, Armenian, Georgian) are said as their Latin spelling, which the
language around them then reads ("Ellada", "annyeong"), and a Greek letter alone by its name ("π" "pi"); the
other scripts (Arabic and Hebrew write few vowels, Indic scripts an unwritten one) are left out, and the request is
told which words were. Pure: text in, text out.
"""
from __future__ import annotations

import unicodedata

#: scripts whose Latin spelling carries their sounds, by the first word of their letters' Unicode names
SPELLED_IN_LATIN = ("GREEK", "HANGUL", "ARMENIAN", "GEORGIAN")
#: the first words of the names of letters that a base reads, or that are in no script (letterlike symbols, styled
#: and superscript Latin; "" for letters with no name); every other letter's script is left out: Arabic and Hebrew
#: write few vowels and Indic scripts an unwritten one, so their Latin spelling is not the word
READ = frozenset({"LATIN", "CYRILLIC", "CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "FULLWIDTH",
                  "VERTICAL", "IDEOGRAPHIC", "MASU", "MODIFIER", "SUPERSCRIPT", "MATHEMATICAL", "DOUBLE-STRUCK",
                  "SCRIPT", "BLACK-LETTER", "TURNED", "PLANCK", "EULER", "OHM", "KELVIN", "ANGSTROM", "MICRO",
                  "FEMININE", "MASCULINE", "CARON", "ALEF", "BET", "GIMEL", "DALET", "INFORMATION", "ROMAN", ""})
#: the micro sign as NFKC writes it: a unit's prefix ("5 μm"), which the readers say themselves
_MICRO = "\u03bc"
#: a Greek letter alone is a symbol ("π", "Δt", "5 Ω"), said by its name: in Latin letters, which each Latin-written
#: language's reader says its own way, and in Russian in Cyrillic
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
_GREEK_NAMES = {
    "latin": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
             "upsilon phi chi psi omega".split(),
    "ru": "альфа бета гамма дельта эпсилон дзета эта тета йота каппа лямбда мю ню кси омикрон пи ро сигма тау "
          "ипсилон фи хи пси омега".split(),
}


def _script(char: str) -> str | None:
    """The first word of a letter's Unicode name ("GREEK", "ARABIC"); None for what is not a letter."""
    return unicodedata.name(char, "").split(" ")[0] if char.isalpha() else None


def _stretches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, script) of each stretch of letters in one script no base reads, with the marks on them."""
    out: list[tuple[int, int, str]] = []
    for i, char in enumerate(text):
        script = _script(char)
        if out and out[-1][1] == i and (script == out[-1][2] or unicodedata.category(char).startswith("M")):
            out[-1] = (out[-1][0], i + 1, out[-1][2])  # the stretch goes on, or a mark sits on its last letter
        elif script is not None and script not in READ:
            out.append((i, i + 1, script))
    return [(start, end, script) for start, end, script in out if text[start:end] != _MICRO]


def _latin(stretch: str) -> str:
    from anyascii import anyascii

    spelled = anyascii(stretch)
    # anyascii capitalises each Korean syllable ("AnNyeong"): a word keeps its own first capital only
    return spelled[:1] + spelled[1:].lower() if stretch[:1].isupper() else spelled.lower()


def _said(stretch: str, script: str, language: str) -> str:
    """What a stretch of letters no base reads is said as in `language`: a lone Greek letter its name (Japanese and
    Chinese leave it to their readers), a word in an alphabet of SPELLED_IN_LATIN its Latin spelling, else
    nothing."""
    if script not in SPELLED_IN_LATIN:
        return ""
    letters = [c.lower().replace("ς", "σ") for c in unicodedata.normalize("NFD", stretch) if c.isalpha()]
    if script == "GREEK" and len(letters) == 1 and letters[0] in _GREEK:
        if language in ("ja", "zh"):
            return stretch
        return _GREEK_NAMES["ru" if language == "ru" else "latin"][_GREEK.index(letters[0])]
    return _latin(stretch)


def said_letters(text: str, language: str = "en") -> str:
    """`text` (in `language`) with its letters of scripts no base reads said as their Latin spelling where it
    carries their sounds (a lone Greek letter as its name), and left out otherwise."""
    parts, at = [], 0
    for start, end, script in _stretches(text):
        said = _said(text[start:end], script, language)
        if said:  # "Δt": "delta t"
            said = " " * text[start - 1:start].isalnum() + said + " " * text[end:end + 1].isalnum()
        parts += [text[at:start], said]
        at = end
    return "".join(parts) + text[at:]


def unsaid_words(text: str) -> dict[str, list[str]]:
    """The words of `text` that `said_letters` leaves out, by the name of their script ({"Arabic": ["مرحبا"]})."""
    text = unicodedata.normalize("NFKC", text)  # as the text front end reads it
    out: dict[str, list[str]] = {}
    for start, end, script in _stretches(text):
        if script not in SPELLED_IN_LATIN:
            out.setdefault(script.title(), []).append(text[start:end])
    return out
