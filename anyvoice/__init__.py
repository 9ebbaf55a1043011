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
"""
from anyvoice.errors import AnyVoiceError, InputError, ModelMissingError
from anyvoice.tasks.convert import convert
from anyvoice.tasks.enhance import enhance, remove_speech
from anyvoice.tasks.extract import extract
from anyvoice.tasks.speech_edit import speech_edit
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice
from anyvoice.voice.describe import describe
from anyvoice.voice.design import design_voice
from anyvoice.voice.edit import edit_voice

__version__ = "0.1.0"
__all__ = ["AnyVoiceError", "InputError", "ModelMissingError", "Voice", "TtsOptions", "tts", "convert", "design_voice",
           "edit_voice", "describe", "enhance", "remove_speech", "extract", "speech_edit"]
