"""Expressive style: prosody controls (from a prompt, explicit values or a reference clip) and word emphasis.

Style is applied after the engine has rendered the voice, as changes of pitch, timing, loudness and spectral
tilt of the rendered waveform: the words and the speaker's timbre are left alone by construction (the lesson
of the VITS latent-space study in DESIGN.md).
"""
from anyvoice.style.apply import apply_prosody
from anyvoice.style.markup import parse_emphasis
from anyvoice.style.presets import STYLES, style_from_prompt
from anyvoice.style.prosody import Prosody
from anyvoice.style.reference import prosody_from_reference

__all__ = ["Prosody", "STYLES", "style_from_prompt", "apply_prosody", "parse_emphasis", "prosody_from_reference"]
