"""What the `cfm` network reads, on the mel frame grid (22.05 kHz / 256): content, log-F0 and voicing of speech,
and the target's speaker embedding and reference timbre frames from a Voice."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.audio.mel import FRAME_RATE, HOP, MEL_SR, hifigan_mel
from anyvoice.audio.signal import interp_rows, resample
from anyvoice.audio.world import FRAME_MS, speaker_f0
from anyvoice.inputs.content import CONTENT_MODEL, CONTENT_RATE, WINDOW_S, content_features

#: log-F0 normalisation: (ln f0 - ln 150 Hz) / 0.5
LOG_F0_CENTER, LOG_F0_SCALE = float(np.log(150.0)), 0.5
#: reference timbre frames the network attends to (subsampled from the Voice's envelope frames)
MAX_REF_FRAMES = 96


@dataclass
class FrameFeatures:
    """One utterance on the mel grid: n frames."""

    content: np.ndarray  # (n, width) Whisper encoder frames, interpolated from 50/s
    f0_hz: np.ndarray  # (n,) 0 where unvoiced
    mel: np.ndarray | None = None  # (n, 80) when the audio is the target itself (training)


def n_frames(samples_at_mel_sr: int) -> int:
    return max(1, int(np.ceil(samples_at_mel_sr / HOP)))


def _on_grid(values: np.ndarray, rate: float, n: int) -> np.ndarray:
    """Frames at `rate` per second, linearly interpolated to n mel frames (centres at (i + 0.5) / FRAME_RATE)."""
    src_t = (np.arange(len(values)) + 0.5) / rate
    return interp_rows((np.arange(n) + 0.5) / FRAME_RATE, src_t, values).astype(np.float32)


def f0_on_grid(wav: np.ndarray, sr: int, n: int, track: np.ndarray | None = None) -> np.ndarray:
    """The speaker's F0 (Hz, 0 unvoiced) at the n mel frame centres: `speaker_f0`'s fast track (`track` when it is
    already made), read at the nearest of its frames, so voicing stays crisp. It is the track the `select` start
    moves pitch by, so one track serves both."""
    f0 = speaker_f0(wav, sr, fast=True) if track is None else np.asarray(track)
    idx = np.round((np.arange(n) + 0.5) / FRAME_RATE * 1000.0 / FRAME_MS).astype(int)
    return f0[np.clip(idx, 0, len(f0) - 1)].astype(np.float32)


def frame_features(wav: np.ndarray, sr: int, with_mel: bool = False, content_from: np.ndarray | None = None,
                   window_s: float = WINDOW_S, f0: np.ndarray | None = None, encoder: str = CONTENT_MODEL
                   ) -> FrameFeatures:
    """Features of mono `wav`; `content_from` (same length and rate) gives the content instead (training reads
    the words from a pitch- and formant-shifted copy, so the bottleneck cannot rely on the speaker); `window_s`:
    the content encoder's window; `f0`: the speaker's pitch track when already made (`f0_on_grid`); `encoder`:
    the content encoder (CONTENT_ENCODERS)."""
    x = resample(np.asarray(wav, np.float32), sr, MEL_SR)
    n = n_frames(len(x))
    content = content_features(wav if content_from is None else content_from, sr, window_s, encoder)
    return FrameFeatures(content=_on_grid(content, CONTENT_RATE, n), f0_hz=f0_on_grid(wav, sr, n, f0),
                         mel=hifigan_mel(x)[:n] if with_mel else None)


def normalise_content(content: np.ndarray, corpus_mean: np.ndarray) -> np.ndarray:
    """(n, width) content frames with the utterance's mean frame replaced by `corpus_mean`: the speaker's static
    offset in Whisper's frames goes, the movement that carries the words stays."""
    return (content - content.mean(axis=0) + corpus_mean).astype(np.float32)


def mel_on_grid(wav: np.ndarray, sr: int, n: int) -> np.ndarray:
    """(n, 80) HiFi-GAN log-mel of mono `wav`, its last frame repeated or frames dropped to make n."""
    mel = hifigan_mel(resample(np.asarray(wav, np.float32), sr, MEL_SR))[:n]
    return np.pad(mel, ((0, n - len(mel)), (0, 0)), mode="edge")


def log_f0_inputs(f0_hz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(normalised log-F0 with unvoiced gaps filled by interpolation, voiced flag) for the network."""
    voiced = f0_hz > 0
    log_f0 = np.full(len(f0_hz), LOG_F0_CENTER, np.float32)
    if voiced.any():
        idx = np.arange(len(f0_hz))
        log_f0 = np.interp(idx, idx[voiced], np.log(f0_hz[voiced])).astype(np.float32)
    return ((log_f0 - LOG_F0_CENTER) / LOG_F0_SCALE).astype(np.float32), voiced.astype(np.float32)


def reference_frames(envelope_frames: np.ndarray, envelope_mean: np.ndarray, rng: np.random.Generator | None = None,
                     limit: int = MAX_REF_FRAMES) -> np.ndarray:
    """(R, 96) timbre frames for cross-attention: up to `limit` of the voice's envelope frames (evenly spaced, or
    drawn with `rng`), and always the mean envelope (a designed voice has only that)."""
    frames = np.asarray(envelope_frames, np.float32)
    if len(frames) > limit - 1:
        pick = rng.choice(len(frames), limit - 1, replace=False) if rng is not None else \
            np.linspace(0, len(frames) - 1, limit - 1).astype(int)
        frames = frames[np.sort(pick)]
    return np.concatenate([np.asarray(envelope_mean, np.float32)[None], frames]).astype(np.float32)
