"""The corpus manifest: one JSON line per utterance, read and written whole."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.files import write_text


@dataclass
class Entry:
    """One utterance of the corpus."""

    path: str  # audio file, relative to the corpus folder
    speaker: str
    source: str  # corpus source (or user folder) it came from
    package: str  # Debian package, or "" for a user's folder
    licence: str
    language: str  # ISO 639-1 code, "" when unknown
    duration: float  # seconds
    sample_rate: int
    band_hz: int  # highest frequency within 50 dB of the spectrum's peak (8-kHz telephone prompts: 4000 or less)
    transcript: str | None = None  # None: not transcribed (yet)
    transcript_from: str = ""  # "package", "whisper-base" or ""
    original: str = ""  # the file inside the package (or folder) it was cut from


def by_speaker(entries: list[Entry]) -> dict[str, list[Entry]]:
    """The entries of each speaker, speakers in name order, each speaker's entries in manifest order."""
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.speaker, []).append(e)
    return dict(sorted(out.items()))


def write_manifest(path: str | Path, entries: list[Entry]) -> None:
    """Write `entries` as JSON lines (atomically)."""
    write_text(path, "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in entries))


def read_manifest(path: str | Path) -> list[Entry]:
    """The entries of a manifest written by `write_manifest`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no corpus manifest here; build one with `anyvoice corpus build --out DIR`")
    names = {f.name for f in fields(Entry)}
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(Entry(**{k: v for k, v in row.items() if k in names}))
        except (ValueError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a manifest line ({exc}); rebuild the corpus") from None
    return out
