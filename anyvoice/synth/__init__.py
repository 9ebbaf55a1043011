"""Base synthesizers: the bundled TTS models that speak text before an engine renders it in the target voice."""
from anyvoice.synth import kokoro, piper  # noqa: F401  (each module registers its synthesizer)
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer, create_synthesizer

__all__ = ["BaseSynthesizer", "SYNTHESIZERS", "create_synthesizer"]
