"""anyvoice: make a voice from anything and speak with it, offline on a CPU.

    import anyvoice
    voice = anyvoice.Voice.from_files(["me.wav"])
    wav, sr = anyvoice.tts("Hello there.", voice)
    converted = anyvoice.convert(source_wav, source_sr, voice)
    designed = anyvoice.design_voice(text="a calm, deep voice of an older man", face="photo.jpg")
    older = anyvoice.edit_voice(voice, "older, more breathy")
    print(anyvoice.describe(voice))
    clean = anyvoice.enhance(noisy_wav, sr)                      # also anyvoice.remove_speech(noisy_wav, sr)
    only_me = anyvoice.extract(party_wav, sr, voice).audio
    fixed = anyvoice.speech_edit(take_wav, sr, "The meeting is on Monday.").audio

The names are imported on first use, so `import anyvoice` (and a helper process that needs one small module)
does not load the models' libraries.
"""
from __future__ import annotations

import importlib

from anyvoice.errors import AnyVoiceError, InputError, ModelMissingError
from anyvoice.idle_threads import let_idle_threads_sleep

let_idle_threads_sleep()  # before numpy, torch or CTranslate2 load: they read it then

__version__ = "0.1.0"
#: public name -> the module that defines it
_LAZY = {"Voice": "anyvoice.voice", "TtsOptions": "anyvoice.tasks.tts", "tts": "anyvoice.tasks.tts",
         "convert": "anyvoice.tasks.convert", "design_voice": "anyvoice.voice.design",
         "edit_voice": "anyvoice.voice.edit", "describe": "anyvoice.voice.describe",
         "enhance": "anyvoice.tasks.enhance", "remove_speech": "anyvoice.tasks.enhance",
         "extract": "anyvoice.tasks.extract", "speech_edit": "anyvoice.tasks.speech_edit"}
__all__ = ["AnyVoiceError", "InputError", "ModelMissingError", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    try:  # `anyvoice.tasks` and the like, as they were reachable before the names became lazy
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'anyvoice' has no attribute {name!r}") from None
