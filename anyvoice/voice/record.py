"""What a Voice carries besides its measurements, as typed records: how text in it is rendered, how it was
designed, where it was measured from. Each reads itself from a voice file's JSON and refuses what anyvoice does
not write (ValueError naming the field), so a voice that loads is safe to use."""
from __future__ import annotations

import math
from dataclasses import dataclass

from anyvoice.errors import InputError
from anyvoice.synth.base import names_a_file
from anyvoice.text.lexicon import check_lexicon

#: a designed voice's base may read at most this much faster or slower than its own rate
PACE_LIMITS = (0.25, 4.0)


def _text(value: object, field: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > 2000:
        raise ValueError(f"{field} is not a short text")
    return value


def _number(value: object, field: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"{field} is not a number")
    return float(value)


def text_list(value: object, field: str) -> tuple[str, ...]:
    """A list of short texts from a voice file, as a tuple; ValueError naming `field` otherwise."""
    if not isinstance(value, (list, tuple)) or len(value) > 1000:
        raise ValueError(f"{field} is not a list of texts")
    return tuple(_text(v, field, optional=False) for v in value)


def _object(value: object, field: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{field} is not an object")
    return value


@dataclass(frozen=True)
class Rendering:
    """What text in the voice is first spoken by: a designed voice names a base synthesizer and its pace; any
    voice may keep a pronunciation lexicon that every request in it uses."""

    base: str | None = None  # e.g. 'kokoro:jf_alpha@en-gb-x-rp'; None: the default base
    base_pace: float = 1.0  # the speed that brings the base to the voice's reading rate
    accent: str | None = None  # the espeak accent a description asked for, e.g. 'en-gb-x-rp'
    lexicon: tuple[tuple[str, str], ...] = ()  # (word, respelling or /IPA/) pairs, as in text/lexicon.py

    def to_dict(self) -> dict:
        return {"base": self.base, "base_pace": self.base_pace, "accent": self.accent,
                "lexicon": dict(self.lexicon)}

    @classmethod
    def from_dict(cls, d: object) -> "Rendering":
        d = _object(d, "rendering")
        pace = _number(d.get("base_pace", 1.0), "rendering.base_pace")
        if not PACE_LIMITS[0] <= pace <= PACE_LIMITS[1]:
            raise ValueError(f"rendering.base_pace is {pace}")
        try:
            lexicon = tuple(check_lexicon(_object(d.get("lexicon", {}), "rendering.lexicon")).items())
        except InputError as exc:
            raise ValueError(f"rendering.lexicon: {exc}") from None
        base = _text(d.get("base"), "rendering.base")
        if base and names_a_file(base):  # a voice names its base; a file is the speaker's to give (tts --base)
            raise ValueError(f"rendering.base {base[:80]!r} names a file")
        return cls(base, pace, _text(d.get("accent"), "rendering.accent"), lexicon)


@dataclass(frozen=True)
class Design:
    """How a designed voice was decided: the attribute targets, and where each came from."""

    targets: dict[str, float]  # design attribute -> value (voice/fusion.py)
    explanation: tuple[str, ...]  # one line per decided attribute and per overridden cue
    inputs: tuple[str, ...] = ()  # the modalities it was designed from: text, face, attributes, speech
    description: str | None = None  # the description it was designed from
    bank: tuple[tuple[str, float], ...] = ()  # the bank voices its timbre was rendered from, with weights

    def to_dict(self) -> dict:
        return {"targets": self.targets, "explanation": list(self.explanation), "inputs": list(self.inputs),
                "description": self.description, "bank": [list(b) for b in self.bank]}

    @classmethod
    def from_dict(cls, d: object) -> "Design":
        d = _object(d, "design")
        targets = {_text(k, "design.targets", False): _number(v, f"design.targets.{k}")
                   for k, v in _object(d.get("targets", {}), "design.targets").items()}
        bank = d.get("bank", [])
        if not isinstance(bank, list) or not all(isinstance(b, (list, tuple)) and len(b) == 2 for b in bank):
            raise ValueError("design.bank is not a list of [name, weight] pairs")
        return cls(targets, text_list(d.get("explanation", []), "design.explanation"),
                   text_list(d.get("inputs", []), "design.inputs"), _text(d.get("description"), "design.description"),
                   tuple((_text(n, "design.bank", False), _number(w, "design.bank")) for n, w in bank))

    def with_targets(self, **changes: float) -> "Design":
        """The same design with some targets changed (an edit moves the age it describes)."""
        return Design({**self.targets, **changes}, self.explanation, self.inputs, self.description, self.bank)


@dataclass(frozen=True)
class Source:
    """What the voice was measured from."""

    references: tuple[str, ...] = ()  # names of the reference recordings
    seconds: float | None = None  # their length, joined
    sample_rate: int | None = None  # the rate they were analysed at
    band_hz: int | None = None  # the highest frequency they hold (a telephone's about 4000); None: not measured

    def to_dict(self) -> dict:
        return {"references": list(self.references), "seconds": self.seconds, "sample_rate": self.sample_rate,
                "band_hz": self.band_hz}

    @classmethod
    def from_dict(cls, d: object) -> "Source":
        d = _object(d, "source")
        seconds, rate, band = d.get("seconds"), d.get("sample_rate"), d.get("band_hz")
        return cls(text_list(d.get("references", []), "source.references"),
                   None if seconds is None else _number(seconds, "source.seconds"),
                   None if rate is None else int(_number(rate, "source.sample_rate")),
                   None if band is None else int(_number(band, "source.band_hz")))
