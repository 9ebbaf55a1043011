"""The voice bank: voices the project can render without a recording, each a point in the voice space.

Every entry is a bundled base voice (Piper, a Kokoro style or a blend of Kokoro styles) moved by a pitch shift
and a formant scale, measured like any reference recording (embedding, attributes, timbre). Designed voices are
rendered from the entries nearest to what was asked for; the aggregator is trained on the bank.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from anyvoice.data import DATA_DIR
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.inputs.attributes import VoiceAttributes
from anyvoice.models.registry import SHIPPED_INSTALL, ModelSpec, data_file, register
from anyvoice.voice.norms import likely_female

BANK_FORMAT = "anyvoice.voice-bank"


@dataclass
class BankEntry:
    """One bank voice: how to make it and what it measures."""

    name: str
    base: str  # base synthesizer spec, e.g. "kokoro:jf_alpha*0.7+jm_kumo*0.3"
    pitch_shift_st: float
    formant_ratio: float
    base_rate: float  # the base synthesizer's own speaking rate at speed 1, as `measure_attributes` counts it
    attributes: VoiceAttributes
    reading_rate: float = 0.0  # syllables of the bank sentences per second the base takes to read them (0: unknown)


@dataclass
class VoiceBank:
    """Bank entries with their embeddings (n, 256) and mean timbre envelopes (n, grid)."""

    entries: list[BankEntry]
    embeddings: np.ndarray
    envelopes: np.ndarray

    def __len__(self) -> int:
        return len(self.entries)

    def save(self, path: str | os.PathLike) -> Path:
        """Write the bank as one .npz (arrays plus a JSON header), atomically."""
        path = Path(path)
        header = {"format": BANK_FORMAT, "version": 1, "entries": [
            {**{k: getattr(e, k) for k in ("name", "base", "pitch_shift_st", "formant_ratio", "base_rate",
                                           "reading_rate")},
             "attributes": e.attributes.to_dict()} for e in self.entries]}
        with atomic_path(path, suffix=".npz") as tmp:  # .npz: numpy appends it to any other name
            np.savez_compressed(tmp, header=np.array(json.dumps(header)),
                                embeddings=self.embeddings.astype(np.float16),
                                envelopes=self.envelopes.astype(np.float16))
        return path

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "VoiceBank":
        """Read a bank written by `save`; None reads the bank that ships with anyvoice."""
        src = Path(path) if path is not None else DATA_DIR / "voice_bank.npz"
        try:
            with src.open("rb") as f:
                z = np.load(f, allow_pickle=False)
                header = json.loads(str(z["header"]))
                emb, env = z["embeddings"].astype(np.float32), z["envelopes"].astype(np.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise InputError(f"{src}: not a readable voice bank ({exc}); rebuild it with "
                             "`anyvoice train bank --out FILE`") from None
        if header.get("format") != BANK_FORMAT:
            raise InputError(f"{src}: not an anyvoice voice bank")
        entries = [BankEntry(**{**e, "attributes": VoiceAttributes.from_dict(e["attributes"])})
                   for e in header["entries"]]
        return cls(entries, emb, env)

    def attribute_matrix(self) -> np.ndarray:
        """(n, 3): log F0 median, vocal-tract length (cm), log-F0 spread of every entry."""
        return np.array([[np.log(e.attributes.f0_median_hz), e.attributes.vtl_cm, e.attributes.log_f0_std]
                         for e in self.entries], np.float32)

    def nearest_base(self, embedding: np.ndarray, bases: list[str]) -> str:
        """Of `bases` (specs such as "kokoro:jm_kumo"), the one whose own voice (its entry without pitch shift or
        formant scale) is nearest `embedding`; the first when none of them is in the bank."""
        own = {e.base: i for i, e in enumerate(self.entries) if e.pitch_shift_st == 0 and e.formant_ratio == 1}
        known = [b for b in bases if b in own]
        if not known:
            return bases[0]
        return max(known, key=lambda b: float(self.embeddings[own[b]] @ embedding))

    def female_scores(self) -> np.ndarray:
        """(n,): how likely each entry sounds female, 0..1, from its pitch and vocal-tract length."""
        return np.array([likely_female(e.attributes.f0_median_hz, e.attributes.vtl_cm) for e in self.entries])


register(ModelSpec("voice-bank", "150 measured voices that designed voices are rendered from (anyvoice)",
                   ("numpy",), SHIPPED_INSTALL, VoiceBank.load, data_file("voice_bank.npz")))
