"""SSML, a documented subset, read into spans of text that each speak one way. Pure: markup in, spans out.

Tags: `<speak>` (the root), `<break time="500ms"|"1.5s" strength="none..x-strong"/>`, `<emphasis>` (the words are
stressed), `<prosody rate pitch volume>` (rate: x-slow..x-fast or a percentage, "80%"; pitch: x-low..x-high,
semitones "+2st", a percentage "+10%"; volume: silent..x-loud or decibels "+6dB"; nested prosody adds up),
`<say-as interpret-as="characters|spell-out|cardinal|ordinal|digits|telephone|date">`, `<sub alias="...">`,
`<phoneme alphabet="ipa" ph="...">` (the words said as the given IPA, and shown as written),
`<voice name="...">` (several voices in one text), `<lang>` and `<p>`/`<s>` (a pause after); `xml:lang` on any
tag gives the language of the text inside (text/languages.py). Anything else, and markup that is not well formed, is
an InputError that names the tag or the line and column.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace

from anyvoice.errors import InputError
from anyvoice.text.languages import language
from anyvoice.text.phonemes import protect
from anyvoice.text.verbalize import spoken_date, spoken_digits

#: SSML's break strengths, in seconds
BREAK_STRENGTHS = {"none": 0.0, "x-weak": 0.1, "weak": 0.25, "medium": 0.4, "strong": 0.7, "x-strong": 1.2}
#: the longest break one tag may ask for
MAX_BREAK_S = 10.0
RATES = {"x-slow": 0.6, "slow": 0.8, "medium": 1.0, "default": 1.0, "fast": 1.25, "x-fast": 1.5}
PITCHES = {"x-low": -6.0, "low": -3.0, "medium": 0.0, "default": 0.0, "high": 3.0, "x-high": 6.0}
VOLUMES = {"silent": -20.0, "x-soft": -12.0, "soft": -6.0, "medium": 0.0, "default": 0.0, "loud": 4.0,
           "x-loud": 8.0}
SAY_AS = ("characters", "spell-out", "cardinal", "number", "ordinal", "digits", "telephone", "date")
_PARAGRAPH_PAUSE_S = 0.4
#: tags may nest this deep (a deeper document is refused, not walked into a recursion error)
MAX_DEPTH = 32
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Delivery:
    """How a span is spoken, relative to the request's own style."""

    voice: str | None = None  # a voice's name from <voice>; None: the request's voice
    language: str | None = None  # a language code from xml:lang; None: the request's (or detected)
    pace: float = 1.0  # factor on the speaking rate
    pitch_st: float = 0.0  # semitones
    loudness_db: float = 0.0


@dataclass
class Span:
    """Text spoken one way, and the silence before it."""

    text: str
    delivery: Delivery = field(default_factory=Delivery)
    pause_before_s: float = 0.0


def _amount(value: str, tag: str, attr: str, names: dict[str, float], unit: str, percent) -> float:
    """A named level, a number with `unit`, or a percentage turned into the unit by `percent`."""
    v = value.strip().lower()
    if v in names:
        return names[v]
    m = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)\s*(%|" + unit + ")?", v)
    if not m or (m.group(2) is None and unit != ""):
        choices = ", ".join(names)
        raise InputError(f"SSML <{tag} {attr}={value!r}>: use one of {choices}, a number with '{unit or '%'}' "
                         "or a percentage")
    number = float(m.group(1))
    return percent(number) if m.group(2) == "%" else number


def _rate(value: str) -> float:
    rate = _amount(value, "prosody", "rate", RATES, "", lambda p: p / 100.0)
    if not 0.4 <= rate <= 2.5:
        raise InputError(f"SSML <prosody rate={value!r}>: use 40% to 250%")
    return rate


def _pitch(value: str) -> float:
    st = _amount(value, "prosody", "pitch", PITCHES, "st", lambda p: 12 * math.log2(max(1 + p / 100.0, 0.25)))
    if not -12 <= st <= 12:
        raise InputError(f"SSML <prosody pitch={value!r}>: use -12st to +12st")
    return st


def _volume(value: str) -> float:
    db = _amount(value, "prosody", "volume", VOLUMES, "db", lambda p: 20 * math.log10(max(1 + p / 100.0, 0.1)))
    if not -20 <= db <= 12:
        raise InputError(f"SSML <prosody volume={value!r}>: use -20dB to +12dB")
    return db


def _break_seconds(el: ET.Element) -> float:
    if "time" in el.attrib:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*", el.attrib["time"])
        if not m:
            raise InputError(f"SSML <break time={el.attrib['time']!r}>: write it like 500ms or 1.5s")
        seconds = float(m.group(1)) / (1000.0 if m.group(2) == "ms" else 1.0)
        if seconds > MAX_BREAK_S:
            raise InputError(f"SSML <break time={el.attrib['time']!r}>: at most {MAX_BREAK_S:g} s")
        return seconds
    strength = el.attrib.get("strength", "medium")
    if strength not in BREAK_STRENGTHS:
        raise InputError(f"SSML <break strength={strength!r}>: use one of {', '.join(BREAK_STRENGTHS)}")
    return BREAK_STRENGTHS[strength]


def _say_as(text: str, kind: str, fmt: str | None) -> str:
    from num2words import num2words

    text = text.strip()
    if kind in ("characters", "spell-out"):
        return " ".join(ch.upper() if ch.isalpha() else ch for ch in text if not ch.isspace())
    if kind in ("digits", "telephone"):
        return spoken_digits(text)
    if kind in ("cardinal", "number", "ordinal"):
        digits = text.replace(",", "")
        if not re.fullmatch(r"[+-]?\d{1,15}", digits):
            raise InputError(f"SSML <say-as interpret-as={kind!r}>: {text!r} is not a whole number")
        return num2words(int(digits), to="ordinal" if kind == "ordinal" else "cardinal")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not m:
        raise InputError(f"SSML <say-as interpret-as='date'>: {text!r}; write it as 2026-11-30 or 11/30/2026")
    if text[4:5] == "-":
        year, month, day = (int(g) for g in m.groups())
    elif (fmt or "mdy") == "dmy":
        day, month, year = (int(g) for g in m.groups())
    else:
        month, day, year = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise InputError(f"SSML <say-as interpret-as='date'>: {text!r} is not a date")
    return spoken_date(month, day, str(year))


class _Reader:
    """Walks the tree, collecting spans; one delivery per open tag."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.pause = 0.0
        self.depth = 0

    def text(self, text: str | None, delivery: Delivery) -> None:
        if not text or not text.strip():
            return
        last = self.spans[-1] if self.spans else None
        if last is not None and last.delivery == delivery and self.pause == 0.0:
            glue = "" if text.strip()[0] in ".,;:!?" else " "  # "<emphasis>now</emphasis>." keeps its stop
            last.text = f"{last.text}{glue}{text.strip()}"
        else:
            self.spans.append(Span(text.strip(), delivery, self.pause))
        self.pause = 0.0

    def element(self, el: ET.Element, delivery: Delivery) -> None:
        tag = el.tag.rpartition("}")[2]  # a namespace (xmlns="http://www.w3.org/2001/10/synthesis") is fine
        outer = delivery
        if _XML_LANG in el.attrib:
            delivery = replace(delivery, language=language(el.attrib[_XML_LANG]).code)
        if tag == "break":
            self.pause += _break_seconds(el)
        elif tag in ("speak", "p", "s", "lang"):
            self.children(el, delivery)
            if tag != "speak":
                self.pause += _PARAGRAPH_PAUSE_S if tag == "p" else 0.0
        elif tag == "emphasis":
            self.text("*" + " ".join("".join(el.itertext()).split()) + "*", delivery)
        elif tag == "prosody":
            unknown = set(el.attrib) - {"rate", "pitch", "volume"}
            if unknown:
                raise InputError(f"SSML <prosody>: unknown attribute {sorted(unknown)[0]!r}; use rate, pitch, volume")
            self.children(el, replace(
                delivery, pace=delivery.pace * _rate(el.attrib.get("rate", "100%")),
                pitch_st=delivery.pitch_st + _pitch(el.attrib.get("pitch", "+0st")),
                loudness_db=delivery.loudness_db + _volume(el.attrib.get("volume", "+0dB"))))
        elif tag == "say-as":
            kind = el.attrib.get("interpret-as", "")
            if kind not in SAY_AS:
                raise InputError(f"SSML <say-as interpret-as={kind!r}>: use one of {', '.join(SAY_AS)}")
            self.text(_say_as("".join(el.itertext()), kind, el.attrib.get("format")), delivery)
        elif tag == "sub":
            if "alias" not in el.attrib:
                raise InputError("SSML <sub> needs alias=\"what to say\"")
            self.text(el.attrib["alias"], delivery)
        elif tag == "phoneme":
            alphabet = el.attrib.get("alphabet", "ipa")
            if alphabet.lower() != "ipa":
                raise InputError(f"SSML <phoneme alphabet={alphabet!r}>: only ipa is read; write the phonemes in IPA")
            if "ph" not in el.attrib:
                raise InputError("SSML <phoneme> needs ph=\"the phonemes in IPA\"")
            self.text(protect(el.attrib["ph"], "".join(el.itertext()), "SSML <phoneme ph=...>"), delivery)
        elif tag == "voice":
            if not el.attrib.get("name", "").strip():
                raise InputError("SSML <voice> needs name=\"a voice's name\"")
            self.children(el, replace(delivery, voice=el.attrib["name"].strip()))
        else:
            raise InputError(f"SSML tag <{tag}> is not read here; use speak, break, emphasis, prosody, say-as, sub, "
                             "phoneme, voice, lang, p or s")
        if tag != "speak":
            self.text(el.tail, outer)  # the text after a tag is its parent's, spoken the parent's way

    def children(self, el: ET.Element, delivery: Delivery) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InputError(f"SSML tags nest more than {MAX_DEPTH} deep; flatten the markup")
        self.text(el.text, delivery)
        for child in el:
            self.element(child, delivery)
        self.depth -= 1


def read_ssml(markup: str) -> tuple[list[Span], float]:
    """The spans of an SSML document, and the silence after the last one (a trailing <break>)."""
    if not isinstance(markup, str) or not markup.strip():
        raise InputError("the SSML is empty; give <speak>...</speak>")
    if "<!doctype" in markup.lower() or "<!entity" in markup.lower():  # entities can expand a small text hugely
        raise InputError("SSML may not declare a document type or entities; write the text out")
    try:
        root = ET.fromstring(markup.strip())
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(f"SSML is not well formed at line {line}, column {column + 1}: "
                         f"{str(exc).split(':')[0]}") from None
    if root.tag.rpartition("}")[2] != "speak":
        raise InputError(f"SSML must start with <speak>, not <{root.tag.rpartition('}')[2]}>")
    reader = _Reader()
    reader.element(root, Delivery())
    if not reader.spans:
        raise InputError("the SSML has no words to speak")
    return reader.spans, reader.pause
