"""Loaders for the paired corpora users have, turned into aggregator training examples.

Layouts read (only the files named here are needed):
- VCTK: `ROOT/speaker-info.txt` (ID AGE GENDER ACCENTS ...) and audio in `ROOT/wav48_silence_trimmed/<id>/*.flac`
  or `ROOT/wav48/<id>/*.wav`; descriptions are made from age, gender and accent.
- LibriTTS-P style: LibriTTS audio `ROOT/<subset>/<speaker>/<chapter>/*.wav` and a prompts CSV with columns
  `speaker` (or `speaker_id`) and `description` (or `prompt`), any number of rows per speaker.
- face-voice (LRS3 / VoxCeleb layout): `ROOT/<speaker>/[<clip>/]*.wav|*.flac|*.m4a` beside `*.jpg|*.png` frames.
- anyvoice's own real-speech corpus (`anyvoice corpus build`): its manifest, training speakers only.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from anyvoice.audio.io import AUDIO_SUFFIXES
from anyvoice.errors import InputError
from anyvoice.progress import Progress
from anyvoice.training.aggregator import VoiceExample
from anyvoice.training.descriptions import describe_randomly

_IMAGES = {".jpg", ".jpeg", ".png"}


@dataclass
class CorpusSpeaker:
    """One speaker of a corpus: recordings, descriptions, face images and known labels."""

    speaker: str
    audio: list[Path]
    descriptions: list[str] = field(default_factory=list)
    faces: list[Path] = field(default_factory=list)
    female: float | None = None
    age: float | None = None


def _files(folder: Path, suffixes: frozenset[str] | set[str]) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())


def _need_dir(root: str | Path) -> Path:
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: no such corpus directory")
    return root


def load_vctk(root: str | Path) -> list[CorpusSpeaker]:
    """VCTK speakers with gender, age and accent descriptions."""
    root = _need_dir(root)
    info = root / "speaker-info.txt"
    if not info.is_file():
        raise InputError(f"{info}: missing; a VCTK root holds speaker-info.txt and wav48_silence_trimmed/")
    out = []
    for line in info.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        cols = line.split()
        if len(cols) < 3 or not cols[1].isdigit():
            continue
        sid = cols[0] if cols[0].startswith("p") else f"p{cols[0]}"
        audio = [f for sub in ("wav48_silence_trimmed", "wav48") if (root / sub / sid).is_dir()
                 for f in _files(root / sub / sid, AUDIO_SUFFIXES)]
        if not audio:
            continue
        female = 1.0 if cols[2].upper().startswith("F") else 0.0
        accent = cols[3] if len(cols) > 3 else ""
        noun = "woman" if female else "man"
        descs = [f"a {cols[1]}-year-old {noun}" + (f" with a {accent} accent" if accent else ""),
                 f"{'her' if female else 'his'} voice: a {noun} aged {cols[1]}"]
        out.append(CorpusSpeaker(sid, audio, descs, female=female, age=float(cols[1])))
    return out


def load_libritts_p(root: str | Path, prompts_csv: str | Path) -> list[CorpusSpeaker]:
    """LibriTTS speakers with the style prompts of a LibriTTS-P style CSV."""
    root = _need_dir(root)
    prompts: dict[str, list[str]] = {}
    with open(prompts_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sid = row.get("speaker") or row.get("speaker_id")
            text = row.get("description") or row.get("prompt")
            if sid and text:
                prompts.setdefault(str(sid).strip(), []).append(text.strip())
    if not prompts:
        raise InputError(f"{prompts_csv}: no rows with 'speaker' and 'description' (or 'speaker_id', 'prompt')")
    out = []
    for subset in sorted(p for p in root.iterdir() if p.is_dir()):
        for spk in sorted(p for p in subset.iterdir() if p.is_dir() and p.name in prompts):
            audio = _files(spk, AUDIO_SUFFIXES)
            if audio:
                out.append(CorpusSpeaker(spk.name, audio, prompts[spk.name]))
    return out


def load_libritts(root: str | Path) -> list[CorpusSpeaker]:
    """LibriTTS (or LibriTTS-R) speakers: ROOT/[SUBSET/]SPEAKER_ID/CHAPTER/*.wav, speaker folders named by digits."""
    root = _need_dir(root)
    subsets = [root] + sorted(p for p in root.iterdir() if p.is_dir() and not p.name.isdigit())
    out = []
    for subset in subsets:
        for spk in sorted(p for p in subset.iterdir() if p.is_dir() and p.name.isdigit()):
            audio = _files(spk, AUDIO_SUFFIXES)
            if audio:
                out.append(CorpusSpeaker(spk.name, audio))
    if not out:
        raise InputError(f"{root}: no LibriTTS speaker folders (digits, holding CHAPTER/*.wav) found")
    return out


def load_face_voice(root: str | Path) -> list[CorpusSpeaker]:
    """Speakers with both recordings and face frames, one folder each."""
    root = _need_dir(root)
    out = []
    for spk in sorted(p for p in root.iterdir() if p.is_dir()):
        audio, faces = _files(spk, AUDIO_SUFFIXES), _files(spk, _IMAGES)
        if audio and faces:
            out.append(CorpusSpeaker(spk.name, audio, faces=faces))
    return out


def load_speech_corpus(root: str | Path, per_speaker: int = 12) -> list[CorpusSpeaker]:
    """The training speakers of a corpus built by `anyvoice corpus build` (never its held-out speakers), with up
    to `per_speaker` of their longest utterances each."""
    from anyvoice.corpus.manifest import by_speaker, read_manifest
    from anyvoice.corpus.split import training_entries

    root = _need_dir(root)
    speakers = by_speaker(training_entries(read_manifest(root / "manifest.jsonl")))
    return [CorpusSpeaker(name, [root / e.path for e in sorted(own, key=lambda e: -e.duration)[:per_speaker]])
            for name, own in speakers.items()]


def corpus_examples(speakers: list[CorpusSpeaker], clips_per_speaker: int = 4, seed: int = 0,
                    progress: Progress | None = None) -> list[VoiceExample]:
    """Measure each speaker (embedding and attributes from up to `clips_per_speaker` recordings, face vectors
    from the images where a face is found) and make training examples; speakers with no usable audio are
    skipped."""
    from anyvoice.inputs.face import encode_face
    from anyvoice.voice import Voice
    from anyvoice.voice.norms import likely_female

    rng = random.Random(seed)
    out = []
    for i, s in enumerate(speakers):
        try:
            v = Voice.from_files(s.audio[:clips_per_speaker], name=s.speaker)
        except InputError:
            continue
        faces = []
        for img in s.faces[:8]:
            try:
                faces.append(encode_face(img).vector())
            except InputError:
                pass
        female = s.female if s.female is not None else round(likely_female(v.attributes.f0_median_hz,
                                                                           v.attributes.vtl_cm))
        descs = [(d, s.age) for d in s.descriptions] or [describe_randomly(v.attributes, rng) for _ in range(8)]
        out.append(VoiceExample(v.embedding, v.attributes, female, s.age, descs, faces))
        if progress:
            progress(i + 1, len(speakers))
    return out
