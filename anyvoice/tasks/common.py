"""Helpers shared by the tasks."""
from __future__ import annotations

import os
from typing import Callable

from anyvoice.errors import InputError
from anyvoice.voice import Voice

#: progress(done, total) callback, called after each unit of work (sentence or chunk).
Progress = Callable[[int, int], None]

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


def voice_from_spec(voice: "Voice | str | os.PathLike | None" = None, describe: str | None = None,
                    face: "str | os.PathLike | None" = None, attributes: dict[str, float] | None = None,
                    edit: str | None = None) -> Voice | None:
    """The voice a request names, the same for every front end: `voice` (a Voice, voice file or recording) as it
    is, or a design from `describe`, `face` and `attributes` (starting from `voice` when given); then `edit`.
    None when nothing names a voice. A bad edit is refused before any design work."""
    from anyvoice.voice.edit import edit_voice, parse_edit

    if edit:
        parse_edit(edit)
    if describe or face or attributes:
        from anyvoice.voice.design import design_voice

        target = design_voice(text=describe, face=face, attributes=attributes, speech=voice)
    else:
        target = resolve_voice(voice) if voice is not None else None
    if edit:
        if target is None:
            raise InputError("an edit changes a voice; give a voice, or a description, face or attribute values")
        target = edit_voice(target, edit)
    return target
