"""Reading a voice file that may come from anyone.

A voice file is a zip of a JSON header and three arrays. Each member's inflated size is read from the zip
directory and checked before anything is inflated (a small file cannot expand into gigabytes), then every
array's shape, type and values and every header field the runtime reads, so a voice that loads is safe to use.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import numpy as np

from anyvoice.audio.world import GRID_HZ
from anyvoice.errors import InputError
from anyvoice.inputs.attributes import VoiceAttributes
from anyvoice.inputs.speech import EMBED_DIM
from anyvoice.style.prosody import Prosody
from anyvoice.voice.record import Design, Rendering, Source, text_list

#: 2 added `delivery` (version 1 reads with a neutral one); 3 replaced the free-form `meta` by typed records
#: (`rendering`, `design`, `source`, `edits`; versions 1 and 2 have theirs read from `meta`); 4 added the
#: pronunciation lexicon to `rendering` (older versions read with none); 5 added the references' band to `source`
#: (older versions read with none: their timbre is read over the whole grid)
VOICE_FORMAT_VERSION = 5
#: Reference envelope frames kept for selection engines (every other 5 ms frame: 40 s of voiced speech).
MAX_TIMBRE_FRAMES = 4000
MAX_NAME_CHARS = 200
_NPY_HEADER = 1024
#: log-power envelopes lie within a few tens of this; far beyond, a value is not a measurement
_ENVELOPE_LIMIT = 1000.0
#: member -> the most bytes it may inflate to (float64 arrays at their largest shapes, a generous header)
MEMBER_LIMITS = {"voice.json": 256 * 1024, "embedding.npy": EMBED_DIM * 8 + _NPY_HEADER,
                 "envelope_mean.npy": len(GRID_HZ) * 8 + _NPY_HEADER,
                 "envelope_frames.npy": MAX_TIMBRE_FRAMES * len(GRID_HZ) * 8 + _NPY_HEADER}
#: array -> shape, None where any length up to MAX_TIMBRE_FRAMES is allowed
_SHAPES = {"embedding": (EMBED_DIM,), "envelope_mean": (len(GRID_HZ),), "envelope_frames": (None, len(GRID_HZ))}


@dataclass
class VoiceFileContents:
    """What a voice file holds, checked: the arguments of `Voice`."""

    name: str
    embedding: np.ndarray
    attributes: VoiceAttributes
    envelope_mean: np.ndarray
    envelope_frames: np.ndarray
    delivery: Prosody
    rendering: Rendering
    design: Design | None
    source: Source
    edits: tuple[str, ...]


class _Malformed(ValueError):
    """A field of the file is not what anyvoice writes; the message says which."""


def _member(z: zipfile.ZipFile, name: str) -> bytes:
    limit = MEMBER_LIMITS[name]
    info = z.getinfo(name)
    if info.file_size > limit:
        raise _Malformed(f"its {name} would inflate to {info.file_size} bytes, more than a voice holds ({limit})")
    with z.open(info) as f:
        data = f.read(limit + 1)  # never trust the directory alone
    if len(data) > limit:
        raise _Malformed(f"its {name} inflates past {limit} bytes")
    return data


def _array(raw: bytes, key: str) -> np.ndarray:
    a = np.load(io.BytesIO(raw), allow_pickle=False)
    want = _SHAPES[key]
    if a.dtype.kind != "f" or a.ndim != len(want) or any(w is not None and s != w for s, w in zip(a.shape, want)):
        raise _Malformed(f"{key} is a {a.dtype} array of shape {a.shape}, not {want}")
    if len(a) > MAX_TIMBRE_FRAMES:
        raise _Malformed(f"{key} holds {len(a)} frames, more than {MAX_TIMBRE_FRAMES}")
    if not np.all(np.isfinite(a)):
        raise _Malformed(f"{key} holds NaN or infinite values")
    if key != "embedding" and a.size and float(np.abs(a).max()) > _ENVELOPE_LIMIT:
        raise _Malformed(f"{key} holds values beyond +-{_ENVELOPE_LIMIT:g}")
    return a


def _records(header: dict, version: int) -> dict:
    """The typed records of a header; versions 1 and 2 kept them in a free-form `meta` object."""
    try:
        return _read_records(header, version)
    except ValueError as exc:  # a record's own refusal names the field
        raise _Malformed(str(exc)) from None


def _read_records(header: dict, version: int) -> dict:
    if version >= 3:
        design = header.get("design")
        return {"rendering": Rendering.from_dict(header.get("rendering", {})),
                "design": None if design is None else Design.from_dict(design),
                "source": Source.from_dict(header.get("source", {})),
                "edits": text_list(header.get("edits", []), "edits")}
    meta = header.get("meta", {})
    if not isinstance(meta, dict):
        raise _Malformed("meta is not an object")
    return {"rendering": Rendering.from_dict({k: meta[k] for k in ("base", "base_pace", "accent") if k in meta}),
            "design": Design.from_dict(meta["design"]) if "design" in meta else None,
            "source": Source.from_dict({"references": meta.get("references", []),
                                        "seconds": meta.get("source_seconds"), "sample_rate": meta.get("source_sr")}),
            "edits": text_list(meta.get("edits", []), "edits")}


def read_voice_file(data: bytes, label: str) -> VoiceFileContents:
    """The checked contents of a voice file's bytes (any older format version is upgraded); InputError naming
    `label` for anything that is not a sound anyvoice voice file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            header = json.loads(_member(z, "voice.json"))
            arrays = {k: _array(_member(z, f"{k}.npy"), k) for k in _SHAPES}
        if not isinstance(header, dict) or header.get("format") != "anyvoice.voice":
            raise _Malformed("no anyvoice header")
        version = header.get("version", 0)
        if not isinstance(version, int):
            raise _Malformed("the version is not a number")
        if version > VOICE_FORMAT_VERSION:
            raise InputError(f"{label}: voice file version {version} is newer than this anyvoice understands "
                             f"({VOICE_FORMAT_VERSION}); upgrade anyvoice")
        name = header.get("name", label)
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            raise _Malformed("the name is not a short text")
        delivery = header.get("delivery", {})
        if not isinstance(delivery, dict):
            raise _Malformed("delivery is not an object")
        embedding = arrays["embedding"].astype(np.float32)
        norm = float(np.linalg.norm(embedding))
        if not norm > 1e-6:
            raise _Malformed("the speaker embedding is zero")
        return VoiceFileContents(name=name, embedding=embedding / norm,
                                 attributes=VoiceAttributes.from_dict(header.get("attributes")),
                                 envelope_mean=arrays["envelope_mean"].astype(np.float32),
                                 envelope_frames=arrays["envelope_frames"].astype(np.float16),
                                 delivery=Prosody(**delivery), **_records(header, version))
    except (_Malformed, InputError) as exc:
        if str(exc).startswith(label):
            raise
        raise InputError(f"{label}: not a usable anyvoice voice file: {exc}") from None
    except Exception as exc:  # zip, JSON, npy, field errors: all mean "not a voice file"
        raise InputError(f"{label}: not an anyvoice voice file ({exc.__class__.__name__}: {exc})") from None
