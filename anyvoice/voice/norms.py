"""Population norms: what pitch, vocal-tract length and pace a voice of a given gender and age has.

Round figures from the phonetics literature (adult median F0 about 115 Hz for men and 205 Hz for women,
children about 260 Hz; F0 of women falls and of men rises slightly in old age; speech slows with age). Vocal
tract lengths, rate and pitch spread are on the scale of anyvoice's own measurements (`measure_attributes` reads
about 18.3 cm for men and 14.6 cm for women from the bank's base voices), so targets and measurements agree.
They turn "an older woman" into numbers an engine can render, and they are the reference against which
`describe` calls a voice high or low.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

ADULT_F0 = {"male": 115.0, "female": 205.0}
ADULT_VTL = {"male": 18.3, "female": 14.6}
CHILD_F0, CHILD_VTL = 260.0, 12.5
NEUTRAL_RATE = 5.6  # syllables per second of speech as `measure_attributes` counts them (median of the bank's bases)
#: syllables per second of fluent read English, counted from the text (`text.syllables`) over the time from the
#: first to the last speech: the Piper base reading the bank sentences
READING_RATE = 5.0
NEUTRAL_LOG_F0_STD = 0.25  # spread of log-F0 in read speech (median over the bank's base voices)
NEUTRAL_ENERGY_DB = -23.0  # active speech level the engines render at


@dataclass(frozen=True)
class Norm:
    """Expected measurements for a voice of one gender mix and age."""

    f0_hz: float
    vtl_cm: float
    rate: float


def _mix(male: float, female: float, p_female: float, log: bool = True) -> float:
    if log:
        return math.exp((1 - p_female) * math.log(male) + p_female * math.log(female))
    return (1 - p_female) * male + p_female * female


def norm(p_female: float, age: float) -> Norm:
    """The norm for a speaker who is female with weight `p_female` (0..1) and `age` years old."""
    f0 = _mix(ADULT_F0["male"], ADULT_F0["female"], p_female)
    vtl = _mix(ADULT_VTL["male"], ADULT_VTL["female"], p_female, log=False)
    rate = NEUTRAL_RATE
    if age < 18:  # children: high and short; puberty (12-16) moves boys most
        w = min(max((age - 10.0) / 6.0, 0.0), 1.0) if p_female < 0.5 else min(max((age - 10.0) / 4.0, 0.0), 1.0)
        f0 = math.exp((1 - w) * math.log(CHILD_F0) + w * math.log(f0))
        vtl = (1 - w) * CHILD_VTL * (1 + max(age - 7.0, 0.0) * 0.015) + w * vtl
    elif age > 50:  # women's F0 drops ~2 st by 75, men's rises ~1 st; speech slows
        old = min((age - 50.0) / 25.0, 1.2)
        f0 *= 2 ** ((_mix(1.0, -2.0, p_female, log=False) * old) / 12)
        rate *= 1 - 0.2 * old
    return Norm(f0_hz=f0, vtl_cm=vtl, rate=rate)


def semitones(a_hz: float, b_hz: float) -> float:
    """Interval from b to a in semitones."""
    return 12.0 * math.log2(a_hz / b_hz)


def sounds_like_child(f0_hz: float, vtl_cm: float) -> bool:
    """A child's voice by pitch and vocal tract: higher and shorter than almost any adult's."""
    return f0_hz > 235.0 and vtl_cm < 14.0


def likely_female(f0_hz: float, vtl_cm: float) -> float:
    """How female a voice sounds from pitch and vocal-tract length (0..1), a logistic rule on both cues.

    Pitch carries most of it (crossover ~160 Hz, the geometric middle of the adult norms); a short tract adds
    to it. Used by the benchmark as the listener's perceived gender and by `describe`.
    """
    if not (math.isfinite(f0_hz) and f0_hz > 0):
        return 0.5
    z = 0.9 * semitones(f0_hz, 160.0)
    if math.isfinite(vtl_cm):
        z += 1.2 * (16.0 - vtl_cm)
    return 1.0 / (1.0 + math.exp(-z))
