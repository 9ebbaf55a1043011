"""Festival (a Debian package, not a Python one) speaking with one of its installed voices; the Russian voice
festvox-ru reads Russian far more clearly than any bundled Kokoro style (measured: bench/multilingual_bench.py)."""
from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer
from anyvoice.text.languages import language as language_named
from anyvoice.text.languages import language_name
from anyvoice.text.phonemes import Phonemes, split_phonemes
from anyvoice.text.russian_stress import ACUTE, VOWELS, ipa_stress, stressed_text
from anyvoice.text.verbalize_languages import say_forms

VOICES_DIR = Path("/usr/share/festival/voices")
#: the Debian package each voice anyvoice names comes in (said when it is missing)
PACKAGES = {"msu_ru_nsh_clunits": "festvox-ru"}
#: text encodings of Debian's voices that do not read UTF-8 (its Italian and Finnish voices read Latin-1, its Czech
#: ones Latin-2; found by reading a sentence of each both ways)
ENCODINGS = {"lp_diphone": "latin-1", "pc_diphone": "latin-1", "suo_fi_lj_diphone": "latin-1",
             "hy_fi_mv_diphone": "latin-1", "czech_dita": "iso-8859-2", "czech_machac": "iso-8859-2",
             "czech_ph": "iso-8859-2"}
#: voices whose letter-to-sound rules read "+" before a vowel as its stress, and their dictionary (in the voice's
#: folder); espeak-ng stresses the words it lacks (text/russian_stress.py)
STRESS_MARKS = {"msu_ru_nsh_clunits": "dict/msu_ru_nsh_dict.scm"}
_TIMEOUT_S = 120
_FOLDER_LANGUAGE = {"us": "english"}  # folders named for something other than the language
_UNREAD = re.compile(r"[^\w\s.,!?;:'-]|_")  # what Festival's letter-to-sound rules stop at
_MARKS = re.compile(r"[.,!?;:]+")
_DASH_PAUSE = re.compile(r"\s+[—–-]\s+")
_MARK_BEFORE_WORD = re.compile(r"([.,!?;:]+)(?=[^\W\d_])")  # "word,word" (not "3.5")
_DIGIT_BESIDE_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")  # "53Й", "x2"
_UNREAD_BUT_STRESS = re.compile(rf"(?!\+[{VOWELS}]|(?<=[{VOWELS}]){ACUTE})" + _UNREAD.pattern)  # "з+амок", "за́мок"
_WAV_HEADER_BYTES = 44
#: letters of other Cyrillic alphabets (Ukrainian, Belarusian, Serbian, Macedonian, Kazakh), which the Russian voice's
#: rules stop at, as the Russian letters nearest their sound: a name such as "Київ" is said with a Russian accent
_TO_RUSSIAN = {"і": "и", "ї": "йи", "є": "е", "ґ": "г", "ў": "в", "ђ": "дж", "ћ": "ч", "џ": "дж", "ј": "й",
               "љ": "ль", "њ": "нь", "ѓ": "г", "ќ": "к", "ѕ": "дз", "ә": "э", "ғ": "г", "қ": "к", "ң": "н", "ө": "о",
               "ұ": "у", "ү": "у", "һ": "х"}
_RUSSIAN_LETTERS = str.maketrans({**_TO_RUSSIAN, **{k.upper(): v.capitalize() for k, v in _TO_RUSSIAN.items()}})
#: the Cyrillic letters left that Russian does not write (old orthography's "ѣ", "Ѳ"): not said, rather than the
#: whole sentence lost
_NOT_RUSSIAN = re.compile("[\u0400\u0402-\u040f\u0452-\u04ff]")
#: any other letter or digit its Russian rules do not know ("â", "ß", "²", "語": a stretch the text front end left in
#: a Russian sentence), made a space rather than the sentence lost
_NOT_READ_IN_RUSSIAN = re.compile(r"[^\W\u0410-\u044f\u0401\u0451A-Za-z0-9]")


def installed_voices() -> list[str]:
    """The Festival voices installed on this machine (none when Festival itself is not)."""
    if shutil.which("text2wave") is None or not VOICES_DIR.is_dir():
        return []
    return sorted(p.name for p in VOICES_DIR.glob("*/*") if p.is_dir() and not p.name.endswith(".common"))


def voice_language(voice: str) -> str:
    """The language an installed voice speaks, as Festival names its folder ('russian')."""
    folder = next(VOICES_DIR.glob(f"*/{voice}")).parent.name
    return _FOLDER_LANGUAGE.get(folder, folder)


def festival_speaks(voice: str) -> bool:
    """Whether Festival and its `voice` are installed."""
    return voice in installed_voices()


@SYNTHESIZERS.register("festival", "Festival with an installed voice, e.g. festival:msu_ru_nsh_clunits (Russian; "
                                   "Debian: festival festvox-ru)")
class FestivalSynthesizer(BaseSynthesizer):
    """Festival's `text2wave` with `voice` (a directory name under /usr/share/festival/voices/<language>/; None:
    the voice chosen for `language`), one process per sentence; `language` (a code of text/languages.py) must be
    the voice's own."""

    def __init__(self, voice: str | None = None, language: str = "en"):
        voice = voice or next((b.partition(":")[2] for b in language_named(language).clearer
                               if b.startswith("festival:")), "")
        if not voice:
            raise InputError(f"no Festival voice is chosen for {language_name(language)}; name one, e.g. "
                             f"festival:{next(iter(PACKAGES))} (installed: {', '.join(installed_voices()) or 'none'})")
        if not festival_speaks(voice):
            package = PACKAGES.get(voice, "the package that holds the voice")
            raise InputError(f"the Festival voice '{voice}' is not installed (installed: "
                             f"{', '.join(installed_voices()) or 'none'}); install the Debian packages festival "
                             f"and {package}")
        if language_name(language).lower() != voice_language(voice):
            raise InputError(f"the Festival voice '{voice}' speaks {voice_language(voice).title()}, not "
                             f"{language_name(language)}")
        self.voice = voice
        self.language = language
        self.encoding = ENCODINGS.get(voice, "utf-8")
        self.name = f"festival:{voice}"
        self.sample_rate = _sample_rate(voice)
        if voice in STRESS_MARKS:
            self.reading = "stress marks"

    @classmethod
    def installed(cls, variant: str = "") -> bool:
        """Whether Festival and the voice `variant` are installed."""
        return festival_speaks(variant)

    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Festival speaks at its own pace (unit selection keeps recorded durations); other speeds are made by
        PSOLA, so the speech lasts 1/`speed` as long."""
        return self._retimed(self._speak(sentence), 1.0 / speed)

    def _speak(self, sentence: str) -> np.ndarray:
        made = self._run(sentence)
        if made is None:
            return np.zeros(0, np.float32)
        wav, _ = sf.read(io.BytesIO(made), dtype="float32")
        return wav if wav.ndim == 1 else wav.mean(axis=1)

    def _run(self, sentence: str) -> bytes | None:
        """The WAV file Festival makes of `sentence`; None where nothing is left to say (Festival fails on that)."""
        if any(isinstance(p, Phonemes) for p in split_phonemes(sentence)):
            raise InputError("Festival reads text only, not given phonemes; use the piper or kokoro base for them")
        try:
            # its letter-to-sound rules stop at a digit beside punctuation ("18:30"): those forms go as words
            marks = self.voice in STRESS_MARKS
            said = say_forms(sentence, self.language)
            if self.language == "ru":
                said = _NOT_READ_IN_RUSSIAN.sub(" ", _NOT_RUSSIAN.sub("", said.translate(_RUSSIAN_LETTERS)))
            text = festival_text(said, stress_marks=marks)
            if not any(c.isalnum() for c in text):
                return None
            if marks:
                stress = functools.partial(_espeak_stress, language_named(self.language).espeak)
                text = stressed_text(text, _lexicon(self.voice).__contains__, stress)
            text = text.encode(self.encoding)
        except UnicodeEncodeError as e:
            raise InputError(f"the Festival voice '{self.voice}' cannot read {e.object[e.start:e.end]!r} "
                             f"(its text is {self.encoding}); write the text in its own alphabet") from None
        return _text2wave(self.voice, text)


def festival_text(sentence: str, stress_marks: bool = False) -> str:
    """`sentence` as Festival's letter-to-sound rules read it. They stop (and no audio is made at all) at a quote,
    bracket or dash glued to a word, and at a mark that starts a word: a full stop or comma standing alone ("word
    ."), what is left of "word — word", or one glued to the next word ("word ,word"). With `stress_marks`, a
    writer's stress marks ("+" before a vowel, an acute accent after it) are kept for text/russian_stress.py."""
    text = _DASH_PAUSE.sub(", ", sentence)  # said as the pause it marks
    text = _MARK_BEFORE_WORD.sub(r"\1 ", (_UNREAD_BUT_STRESS if stress_marks else _UNREAD).sub(" ", text))
    text = _DIGIT_BESIDE_LETTER.sub(" ", text)
    words: list[str] = []
    for token in text.split():
        lead = _MARKS.match(token)
        if lead:  # marks that start a token join the word before it (none: they are dropped)
            if words:
                words[-1] += lead.group()
            token = token[lead.end():]
        if token:
            words.append(token)
    return " ".join(words)


@functools.cache
def _lexicon(voice: str) -> frozenset[str]:
    """The words whose stress the dictionary of `voice` (one of STRESS_MARKS) holds."""
    path = next(VOICES_DIR.glob(f"*/{voice}")) / STRESS_MARKS[voice]
    return frozenset(re.findall(r'^\("([^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE))


def _espeak_stress(espeak_voice: str, word: str) -> int | None:
    """Which of its vowels espeak-ng stresses in `word`, read by its voice `espeak_voice`."""
    ipa = "".join("".join(p) for p in load("espeak").phonemize(espeak_voice, word))
    return ipa_stress(ipa, sum(c in VOWELS for c in word))


def _text2wave(voice: str, text: bytes) -> bytes:
    """The WAV file Festival's installed `voice` makes of `text` (in the voice's encoding)."""
    with tempfile.TemporaryDirectory() as tmp:  # a file, not a pipe: Festival sets the WAV's length at the end
        out = Path(tmp) / "speech.wav"
        done = subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-o", str(out)], input=text,
                              capture_output=True, timeout=_TIMEOUT_S)
        if done.returncode != 0 or not out.is_file() or out.stat().st_size <= _WAV_HEADER_BYTES:
            raise RuntimeError(f"Festival failed on {text[:60].decode(errors='replace')!r}: "
                               f"{done.stderr.decode(errors='replace')[-300:]}")
        return out.read_bytes()


@functools.cache
def _sample_rate(voice: str) -> int:
    """An installed voice's rate: Festival tells it only in the audio it makes, so it is asked once per voice."""
    return sf.info(io.BytesIO(_text2wave(voice, b"a"))).samplerate
