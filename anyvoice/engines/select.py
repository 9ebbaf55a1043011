"""`select` engine: the dsp conversion, then frame selection from the reference that refines the envelope.

Plain nearest-neighbour matching (kNN-VC) copies timbre but, with a short reference, substitutes the wrong
phones and loses the words. Here matching happens *after* the global dsp conversion, so the frames already sit
near the target's, and the matched frames only nudge the envelope: the correction (mean of the k nearest
reference frames minus the converted frame) is limited in size, faded for frames no reference frame is near
(sounds the reference never says), smoothed over time and applied with weight `blend` as a filter on the
waveform. Formant movement, and so the words, stays the source's. A recording stated to be in another language
than English takes a lighter correction (`for_recording_in`).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

import numpy as np

from anyvoice.audio.filtering import DB, apply_envelope_gain, smooth_freq
from anyvoice.audio.signal import interp_rows
from anyvoice.audio.world import FRAME_MS, frame_count, smooth_time, to_grid
from anyvoice.engines.base import ENGINES, Engine
from anyvoice.engines.dsp import DspConfig, SourceBound, dsp_stage, finish
from anyvoice.text.languages import language_key
from anyvoice.voice import Voice


@dataclass
class SelectConfig:
    """Knobs of the frame-selection refinement."""

    dsp: DspConfig = field(default_factory=DspConfig)
    k: int = 4  # reference frames averaged per source frame
    blend: float = 0.5  # 0 = plain dsp, 1 = the full matched correction
    other_language_blend: float = 0.3  # `blend` for a person's recording in a language other than English
    max_db: float = 9.0  # per-frame correction limit
    smooth_frames: int = 7  # time smoothing of the correction (5 ms frames)
    smooth_bins: int = 3  # frequency smoothing: the correction shapes the envelope, never single peaks
    fade_unmatched: bool = True  # frames farther from the reference than the sentence's median get less correction


def knn_mean(query: np.ndarray, bank: np.ndarray, k: int, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """For each row of `query`, the mean of its `k` nearest rows of `bank`, matched on shape (each row's mean
    removed) and returned at the query row's own level; and the row's root-mean-square distance to those `k`."""
    q = query - query.mean(axis=1, keepdims=True)
    b = (bank - bank.mean(axis=1, keepdims=True)).astype(np.float32)
    bn = np.sum(b * b, axis=1)
    k = min(k, len(bank))
    out = np.empty(query.shape, np.float32)
    dist = np.empty(len(query), np.float32)
    for i in range(0, len(q), chunk):
        qi = q[i:i + chunk].astype(np.float32)
        d = bn[None, :] - 2.0 * qi @ b.T  # squared distance less the query row's own square
        idx = np.argpartition(d, k - 1, axis=1)[:, :k]
        out[i:i + chunk] = b[idx].mean(axis=1) + query[i:i + chunk].mean(axis=1, keepdims=True)
        near = np.take_along_axis(d, idx, axis=1).mean(axis=1) + np.sum(qi * qi, axis=1)
        dist[i:i + chunk] = np.sqrt(np.maximum(near, 0.0) / query.shape[1])
    return out, dist


def match_weights(dist: np.ndarray) -> np.ndarray:
    """How much of its matched correction each frame takes: all of it up to the median distance, less beyond, in
    proportion. A frame far from every reference frame is a sound the reference never says (another language's
    vowel): its nearest frames are other sounds, and moving it toward them costs the word."""
    return np.minimum(1.0, float(np.median(dist)) / np.maximum(dist, 1e-6)).astype(np.float32)


@ENGINES.register("select", "dsp conversion refined by frame selection from the reference (best similarity)")
class SelectEngine(SourceBound, Engine):
    """dsp + a bounded, smoothed, time-varying envelope correction toward the nearest reference frames."""

    name = "select"

    def __init__(self, config: SelectConfig | None = None):
        self.config = config or SelectConfig()

    def dsp_config(self) -> DspConfig:
        return self.config.dsp

    def for_recording_in(self, language: str) -> "SelectEngine":
        """This engine with `other_language_blend` for a recording in a language other than English. The voices'
        references are taken to speak English: the nearest of their frames to another language's sounds are more
        often other sounds, which a real speaker's words lose more to than a base reader's clear ones (text to
        speech keeps `blend`: there the lighter correction gained no words and cost similarity)."""
        if language_key(language) == "en":
            return self
        bound = copy.copy(self)  # keeps a `for_source` binding
        bound.config = replace(self.config, blend=self.config.other_language_blend)
        return bound

    def convert(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> np.ndarray:
        cfg = self.config
        r = dsp_stage(wav, sr, voice, cfg.dsp, f0, self.source_eq(voice))
        feat = r.features
        n = frame_count(len(r.wav), sr)  # 5-ms frames of the whole
        gain = np.tile(r.eq, (n, 1)).astype(np.float32)
        v = feat.voiced
        if v.any() and len(voice.envelope_frames):
            frames = to_grid(feat.sp[v], feat.sr) + (r.eq - r.features_eq)  # as they will sound after the eq
            target, dist = knn_mean(frames, voice.envelope_frames.astype(np.float32), cfg.k)
            corr = np.zeros((len(v), len(r.eq)), np.float32)
            diff = smooth_freq(target - frames, cfg.smooth_bins)
            if cfg.fade_unmatched:
                diff *= match_weights(dist)[:, None]
            corr[v] = np.clip(diff, -cfg.max_db * DB, cfg.max_db * DB)
            corr = interp_rows(np.arange(n) * FRAME_MS, np.arange(len(v)) * feat.frame_ms, corr)
            # Smoothing over all frames also fades the correction in and out at voicing edges.
            gain += smooth_time(corr, cfg.smooth_frames) * cfg.blend
        y = apply_envelope_gain(r.wav, sr, gain, FRAME_MS)
        return finish(y, sr, voice, len(wav), cfg.dsp.match_energy)
