"""The voice an argument names: a Voice, a saved voice file, or a reference recording."""
from __future__ import annotations

import os

from anyvoice.errors import InputError
from anyvoice.voice.voice import Voice

_AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".ogg", ".m4a", ".aac", ".opus", ".webm", ".aiff", ".aif"}


def resolve_voice(voice: "Voice | str | os.PathLike") -> Voice:
    """A Voice, a saved voice file, or a reference recording (analysed on the fly)."""
    if isinstance(voice, Voice):
        return voice
    path = os.fspath(voice)
    if os.path.splitext(path)[1].lower() in _AUDIO_SUFFIXES:
        return Voice.from_files([path])
    if not os.path.exists(path):
        raise InputError(f"{path}: no such voice file; make one with `anyvoice voice create REFERENCE.wav`, "
                         "or pass a reference recording instead")
    return Voice.load(path)
