"""The real-voice benchmark material: the held-out speakers of a built corpus (`anyvoice corpus build`) as
cloning targets, as real speech to convert (English and other languages) and as talkers to extract.

Nothing here was heard in training: the corpus's held-out speakers (corpus/split.py) are kept out of every
recipe. Each target's reference is 10-30 s of their utterances; similarity is measured on other utterances, and
the target's "ceiling" is a third, disjoint set of their utterances measured the same way.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import join_with_pauses, resample
from anyvoice.corpus.manifest import Entry, read_manifest
from anyvoice.corpus.split import held_out_speakers
from anyvoice.evaluation.evalset import SR, Target, VcSource
from anyvoice.evaluation.speechx_bench import SR as SX_SR
from anyvoice.evaluation.speechx_bench import TestSpeaker

#: real English speech to convert: the corpus's American English prompts (a training speaker of the corpus: the
#: extractor has heard her, the engines have not)
ENGLISH_SOURCE = "asterisk-allison"
#: languages whose real speech the bench converts, and the corpus speakers that speak them (wideband recordings:
#: Whisper base mishears 8-kHz telephone prompts before any conversion)
SOURCE_LANGUAGES = {"es": "asterisk-allison", "fr": "asterisk-june", "ru": "festvox-ru", "cs": "fillets-v"}
CLIP_S = (2.5, 8.0)  # a source utterance's duration


def _join(root: Path, entries: list[Entry], seconds: float, sr: int = SR) -> np.ndarray:
    wavs, total = [], 0.0
    for e in entries:
        if total >= seconds:
            break
        wavs.append(load_audio(root / e.path, sr=sr)[0])
        total += e.duration
    return join_with_pauses(wavs, sr, 0.25)


def real_targets(corpus: str | Path, held_s: float = 8.0) -> list[Target]:
    """A Target per held-out speaker: reference, held-out clip and an other clip (disjoint utterances)."""
    root = Path(corpus)
    out = []
    for h in held_out_speakers(read_manifest(root / "manifest.jsonl")):
        half = len(h.others) // 2
        out.append(Target(h.speaker, _join(root, h.reference, 30.0), _join(root, h.others[:half], held_s), True,
                          _join(root, h.others[half:], held_s)))
    return out


def _clips(entries: list[Entry], language: str) -> list[Entry]:
    return [e for e in entries if e.language == language and CLIP_S[0] <= e.duration <= CLIP_S[1]]


def real_sources(corpus: str | Path, per_language: int = 2) -> list[VcSource]:
    """Real speech to convert: English and SOURCE_LANGUAGES, `per_language` utterances each, with the words said
    as the package writes them; where a speaker has no such clips, what Whisper base hears in the source (so that
    source's own WER is 0 by construction, and a conversion's WER counts the words it lost)."""
    from anyvoice.inputs.asr import transcribe_language

    root = Path(corpus)
    entries = read_manifest(root / "manifest.jsonl")
    out = []
    for language, speaker in {"en": ENGLISH_SOURCE, **SOURCE_LANGUAGES}.items():
        mine = sorted(_clips([e for e in entries if e.speaker == speaker], language), key=lambda e: e.path)
        mine = [e for e in mine if e.transcript_from == "package"] or mine
        step = max(1, len(mine) // per_language)
        for e in mine[::step][:per_language]:
            wav = load_audio(root / e.path, sr=SR)[0]
            text = e.transcript or transcribe_language(wav, SR, language)[0]
            if len(text.split()) >= 3:
                out.append(VcSource(text, wav, language, speaker))
    return out


def real_test_speakers(corpus: str | Path, clips: int = 6) -> list[TestSpeaker]:
    """The held-out speakers as extraction talkers: the reference (enrolment) first, then `clips` utterances of
    about 3-6 s (short ones joined), at the extraction bench's rate."""
    root = Path(corpus)
    out = []
    for h in held_out_speakers(read_manifest(root / "manifest.jsonl")):
        utts, current, total = [], [], 0.0
        for e in h.others:
            current.append(e)
            total += e.duration
            if total >= 3.0:
                utts.append(_join(root, current, 6.0, SX_SR))
                current, total = [], 0.0
            if len(utts) == clips:
                break
        enrol = resample(_join(root, h.reference, 30.0), SR, SX_SR)
        out.append(TestSpeaker(h.speaker, True, [enrol] + utts, [None] * (len(utts) + 1)))
    return out
