"""Kokoro-82M speaking from espeak-ng IPA (English with an accent, or another language of text/languages.py), with
a style vector chosen or blended from the bundled ones."""
from __future__ import annotations

import re

import numpy as np

from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.models.pitch_control import OFFSET
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer
from anyvoice.synth.mandarin_tones import tone_offsets
from anyvoice.text.chinese import chinese_phonemes
from anyvoice.text.japanese import japanese_phonemes
from anyvoice.text.languages import language as language_named
from anyvoice.text.phonemes import Phonemes, split_phonemes
from anyvoice.text.verbalize_languages import say_forms

# espeak's IPA -> the symbol set Kokoro was trained on (diphthongs as single letters, rhotic vowels split).
_IPA_TO_KOKORO = {"ɚ": "əɹ", "ɝ": "ɜɹ", "r": "ɹ", "ɐ": "ə", "ː": "", "x": "k", "ɬ": "l", "oʊ": "O", "eɪ": "A",
                  "aɪ": "I", "aʊ": "W", "ɔɪ": "Y", "əʊ": "Q", "dʒ": "ʤ", "tʃ": "ʧ"}
#: Kokoro learned other languages from espeak's IPA with each diphthong and affricate tied into one letter (German
#: "aɪ" is "I", "ts" is "ʦ"); espeak's reading here has no ties, so they are joined here
_TIED_DIPHTHONGS = {"aɪ": "I", "aʊ": "W", "eɪ": "A", "oʊ": "O", "əʊ": "Q", "ɔɪ": "Y"}
_TIED_AFFRICATES = {"ts": "ʦ", "dz": "ʣ", "tʃ": "ʧ", "dʒ": "ʤ"}
#: espeak voices whose affricates are left untied: measured, Italian lost words with them tied (German gained)
_UNTIED_AFFRICATES = {"it"}


def _chinese_phonemes(text: str) -> str:
    """Chinese read by its own reader, Latin words in it read as (American) English."""
    return chinese_phonemes(text, latin=kokoro_phonemes)


def _japanese_phonemes(text: str) -> str:
    """Japanese read by its own reader, Latin words in it read as (American) English."""
    return japanese_phonemes(text, latin=kokoro_phonemes)


#: languages read by a reader of their own, not espeak-ng (by espeak voice)
_OWN_READERS = {"ja": _japanese_phonemes, "cmn": _chinese_phonemes}
_MAX_TOKENS = 510
#: the fastest speed Kokoro is asked for itself: pushed past it, it drops words (the measured sweep is in
#: docs/benchmarks.md), so the rest of a faster speed is made by PSOLA
MAX_NATIVE_SPEED = 1.1


#: Accents Kokoro can speak, as espeak-ng voices (Kokoro's symbol set covers US and British English).
ACCENTS = {"en-us": "American", "en-gb-x-rp": "British", "en-gb-scotland": "Scottish", "en-029": "Caribbean"}


def kokoro_phonemes(sentence: str, voice: str = "en-us") -> str:
    """Text -> Kokoro phoneme string, read by espeak-ng `voice` (an English accent of ACCENTS, or a language's
    voice; Japanese and Chinese by their own readers); given phonemes (text/phonemes.py) are kept as they are.
    English IPA is mapped to the symbols Kokoro learned English with; other languages' IPA as espeak writes it, with
    affricates and diphthongs tied, as Kokoro learned them."""
    espeak = load("espeak")

    def read(part: str | Phonemes) -> str:
        if isinstance(part, Phonemes):
            return part.ipa
        if voice in _OWN_READERS:
            return _OWN_READERS[voice](part)
        lead = re.match(r"[\s,;:.!?]*", part).group(0).strip()  # espeak drops what starts a text: keep the comma
        return lead + " " + " ".join("".join(p) for p in espeak.phonemize(voice, part))

    s = " ".join(p.strip() for p in map(read, split_phonemes(sentence)) if p.strip())
    s = re.sub(r" ([,;:.!?])", r"\1", s)
    for a, b in _symbol_map(voice).items():
        s = s.replace(a, b)
    return s


def _symbol_map(voice: str) -> dict[str, str]:
    """espeak IPA -> Kokoro's symbols, for text read by espeak `voice`."""
    if voice in ACCENTS:
        return _IPA_TO_KOKORO
    if voice in _OWN_READERS:
        return {}
    return _TIED_DIPHTHONGS if voice in _UNTIED_AFFRICATES else {**_TIED_DIPHTHONGS, **_TIED_AFFRICATES}


def parse_blend(spec: str) -> list[tuple[str, float]]:
    """(style name, weight) of a blend spec such as "jf_alpha", "jf_alpha+jm_kumo" or "jf_alpha*0.7+jm_kumo*0.3":
    each weight a number from 0 to 100, together more than zero. Needs no model, so a bad spec fails at once."""
    parts = []
    for term in spec.split("+"):
        name, _, w = term.strip().partition("*")
        try:
            weight = float(w) if w else 1.0
        except ValueError:
            weight = float("nan")
        if not 0.0 <= weight <= 100.0:  # also false for NaN
            raise InputError(f"bad weight '{w}' in Kokoro style '{spec}'; write numbers from 0 to 100, e.g. "
                             "jf_alpha*0.7+jm_kumo*0.3")
        parts.append((name, weight))
    if sum(w for _, w in parts) <= 0:
        raise InputError(f"the weights in Kokoro style '{spec}' must sum to more than zero")
    return parts


def blend_styles(spec: str, styles: dict[str, np.ndarray]) -> np.ndarray:
    """A style table from a blend spec (see `parse_blend`); weights are normalised to sum to one."""
    parts = parse_blend(spec)
    for name, _ in parts:
        if name not in styles:
            raise InputError(f"unknown Kokoro style '{name}'; bundled: {', '.join(styles)}")
    total = sum(w for _, w in parts)
    return sum(styles[name] * (w / total) for name, w in parts).astype(np.float32)


@SYNTHESIZERS.register("kokoro", "Kokoro-82M int8 (24 kHz) with a bundled or blended 256-d style vector")
class KokoroSynthesizer(BaseSynthesizer):
    """Kokoro with `style` = a bundled style or a blend ("jf_alpha*0.7+jm_kumo*0.3"), or `style_vector` = any
    (510, 1, 256) style table (None: the style that speaks `language` best); `accent` = one of ACCENTS, for
    English; `language` = a code of text/languages.py."""

    def __init__(self, style: str | None = None, style_vector: np.ndarray | None = None, accent: str = "en-us",
                 language: str = "en"):
        if accent not in ACCENTS:
            raise InputError(f"unknown accent '{accent}'; Kokoro speaks: {', '.join(ACCENTS)}")
        spoken = language_named(language)
        if spoken.code != "en" and accent != "en-us":
            raise InputError(f"an accent is for English; {spoken.name} is read as espeak-ng reads it")
        style = style or spoken.kokoro_style
        if style_vector is None:
            parse_blend(style)  # a bad blend is refused before the model loads
        self.accent = accent
        self.language = spoken.code
        self.voice = accent if spoken.code == "en" else spoken.espeak
        self.model = load("kokoro")
        self.sample_rate = self.model.sample_rate
        if style_vector is None:
            style_vector = blend_styles(style, self.model.styles)
        self.style = np.asarray(style_vector, np.float32)
        self.name = f"kokoro:{style}" + (f"@{accent}" if accent != "en-us" else "") \
            + (f" ({spoken.code})" if spoken.code != "en" else "")

    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Kokoro speaks at `speed` up to MAX_NATIVE_SPEED; faster speech is made at that speed and shortened by
        PSOLA to last 1/`speed` as long."""
        native = min(speed, MAX_NATIVE_SPEED)
        # espeak-ng says plain numbers in the language, but reads a date or "12,50 €" as digits: those go as words
        return self._retimed(self._speak(say_forms(sentence, self.language), native), native / speed)

    def _speak(self, sentence: str, speed: float) -> np.ndarray:
        vocab = self.model.vocab
        symbols = [c for c in kokoro_phonemes(sentence, self.voice) if c in vocab]
        if not symbols:
            return np.zeros(0, np.float32)
        if len(symbols) > _MAX_TOKENS - 2:
            half = len(sentence) // 2  # phoneme budget exceeded: split at the middle word boundary
            cut = sentence.rfind(" ", 0, half) if " " in sentence[:half] else half
            return np.concatenate([self._speak(sentence[:cut], speed), self._speak(sentence[cut:], speed)])
        feed = {"tokens": np.array([[0, *(vocab[c] for c in symbols), 0]], np.int64),
                "style": self.style[len(symbols) - 1].reshape(1, 256), "speed": np.array([speed], np.float32)}
        if not self.model.pitch_control:
            return np.asarray(self.model.session.run(None, feed)[0], np.float32).ravel()
        if self.language == "zh":  # spoken with Kokoro's own timing, its tones drawn into the pitch it predicts
            durations, pitch = self.model.prosody_session.run(None, feed)
            feed[OFFSET] = tone_offsets(pitch.ravel(), durations.ravel(), symbols)[None]
        else:
            feed[OFFSET] = np.zeros((1, 1), np.float32)
        return np.asarray(self.model.session.run(None, feed)[0], np.float32).ravel()
