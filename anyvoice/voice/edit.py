"""Attribute-driven voice editing (AVE): "older", "+2 semitones", "more breathy", "slower", ...

An edit changes the named attributes of a Voice and leaves its speaker embedding and timbre frames in place,
so the edited voice stays recognisably the same speaker. Edits are relative to the voice as it is.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np

from anyvoice.errors import InputError
from anyvoice.inputs.attributes import BOUNDS
from anyvoice.text.words import INTENSIFIERS
from anyvoice.voice.norms import likely_female, norm
from anyvoice.voice.timbre import shape_envelope
from anyvoice.voice.voice import Voice

#: Relative edits: additive for pitch_st, age, energy_db, brightness, breathiness, roughness, warmth,
#: nasality; factors for pace, range, tract.
EDITS: dict[str, dict[str, float]] = {
    "older": {"age": 30.0}, "younger": {"age": -20.0}, "higher": {"pitch_st": 2.0}, "lower": {"pitch_st": -2.0},
    "deeper": {"pitch_st": -2.0, "tract": 1.04}, "faster": {"pace": 1.2}, "slower": {"pace": 0.8},
    "louder": {"energy_db": 4.0}, "softer": {"energy_db": -4.0}, "quieter": {"energy_db": -4.0},
    "brighter": {"brightness": 2.0}, "darker": {"brightness": -2.0}, "breathier": {"breathiness": 0.5},
    "breathy": {"breathiness": 0.5}, "raspier": {"roughness": 0.5}, "rougher": {"roughness": 0.5},
    "huskier": {"roughness": 0.4, "breathiness": 0.2}, "husky": {"roughness": 0.4, "breathiness": 0.2},
    "warmer": {"warmth": 0.7}, "warm": {"warmth": 0.7}, "thinner": {"warmth": -0.7}, "nasal": {"nasality": 0.6},
    "nasally": {"nasality": 0.6}, "expressive": {"range": 1.4}, "livelier": {"range": 1.4},
    "monotone": {"range": 0.65}, "flatter": {"range": 0.65}, "feminine": {"pitch_st": 3.0, "tract": 0.95},
    "masculine": {"pitch_st": -3.0, "tract": 1.05}, "bigger": {"tract": 1.05}, "smaller": {"tract": 0.95},
    "bright": {"brightness": 2.0}, "dark": {"brightness": -2.0}, "fast": {"pace": 1.2}, "slow": {"pace": 0.8},
    "loud": {"energy_db": 4.0}, "soft": {"energy_db": -4.0}, "high": {"pitch_st": 2.0}, "low": {"pitch_st": -2.0},
}
_FACTORS = {"pace", "range", "tract"}
#: (pattern, attribute, unit, largest size of one edit in the pattern's own unit)
_NUMBER_EDITS = [
    (re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(?:semitones?|st)\b\s*(higher|up|lower|down)?"), "pitch_st", 1.0, 24.0),
    (re.compile(r"([+-]?\d+(?:\.\d+)?)\s*db\b\s*(louder|up|softer|quieter|down)?"), "energy_db", 1.0, 40.0),
    (re.compile(r"([+-]?\d+(?:\.\d+)?)\s*years?\s*(older|younger)"), "age", 1.0, 90.0),
    (re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%\s*(faster|slower)"), "pace", 0.01, 90.0),
]
_DOWN = {"lower", "down", "softer", "quieter", "younger", "slower"}


def _scale(attr: str, value: float, k: float) -> float:
    return value ** k if attr in _FACTORS else value * k


def parse_edit(instruction: str) -> dict[str, float]:
    """An edit instruction -> {attribute: change}; "less X" reverses X, intensifiers scale it."""
    text = (instruction or "").lower()
    out: dict[str, float] = {}

    def add(attr: str, v: float) -> None:
        out[attr] = out.get(attr, 1.0 if attr in _FACTORS else 0.0)
        out[attr] = out[attr] * v if attr in _FACTORS else out[attr] + v

    for pattern, attr, unit, largest in _NUMBER_EDITS:
        for m in pattern.finditer(text):
            if abs(float(m.group(1))) > largest:
                raise InputError(f"the edit {m.group(0).strip()!r} is too large; change by at most {largest:g} at a "
                                 "time")
            v = float(m.group(1)) * unit
            if m.group(2) in _DOWN:
                v = -abs(v)
            add(attr, 1.0 + v if attr == "pace" else v)
        text = pattern.sub(" ", text)
    k, sign = 1.0, 1.0
    for word in re.findall(r"[a-z]+", text):
        if word in INTENSIFIERS or word == "much":
            k *= INTENSIFIERS.get(word, 1.5)
        elif word in ("less", "not"):
            sign = -1.0
        elif word in EDITS:
            for attr, v in EDITS[word].items():
                add(attr, _scale(attr, v, k * sign) if attr in _FACTORS else v * k * sign)
            k, sign = 1.0, 1.0
    if not out:
        raise InputError(f"no edit recognised in {instruction!r}; say e.g. 'older', '+2 semitones', 'more breathy', "
                         "'slower', 'brighter', 'louder', '10% faster'")
    return out


def edit_voice(voice: Voice, instruction: str) -> Voice:
    """A copy of `voice` with the attributes named in `instruction` changed; the speaker embedding is kept."""
    d = parse_edit(instruction)
    a = voice.attributes
    design = voice.design.targets if voice.design is not None else {}
    female = design.get("female", likely_female(a.f0_median_hz, a.vtl_cm))
    age = float(design.get("age", 35.0))
    new_age = min(max(age + d.get("age", 0.0), 4.0), 95.0)
    before, after = norm(female, age), norm(female, new_age)
    older = max(new_age - age, 0.0) / 40.0  # ageing adds breath and darkens the voice a little
    f0 = a.f0_median_hz * 2 ** (d.get("pitch_st", 0.0) / 12) * after.f0_hz / before.f0_hz
    f0 = min(max(f0, BOUNDS["f0_median_hz"][0]), BOUNDS["f0_median_hz"][1])
    tract = d.get("tract", 1.0) * (after.vtl_cm / before.vtl_cm if new_age < 18 or age < 18 else 1.0)
    breath = d.get("breathiness", 0.0) + 0.5 * older
    rough = d.get("roughness", 0.0) + 0.3 * older
    attrs = replace(a, f0_median_hz=f0, log_f0_mean=a.log_f0_mean + math.log(f0 / a.f0_median_hz),
                    vtl_cm=a.vtl_cm * tract,
                    formants_hz=tuple(f / tract for f in a.formants_hz),
                    speaking_rate=a.speaking_rate * d.get("pace", 1.0) * after.rate / before.rate,
                    energy_db=a.energy_db + d.get("energy_db", 0.0),
                    hnr_db=a.hnr_db - 10.0 * max(breath, 0.0) - 8.0 * max(rough, 0.0)).bounded()
    env = shape_envelope(voice.envelope_mean, warmth=d.get("warmth", 0.0), nasality=max(d.get("nasality", 0.0), 0.0),
                         brightness=d.get("brightness", 0.0) - 1.0 * older)
    shift = (env - voice.envelope_mean).astype(np.float32)
    frames = (voice.envelope_frames.astype(np.float32) + shift).astype(np.float16) if len(voice.envelope_frames) \
        else voice.envelope_frames
    dl = voice.delivery
    whisper = min(max(dl.whisper + 0.35 * breath + 0.15 * rough, 0.0), 0.6)
    pace = min(max(dl.pace * d.get("pace", 1.0) * after.rate / before.rate, 0.4), 2.5)
    # The pitch spread goes to the delivery: its contour scaling around the median (style/apply.py) moved the
    # spread reliably where the engine's whole-voice mapping sometimes did not.
    spread = min(max(dl.pitch_range * d.get("range", 1.0), 0.2), 4.0)
    delivery = replace(dl, pace=pace, whisper=whisper, pitch_range=spread)
    return replace(voice, embedding=voice.embedding.copy(), attributes=attrs, envelope_mean=env,
                   envelope_frames=frames, delivery=delivery, edits=(*voice.edits, instruction),
                   design=voice.design.with_targets(age=new_age) if voice.design is not None else None)
