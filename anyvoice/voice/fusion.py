"""Fusing what every modality says about a voice into one set of design targets, with the reasons kept.

Sources rank: explicit values (sliders) > the words of a description > a face > a reference recording > the
aggregator's guesses. For each attribute the strongest source that says anything wins; weaker sources that
disagree are recorded as overridden, so the result can be explained ("pitch from the text 'deep'; the face
suggested female, the text 'man' won").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from anyvoice.errors import InputError
from anyvoice.inputs.vocabulary import AGE_WORDS, ATTRIBUTES, LIMITS

SOURCE_RANK = {"attributes": 4, "text": 3, "face": 2, "speech": 1, "model": 0}
_ADDITIVE = {"pitch_st", "energy_db", "brightness", "warmth"}
_FACTORS = {"range", "tract", "pace"}
_AMOUNTS = {"breathiness", "roughness", "nasality"}


@dataclass(frozen=True)
class Cue:
    """One source's value for one attribute, and the evidence for it."""

    attribute: str
    value: float
    source: str
    evidence: str


@dataclass
class DesignTargets:
    """Every design attribute's value, where it came from, and the cues that lost."""

    values: dict[str, float]
    origin: dict[str, str]  # attribute -> "text: 'deep'" / "default"
    overridden: list[str] = field(default_factory=list)

    def explain(self) -> list[str]:
        """One line per attribute that is not at its default, plus the overridden cues."""
        lines = [f"{a} = {self.values[a]:g} from {o}" for a, o in self.origin.items() if o != "default"]
        return lines + [f"overridden: {o}" for o in self.overridden]


def check_sliders(values: dict[str, float]) -> list[Cue]:
    """Explicit attribute values as cues; unknown names and out-of-range values raise InputError."""
    cues = []
    for name, v in values.items():
        if name not in LIMITS:
            raise InputError(f"unknown voice attribute '{name}'; use: {', '.join(LIMITS)}")
        lo, hi = LIMITS[name]
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise InputError(f"attribute {name}={v!r} is not a number") from None
        if not (math.isfinite(v) and lo <= v <= hi):
            raise InputError(f"attribute {name}={v} is out of range; use {lo} to {hi} ({ATTRIBUTES[name][1]})")
        cues.append(Cue(name, v, "attributes", f"{name}={v:g}"))
    return cues


def _combine(attr: str, cues: list[Cue]) -> float:
    vals = [c.value for c in cues]
    if attr in _ADDITIVE:
        v = sum(vals)
    elif attr in _FACTORS:
        v = math.prod(vals)
    elif attr in _AMOUNTS:
        v = max(vals)
    else:  # female, age, pitch_hz: a number with units beats an age word ("teenage"), which beats the age a
        # noun implies ("boy"); otherwise their mean
        numeric = [c.value for c in cues if any(ch.isdigit() for ch in c.evidence)]
        adjective = [c.value for c in cues if c.evidence in AGE_WORDS]
        best = numeric or (adjective if attr == "age" else []) or vals
        v = sum(best) / len(best)
    lo, hi = LIMITS[attr]
    return min(max(v, lo), hi)


def fuse(cues: list[Cue]) -> DesignTargets:
    """One value per design attribute from all cues (see the module docstring for the ranking)."""
    values, origin, overridden = {}, {}, []
    for attr, (neutral, _) in ATTRIBUTES.items():
        mine = [c for c in cues if c.attribute == attr]
        if not mine:
            values[attr], origin[attr] = neutral, "default"
            continue
        top = max(SOURCE_RANK[c.source] for c in mine)
        winners = [c for c in mine if SOURCE_RANK[c.source] == top]
        values[attr] = _combine(attr, winners)
        origin[attr] = f"{winners[0].source}: " + ", ".join(f"'{c.evidence}'" for c in winners)
        for c in mine:
            if SOURCE_RANK[c.source] < top and abs(c.value - values[attr]) > 1e-6 and c.source != "model":
                overridden.append(f"{c.source} said {attr}={c.value:.3g} ('{c.evidence}'); "
                                  f"{winners[0].source} won")
    return DesignTargets(values, origin, overridden)
