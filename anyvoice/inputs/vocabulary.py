"""The words people use for voices, mapped to the voice space's design attributes (read and written).

One table serves both directions: `parse_words` reads a description into cues, `describe` (voice/describe.py)
chooses words from the same table, so what anyvoice says about a voice is what it understands when told.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from anyvoice.text.words import INTENSIFIERS

#: Design attributes: neutral value, valid range (sliders and parsed values are checked against it) and meaning.
#: Pitch and tract are relative to the norm for the voice's gender and age (voice/norms.py), so "a high-pitched
#: man" and "a high-pitched woman" both make sense.
_TABLE: dict[str, tuple[float, float, float, str]] = {
    "female": (0.5, 0.0, 1.0, "0 = male, 1 = female"),
    "age": (35.0, 4.0, 95.0, "apparent age in years"),
    "pitch_st": (0.0, -8.0, 8.0, "pitch level in semitones above the norm for this gender and age"),
    "pitch_hz": (0.0, 0.0, 450.0, "absolute median pitch in Hz (overrides pitch_st; 0 = unset)"),
    "range": (1.0, 0.3, 2.5, "factor on the pitch spread (<1 monotone, >1 expressive)"),
    "tract": (1.0, 0.8, 1.2, "vocal-tract length factor (>1 a bigger, deeper-sounding body)"),
    "pace": (1.0, 0.5, 2.0, "speaking-rate factor (>1 faster)"),
    "energy_db": (0.0, -12.0, 12.0, "loudness and vocal effort in dB"),
    "brightness": (0.0, -4.0, 4.0, "spectral tilt in dB per octave above 1 kHz (+ brighter, - darker)"),
    "breathiness": (0.0, 0.0, 1.0, "0..1 breath noise in the voice"),
    "roughness": (0.0, 0.0, 1.0, "0..1 rasp / huskiness"),
    "nasality": (0.0, 0.0, 1.0, "0..1 nasal resonance"),
    "warmth": (0.0, -1.0, 1.0, "-1..1 (+ fuller low-mids, - thin)"),
}
#: attribute -> (neutral value, meaning)
ATTRIBUTES: dict[str, tuple[float, str]] = {k: (v[0], v[3]) for k, v in _TABLE.items()}
#: attribute -> (lowest, highest) valid value
LIMITS: dict[str, tuple[float, float]] = {k: (v[1], v[2]) for k, v in _TABLE.items()}

#: word -> attribute values. Multi-word keys are matched before single words.
WORDS: dict[str, dict[str, float]] = {
    # who
    "woman": {"female": 1.0}, "female": {"female": 1.0}, "lady": {"female": 1.0, "age": 45.0},
    "she": {"female": 1.0}, "her": {"female": 1.0},
    "man": {"female": 0.0}, "male": {"female": 0.0}, "guy": {"female": 0.0, "age": 28.0},
    "gentleman": {"female": 0.0, "age": 50.0}, "he": {"female": 0.0}, "his": {"female": 0.0},
    "girl": {"female": 1.0, "age": 14.0}, "little girl": {"female": 1.0, "age": 7.0},
    "boy": {"female": 0.0, "age": 10.0}, "little boy": {"female": 0.0, "age": 7.0},
    "child": {"age": 8.0}, "kid": {"age": 8.0}, "teenager": {"age": 16.0}, "teenage": {"age": 16.0},
    "teen": {"age": 16.0}, "grandmother": {"female": 1.0, "age": 75.0}, "grandma": {"female": 1.0, "age": 75.0},
    "grandfather": {"female": 0.0, "age": 75.0}, "grandpa": {"female": 0.0, "age": 75.0},
    "mother": {"female": 1.0, "age": 40.0}, "father": {"female": 0.0, "age": 45.0},
    "androgynous": {"female": 0.5}, "gender-neutral": {"female": 0.5},
    # age
    "young": {"age": 24.0}, "youthful": {"age": 22.0}, "adult": {"age": 35.0}, "middle-aged": {"age": 48.0},
    "mature": {"age": 50.0}, "older": {"age": 65.0}, "old": {"age": 72.0}, "elderly": {"age": 78.0},
    "aged": {"age": 75.0}, "senior": {"age": 70.0},
    # pitch and size
    "high-pitched": {"pitch_st": 3.0}, "high": {"pitch_st": 3.0}, "higher": {"pitch_st": 2.0},
    "low-pitched": {"pitch_st": -3.0}, "low": {"pitch_st": -3.0}, "lower": {"pitch_st": -2.0},
    "deep": {"pitch_st": -3.0, "tract": 1.06}, "deeper": {"pitch_st": -2.0, "tract": 1.04},
    "squeaky": {"pitch_st": 5.0, "tract": 0.94}, "shrill": {"pitch_st": 4.0, "brightness": 2.0},
    "bass": {"pitch_st": -5.0, "tract": 1.06}, "baritone": {"female": 0.0, "pitch_st": -2.0},
    "tenor": {"female": 0.0, "pitch_st": 2.0}, "soprano": {"female": 1.0, "pitch_st": 3.0},
    "alto": {"female": 1.0, "pitch_st": -2.0}, "booming": {"pitch_st": -3.0, "energy_db": 4.0, "tract": 1.05},
    "small": {"tract": 0.94}, "big": {"tract": 1.06}, "large": {"tract": 1.06},
    # melody
    "monotone": {"range": 0.5}, "flat": {"range": 0.6}, "expressive": {"range": 1.5}, "lively": {"range": 1.4},
    "animated": {"range": 1.5}, "melodic": {"range": 1.4}, "sing-song": {"range": 1.7},
    # pace
    "fast": {"pace": 1.25}, "quick": {"pace": 1.2}, "rapid": {"pace": 1.3}, "hurried": {"pace": 1.25},
    "fast-talking": {"pace": 1.3}, "slow": {"pace": 0.8}, "deliberate": {"pace": 0.85},
    "measured": {"pace": 0.88}, "leisurely": {"pace": 0.82}, "drawling": {"pace": 0.75},
    "unhurried": {"pace": 0.85}, "faster": {"pace": 1.15}, "slower": {"pace": 0.87},
    # energy
    "loud": {"energy_db": 5.0}, "powerful": {"energy_db": 5.0, "brightness": 1.0},
    "strong": {"energy_db": 4.0}, "energetic": {"energy_db": 4.0, "range": 1.3, "pace": 1.1},
    "forceful": {"energy_db": 5.0, "brightness": 1.5}, "soft": {"energy_db": -5.0, "brightness": -1.0},
    "quiet": {"energy_db": -5.0}, "gentle": {"energy_db": -3.0, "brightness": -1.0},
    "weak": {"energy_db": -5.0}, "timid": {"energy_db": -4.0, "pace": 0.95}, "louder": {"energy_db": 3.0},
    "softer": {"energy_db": -3.0}, "calm": {"energy_db": -2.0, "pace": 0.92, "range": 0.8},
    "authoritative": {"pitch_st": -1.0, "energy_db": 2.0, "pace": 0.95},
    # timbre
    "bright": {"brightness": 2.5}, "brighter": {"brightness": 1.5}, "clear": {"brightness": 1.5},
    "crisp": {"brightness": 2.0}, "dark": {"brightness": -2.5}, "darker": {"brightness": -1.5},
    "mellow": {"brightness": -2.0, "warmth": 0.5}, "muffled": {"brightness": -3.0},
    "warm": {"warmth": 1.0, "brightness": -1.0}, "warmer": {"warmth": 0.6}, "rich": {"warmth": 0.8},
    "thin": {"warmth": -1.0}, "breathy": {"breathiness": 0.6}, "breathier": {"breathiness": 0.4},
    "airy": {"breathiness": 0.5, "brightness": 1.0}, "whispery": {"breathiness": 0.7},
    "husky": {"roughness": 0.5, "breathiness": 0.3, "pitch_st": -1.0},
    "raspy": {"roughness": 0.7, "pitch_st": -1.0}, "gravelly": {"roughness": 0.8, "pitch_st": -1.5},
    "hoarse": {"roughness": 0.7, "breathiness": 0.3}, "gruff": {"roughness": 0.6, "pitch_st": -1.5},
    "rough": {"roughness": 0.6}, "smooth": {"roughness": 0.0, "warmth": 0.4}, "velvety": {"warmth": 0.7},
    "nasal": {"nasality": 0.8}, "nasally": {"nasality": 0.8},
}
#: Words that say only an age; they win over the age a noun implies ("a teenage boy" is 16, not 13).
AGE_WORDS = {w for w, v in WORDS.items() if set(v) == {"age"}}
#: Accent words -> espeak-ng accents Kokoro can speak (see synth/kokoro.py ACCENTS).
ACCENT_WORDS = {"american": "en-us", "british": "en-gb-x-rp", "uk": "en-gb-x-rp", "scottish": "en-gb-scotland",
                "scots": "en-gb-scotland", "caribbean": "en-029", "jamaican": "en-029"}
#: Opposite word groups: a description using words from both sides of one attribute is contradictory.
_NEGATIONS = {"not", "no", "never", "without"}
_UNITS = re.compile(r"(\d+(?:\.\d+)?)\s*(hz|year[s]?[- ]old|-year-old|years)|\b(?:in (?:his|her|their) )?(\d0)s\b"
                    r"|aged (\d+)")


@dataclass(frozen=True)
class WordCue:
    """One attribute value read from the words `words`."""

    attribute: str
    value: float
    words: str


def _scaled(attr: str, value: float, k: float) -> float:
    """Scale the deviation from neutral by an intensifier (factors scale in log space)."""
    neutral = ATTRIBUTES[attr][0]
    if attr in ("range", "tract", "pace"):
        return float(neutral * (value / neutral) ** k)
    if attr in ("female", "age", "pitch_hz"):
        return value  # "very female" or "very 30" do not scale
    lo, hi = LIMITS[attr]
    return float(min(max(neutral + (value - neutral) * k, lo), hi))


def _numbers(text: str) -> list[WordCue]:
    cues = []
    for m in _UNITS.finditer(text):
        if m.group(1) and m.group(2) == "hz":
            cues.append(WordCue("pitch_hz", float(m.group(1)), m.group(0)))
        elif m.group(1):
            cues.append(WordCue("age", float(m.group(1)), m.group(0)))
        elif m.group(3):
            cues.append(WordCue("age", float(m.group(3)) + 5.0, m.group(0)))
            for pronoun, female in (("her", 1.0), ("his", 0.0)):
                if f" {pronoun} " in m.group(0):
                    cues.append(WordCue("female", female, pronoun))
        elif m.group(4):
            cues.append(WordCue("age", float(m.group(4)), m.group(0)))
    return cues


def parse_words(text: str) -> list[WordCue]:
    """Every voice word in `text` as attribute cues, in order; intensifiers scale the next word, negated words
    ("not fast") are skipped. Numbers with units ("120 Hz", "a 60-year-old", "in her 30s") are read too."""
    low = text.lower()
    cues = _numbers(low)
    low = _UNITS.sub(" ", low)
    tokens = re.findall(r"[a-z]+(?:-[a-z]+)*", low)
    k, negate, i = 1.0, False, 0
    while i < len(tokens):
        two = f"{tokens[i]} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        word = two if two in WORDS else tokens[i]
        i += 2 if word == two else 1
        if word in INTENSIFIERS:
            k *= INTENSIFIERS[word]
            continue
        if word in _NEGATIONS:
            negate = True
            continue
        if word in WORDS and not negate:
            cues.extend(WordCue(a, _scaled(a, v, k), word if k == 1.0 else f"{word} x{k:g}")
                        for a, v in WORDS[word].items())
        if word in WORDS or word not in {"a", "an", "the", "and", "very", "voice", "with", "of", "in", "at"}:
            k, negate = 1.0, False
    return cues


#: How far from neutral a word must pull for it to count against an opposite word (secondary effects, such as
#: the slight lowering in "husky", do not contradict "high").
_CLEAR = {"female": 0.25, "pitch_st": 1.9, "range": 0.2, "pace": 0.1, "energy_db": 2.9, "brightness": 1.4,
          "warmth": 0.5}


def contradictions(cues: list[WordCue]) -> list[str]:
    """Pairs of words that pull one attribute clearly in opposite directions ("fast ... slow", "man ... woman")."""
    out = []
    for attr, margin in _CLEAR.items():
        neutral = ATTRIBUTES[attr][0]
        log = attr in ("range", "pace")
        dev = [(c.words, (math.log(c.value / neutral) if log else c.value - neutral)) for c in cues
               if c.attribute == attr]
        ups = sorted({w for w, d in dev if d >= margin})
        downs = sorted({w for w, d in dev if d <= -margin})
        if ups and downs:
            out.append(f"'{ups[0]}' and '{downs[0]}' ask for opposite {attr.replace('_st', '').replace('_db', '')}")
    return out


def parse_accent(text: str) -> tuple[str, str] | None:
    """The accent a description asks for, as (espeak accent, word), or None; two different accents raise."""
    from anyvoice.errors import InputError

    found = {(ACCENT_WORDS[w], w) for w in re.findall(r"[a-z]+", text.lower()) if w in ACCENT_WORDS}
    if len({a for a, _ in found}) > 1:
        raise InputError(f"the description asks for more than one accent ({', '.join(sorted(w for _, w in found))}); "
                         "keep one")
    return min(found) if found else None
