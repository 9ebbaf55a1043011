"""Engines: how a voice becomes sound. Each renders given speech in a target Voice behind one interface; the
implementations (passthrough, dsp, select, cfm) register themselves and are imported when an engine is asked for."""
from anyvoice.engines.base import DEFAULT_ENGINE, ENGINES, Engine, create_engine, resolve_engine

__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "create_engine", "resolve_engine"]
