"""Which voice a request means: a saved voice (id or name), a built-in voice, or a base synthesizer's own."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from anyvoice.engines import DEFAULT_ENGINE, ENGINES
from anyvoice.errors import InputError, NotFoundError
from anyvoice.synth.base import SYNTHESIZERS, names_a_file
from anyvoice.voice import Voice
from anyvoice.voice.library import VoiceLibrary

#: OpenAI's voice names, so its clients work unchanged. None is the fast Piper base voice as it is; the others are
#: designed from these descriptions on first use (they speak through Kokoro bases, slower on a CPU).
BUILTIN_VOICES: dict[str, str | None] = {
    "alloy": None,
    "ash": "a clear, young man",
    "ballad": "a soft, warm, expressive man",
    "coral": "a warm, expressive young woman",
    "echo": "a calm, deep voice of a man",
    "fable": "a lively man with a British accent",
    "onyx": "a very deep, low-pitched older man",
    "nova": "a bright young woman",
    "sage": "a calm, low-pitched older woman",
    "shimmer": "a soft, breathy young woman",
    "verse": "an expressive, bright man",
}
#: OpenAI's model names -> anyvoice engines; every engine's own name works too
MODEL_ALIASES = {"tts-1": DEFAULT_ENGINE, "tts-1-hd": DEFAULT_ENGINE, "gpt-4o-mini-tts": DEFAULT_ENGINE}


def engine_for_model(model: str) -> str:
    """The engine a `model` field asks for; InputError naming the choices when unknown."""
    engine = MODEL_ALIASES.get(model, model)
    if engine not in ENGINES.names():
        raise InputError(f"unknown model {model!r}; use one of {', '.join(list(MODEL_ALIASES) + ENGINES.names())}")
    return engine


def _unknown(key: str) -> str:
    return (f"unknown voice {key[:80]!r}; use a saved voice's id or name (GET /v1/voices), a built-in voice "
            f"({', '.join(BUILTIN_VOICES)}) or a base (piper, kokoro:jf_alpha)")


def _refuse_files(base: str) -> None:
    """A client names the server's bases, never a file on it."""
    if names_a_file(base):
        raise InputError(f"{base[:80]!r} names a file; the server speaks with its own bases (piper, kokoro:jf_alpha, "
                         "...): a Piper voice file of your own is for `anyvoice tts --base`")


@dataclass(frozen=True)
class Speaker:
    """A resolved `voice` field: the Voice to render in (None: the base's own voice) and the base to speak with."""

    voice: Voice | None
    base: str | None
    label: str


class VoiceResolver:
    """Resolves voice names for every request; built-in designs are made once and kept."""

    def __init__(self, library: VoiceLibrary):
        self.library = library
        self._designed: dict[str, Voice] = {}
        self._lock = threading.Lock()

    def builtin(self, name: str) -> Voice | None:
        """The built-in voice `name` (None for the base voice); designs it the first time."""
        description = BUILTIN_VOICES[name]
        if description is None:
            return None
        with self._lock:
            if name not in self._designed:
                from anyvoice.voice.design import design_voice

                self._designed[name] = design_voice(text=description, name=name)
            return self._designed[name]

    def check(self, key: str) -> None:
        """InputError at once for a name that cannot resolve; cheap (no model loaded), so a request with a bad
        voice is answered without waiting for a worker."""
        key = str(key).strip()
        try:
            self.library.entry(key)
            return
        except NotFoundError:
            pass
        if key.lower() not in BUILTIN_VOICES and key.partition(":")[0] not in SYNTHESIZERS.names():
            raise InputError(_unknown(key))
        _refuse_files(key)

    def resolve(self, key: str) -> Speaker:
        """A saved voice (id or name), a built-in voice name, or a base ('piper', 'kokoro:jf_alpha')."""
        key = str(key).strip()
        try:
            entry, voice = self.library.get(key)
            return Speaker(voice, None, entry.name)
        except NotFoundError:
            pass
        if key.lower() in BUILTIN_VOICES:
            return Speaker(self.builtin(key.lower()), None, key.lower())
        if key.partition(":")[0] in SYNTHESIZERS.names():
            from anyvoice.synth import create_synthesizer

            _refuse_files(key)
            create_synthesizer(key)  # raises InputError for an unknown style or accent
            return Speaker(None, key, key)
        raise InputError(_unknown(key))

    def named(self, key: str) -> tuple[Voice | None, str | None]:
        """An SSML <voice name>: the Voice the name means (None for a base synthesizer's own voice) and its base."""
        speaker = self.resolve(key)
        return speaker.voice, speaker.base

    def voice(self, key: str, task: str) -> Voice:
        """The Voice `key` names, for a task that needs one (a base synthesizer's own voice has none)."""
        speaker = self.resolve(key)
        if speaker.voice is None:
            raise InputError(f"voice {key!r} is a base synthesizer's own voice; {task} needs a saved voice or a "
                             "designed built-in one (e.g. nova)")
        return speaker.voice
