"""The engine interface and registry."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterator

import numpy as np

from anyvoice.naming import Registry
from anyvoice.voice import Voice

#: Chosen by the clone benchmark (bench/clone_bench.py, figures in docs/benchmarks.md): the best similarity at
#: unchanged WER well within real time on a laptop CPU; `cfm` goes further toward the target for more compute.
DEFAULT_ENGINE = "select"


class Engine(ABC):
    """Renders speech in a target voice, keeping the words and the intonation contour of the input."""

    name: str
    #: the one language whose words the engine reads with a model of that language (its words in another may be
    #: lost); None: it keeps any language's words without reading them
    reads_words_in: str | None = None

    @abstractmethod
    def convert(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> np.ndarray:
        """Return `wav` (mono float32 at `sr`) spoken in `voice`, at the same rate `sr` and about the same length.
        `f0`: the speaker's pitch in `wav` when a caller has already tracked it (`speaker_f0(wav, sr, fast=True)`:
        Hz on WORLD's frame grid, 0 unvoiced), which an engine that follows the source's pitch uses instead of
        tracking it again."""

    #: whether `for_source` reads its sample (a caller that would have to make one first makes it only then)
    measures_source: bool = False

    def for_source(self, sample: np.ndarray, sr: int, voice: Voice) -> "Engine":
        """This engine for speech of the speaker of `sample` (mono float32 at `sr`: a passage of theirs, longer
        than the pieces to convert) into `voice`: an engine that compares the source's long-term spectrum with the
        voice's measures it on `sample` once, so that every piece gets the same correction whatever its words.
        By default the engine itself."""
        return self

    def for_recording_in(self, language: str) -> "Engine":
        """This engine for a person's recording in `language` (an ISO 639 code, `recording_language`): an engine
        whose refinement costs another language's words takes less of it. By default the engine itself."""
        return self

    def convert_stream(self, wav: np.ndarray, sr: int, voice: Voice) -> Iterator[np.ndarray]:
        """The same conversion in consecutive pieces that join to `convert`'s output; an engine that can give its
        first piece early (cfm) does, the others give the whole as one piece."""
        yield self.convert(wav, sr, voice)


ENGINES: Registry[Engine] = Registry("engine", ["anyvoice.engines.passthrough", "anyvoice.engines.dsp",
                                                 "anyvoice.engines.select", "anyvoice.engines.cfm.engine"])


def create_engine(name: str = DEFAULT_ENGINE, **config) -> Engine:
    """Build the engine registered as `name` (see `ENGINES.describe()`)."""
    return ENGINES.create(name, **config)


def resolve_engine(engine: "Engine | str") -> Engine:
    """An engine as given (configured by the caller), or the one registered as a name with its defaults."""
    return engine if isinstance(engine, Engine) else create_engine(engine)
