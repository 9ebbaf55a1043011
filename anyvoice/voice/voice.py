"""`Voice`: a point in the voice space, made from a recording and saved to a small versioned file."""
from __future__ import annotations

import io
import json
import math
import os
import zipfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import band_limit_hz, is_silent, join_with_pauses, resample, spread_excerpt
from anyvoice.audio.world import speaker_f0
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.inputs.attributes import VoiceAttributes
from anyvoice.inputs.reference import analyse_reference
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.progress import PiecesThenSteps, Progress
from anyvoice.style.prosody import Prosody
from anyvoice.text.lexicon import check_lexicon
from anyvoice.voice.record import Design, Rendering, Source
from anyvoice.voice.voice_file import MAX_TIMBRE_FRAMES, VOICE_FORMAT_VERSION, read_voice_file

MIN_AUDIO_SECONDS = 1.0
MIN_VOICED_SECONDS = 0.5
#: A voice is measured on at most this much of its reference, taken from all of it: the timbre frames hold 40 s
#: of voiced speech anyway, and analysing a 10-minute reference whole takes minutes and gigabytes.
MAX_ANALYSED_SECONDS = 120.0
#: the rate reference files are read at
REFERENCE_RATE = 24000


def _known(x: float, digits: int | None = None) -> float | int | None:
    """`x` rounded to `digits` (None: to an integer), or None where it is NaN (not measured)."""
    return round(x, digits) if math.isfinite(x) else None


def join_references(recordings: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """Recordings of one speaker, each (mono samples, rate), joined with short pauses, at REFERENCE_RATE."""
    return join_with_pauses([resample(w, sr, REFERENCE_RATE) for w, sr in recordings], REFERENCE_RATE, 0.2)


def load_references(paths: Sequence[str | os.PathLike]) -> np.ndarray:
    """Reference recordings of one speaker (any common format, rate, channels) as `join_references` joins them."""
    if not paths:
        raise InputError("no reference recording given")
    return join_references([load_audio(p, sr=REFERENCE_RATE) for p in paths])


@dataclass
class Voice:
    """A voice: speaker embedding (256-d, unit norm), measured attributes, and the timbre of its reference.

    `envelope_mean` is the mean log spectral envelope of voiced frames on the mel grid of `anyvoice.audio.world`;
    `envelope_frames` are individual voiced frames on that grid (float16), used by selection engines;
    `delivery` is how the voice speaks relative to what the engines render (a designed "slow, breathy" voice),
    applied under any style a request adds; `rendering` what text in it is first spoken by; `design` how a
    designed voice was decided; `source` what it was measured from; `edits` the edits made to it, in order.
    """

    embedding: np.ndarray
    attributes: VoiceAttributes
    envelope_mean: np.ndarray
    envelope_frames: np.ndarray
    name: str = "voice"
    delivery: Prosody = field(default_factory=Prosody)
    rendering: Rendering = field(default_factory=Rendering)
    design: Design | None = None
    source: Source = field(default_factory=Source)
    edits: tuple[str, ...] = ()

    # --- making ---------------------------------------------------------------------------------------------
    @classmethod
    def from_audio(cls, wav: np.ndarray, sr: int, name: str = "voice", references: Sequence[str] = (),
                   progress: Progress | None = None) -> "Voice":
        """Analyse a reference recording (mono float32 at `sr`); `references` name the files it came from;
        `progress(done, total)` after each piece of its pitch track (the slow part) and each later step."""
        wav = np.asarray(wav, np.float32)
        if len(wav) / sr < MIN_AUDIO_SECONDS:
            raise InputError(f"the reference is {len(wav) / sr:.2f} s long; give at least 3 s of speech")
        if is_silent(wav):
            raise InputError("the reference is silent; give a recording in which someone speaks")
        excerpt = spread_excerpt(wav, sr, MAX_ANALYSED_SECONDS)
        steps = PiecesThenSteps(progress, 3)  # the pitch track's pieces; attributes, envelopes, embedding
        f0 = speaker_f0(excerpt, sr, progress=steps.pieces)
        attrs, grid = analyse_reference(excerpt, sr, f0, progress=lambda done, total: steps.after(done))
        if not attrs.voiced_seconds >= MIN_VOICED_SECONDS:
            raise InputError(f"the reference holds only {attrs.voiced_seconds:.1f} s of voiced speech; "
                             "give a recording with at least 3 s of clear speech")
        embedding = speaker_embedding(excerpt, sr)
        steps.after(3)
        frames = grid[:: max(1, int(np.ceil(len(grid) / MAX_TIMBRE_FRAMES)))] if len(grid) > MAX_TIMBRE_FRAMES \
            else grid
        return cls(embedding=embedding, attributes=attrs, envelope_mean=grid.mean(axis=0),
                   envelope_frames=frames.astype(np.float16), name=name,
                   source=Source(tuple(references), round(len(wav) / sr, 3), sr, band_limit_hz(excerpt, sr)))

    @classmethod
    def from_files(cls, paths: Sequence[str | os.PathLike], name: str | None = None,
                   progress: Progress | None = None) -> "Voice":
        """Analyse one or more reference recordings of the same speaker (any common format, rate, channels);
        `progress` as `from_audio`'s."""
        return cls.from_audio(load_references(paths), REFERENCE_RATE, name=name or Path(paths[0]).stem,
                              references=[Path(p).name for p in paths], progress=progress)

    def with_lexicon(self, entries: dict[str, str]) -> "Voice":
        """This voice keeping `entries` (word -> respelling or /IPA/; checked) as its pronunciation lexicon, which
        every request in it uses (a request's own entries win); {} drops it."""
        return replace(self, rendering=replace(self.rendering, lexicon=tuple(check_lexicon(entries).items())))

    # --- persistence ----------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The voice file's contents (a zip of arrays and JSON)."""
        header = {"format": "anyvoice.voice", "version": VOICE_FORMAT_VERSION, "name": self.name,
                  "attributes": self.attributes.to_dict(), "delivery": asdict(self.delivery),
                  "rendering": self.rendering.to_dict(), "design": self.design and self.design.to_dict(),
                  "source": self.source.to_dict(), "edits": list(self.edits)}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("voice.json", json.dumps(header, indent=1))
            for key in ("embedding", "envelope_mean", "envelope_frames"):
                with z.open(f"{key}.npy", "w") as f:
                    np.save(f, getattr(self, key), allow_pickle=False)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, label: str = "voice") -> "Voice":
        """Read a voice file's contents (any older format version is upgraded on read); `label` names the
        source in errors. Sizes, shapes and values are checked and attributes clamped (voice/voice_file.py), so
        a file from anyone is safe to load."""
        contents = read_voice_file(data, label)
        return cls(**{f.name: getattr(contents, f.name) for f in fields(contents)})

    def save(self, path: str | os.PathLike) -> Path:
        """Write the voice to `path` atomically: a reader never sees a half-written file."""
        path = Path(path)
        with atomic_path(path) as tmp:
            tmp.write_bytes(self.to_bytes())
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Voice":
        """Read a voice file written by `save`."""
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such voice file; make one with `anyvoice voice create REFERENCE.wav`")
        return cls.from_bytes(path.read_bytes(), label=str(path))

    def summary(self) -> dict:
        """Human-readable attributes, rounded; None for what could not be measured (a telephone recording holds
        no fourth formant)."""
        a = self.attributes
        return {"name": self.name, "pitch_median_hz": round(a.f0_median_hz, 1),
                "pitch_range_st": round(a.f0_range_st, 1),
                "vocal_tract_cm": _known(a.vtl_cm, 1), "speaking_rate_syl_s": round(a.speaking_rate, 2),
                "energy_dbfs": round(a.energy_db, 1), "hnr_db": _known(a.hnr_db, 1),
                "formants_hz": [_known(f) for f in a.formants_hz], "recorded_band_hz": self.source.band_hz}
