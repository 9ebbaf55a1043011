"""Varied text descriptions of a measured voice, for training the aggregator on the voice bank.

Words are chosen from what the voice measures (perceived gender, pitch against the norm for that gender,
vocal-tract length, pitch spread) and phrased by random templates with synonyms, so that the text encoder sees
many ways of saying the same thing, as in LibriTTS-P style prompts.
"""
from __future__ import annotations

import random

from anyvoice.inputs.attributes import VoiceAttributes
from anyvoice.voice.norms import NEUTRAL_LOG_F0_STD, likely_female, norm, semitones, sounds_like_child

_NOUNS = {"female": ["woman", "lady", "female speaker", "woman", "female narrator"],
          "male": ["man", "gentleman", "male speaker", "man", "male narrator", "guy"],
          "child": ["child", "kid", "little girl", "little boy"]}
_PITCH = {"high": ["high-pitched", "high", "squeaky"], "low": ["low-pitched", "deep", "low", "bass"],
          "mid": ["", "", "medium-pitched"]}
_AGE = {"young": ["young", "youthful", ""], "adult": ["", "adult", "middle-aged"], "old": ["old", "elderly", "older"]}
_RANGE = {"flat": ["monotone", "flat"], "wide": ["expressive", "animated", "lively", "melodic"]}
_TEMPLATES = ["a {adj} voice of a {age} {noun}", "{age} {noun} with a {adj} voice", "{A} {adj} {age} {noun}",
              "the voice of a {age} {noun}, {adj}", "{age} {noun} speaking in a {adj} tone",
              "{adj} {noun}", "a {noun} whose voice is {adj}", "{A} {age} {noun}. The voice is {adj}."]


def voice_labels(a: VoiceAttributes) -> dict[str, str]:
    """Category labels a listener would give: gender, pitch level, pitch spread."""
    p = likely_female(a.f0_median_hz, a.vtl_cm)
    child = sounds_like_child(a.f0_median_hz, a.vtl_cm)
    gender = "child" if child else ("female" if p > 0.5 else "male")
    n = norm(1.0 if gender == "female" else 0.0 if gender == "male" else 0.5, 8.0 if child else 35.0)
    st = semitones(a.f0_median_hz, n.f0_hz)
    pitch = "high" if st > 1.5 else "low" if st < -1.5 else "mid"
    spread = a.log_f0_std / NEUTRAL_LOG_F0_STD
    rng = "flat" if spread < 0.7 else "wide" if spread > 1.35 else ""
    return {"gender": gender, "pitch": pitch, "range": rng}


_AGES = {"young": 24.0, "adult": 40.0, "old": 72.0}


def describe_randomly(a: VoiceAttributes, rng: random.Random) -> tuple[str, float | None]:
    """One random description of a voice with attributes `a`, and the age it states (None if it states none)."""
    lab = voice_labels(a)
    adjs = [w for w in (rng.choice(_PITCH[lab["pitch"]]), rng.choice(_RANGE[lab["range"]]) if lab["range"] else "")
            if w]
    if not adjs:
        adjs = [rng.choice(["clear", "natural", "ordinary", "pleasant"])]
    if lab["gender"] == "child":
        age_word, age = "", 8.0
    else:
        band = rng.choice(["young", "adult", "adult", "old"])
        age_word = rng.choice(_AGE[band])
        age = _AGES[band] if age_word else None
    text = rng.choice(_TEMPLATES).format(adj=", ".join(adjs), age=age_word, noun=rng.choice(_NOUNS[lab["gender"]]),
                                         A=rng.choice(["A", "Meet a", "Imagine a"]))
    return " ".join(text.split()).replace(" ,", ","), age
