"""anyvoice: make a voice from anything and speak with it, offline on a CPU.

    import anyvoice
    voice = anyvoice.Voice.from_files(["me.wav"])
    wav, sr = anyvoice.tts("Hello there.", voice)
    converted = anyvoice.convert(source_wav, source_sr, voice)
"""
from anyvoice.errors import AnyVoiceError, InputError, ModelMissingError
from anyvoice.tasks.convert import convert
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice

__version__ = "0.1.0"
__all__ = ["AnyVoiceError", "InputError", "ModelMissingError", "Voice", "TtsOptions", "tts", "convert"]
