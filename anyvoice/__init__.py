"""anyvoice: make a voice from anything and speak with it, offline on a CPU.

    import anyvoice
    voice = anyvoice.Voice.from_files(["me.wav"])
    wav, sr = anyvoice.tts("Hello there.", voice)
    converted = anyvoice.convert(source_wav, source_sr, voice)
    designed = anyvoice.design_voice(text="a calm, deep voice of an older man", face="photo.jpg")
    older = anyvoice.edit_voice(voice, "older, more breathy")
    print(anyvoice.describe(voice))
"""
from anyvoice.errors import AnyVoiceError, InputError, ModelMissingError
from anyvoice.tasks.convert import convert
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice
from anyvoice.voice.describe import describe
from anyvoice.voice.design import design_voice
from anyvoice.voice.edit import edit_voice

__version__ = "0.1.0"
__all__ = ["AnyVoiceError", "InputError", "ModelMissingError", "Voice", "TtsOptions", "tts", "convert", "design_voice",
           "edit_voice", "describe"]
