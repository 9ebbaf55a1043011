"""Engines: how a voice becomes sound. Each renders given speech in a target Voice behind one interface."""
from anyvoice.engines.base import ENGINES, DEFAULT_ENGINE, Engine, create_engine

__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "create_engine"]
