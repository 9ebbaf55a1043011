"""Zero-shot voice conversion: someone's speech, same words and intonation, in the target voice."""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Iterator, Sequence

import numpy as np

from anyvoice.audio.signal import frame_energy, is_silent
from anyvoice.engines import DEFAULT_ENGINE, Engine, resolve_engine
from anyvoice.errors import InputError
from anyvoice.inputs.asr import detect_language
from anyvoice.progress import Progress
from anyvoice.style.apply import apply_prosody
from anyvoice.style.prosody import Prosody
from anyvoice.style.resolve import resolve_prosody
from anyvoice.text.languages import DETECT, recording_language
from anyvoice.voice import Voice
from anyvoice.voice.resolve import resolve_voice

CHUNK_SECONDS = 20.0  # long sources are cut at quiet points so memory stays flat


def split_points(wav: np.ndarray, sr: int, chunk_s: float = CHUNK_SECONDS, search_s: float = 3.0) -> list[int]:
    """Sample indices that cut `wav` into pieces of about `chunk_s`, each cut at the quietest 10 ms nearby."""
    hop = int(0.01 * sr)
    n_frames = len(wav) // hop
    if len(wav) <= chunk_s * sr * 1.5 or n_frames == 0:
        return [0, len(wav)]
    energy = frame_energy(wav, sr)
    cuts = [0]
    while len(wav) - cuts[-1] > chunk_s * sr * 1.5:
        centre = (cuts[-1] + int(chunk_s * sr)) // hop
        lo, hi = max(centre - int(search_s * 100), cuts[-1] // hop + 1), min(centre + int(search_s * 100), n_frames)
        cuts.append((lo + int(np.argmin(energy[lo:hi]))) * hop)
    return cuts + [len(wav)]


def convert_in_pieces(eng: Engine, wav: np.ndarray, sr: int, voice: Voice) -> np.ndarray:
    """`eng.convert` over `wav` cut at quiet points (split_points): a long input (a sentence spoken very slowly)
    keeps memory and every native call bounded."""
    cuts = split_points(wav, sr)
    return np.concatenate([eng.convert(wav[a:b], sr, voice) for a, b in zip(cuts[:-1], cuts[1:])])


def stream_in_pieces(eng: Engine, wav: np.ndarray, sr: int, voice: Voice) -> Iterator[np.ndarray]:
    """Like `convert_in_pieces`, as the engine streams each piece (`Engine.convert_stream`)."""
    cuts = split_points(wav, sr)
    for a, b in zip(cuts[:-1], cuts[1:]):
        yield from eng.convert_stream(wav[a:b], sr, voice)


def convert(wav: np.ndarray, sr: int, voice: "Voice | str | os.PathLike", engine: "Engine | str" = DEFAULT_ENGINE,
            progress: Progress | None = None, style: str | None = None, prosody: Prosody | None = None,
            style_reference: "str | os.PathLike | None" = None,
            emphasis: Sequence[tuple[float, float]] = (), language: str | None = None) -> np.ndarray:
    """Return `wav` (mono float32 at `sr`) spoken in `voice`, at the same rate.

    Without style the length is unchanged. `style`, `prosody` and `style_reference` change the delivery as in
    `tts` (a pace other than 1 changes the length); `emphasis` lists (start, end) seconds of the source to stress;
    `language` is the recording's language code (None: not stated; "auto": heard by Whisper base in its first 30 s),
    in which the engine keeps its words (`Engine.for_recording_in`).
    """
    code = None if language is None else recording_language(language)
    wav = np.asarray(wav, np.float32)
    if wav.ndim != 1 or wav.size == 0:
        raise InputError("the source audio is empty")
    if is_silent(wav):
        raise InputError("the source audio is silent; nothing to convert")
    target = resolve_voice(voice)
    # A voice's own speaking rate is for what it says itself: converted speech keeps the source's timing (the
    # words stay in step with a picture), unless the request's style asks for another pace.
    own = replace(target, delivery=replace(target.delivery, pace=1.0))
    style_prosody = resolve_prosody(own, style, prosody, style_reference)
    eng = resolve_engine(engine)
    if code == DETECT:
        code = detect_language(wav, sr)[0]
    if code is not None:
        eng = eng.for_recording_in(code)
    cuts = split_points(wav, sr)
    out = []
    for i, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
        piece = wav[a:b]
        if not is_silent(piece):
            t0, t1 = a / sr, b / sr
            spans = [(max(s, t0) - t0, min(e, t1) - t0) for s, e in emphasis if s < t1 and e > t0]
            piece = apply_prosody(eng.convert(piece, sr, target), sr, style_prosody, spans)
        out.append(piece)
        if progress:
            progress(i + 1, len(cuts) - 1)
    return np.concatenate(out)
