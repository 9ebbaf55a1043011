"""The languages anyvoice speaks: for each, the espeak-ng voice that reads its text into IPA, the Kokoro styles
that speak that IPA most clearly, the bases that speak it more clearly still where they are installed (measured:
bench/multilingual_bench.py), and the code Whisper knows it by.

English goes through anyvoice's own front end and Piper; French, German and Italian through Pico (the ttspico
package), which reads them more clearly than Kokoro's Japanese styles (its Spanish is a `--base` choice); Russian
through Festival's Russian voice where Debian's festvox-ru is installed; Japanese and Chinese through readers of
their own (text/japanese.py, text/chinese.py) and Kokoro, whose bundled styles are Japanese speakers; the others
(Spanish among them, and those four where their base is missing) through espeak-ng's reading (it spells out numbers
in the language) and Kokoro, whose model learned Spanish, French, Italian and Portuguese, and speaks German and
Russian from their IPA too. Korean and the common Latin- and Cyrillic-written languages no voice learned are
recognised so that such text gets a clear answer, not another language's sounds.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from anyvoice.errors import InputError
from anyvoice.text.phonemes import PROTECTED
from anyvoice.text.verbalize_languages import say_forms


@dataclass(frozen=True)
class Language:
    """One spoken language."""

    code: str  # ISO 639-1, as Whisper and --lang know it
    name: str
    espeak: str  # the espeak-ng voice that reads it (Japanese and Chinese: the key of their own reader)
    kokoro_styles: tuple[str, ...]  # bundled Kokoro styles that speak it clearly, the clearest first
    clearer: tuple[str, ...] = ()  # bases that speak it more clearly than Kokoro, the clearest first, where installed

    @property
    def kokoro_style(self) -> str:
        """The clearest style."""
        return self.kokoro_styles[0]


#: (styles chosen with bench/multilingual_bench.py --styles: Spanish is read clearly in several, so the one nearest
#: the voice is taken; elsewhere the other styles lost words once converted into a voice)
LANGUAGES = {lang.code: lang for lang in (
    Language("en", "English", "en-us", ("jf_alpha",)),
    # Pico reads Spanish no more clearly than these once heard with a beam, and its voice is further from every voice
    Language("es", "Spanish", "es", ("jm_kumo", "jf_gongitsune", "jf_nezumi", "jf_tebukuro")),
    Language("fr", "French", "fr", ("jm_kumo",), ("pico:fr-FR",)),
    Language("de", "German", "de", ("jm_kumo",), ("pico:de-DE",)),
    Language("it", "Italian", "it", ("jf_nezumi",), ("pico:it-IT",)),
    Language("pt", "Portuguese (Brazil)", "pt-br", ("jm_kumo",)),
    Language("ru", "Russian", "ru", ("jm_kumo",), ("festival:msu_ru_nsh_clunits",)),
    Language("ja", "Japanese", "ja", ("jm_kumo", "jf_nezumi", "jf_tebukuro", "jf_alpha", "jf_gongitsune")),
    Language("zh", "Chinese (Mandarin)", "cmn", ("jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo")),
)}
#: recognised in text, not spoken yet: text in one of these is refused by name rather than read with another
#: language's sounds (the Latin- and Cyrillic-written ones are told from the spoken ones by langid)
UNSPOKEN = {"ko": "Korean", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian", "sr": "Serbian",
            "mk": "Macedonian", "kk": "Kazakh", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian",
            "hr": "Croatian", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
            "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish", "ca": "Catalan", "id": "Indonesian"}
#: languages written without spaces between words
UNSPACED = ("ja", "zh")


def supported() -> str:
    """The spoken languages as 'en (English), es (Spanish), ...'."""
    return ", ".join(f"{lang.code} ({lang.name})" for lang in LANGUAGES.values())


def language_name(code: str) -> str:
    """The name of a recognised language's code ('es' -> 'Spanish'), spoken or not."""
    return LANGUAGES[code].name if code in LANGUAGES else UNSPOKEN.get(code, code)


def language_key(code: str) -> str:
    """A language code without case or region ('pt-BR', 'pt_br' -> 'pt')."""
    return str(code).strip().lower().replace("_", "-").split("-")[0]


#: a recording's language given as this is heard in it (Whisper base) rather than stated
DETECT = "auto"


def recording_language(code: str) -> str:
    """The ISO 639 code of a recording's stated language ('pt-BR' -> 'pt'), spoken here or not (conversion keeps a
    recording's words without reading them), or DETECT; InputError for what is neither."""
    key = language_key(code)
    if key != DETECT and not re.fullmatch("[a-z]{2,3}", key):
        raise InputError(f"{code!r} is not a language code; give the recording's ISO 639-1 code, such as en, es, fr, "
                         f"ru or cs, or {DETECT!r} to have it heard")
    return key


def language(code: str) -> Language:
    """The Language for a code (case and region ignored: 'pt-BR' is 'pt'); InputError listing the supported
    ones otherwise."""
    key = language_key(code)
    if key in LANGUAGES:
        return LANGUAGES[key]
    if key in UNSPOKEN:
        raise InputError(f"{UNSPOKEN[key]} is not spoken yet: no bundled voice learned it. Spoken languages: "
                         f"{supported()}")
    raise InputError(f"unknown or unsupported language {code!r}; spoken languages: {supported()}")


#: kana (hiragana and katakana), which only Japanese writes, kanji / hanzi, which Japanese and Chinese write, and
#: both together: the letters of Japanese and Chinese, for regular expressions' character classes
KANA = "\u3040-\u30ff"
HANZI = "\u4e00-\u9fff"
CJK = KANA + HANZI
#: scripts by their letters: text written in one of these is in that language (or not speakable at all); kanji
#: and hanzi are one script, told apart by kana
_CYRILLIC, _HAN_KANA = re.compile(r"[\u0400-\u04ff]"), re.compile(f"[{CJK}]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_SCRIPTS = [(_CYRILLIC, "ru"), (_HAN_KANA, "zh"), (_HANGUL, "ko")]
_KANA = re.compile(f"[{KANA}]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: English function words: text in plain Latin letters where they are a fifth of the words is English without
#: asking the identifier (which takes a second to load)
_ENGLISH_WORDS = frozenset("the an and or but of to at for with from by is are was were be been it this "
                           "that these those you he she we they me him her us them my your his our their not "
                           "do does did have has had will would can could there here what when where who how".split())


#: marks only one of the spoken languages writes: a text too short for the identifier ("Mañana.", "Größe 5.") is
#: that language where it holds one language's marks only
_OWN_MARKS = {"es": "ñ¿¡", "de": "ßäöü", "pt": "ãõ", "fr": "œëîïû", "it": "ìò"}


def _marked_language(text: str) -> str | None:
    """The one spoken language whose own marks `text` holds; None for none or several."""
    lowered = text.lower()
    found = [code for code, marks in _OWN_MARKS.items() if any(m in lowered for m in marks)]
    return found[0] if len(found) == 1 else None


@functools.cache
def _identifier():
    import langid.langid as langid

    model = langid.LanguageIdentifier.from_modelstring(langid.model, norm_probs=True)
    model.set_languages(sorted({*LANGUAGES, *UNSPOKEN}))
    return model


def ready_detection() -> None:
    """Load the language identifier now rather than on the first text it reads: unpickling its model holds the
    interpreter for a second or two, which a server does before it answers anyone."""
    _identifier()


#: letters of Cyrillic alphabets that Russian does not write, and the language each tells (checked in this order:
#: Kazakh and Belarusian write "і" too; Belarusian, unlike Ukrainian, also "ы", "э" and "ё")
_NOT_RUSSIAN = (("kk", "әғқңөұүһ"), ("be", "ў"), ("mk", "ѓќѕ"), ("sr", "ђћџјљњ"), ("uk", "іїєґ"))
_BELARUSIAN_NOT_UKRAINIAN = frozenset("ыэё")
#: languages not written in Latin letters, which Latin text is never taken for (langid took the Czech "Vytažený
#: špunt." for Chinese)
_NOT_LATIN = frozenset({"ru", "ja", "zh", "ko", *(code for code, _ in _NOT_RUSSIAN), "bg"})
#: Bulgarian writes only Russian's letters, and langid takes Russian prompts for it even when all but sure; what
#: tells it apart: "ъ" as a vowel (Russian writes it only before е, ё, ю, я) and common words Russian does not have
_BULGARIAN_VOWEL = re.compile(r"ъ(?![еёюя])")
_BULGARIAN_WORDS = frozenset("ще са съм сме сте това тази този тези във със към беше бяха".split())
#: how sure langid must be before its answer is taken over English: a spoken language (among the spoken ones), or
#: one no voice speaks (among all, and surer: a refusal; of 3840 prompts of the real-speech corpus in spoken
#: languages, none was refused at this level)
_SURE = 0.9
_SURE_UNSPOKEN = 0.999


def detect_language(text: str) -> str:
    """The language code of `text`: by its script where that decides it, else by langid's character n-grams
    among the recognised languages. Short Latin text is the language whose own marks it holds ("ñ", "ß", "ã"), else
    English, as is unclear Latin text; short or unclear Cyrillic text is Russian; the code may be of a language no
    voice speaks (UNSPOKEN), which `language` refuses by name. InputError when the text is in a script no language
    here is written in."""
    letters = [c for c in text if c.isalpha()]
    for pattern, code in _SCRIPTS:
        if sum(bool(pattern.match(c)) for c in letters) > len(letters) / 3:
            if code == "ru":
                return _cyrillic_language(text, letters)
            return "ja" if code == "zh" and any(_KANA.match(c) for c in letters) else code
    if letters and sum(bool(_LATIN.match(c)) for c in letters) < len(letters) / 2:
        raise InputError(f"the text {text[:40]!r} is in a script no voice here reads; spoken languages: "
                         f"{supported()}")
    words = re.findall(r"[a-z']+", text.lower())
    if all(c.isascii() for c in letters) and words and sum(w in _ENGLISH_WORDS for w in words) >= len(words) / 5:
        return "en"
    if len(letters) < 12:
        return _marked_language(text) or "en"
    ranked = [(code, p) for code, p in _identifier().rank(text) if code not in _NOT_LATIN]
    if ranked[0][0] in UNSPOKEN and ranked[0][1] >= _SURE_UNSPOKEN:
        return ranked[0][0]
    spoken = [(code, p) for code, p in ranked if code in LANGUAGES]  # as sure as it is among the spoken ones
    code, p = spoken[0]
    return code if p >= _SURE * sum(q for _, q in spoken) else "en"


def _cyrillic_language(text: str, letters: list[str]) -> str:
    """Russian, unless `text` writes a letter Russian does not, a vowel "ъ" or a word only Bulgarian has."""
    lower = {c.lower() for c in letters}
    for code, own in _NOT_RUSSIAN:
        if lower & set(own):
            return "be" if code == "uk" and lower & _BELARUSIAN_NOT_UKRAINIAN else code
    lowered = text.lower()
    return "bg" if _BULGARIAN_VOWEL.search(lowered) or _BULGARIAN_WORDS.intersection(re.findall(r"\w+", lowered)) \
        else "ru"


#: letters of the scripts the spoken languages are written in
_SCRIPT_LETTERS = {"Latin": _LATIN, "Cyrillic": _CYRILLIC, "Chinese or Japanese": _HAN_KANA, "Korean": _HANGUL}
#: the scripts each language's bases read (Latin where not named; Japanese and Chinese read Latin words as English)
_READ_SCRIPTS = {"ru": ("Cyrillic",), "ja": ("Chinese or Japanese", "Latin"), "zh": ("Chinese or Japanese", "Latin")}


#: the scripts a spoken language is written in (Korean letters are none's)
_SPOKEN_SCRIPTS = ("Latin", "Cyrillic", "Chinese or Japanese")


def _read_scripts(lang: Language) -> tuple[str, ...]:
    return _READ_SCRIPTS.get(lang.code, ("Latin",))


def _script(letter: str) -> str:
    return next((name for name, pattern in _SCRIPT_LETTERS.items() if pattern.match(letter)), "another")


def _check_script(text: str, lang: Language) -> None:
    """InputError where no letter of `text` is in a script `lang`'s bases read (the language named is not the
    text's: "Привет" as Spanish said each letter's name, "cirílico pe, ..."), or where most are in a script no base
    reads (Korean, Greek: said as nothing). Words of another spoken language's script among `lang`'s own are said by
    that language (`script_runs`). (Given phonemes, protected, are no letters.)"""
    read = _read_scripts(lang)
    scripts = [_script(c) for c in text if c.isalpha()]
    other = [name for name in scripts if name not in read]
    unread = [name for name in other if name not in _SPOKEN_SCRIPTS]
    if other and (len(other) == len(scripts) or len(unread) > len(scripts) / 2):
        script = Counter(unread if len(unread) > len(scripts) / 2 else other).most_common(1)[0][0]
        written = f"a script {lang.name} is not" if script == "another" else \
            f"{script} letters, which {lang.name} is not"
        raise InputError(f"the text {text[:40]!r} is written in {written} written in: its voices would not read it. "
                         f"Name the text's language (--lang, or 'language' in a request), or leave it out to have it "
                         f"detected; spoken languages: {supported()}")


def text_language(text: str, asked: str | None = None) -> Language:
    """The language to speak `text` in: `asked` where given (InputError where the text is written in a script
    that language's voices do not read), else the one detected; a detected language that no voice speaks is
    refused by name, saying how to read the text as another."""
    text = unicodedata.normalize("NFKC", text)  # as the front end reads it: "Ｐｒｉｃｅ" is Latin
    if asked:
        spoken = language(asked)
        _check_script(text, spoken)
        return spoken
    code = detect_language(text)
    if code in UNSPOKEN:
        raise InputError(f"the text {text[:40]!r} reads as {UNSPOKEN[code]}, which is not spoken yet: no bundled "
                         f"voice learned it. If it is in another language, name that one (--lang, or 'language' "
                         f"in a request); spoken languages: {supported()}")
    return language(code)


def _script_language(stretch: str, script: str) -> Language:
    """The spoken language a stretch of text written in `script` is read in: Russian for Cyrillic, Japanese for
    kana (with or without kanji), Chinese for hanzi alone, and for Latin letters the spoken language they are
    detected as: English where that is none (a brand or a name inside Russian text), unless they write a letter
    English does not, when the likeliest other spoken language ("très bien" French, "München" German)."""
    if script == "Cyrillic":
        return LANGUAGES["ru"]
    if script == "Chinese or Japanese":
        return LANGUAGES["ja" if _KANA.search(stretch) else "zh"]
    code = detect_language(stretch)
    if code == "en" and not stretch.isascii():  # "très bien": too short to be sure of, but English writes no "è"
        code = next(c for c, _ in _identifier().rank(stretch) if c in LANGUAGES and c not in _NOT_LATIN and c != "en")
    return LANGUAGES[code if code in LANGUAGES and code not in _NOT_LATIN else "en"]


def within(text: str, around: Language) -> Language:
    """The language a part of a text in `around` is spoken in (an SSML span with no xml:lang): `around`, unless most
    of its letters are in a script `around` is not written in and a spoken language is."""
    scripts = Counter(map(_script, filter(str.isalpha, text)))
    if not scripts:
        return around
    script, count = scripts.most_common(1)[0]
    if script in _read_scripts(around) or script not in _SPOKEN_SCRIPTS \
            or count <= sum(scripts.values()) / 2:
        return around
    return _script_language(text, script)


def script_runs(sentence: str, around: Language) -> list[tuple[str, Language]]:
    """`sentence` (in `around`) cut where it changes script: each stretch of words in a script `around`'s bases do
    not read ("Война и мир" in French, "iPhone" in Russian) goes to the language that script is
    (`_script_language`, of all the sentence's stretches in that script), the rest stays `around`'s. A digit ends a
    stretch, so a number is said in `around` ("iPhone 15" in Russian), as is a unit or a currency `around` says
    itself ("5 kg", "5 USD"). The spaces and punctuation between stretches go with `around`'s text; punctuation
    with nothing to say goes with the run before it (a lone opening quote is left out). One run, `around`'s, for a
    sentence in one script."""
    read = _read_scripts(around)
    stretches: list[list] = []  # [start, end, script] of each stretch in a script `around` does not read
    last = None  # the script of the letter before, while no digit came after it
    for i, c in enumerate(sentence):
        if c.isdigit():
            last = None
        if not c.isalpha():
            continue
        script = _script(c)
        foreign = script if script not in read and script in _SPOKEN_SCRIPTS else None
        if foreign and foreign == last:
            stretches[-1][1] = i + 1
        elif foreign:
            stretches.append([i, i + 1, foreign])
        last = foreign
    if stretches:  # a unit or currency the language says itself ("5 kg", "20 °C", "5 USD" in Russian) stays its own
        forms = say_forms(sentence, around.code)
        stretches = [s for s in stretches if _kept_in(forms, sentence[s[0]:s[1]], s[2])]
    if not stretches:
        return [(sentence, around)]
    # a script's stretches are told apart together: "Der Roman ... ist sehr lang" is German, each half alone English
    pooled = {script: _script_language(" ".join(sentence[b:e] for b, e, s in stretches if s == script), script)
              for script in {s for _, _, s in stretches}}
    runs, start = [], 0
    for begin, end, script in stretches:
        runs += [(sentence[start:begin], around), (sentence[begin:end], pooled[script])]
        start = end
    runs.append((sentence[start:], around))
    said: list[tuple[str, Language]] = []
    for text, lang in runs:  # punctuation with nothing to say stays with the words before it (a stop's intonation)
        if _sayable(text):
            said.append((text.strip(), lang))
        elif said and text.strip():
            said[-1] = (said[-1][0] + text.rstrip(), said[-1][1])
    return said


def _kept_in(forms: str, stretch: str, script: str) -> bool:
    """Whether `stretch` (letters of `script`) is still there, as a stretch of its own, in the spoken `forms` of
    its sentence. A letter of another script may touch it ("語Ő" is two stretches)."""
    letter = _SCRIPT_LETTERS[script].pattern
    return re.search(f"(?<!{letter}){re.escape(stretch)}(?!{letter})", forms) is not None


def word_languages(words: list[str], around: Language) -> list[Language]:
    """The language each of `words` (a sentence in `around`, in order) is said in: that of the `script_runs` run
    it starts in ("北京" in "We flew to 北京" Chinese, the others English)."""
    sentence = " ".join(words)
    spans, cursor = [], 0  # (start, end, language) of each run in `sentence`
    for text, spoken in script_runs(sentence, around):
        start = sentence.find(text, cursor)
        if start >= 0:
            spans.append((start, start + len(text), spoken))
            cursor = start + len(text)
    out, at = [], 0
    for word in words:
        out.append(next((spoken for start, end, spoken in spans if start <= at < end), around))
        at += len(word) + 1
    return out


def _sayable(text: str) -> bool:
    """Whether `text` holds anything to say: a letter, a digit or words given as phonemes."""
    return any(c.isalnum() for c in text) or bool(re.search(f"[{PROTECTED}]", text))
