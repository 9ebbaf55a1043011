"""User-facing errors. Each message names the problem and what to do about it."""


class AnyVoiceError(Exception):
    """Base class for every error anyvoice raises on purpose."""


class InputError(AnyVoiceError, ValueError):
    """The caller gave something anyvoice cannot work with (bad audio, text, file, name)."""


class ModelMissingError(AnyVoiceError, RuntimeError):
    """A bundled model's package is not installed, or a user checkpoint path does not exist."""
