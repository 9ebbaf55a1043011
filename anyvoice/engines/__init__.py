"""Engines: how a voice becomes sound. Each renders given speech in a target Voice behind one interface."""
from anyvoice.engines.base import DEFAULT_ENGINE, ENGINES, Engine, create_engine
from anyvoice.engines import passthrough  # noqa: F401,E402,I001  (each registers itself; baseline first)
from anyvoice.engines import dsp, select  # noqa: F401,E402,I001

__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "create_engine"]
