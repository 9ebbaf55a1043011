"""Expressive style: prosody controls (from a prompt, explicit values or a reference clip) and word emphasis.

Style is applied after the engine has rendered the voice, as changes of pitch, timing, loudness and spectral
tilt of the rendered waveform: the words and the speaker's timbre are left alone by construction (editing a
synthesizer's latent space moves the timbre with the style).

Import from the modules (prosody, presets, apply, markup, reference), so that a caller that needs only the
Prosody value does not load the signal-processing libraries.
"""
