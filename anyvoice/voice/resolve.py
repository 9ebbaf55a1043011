"""The voice an argument names: a Voice, a saved voice file, or a reference recording."""
from __future__ import annotations

import os
import zipfile

from anyvoice.errors import InputError
from anyvoice.progress import Progress
from anyvoice.voice.voice import Voice


def resolve_voice(voice: "Voice | str | os.PathLike", progress: Progress | None = None) -> Voice:
    """A Voice, a saved voice file, or a reference recording (analysed on the fly, with `progress` as
    `Voice.from_audio`'s)."""
    if isinstance(voice, Voice):
        return voice
    path = os.fspath(voice)
    if not os.path.exists(path):
        raise InputError(f"{path}: no such voice file or recording; make a voice with `anyvoice voice create "
                         "REFERENCE.wav`, or pass a reference recording")
    return Voice.load(path) if is_voice_file(path) else Voice.from_files([path], progress=progress)


def is_voice_file(path: str | os.PathLike) -> bool:
    """Whether `path` is a saved voice (else a recording). Told by content, not by name: a voice file is a zip, and
    a recording is any format anyvoice reads (telephone prompts come as .gsm or .g722)."""
    return os.fspath(path).lower().endswith(".voice") or zipfile.is_zipfile(path)
