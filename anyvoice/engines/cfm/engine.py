"""The `cfm` engine: the seeds' neural generator behind the common engine interface."""
from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np

from anyvoice.audio.filtering import apply_mel_gain
from anyvoice.audio.mel import MEL_SR, mel_level_db
from anyvoice.audio.signal import StreamResampler, active_level_db, fit_length, limit_peaks
from anyvoice.audio.world import speaker_f0
from anyvoice.engines.base import ENGINES, Engine, create_engine
from anyvoice.engines.cfm.features import (
    frame_features,
    log_f0_inputs,
    mel_on_grid,
    normalise_content,
    reference_frames,
)
from anyvoice.engines.cfm.vocode import piece_bounds, vocode_pieces
from anyvoice.engines.dsp import DspConfig, finish
from anyvoice.engines.select import SelectConfig, SelectEngine
from anyvoice.inputs.content import CONTENT_ENCODERS
from anyvoice.models.precision import resolved
from anyvoice.voice import Voice

if TYPE_CHECKING:
    from anyvoice.engines.cfm.model import CfmDecoder

#: the longest piece a stream vocodes at once, in mel frames (3 s)
MAX_PIECE_FRAMES = 256
#: how the drawn mel can be made audible (CfmEngineConfig.render)
RENDERS = ("vocoder", "filter")
#: what can run the decoder while it draws (CfmEngineConfig.runtime; runtime.py)
RUNTIMES = ("onnx", "torch")


@dataclass
class CfmEngineConfig:
    """How the cfm engine draws its mel (the measured sweep of these choices is in docs/benchmarks.md)."""

    # The flow starts part of the way along the path from noise to another engine's conversion (as SDEdit does
    # for images): that conversion's mel keeps the words, the decoder regenerates the timbre. From noise alone
    # (start_from None) the decoder reaches as far toward the target but loses many of the words.
    start_from: str | None = "select"  # engine whose output the flow starts from; None: pure noise
    start_t: float = 0.7  # flow time of that start (0 = noise, 1 = the start mel itself)
    steps: int = 5  # Euler steps from start_t to 1 (20 from noise alone)
    # Read the content with its utterance mean replaced by the training corpus's: less of the source speaker leaks
    # through (the leakage probe). The shipped decoder was trained on raw frames, so from noise alone
    # (start_from None) this costs words; from a start, whose mel carries them, it does not.
    normalise_content: bool = True
    guidance: float = 0.0  # classifier-free guidance strength (> 0 doubles the decoder's compute)
    temperature: float = 0.5  # scale of the noise (< 1: steadier, clearer speech)
    checkpoint: str | None = None  # your own decoder (anyvoice train cfm); None: the shipped one
    seed: int = 0  # seed of the noise the flow starts from: the same input gives the same output
    match_energy: bool = True  # bring the output to the voice's speaking level
    precision: str = "auto"  # the vocoder's arithmetic: float32, bfloat16, auto (bfloat16 where native)
    runtime: str = "onnx"  # what runs the decoder: onnx (ONNX Runtime, faster on a CPU) or torch
    # How the drawn mel is heard: "vocoder" (HiFi-GAN resynthesises it) or "filter" (the start's own waveform is
    # filtered toward it: no vocoder, faster, the start's texture; needs a start)
    render: str = "vocoder"
    filter_max_db: float = 18.0  # "filter": the largest change of any band at any moment
    # "filter": the largest rise of any band; a rise lifts the start's own noise and artefacts with its voice, so
    # DNSMOS falls as rises grow, while most of the timbre is in the cuts
    filter_max_boost_db: float = 3.0
    filter_smooth_bands: int = 5  # "filter": the gain is averaged over this many mel bands (an envelope, no peaks)
    content_window_s: float = 10.0  # the content encoder's window (Whisper's own is 30 s: 5x slower, same words)
    first_piece_frames: int = 32  # a stream's first piece, in mel frames (each next one is 4x longer)

    def __post_init__(self):
        if self.start_from == "cfm":
            raise ValueError("cfm cannot start from its own output: choose start_from='select', 'dsp' or None")
        if not 0.0 <= self.start_t < 1.0:
            raise ValueError(f"start_t must be in [0, 1), got {self.start_t}")
        resolved(self.precision)  # a misspelt precision fails here, not at the first conversion
        if self.runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {', '.join(RUNTIMES)}, got {self.runtime!r}")
        if self.render not in RENDERS:
            raise ValueError(f"render must be one of {', '.join(RENDERS)}, got {self.render!r}")
        if self.render == "filter" and self.start_from is None:
            raise ValueError("render='filter' shapes the start's waveform: give start_from (e.g. 'select')")


def target_f0(f0_hz: np.ndarray, voice: Voice) -> np.ndarray:
    """The source's F0 contour moved to the voice: median to the voice's median, spread scaled to its spread."""
    voiced = f0_hz > 0
    out = np.zeros_like(f0_hz, dtype=np.float32)
    if not voiced.any() or not voice.attributes.f0_median_hz > 0:
        return f0_hz.astype(np.float32)
    lf = np.log(f0_hz[voiced])
    spread = float(np.clip(voice.attributes.log_f0_std / max(float(np.std(lf)), 1e-3), 0.5, 2.0)) \
        if np.isfinite(voice.attributes.log_f0_std) and voice.attributes.log_f0_std > 0 else 1.0
    centre = float(np.median(lf))
    out[voiced] = np.exp(np.log(voice.attributes.f0_median_hz) + (lf - centre) * spread)
    return out


@dataclass
class DrawnMel:
    """The decoder's mel for one utterance, with what its sound's level is predicted from."""

    mel: np.ndarray  # (frames, 80) log-mel on the vocoder's grid
    level_db: float  # predicted active level of the vocoded mel at the input's rate
    start: np.ndarray | None = None  # the start engine's conversion (input rate), when the flow started from one
    start_mel: np.ndarray | None = None  # its log-mel, on the same grid as `mel`


@ENGINES.register("cfm", "neural: select's conversion regenerated by a flow-matching mel decoder (Whisper content + "
                  "voice embedding + reference timbre) -> HiFi-GAN (trained here; best similarity, slower)")
class CfmEngine(Engine):
    """Resynthesises the input's words and intonation in the target voice with the CFM decoder and HiFi-GAN."""

    name = "cfm"

    def __init__(self, config: CfmEngineConfig | None = None, start: Engine | None = None):
        """`start`: the engine whose conversion the flow starts from (default: `config.start_from` by name)."""
        self.config = config or CfmEngineConfig()
        self.name = "cfm-filter" if self.config.render == "filter" else "cfm"  # the name it is registered by
        if start is not None and self.config.start_from is None:
            raise ValueError("a start engine was given but config.start_from is None (start from noise)")
        self.start = start if start is not None or self.config.start_from is None \
            else create_engine(self.config.start_from)

    @property
    def reads_words_in(self) -> str | None:  # type: ignore[override]
        """The one language the decoder's content encoder learned (None: many)."""
        return CONTENT_ENCODERS[self._decoder().cfg.content_encoder].language

    @property
    def measures_source(self) -> bool:  # type: ignore[override]
        """Whether the start engine measures the source on a passage (`for_source`)."""
        return self.start is not None and self.start.measures_source

    def for_source(self, sample: np.ndarray, sr: int, voice: Voice) -> "CfmEngine":
        """A copy of this engine whose start engine is bound to `sample` (see `Engine.for_source`)."""
        return self._starting_from(self.start.for_source(sample, sr, voice)) if self.measures_source else self

    def for_recording_in(self, language: str) -> "CfmEngine":
        """A copy of this engine whose start engine is the one for a recording in `language`."""
        return self if self.start is None else self._starting_from(self.start.for_recording_in(language))

    def _starting_from(self, start: Engine) -> "CfmEngine":
        """A copy of this engine that starts from `start`'s conversion."""
        bound = copy.copy(self)
        bound.start = start
        return bound

    def _decoder(self) -> CfmDecoder:
        """The decoder of `config.checkpoint` (default: the shipped one), loaded once per process."""
        from anyvoice.models import load

        return load("cfm", Path(self.config.checkpoint) if self.config.checkpoint else None)

    def convert(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> np.ndarray:
        cfg = self.config
        drawn = self.draw(wav, sr, voice, f0)
        if cfg.render == "filter":
            y = apply_mel_gain(drawn.start, sr, drawn.mel - drawn.start_mel, cfg.filter_max_db,
                               cfg.filter_smooth_bands, cfg.filter_max_boost_db)
        else:
            y = np.concatenate(list(self._vocoded(drawn.mel, [(0, len(drawn.mel))], sr)))
        return finish(y, sr, voice, len(wav), cfg.match_energy)

    def convert_stream(self, wav: np.ndarray, sr: int, voice: Voice) -> Iterator[np.ndarray]:
        """The conversion vocoded piece by piece: the first piece leaves once the mel is drawn and its first
        `first_piece_frames` frames are vocoded. The level cannot wait for the whole sound, so it is set from the
        level predicted from the mel (within about 2 dB of `convert`'s, which measures the whole)."""
        cfg = self.config
        if cfg.render == "filter":  # filtering is quick beside drawing the mel: one piece
            yield self.convert(wav, sr, voice)
            return
        drawn = self.draw(wav, sr, voice)
        gain = 10 ** ((voice.attributes.energy_db - drawn.level_db) / 20) if cfg.match_energy else 1.0
        bounds = piece_bounds(len(drawn.mel), cfg.first_piece_frames, MAX_PIECE_FRAMES)
        left = len(wav)
        for i, y in enumerate(self._vocoded(drawn.mel, bounds, sr)):
            y = limit_peaks(y * gain, sr) if cfg.match_energy else y
            y = fit_length(y, left) if i == len(bounds) - 1 else y[:left]
            left -= len(y)
            yield y.astype(np.float32)

    def _vocoded(self, mel: np.ndarray, bounds: list[tuple[int, int]], sr: int) -> Iterator[np.ndarray]:
        """The pieces of `bounds` vocoded and brought to rate `sr` (one resampler over all, so they join
        seamlessly)."""
        from anyvoice.models import load

        to_rate = StreamResampler(MEL_SR, sr)
        for i, piece in enumerate(vocode_pieces(load("hifigan"), mel, bounds, self.config.precision)):
            yield to_rate.push(piece, last=i == len(bounds) - 1)

    def draw(self, wav: np.ndarray, sr: int, voice: Voice, f0: np.ndarray | None = None) -> DrawnMel:
        """The decoder's mel for `wav` in `voice`, and the predicted level of its sound; `f0` as for `convert`."""
        import torch

        from anyvoice.engines.cfm.flow import FlowInputs, SamplerOptions, sample
        from anyvoice.engines.cfm.runtime import velocity_in

        cfg = self.config
        decoder = self._decoder()
        # One pitch track serves the start and the decoder. The content is read beside the start's conversion
        # (Whisper's encoder leaves Python's lock).
        track = speaker_f0(wav, sr, fast=True) if f0 is None else f0
        with ThreadPoolExecutor(1) as beside:
            reading = beside.submit(frame_features, wav, sr, window_s=cfg.content_window_s, f0=track,
                                    encoder=decoder.cfg.content_encoder)
            # The level is predicted from a waveform whose mel is known: the start's conversion, else the input.
            heard = self.start.convert(wav, sr, voice, track) if self.start is not None \
                else np.asarray(wav, np.float32)
            feats = reading.result()
        content = normalise_content(feats.content, decoder.content_mean.numpy()) if cfg.normalise_content \
            else feats.content
        heard_mel = mel_on_grid(heard, sr, len(feats.f0_hz))
        log_f0, voiced = log_f0_inputs(target_f0(feats.f0_hz, voice))
        ref = reference_frames(voice.envelope_frames, voice.envelope_mean)
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))[None]  # noqa: E731
        inputs = FlowInputs(decoder.project(t(content)), t(log_f0), t(voiced),
                            t(voice.embedding.astype(np.float32)), t(ref))
        options = SamplerOptions(cfg.steps, cfg.guidance, cfg.temperature, cfg.start_t)
        mel = sample(decoder, inputs, options, torch.Generator().manual_seed(cfg.seed),
                     None if self.start is None else t(heard_mel), velocity_in(cfg.runtime, decoder))[0].numpy()
        level = active_level_db(heard, sr) + mel_level_db(mel) - mel_level_db(heard_mel)
        return DrawnMel(mel, level) if self.start is None else DrawnMel(mel, level, heard, heard_mel)


#: the settings of the engines made of the cfm decoder, by name; the filter render starts earlier along the flow
#: (the start's waveform keeps the words, so the decoder may move the timbre further) and takes fewer steps (a
#: filter smoothed over bands hears no difference from more)
CFM_ENGINES = {"cfm": CfmEngineConfig(), "cfm-filter": CfmEngineConfig(render="filter", start_t=0.6, steps=2)}


@ENGINES.register("cfm-filter", "select's conversion filtered toward the cfm decoder's mel (no vocoder: faster than "
                  "cfm, select's texture)")
def filtered_cfm(config: CfmEngineConfig | None = None) -> CfmEngine:
    """The cfm decoder heard through the filter render (`config`: CFM_ENGINES["cfm-filter"] by default). Its
    `select` start equalises in one pass, not two, and follows envelopes every 10 ms, not 5: the decoder's filter
    that follows moves the envelope anyway."""
    config = config or CFM_ENGINES["cfm-filter"]
    start = SelectEngine(SelectConfig(dsp=DspConfig(eq_passes=1, frame_every=2))) \
        if config.start_from == "select" else None
    return CfmEngine(config, start)


def engine_named(name: str, cfm_checkpoint: str | None = None) -> Engine | str:
    """The engine a front end's `--engine NAME` means: the name itself, or, for an engine of the cfm decoder with
    a decoder of the user's own (`--cfm-checkpoint`), that engine loading it."""
    if name in CFM_ENGINES and cfm_checkpoint:
        return ENGINES.create(name, config=replace(CFM_ENGINES[name], checkpoint=str(cfm_checkpoint)))
    return name
