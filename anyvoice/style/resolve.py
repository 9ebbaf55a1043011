"""One Prosody from everything a request may say about style: a prompt, explicit values, a reference clip."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from anyvoice.audio.io import load_audio
from anyvoice.errors import InputError
from anyvoice.style.presets import style_from_prompt
from anyvoice.style.prosody import Prosody
from anyvoice.style.reference import prosody_from_reference

if TYPE_CHECKING:
    from anyvoice.voice import Voice


def resolve_prosody(voice: Voice | None, prompt: str | None = None, prosody: Prosody | None = None,
                    reference: "str | os.PathLike | None" = None) -> Prosody:
    """Combine the style sources: the voice's own delivery, then a reference clip, a prompt and explicit values
    (each on top of the last)."""
    result = voice.delivery if voice is not None else Prosody()
    if reference is not None:
        if voice is None:
            raise InputError("a style reference is measured against the target voice; give a voice as well")
        wav, sr = load_audio(reference)
        result = result.combine(prosody_from_reference(wav, sr, voice))
    if prompt:
        result = result.combine(style_from_prompt(prompt)[0])
    if prosody is not None:
        result = result.combine(prosody)
    return result

