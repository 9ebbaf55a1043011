"""Base synthesizers: speak text in their own voice (Piper, Kokoro); the engines then render it in the target voice.
The implementations register themselves and are imported when a synthesizer is asked for."""
from anyvoice.synth.base import DEFAULT_BASE, SYNTHESIZERS, BaseSynthesizer, create_synthesizer, default_base

__all__ = ["SYNTHESIZERS", "DEFAULT_BASE", "BaseSynthesizer", "create_synthesizer", "default_base"]
