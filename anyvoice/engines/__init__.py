"""Engines: how a voice becomes sound. Each renders given speech in a target Voice behind one interface."""
from anyvoice.engines import cfm, dsp, passthrough, select  # noqa: F401  (each module registers its engine)
from anyvoice.engines.base import DEFAULT_ENGINE, ENGINES, Engine, create_engine

__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "create_engine"]
