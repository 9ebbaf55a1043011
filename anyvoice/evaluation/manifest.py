"""The evaluation set on disk: every clip the benchmarks use, with a manifest of checksums.

`build_evalset(root)` makes the clips (bundled voices reading texts of three lengths; real human recordings from
the Debian packages alsa-utils and klettres-data) into `root/*.flac` and writes `root/manifest.json`;
`verify_evalset(root)` checks every file against it, so two runs of the benchmark that report numbers on the same
set are known to have measured the same audio.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import soundfile as sf

from anyvoice.errors import InputError
from anyvoice.files import write_text
from anyvoice.progress import Progress

MANIFEST = "manifest.json"
FORMAT = "anyvoice.evalset"
VERSION = 1


@dataclass
class Entry:
    """One clip of the set."""

    name: str  # file stem: what it is, e.g. "ref-jf_alpha", "human-alsa-held", "sx-piper-2"
    sha256: str
    seconds: float
    sample_rate: int


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entries(root: Path) -> list[Entry]:
    out = []
    for f in sorted(root.glob("*.flac")):
        info = sf.info(str(f))
        out.append(Entry(f.stem, _sha256(f), round(info.frames / info.samplerate, 3), info.samplerate))
    return out


def build_evalset(root: str | Path, progress: Progress | None = None) -> list[Entry]:
    """Make every clip the benchmarks use under `root` (kept ones are reused) and write the manifest."""
    from anyvoice.evaluation.evalset import TEXTS, human_targets, synthetic_targets, vc_sources
    from anyvoice.evaluation.speechx_bench import test_speakers

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    steps = [lambda: synthetic_targets(root), lambda: human_targets(cache=root), lambda: vc_sources(root),
             lambda: test_speakers(root)]
    for i, step in enumerate(steps):
        step()
        if progress:
            progress(i + 1, len(steps))
    return write_manifest(root, TEXTS)


def write_manifest(root: str | Path, texts: dict | None = None) -> list[Entry]:
    """Checksum every clip under `root` into `root/manifest.json` (with the texts they were made from)."""
    root = Path(root)
    entries = _entries(root)
    write_text(root / MANIFEST, json.dumps({"format": FORMAT, "version": VERSION, "texts": texts or {},
                                           "clips": [asdict(e) for e in entries]}, indent=1))
    return entries


def verify_evalset(root: str | Path) -> list[Entry]:
    """Check every clip of `root/manifest.json`; raises InputError naming what is missing or changed."""
    root = Path(root)
    path = root / MANIFEST
    if not path.is_file():
        raise InputError(f"{root}: no {MANIFEST}; build the evaluation set with `anyvoice bench --build-set {root}`")
    try:
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        entries = [Entry(**e) for e in data["clips"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not an anyvoice evaluation-set manifest ({exc})") from None
    missing = [e.name for e in entries if not (root / f"{e.name}.flac").is_file()]
    changed = [e.name for e in entries if e.name not in missing and _sha256(root / f"{e.name}.flac") != e.sha256]
    if missing or changed:
        raise InputError(f"{root}: the evaluation set differs from its manifest (missing: {missing[:5]}, changed: "
                         f"{changed[:5]}); rebuild it with `anyvoice bench --build-set {root}` into a new folder")
    return entries
