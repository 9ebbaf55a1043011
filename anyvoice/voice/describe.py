"""Voice captioning: a short text description of any voice, in the words `parse_words` understands."""
from __future__ import annotations

from dataclasses import dataclass

from anyvoice.synth.kokoro import ACCENTS
from anyvoice.voice.norms import (
    NEUTRAL_ENERGY_DB,
    NEUTRAL_LOG_F0_STD,
    NEUTRAL_RATE,
    likely_female,
    norm,
    semitones,
    sounds_like_child,
)
from anyvoice.voice.timbre import spectral_tilt
from anyvoice.voice.voice import Voice

#: Typical spectral tilt of a voice's long-term envelope above 1 kHz (dB/octave), measured over the voice bank;
#: brighter or darker voices differ from it by more than `_TILT_MARGIN`.
REFERENCE_TILT_DB = -7.3
_TILT_MARGIN = 2.0
#: How far from the norm a voice must be before it is called high or low (semitones), fast or slow (fraction):
#: the syllable rate of one 3-second sentence varies by about +-15 % from sentence to sentence, so only a
#: larger difference is stated.
PITCH_MARGIN_ST = 2.0
PACE_MARGIN = 0.2
#: Harmonics-to-noise ratio below which a voice is called breathy (the bank's voices measure 8.7-17 dB).
BREATHY_HNR_DB = 8.0


@dataclass
class VoiceDescription:
    """What `describe` concluded, word by word, and the sentence made from it."""

    gender: str  # "man", "woman", "child"
    age: str  # "", "young", "middle-aged", "older"
    pitch: str  # "", "high-pitched", "low-pitched"
    range: str  # "", "monotone", "expressive"
    pace: str  # "", "fast", "slow"
    energy: str  # "", "loud", "soft"
    timbre: list[str]
    text: str


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def describe_voice(voice: Voice) -> VoiceDescription:
    """Describe `voice` from its measured attributes (and its designed age, where it has one)."""
    a = voice.attributes
    p = likely_female(a.f0_median_hz, a.vtl_cm)
    age_years = voice.design.targets.get("age") if voice.design is not None else None
    child = sounds_like_child(a.f0_median_hz, a.vtl_cm) or (age_years is not None and age_years < 13)
    gender = "child" if child else "woman" if p > 0.5 else "man"
    n = norm(0.5 if child else float(p > 0.5), 8.0 if child else (age_years or 35.0))
    st = semitones(a.f0_median_hz, n.f0_hz)
    pitch = "high-pitched" if st > PITCH_MARGIN_ST else "low-pitched" if st < -PITCH_MARGIN_ST else ""
    spread = a.log_f0_std * voice.delivery.pitch_range / NEUTRAL_LOG_F0_STD
    rng = "monotone" if spread < 0.65 else "expressive" if spread > 1.4 else ""
    rate = a.speaking_rate * voice.delivery.pace if voice.design is None else a.speaking_rate
    pace = "fast" if rate > NEUTRAL_RATE * (1 + PACE_MARGIN) else "slow" if rate < NEUTRAL_RATE * (1 - PACE_MARGIN) \
        else ""
    energy = "loud" if a.energy_db > NEUTRAL_ENERGY_DB + 3 else "soft" if a.energy_db < NEUTRAL_ENERGY_DB - 3 else ""
    age = "" if child or age_years is None else "young" if age_years < 30 else "older" if age_years >= 60 \
        else "middle-aged" if age_years >= 40 else ""
    timbre = []
    tilt = spectral_tilt(voice.envelope_mean, voice.source.band_hz)
    if tilt > REFERENCE_TILT_DB + _TILT_MARGIN:
        timbre.append("bright")
    elif tilt < REFERENCE_TILT_DB - _TILT_MARGIN:
        timbre.append("dark")
    if a.hnr_db < BREATHY_HNR_DB or voice.delivery.whisper >= 0.15:
        timbre.append("breathy")
    adjs = [w for w in (pace, energy, pitch, rng, *timbre) if w]
    noun = " ".join(w for w in (age, gender) if w)
    accent = voice.rendering.accent
    who = f"{noun} with {_article(ACCENTS[accent])} {ACCENTS[accent]} accent" if accent in ACCENTS else noun
    text = (f"{_article(adjs[0]).capitalize()} {', '.join(adjs)} voice of {_article(noun)} {who}." if adjs
            else f"The voice of {_article(noun)} {who}.")
    return VoiceDescription(gender, age, pitch, rng, pace, energy, timbre, text)


def describe(voice: Voice) -> str:
    """A one-sentence description of `voice`, e.g. "A slow, low-pitched voice of an older man."."""
    return describe_voice(voice).text
