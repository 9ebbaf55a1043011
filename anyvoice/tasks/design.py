"""The five MVC tasks of UniSpeaker as API calls: TextTTS, FaceTTS, TextVC, FaceVC and AVE.

Each designs (or edits) a Voice and then speaks or converts with it through the ordinary tts / convert paths;
design once with `design_voice` and reuse the Voice when speaking many texts.
"""
from __future__ import annotations

import os
from typing import Union

import numpy as np

from anyvoice.engines import DEFAULT_ENGINE, Engine
from anyvoice.progress import Progress
from anyvoice.tasks.convert import convert
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice
from anyvoice.voice.design import design_voice
from anyvoice.voice.edit import edit_voice
from anyvoice.voice.resolve import resolve_voice

#: A face photo: a path or an RGB array.
Image = Union[str, os.PathLike, np.ndarray]


def text_tts(description: str, text: str, options: TtsOptions | None = None,
             progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """TextTTS: speak `text` in the voice a description names ("a calm, deep voice of an older man")."""
    return tts(text, design_voice(text=description), options, progress)


def face_tts(face: Image, text: str, options: TtsOptions | None = None,
             progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """FaceTTS: speak `text` in a voice that suits the face in a photo."""
    return tts(text, design_voice(face=face), options, progress)


def text_vc(description: str, wav: np.ndarray, sr: int, engine: "Engine | str" = DEFAULT_ENGINE,
            progress: Progress | None = None) -> np.ndarray:
    """TextVC: convert speech into the voice a description names."""
    return convert(wav, sr, design_voice(text=description), engine=engine, progress=progress)


def face_vc(face: Image, wav: np.ndarray, sr: int, engine: "Engine | str" = DEFAULT_ENGINE,
            progress: Progress | None = None) -> np.ndarray:
    """FaceVC: convert speech into a voice that suits the face in a photo."""
    return convert(wav, sr, design_voice(face=face), engine=engine, progress=progress)


def ave_tts(voice: "Voice | str | os.PathLike", edit: str, text: str, options: TtsOptions | None = None,
            progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """AVE: speak `text` in `voice` edited by an instruction ("older, more breathy, +2 semitones")."""
    return tts(text, edit_voice(resolve_voice(voice), edit), options, progress)
