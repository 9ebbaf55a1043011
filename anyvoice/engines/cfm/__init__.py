"""The `cfm` engine: a conditional flow-matching mel decoder conditioned on the voice space, and HiFi-GAN."""
from anyvoice.engines.cfm.engine import CfmEngine, CfmEngineConfig

__all__ = ["CfmEngine", "CfmEngineConfig"]
