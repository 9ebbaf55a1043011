"""The one place that knows every bundled model: where it lives, how to load it, how to install it."""
from anyvoice.models import bundled  # noqa: F401  (registers the third-party models)
from anyvoice.models.registry import ModelSpec, load, model_status, specs

__all__ = ["ModelSpec", "load", "model_status", "specs"]
