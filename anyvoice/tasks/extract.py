"""Target speaker extraction: from a mixture of talkers (and noise), only the speaker of a given voice.

The voice can be a reference recording, a saved voice or a designed one: the extractor is conditioned on the
voice-space embedding (GE2E), so whatever gives a Voice gives a target. Behaviour at the edges:
- stereo or multi-channel mixtures are averaged to mono (the extractor separates by voice, not by position);
- any sample rate: the network runs at 16 kHz, the output comes back at the mixture's rate and length;
- a mixture of any length, shorter than the reference included (the reference is only an embedding); long
  mixtures run in 8 s chunks cross-faded over 1 s;
- a voice that is not in the mixture: the result says so (`present` False, with the similarity it measured),
  because the network then returns whichever talker is nearest, quieter; the CLI warns, and `--strict` fails.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from anyvoice.audio.chunks import overlap_chunks
from anyvoice.audio.signal import active_level_db, fit_length, is_silent, resample, to_mono
from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.tasks.common import Progress, resolve_voice
from anyvoice.voice import Voice

CHUNK_SECONDS = 8.0
OVERLAP_SECONDS = 1.0
#: GE2E similarity of the output to the voice below which it is reported absent: on 24 calibration mixtures
#: (seed 5, apart from the bench's) this kept 96 % of present voices and flagged 79 % of absent ones.
PRESENT_SIMILARITY = 0.70
#: An output this far below the mixture's level means the network found nothing of the voice.
PRESENT_LEVEL_DB = -25.0
_MIN_SPEECH_S = 0.6  # below this the output is too short to measure a voice on


@dataclass
class ExtractResult:
    """The extracted speech, and whether the voice was found in the mixture."""

    audio: np.ndarray  # mono float32 at `sample_rate`, as long as the mixture
    sample_rate: int
    similarity: float | None  # GE2E cosine of the output to the voice; None when too little speech to measure
    level_db: float  # output level relative to the mixture
    present: bool

    @property
    def message(self) -> str:
        """One line for the user about whether the voice was found."""
        if self.present:
            sim = "" if self.similarity is None else f" (similarity {self.similarity:.2f})"
            return f"found the voice in the mixture{sim}"
        if self.similarity is None:
            return f"the voice was not found: the output is {-self.level_db:.0f} dB below the mixture"
        return (f"the voice does not seem to be in the mixture: what was extracted has similarity "
                f"{self.similarity:.2f} to it (under {PRESENT_SIMILARITY}); check the reference")


def extract(mixture: np.ndarray, sr: int, voice: "Voice | str | os.PathLike", progress: Progress | None = None,
            model_path: str | None = None) -> ExtractResult:
    """Return only the speaker of `voice` from `mixture` ((samples,) or (samples, channels) at `sr`)."""
    import torch

    from anyvoice.inputs.speech import cosine, speaker_embedding

    x = to_mono(np.asarray(mixture, np.float32))
    if x.size == 0:
        raise InputError("the mixture is empty; give a recording in which the wanted speaker talks")
    if not np.all(np.isfinite(x)):
        raise InputError("the mixture holds NaN or infinite samples")
    target = resolve_voice(voice)
    if is_silent(x):
        return ExtractResult(x.copy(), sr, None, -np.inf, False)
    model = load("extractor", model_path)
    msr = model.cfg.sample_rate
    x16 = resample(x, sr, msr)
    emb = torch.from_numpy(np.asarray(target.embedding, np.float32)[None])
    min_len = model.cfg.n_fft * 2  # the STFT needs a few frames; shorter input is padded, then cut back

    def run(piece: np.ndarray) -> np.ndarray:
        padded = np.pad(piece, (0, max(0, min_len - len(piece))))
        with torch.no_grad():
            y = model(torch.from_numpy(padded)[None], emb)[0].numpy()
        return y[:len(piece)]
    y16 = overlap_chunks(x16, run, int(CHUNK_SECONDS * msr), int(OVERLAP_SECONDS * msr), progress)
    y = fit_length(resample(y16, msr, sr), len(x))
    level = active_level_db(y, sr) - active_level_db(x, sr) if not is_silent(y) else -np.inf
    similarity = None
    try:
        similarity = cosine(speaker_embedding(y16, msr), target.embedding)
    except InputError:  # too little speech left to measure
        pass
    present = level > PRESENT_LEVEL_DB and (similarity is None and len(x) / sr < _MIN_SPEECH_S or
                                            similarity is not None and similarity >= PRESENT_SIMILARITY)
    return ExtractResult(y.astype(np.float32), sr, similarity, float(level), bool(present))
