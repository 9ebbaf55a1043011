"""`dsp` engine: PSOLA pitch mapping and vocal-tract warp, then long-term spectral-envelope equalisation.

Analysis uses WORLD (F0 and envelopes); the sound itself is the source's waveform moved by PSOLA and filtered
by smooth gains, which keeps it far cleaner than re-synthesis by a vocoder model.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from anyvoice.audio.filtering import DB, apply_envelope_gain, smooth_freq
from anyvoice.audio.psola import change_voice
from anyvoice.audio.signal import fit_length, match_level
from anyvoice.audio.world import FRAME_MS, WorldFeatures, analyze, speaker_f0, to_grid, track_f0
from anyvoice.cache import ArrayMemo
from anyvoice.engines.base import ENGINES, Engine
from anyvoice.inputs.attributes import median_formants, vocal_tract_length
from anyvoice.voice import Voice

#: an eq pass whose envelopes only give their mean analyses every this-many frames (20 ms apart)
MEAN_EVERY = 4


@dataclass
class DspConfig:
    """Knobs of the dsp conversion."""

    pitch_range: bool = True  # map the spread of log-F0 as well as its median
    max_range_ratio: float = 2.0
    warp_limits: tuple[float, float] = (0.8, 1.25)  # formant scale factors beyond these sound unnatural
    eq_max_db: float = 18.0  # the long-term envelope correction is clipped to +-this
    eq_smooth_bins: int = 5  # smoothing of the correction across the mel grid
    eq_passes: int = 2  # re-measure after filtering: the STFT filter realises only part of an envelope change
    frame_every: int = 1  # the last pass's envelopes (select follows them in time) every this-many 5-ms frames
    match_energy: bool = True


def warp_factor(wav: np.ndarray, sr: int, f0: np.ndarray, voice: Voice, limits: tuple[float, float]) -> float:
    """Formant scale factor from the source's vocal-tract length to the voice's (>1: a shorter tract)."""
    src_vtl = vocal_tract_length(median_formants(wav, sr, f0, FRAME_MS / 1000.0))
    tgt_vtl = voice.attributes.vtl_cm
    if not (np.isfinite(src_vtl) and np.isfinite(tgt_vtl)):
        return 1.0
    return float(np.clip(src_vtl / tgt_vtl, *limits))


def voiced_grid(feat: WorldFeatures) -> np.ndarray:
    """Envelopes of the voiced frames on the mel grid (all frames if none is voiced)."""
    return to_grid(feat.sp[feat.voiced] if feat.voiced.any() else feat.sp, feat.sr)


@dataclass
class DspResult:
    """The dsp stage's output and what later stages need from it."""

    wav: np.ndarray  # pitch-mapped, warped (not yet equalised)
    features: WorldFeatures  # WORLD analysis of `wav` filtered by `features_eq`
    features_eq: np.ndarray  # the part of `eq` already in `features`
    eq: np.ndarray  # static log-power correction on the grid


def dsp_stage(wav: np.ndarray, sr: int, voice: Voice, cfg: DspConfig, f0: np.ndarray | None = None,
              eq: np.ndarray | None = None) -> DspResult:
    """Map pitch and vocal tract to `voice`, then measure the remaining long-term envelope difference. `f0`: the
    source's `speaker_f0(wav, sr, fast=True)` when already tracked. `eq`: that difference when it was measured on
    more of the source speaker's speech (`long_term_eq`), which is then not measured on `wav`."""
    f0 = speaker_f0(wav, sr, fast=True) if f0 is None else f0  # measured as the voice's own pitch was
    a = voice.attributes
    alpha = warp_factor(wav, sr, f0, voice, cfg.warp_limits)
    lf = np.log(f0[f0 > 0]) if (f0 > 0).sum() > 2 else np.zeros(2)
    ratio = float(np.clip(a.log_f0_std / max(float(lf.std()), 1e-3), 1 / cfg.max_range_ratio, cfg.max_range_ratio))
    moved = change_voice(wav, sr, formant_ratio=alpha, pitch_median_hz=a.f0_median_hz,
                         range_factor=ratio if cfg.pitch_range else 1.0, f0=f0)
    # The eq filters move no pitch: one track serves every pass. It is tracked, not computed from what PSOLA was
    # asked for: that contour, with the source's voicing, cost words in other languages (docs/benchmarks.md).
    moved_f0 = track_f0(moved, sr, fast=True)
    if eq is not None:
        feat = analyze(apply_envelope_gain(moved, sr, eq, FRAME_MS), sr, f0=moved_f0, every=cfg.frame_every)
        return DspResult(moved, feat, eq, eq)
    eq = np.zeros_like(voice.envelope_mean)
    for i in range(cfg.eq_passes):
        applied = eq
        # Only the last pass's envelopes are used frame by frame (by select); the others give a mean.
        every = cfg.frame_every if i == cfg.eq_passes - 1 else MEAN_EVERY
        feat = analyze(apply_envelope_gain(moved, sr, eq, FRAME_MS) if i else moved, sr, f0=moved_f0, every=every)
        step = smooth_freq(voice.envelope_mean - voiced_grid(feat).mean(axis=0), cfg.eq_smooth_bins)
        eq = np.clip(eq + step - step.mean(), -cfg.eq_max_db * DB, cfg.eq_max_db * DB)
    return DspResult(moved, feat, applied, eq)


_LONG_TERM_EQS = ArrayMemo("long-term-eq", version="1", on_disk=256)


def long_term_eq(sample: np.ndarray, sr: int, voice: Voice, cfg: DspConfig) -> np.ndarray:
    """The long-term envelope correction from the speaker of `sample` (a passage of their speech) to `voice`.

    Measured on one sentence, the correction also takes that sentence's sounds for the speaker's timbre (a
    sentence full of front vowels has its upper formants cut) and costs words, most in a language other than
    the voice's; measured on a passage it is the speakers' difference alone, the same for every sentence."""
    a = voice.attributes
    key = np.concatenate([sample.astype(np.float32), voice.envelope_mean.astype(np.float32),
                          np.array([a.f0_median_hz, a.log_f0_std, a.vtl_cm], np.float32)])
    only_means = replace(cfg, frame_every=MEAN_EVERY)  # no frame-by-frame envelopes are used from a passage
    return _LONG_TERM_EQS.get(key, f"{sr}|{only_means}", lambda: dsp_stage(sample, sr, voice, only_means).eq)


class SourceBound:
    """An engine whose long-term filter can be measured once on a passage of the source speaker (`for_source`),
    for every piece of theirs it converts into that voice."""

    measures_source = True
    _bound: tuple[Voice, np.ndarray] | None = None

    def dsp_config(self) -> DspConfig:
        """The settings of the engine's dsp stage."""
        raise NotImplementedError

    def for_source(self, sample: np.ndarray, sr: int, voice: Voice) -> "SourceBound":
        """A copy of this engine whose long-term filter into `voice` is the one measured on `sample`."""
        bound = copy.copy(self)
        bound._bound = (voice, long_term_eq(sample, sr, voice, self.dsp_config()))
        return bound

    def source_eq(self, voice: Voice) -> np.ndarray | None:
        """The long-term correction measured by `for_source` for `voice`; None for any other voice."""
        return self._bound[1] if self._bound is not None and self._bound[0] is voice else None


def finish(y: np.ndarray, sr: int, voice: Voice, n: int, match_energy: bool) -> np.ndarray:
    """Trim/pad to the input length `n` and set the level to the voice's speaking energy."""
    y = fit_length(y, n)
    return match_level(y, sr, voice.attributes.energy_db) if match_energy else y.astype(np.float32)


@ENGINES.register("dsp", "PSOLA pitch level/range mapping and vocal-tract warp, long-term envelope matching (fast)")
class DspEngine(SourceBound, Engine):
    """Global transforms only: keeps every word, moves timbre part of the way."""

    name = "dsp"

    def __init__(self, config: DspConfig | None = None):
        self.config = config or DspConfig()

    def dsp_config(self) -> DspConfig:
        return self.config

    def convert(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> np.ndarray:
        r = dsp_stage(wav, sr, voice, self.config, f0, self.source_eq(voice))
        y = apply_envelope_gain(r.wav, sr, r.eq, FRAME_MS)
        return finish(y, sr, voice, len(wav), self.config.match_energy)
