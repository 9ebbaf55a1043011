"""SVOX Pico (the `ttspico` package: the engine and its six voices, Apache 2.0) speaking French, German, Spanish,
Italian or English; it reads the first four more clearly than any bundled Kokoro style (measured:
bench/multilingual_bench.py).

Pico is one female voice per language at 16 kHz. It reads written text itself, numbers, dates and money included, in
its own language, but not every written form (`_SAID_FOR_IT` lists those it is given as words), and it takes no
phonemes. Its noise differs from call to call, so the same text is never the same samples twice (the same length and
loudness, within a frame or two)."""
from __future__ import annotations

import functools
import re
import threading

import numpy as np

from anyvoice.audio.signal import trim_silence
from anyvoice.errors import InputError
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer
from anyvoice.text.languages import language as language_named
from anyvoice.text.languages import language_name
from anyvoice.text.phonemes import Phonemes, split_phonemes
from anyvoice.text.verbalize_languages import say_forms

SAMPLE_RATE = 16000
#: Pico's voice per language code (its voices' own names)
VOICES = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT"}
#: the speeds (percent of its own) Pico's timing model makes itself; PSOLA makes the rest
_RATES = (20, 500)
#: Pico reads its own markup inside text (<speed level=...>): brackets are not the user's to send it
_MARKUP = re.compile(r"[<>]")
#: German Pico reads a number before a sentence's last stop as an ordinal ("Es waren 3." heard "Es waren dritte"),
#: where it is far more often the count (an ordinal before a word, "am 3. Mai", is said as words already): the stop
#: is set apart from it
_COUNT_AT_END = {"de": re.compile(r"(?<=\d)(?=\.\s*$)")}
#: Italian Pico runs a possessive that opens a sentence into the next word ("Mia moglie" heard "Mi amo gli", "Tuo
#: padre" "Tu opadre", "Miei amici" "Mi aiamici"; the same words later in a sentence are heard right): a 20-ms break
#: sets it apart (measured on sentences outside the evaluation set: docs/benchmarks.md)
_APART_AT_START = {"it": re.compile(r"^\s*(mia|mio|mie|miei|tua|tuo|tue|tuoi|sua|suo|sue|suoi)\s+", re.IGNORECASE)}
_BREAK = r'\1 <break time="20ms"/> '
#: written forms Pico misreads, given to it as words, by language: times of day (French "20h" read "vingt hache",
#: Italian "20:00" "venti e"), ordinals (Spanish "1.er" heard "un punto de"), fractions ("1/2" read "una barra 2",
#: "eins Schrägstrich 2"), Roman numerals (French "XXe siècle", Spanish "Carlos V", German "Karl V." heard
#: "Kalfau"), units ("m²" read "metros elevado a dos", "km/h" "kilómetros barra hache"), ranges ("4-6" read "quattro
#: trattino sei", "quatre trait d'union six"), Spanish and Italian symbols ("&" heard "Persán", "3 x 4" "etre per
#: 4"), abbreviations ("EE. UU.", "Hr.", "Dott.ssa", "sig.ra" read "sig punto r a", French "p. 12" heard
#: "pédouse"), German thousands ("2.000" read "zwei"), phone numbers ("912 345 678" read as millions), a day and
#: month with no year ("24/12" read "24 barra 12", German "vom 12.3." "von zwölfte dritte"), signs before a number
#: and tags ("~25" heard "tilde 25", "#BuonNatale" "arbonda tale") and money in millions ("5 M€"); measured:
#: bench/written_forms_bench.py
_SAID_FOR_IT = {"fr": ("phone numbers", "ranges", "times", "days and months", "fractions", "roman numerals",
                       "signs and tags", "scaled money", "abbreviations", "units"),
                "es": ("phone numbers", "ranges", "times", "days and months", "ordinals", "fractions", "symbols",
                       "signs and tags", "scaled money", "roman numerals", "abbreviations", "units"),
                "it": ("phone numbers", "ranges", "times", "days and months", "ordinals", "fractions", "symbols",
                       "signs and tags", "scaled money", "abbreviations", "units"),
                "de": ("phone numbers", "ranges", "times", "thousands", "ordinals", "fractions", "roman numerals",
                       "signs and tags", "scaled money", "abbreviations", "units", "days and months")}


def pico_installed() -> bool:
    """Whether the ttspico package (built from source at install) is here."""
    try:
        import ttspico  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _engine(voice: str):
    """One Pico engine per voice, made once (a C engine: one sentence at a time, hence the lock)."""
    import ttspico

    return ttspico.TtsEngine(voice), threading.Lock()


@SYNTHESIZERS.register("pico", "SVOX Pico, one female voice per language: pico:fr-FR, de-DE, es-ES, it-IT, en-US "
                               "(the ttspico package)")
class PicoSynthesizer(BaseSynthesizer):
    """Pico with `voice` (None: the voice of `language`, a code of text/languages.py); the voice must speak the
    language."""

    def __init__(self, voice: str | None = None, language: str = "en"):
        code = language_named(language).code
        voice = voice or VOICES.get(code)
        if voice is None:
            raise InputError(f"Pico does not speak {language_name(code)}; it speaks "
                             f"{', '.join(f'{language_name(c)} (pico:{v})' for c, v in VOICES.items())}")
        if voice not in VOICES.values():
            raise InputError(f"Pico has no voice {voice!r}; its voices: {', '.join(VOICES.values())}")
        if VOICES.get(code) != voice:
            spoken = next(c for c, v in VOICES.items() if v == voice)
            raise InputError(f"the Pico voice '{voice}' speaks {language_name(spoken)}, not {language_name(code)}")
        if not pico_installed():
            raise InputError("the Pico voices are not installed: pip install ttspico==0.3.2 (it builds with a C "
                             "compiler)")
        self.voice = voice
        self.language = code
        self.name = f"pico:{voice}"
        self.sample_rate = SAMPLE_RATE

    @classmethod
    def installed(cls, variant: str = "") -> bool:
        """Whether the ttspico package is here (it holds every voice)."""
        return pico_installed()

    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Pico's own timing makes `speed` (20 % to 500 % of its pace), PSOLA any part beyond."""
        if any(isinstance(p, Phonemes) for p in split_phonemes(sentence)):
            raise InputError("Pico reads text only, not given phonemes; use the kokoro base for them")
        rate = int(np.clip(round(100 * speed), *_RATES))
        # PSOLA only for what lies beyond Pico's range, not for the rounding of a speed within it
        beyond = 1.0 if _RATES[0] <= 100 * speed <= _RATES[1] else rate / (100 * speed)
        engine, lock = _engine(self.voice)
        with lock:
            engine.rate = rate
            said = say_forms(sentence, self.language, _SAID_FOR_IT.get(self.language, ()))
            if self.language in _COUNT_AT_END:
                said = _COUNT_AT_END[self.language].sub(" ", said)
            said = _MARKUP.sub(" ", said)
            if self.language in _APART_AT_START:
                said = _APART_AT_START[self.language].sub(_BREAK, said)
            pcm = engine.speak(said) or b""
        # Pico ends every text with 0.6 s of silence whatever its pace: the sentence's pause is the caller's
        wav = trim_silence(np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0, SAMPLE_RATE)
        return self._retimed(wav, beyond)
