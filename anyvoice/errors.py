"""User-facing errors. Each message names the problem and what to do about it."""


class AnyVoiceError(Exception):
    """Base class for every error anyvoice raises on purpose."""


class InputError(AnyVoiceError, ValueError):
    """The caller gave something anyvoice cannot work with (bad audio, text, file, name)."""


class ModelMissingError(AnyVoiceError, RuntimeError):
    """A bundled model's package is not installed, or a user checkpoint path does not exist."""


class NotFoundError(InputError):
    """A named thing (a saved voice) does not exist."""


class ConflictError(InputError):
    """The request clashes with what exists (a voice name already taken)."""


class UnprocessableError(InputError):
    """Well-formed input the task cannot do its job on (the asked voice is not in the mixture)."""
