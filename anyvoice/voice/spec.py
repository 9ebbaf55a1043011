"""What a request says about the voice to speak in, the same for every front end (library, CLI, batch, HTTP).

A spec names a voice (a Voice, a voice file or a reference recording) and/or designs one (a description, a face,
attribute values; a named voice then serves as the design's recording), then edits it in words. Front ends only
parse their input into a VoiceSpec; building, checking and labelling it happen here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from anyvoice.errors import InputError
from anyvoice.voice.resolve import resolve_voice
from anyvoice.voice.voice import Voice


@dataclass(frozen=True)
class VoiceSpec:
    """A voice to find, design or edit; `build()` makes it."""

    voice: "Voice | str | os.PathLike | None" = None  # a Voice, a saved voice file or a reference recording
    describe: str | None = None  # the voice in words ("a calm, deep voice of an older man")
    face: Any = None  # a face photo: a path or an RGB array
    attributes: dict[str, float] = field(default_factory=dict)  # attribute values, e.g. {"age": 60}
    edit: str | None = None  # an edit in words applied last ("older, brighter")

    @property
    def designs(self) -> bool:
        """Whether the voice is designed (a description, a face or attribute values is given)."""
        return bool(self.describe or self.face is not None or self.attributes)

    @property
    def empty(self) -> bool:
        """Whether the spec names no voice at all."""
        return self.voice is None and not self.designs

    def check(self) -> None:
        """InputError now, before any design work, for an edit that cannot be read."""
        if self.edit:
            from anyvoice.voice.edit import parse_edit

            parse_edit(self.edit)

    def build(self, name: str = "designed") -> Voice | None:
        """The voice this spec means (None when it names none); designs are called `name`."""
        self.check()
        if self.edit and self.empty:
            raise InputError("an edit changes a voice; give a voice, or a description, face or attribute values")
        if self.designs:
            from anyvoice.voice.design import design_voice

            target = design_voice(text=self.describe, face=self.face, attributes=self.attributes or None,
                                  speech=self.voice, name=name)
        else:
            target = resolve_voice(self.voice) if self.voice is not None else None
        if self.edit:
            from anyvoice.voice.edit import edit_voice

            target = edit_voice(target, self.edit)
        return target

    def source(self) -> str:
        """How the voice is made, in words: 'recording', 'design (text, face, recording); edit: older'."""
        if self.designs:
            given = [k for k, v in (("text", self.describe), ("face", self.face is not None),
                                    ("attributes", self.attributes), ("recording", self.voice is not None)) if v]
            label = "design (" + ", ".join(given) + ")"
        else:
            label = "recording" if self.voice is not None else "none"
        return label + (f"; edit: {self.edit.strip()}" if self.edit else "")


def parse_attribute_pairs(items: list[str] | str | None) -> dict[str, float]:
    """NAME=VALUE pairs (a list, or one text separated by ';', ',' or spaces) as numbers; the names and ranges
    are checked later, with the design."""
    if isinstance(items, str):
        items = [i for i in re.split(r"[;,\s]+", items) if i]
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"attribute {item!r}: write NAME=VALUE, e.g. pitch_hz=180 or pace=1.2")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"attribute {item!r}: {value!r} is not a number") from None
    return out
