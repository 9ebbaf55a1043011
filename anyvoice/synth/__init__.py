"""Base synthesizers: the bundled TTS models that speak text before an engine renders it in the target voice."""
from anyvoice.synth.base import BaseSynthesizer, SYNTHESIZERS, create_synthesizer

__all__ = ["BaseSynthesizer", "SYNTHESIZERS", "create_synthesizer"]
