"""The voice space: a Voice is one point in it (speaker embedding + attributes + timbre), saved as a small file."""
from anyvoice.voice.voice import VOICE_FORMAT_VERSION, Voice

__all__ = ["Voice", "VOICE_FORMAT_VERSION"]
