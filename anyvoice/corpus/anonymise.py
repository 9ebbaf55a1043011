"""Corpus anonymisation: every utterance of a corpus said in a designed voice, one pseudo-speaker per source
speaker, so the words stay and the speakers do not.

Two methods. `respeak` (the default) says each utterance's words anew from text (the manifest's transcript, or
what Whisper hears) with text to speech (tasks/respeak.py): nothing of the recording's sound is kept, so a
speaker-ID probe finds the speakers little better than chance, but only the words survive, as well as they were
heard, and only in the languages anyvoice speaks. `convert` converts each recording: it keeps the intonation and
timing and works in any language, but enough of the speaker stays in the sound for that probe to find most of
them. docs/benchmarks.md has the measures of both.

Each source speaker gets a pseudo-speaker: a voice designed from attribute values drawn with a seed (the same seed
and speaker always give the same voice), of the speaker's own measured sex by default so that a corpus keeps its
balance. The conversions run as an ordinary batch (tasks/batch.py), on this machine or on a Ray cluster, with its
resume; the result is a corpus folder of its own (audio, manifest.jsonl) and `mapping.csv`, which ties every
pseudo-speaker and file to its source. The mapping undoes the anonymisation: keep it apart from the corpus. The
new manifest names no source file or speaker; it keeps each utterance's package and licence, whose terms (an
attribution) still apply to the converted speech.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from anyvoice.corpus.manifest import Entry, by_speaker, read_manifest, write_manifest
from anyvoice.engines import DEFAULT_ENGINE
from anyvoice.errors import InputError
from anyvoice.files import write_text
from anyvoice.progress import Progress
from anyvoice.tasks.batch import BatchSummary, Runner, run_batch, run_here

#: seconds of a speaker's speech measured to know their sex
_MEASURED_S = 30.0
#: method -> the batch job columns after task and output
METHODS = {"convert": ("input", "voice", "engine", "language"),
           "respeak": ("input", "voice", "engine", "text", "language")}


@dataclass(frozen=True)
class AnonymiseConfig:
    """What to anonymise and how."""

    seed: int = 0  # the same seed gives every speaker the same pseudo-speaker again
    method: str = "respeak"  # respeak the words from text, or convert the recordings (see the module docstring)
    engine: str = DEFAULT_ENGINE  # the engine that puts speech into the pseudo-speaker's voice
    keep_sex: bool = True  # a pseudo-speaker of the source's measured sex; False: drawn too
    speakers: tuple[str, ...] = ()  # only these speakers (default: every one)
    per_speaker: int | None = None  # at most this many utterances of each speaker (default: all)

    def __post_init__(self):
        if self.method not in METHODS:
            raise InputError(f"unknown anonymisation method {self.method!r}; choose one of: {', '.join(METHODS)}")


def pseudo_name(speaker: str, seed: int) -> str:
    """The pseudo-speaker's name: stable for a speaker and seed, and saying nothing about the speaker."""
    return "anon-" + hashlib.sha256(f"{seed}\0{speaker}".encode()).hexdigest()[:10]


def pseudo_attributes(speaker: str, seed: int, female: float | None) -> dict[str, float]:
    """Design values drawn for one speaker (`female` kept when given): a plausible adult, away from the middle."""
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(f"{seed}\0{speaker}".encode()).digest()[:8], "big"))
    return {"female": float(round(rng.random())) if female is None else float(female),
            "age": float(rng.uniform(22, 68)), "pitch_st": float(rng.choice([-1, 1]) * rng.uniform(1.0, 3.5)),
            "tract": float(rng.uniform(0.92, 1.08)), "brightness": float(rng.uniform(-1.5, 1.5))}


def _measured_female(corpus: Path, entries: list[Entry]) -> float:
    """1.0 when the speaker's speech sounds female, else 0.0 (from pitch and vocal-tract length)."""
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import join_with_pauses
    from anyvoice.inputs.attributes import measure_attributes
    from anyvoice.voice.norms import likely_female

    clips, total = [], 0.0
    for entry in sorted(entries, key=lambda e: -e.duration):
        if total >= _MEASURED_S:
            break
        clips.append(load_audio(corpus / entry.path, sr=16000)[0])
        total += entry.duration
    attributes = measure_attributes(join_with_pauses(clips, 16000, 0.2), 16000)
    return float(likely_female(attributes.f0_median_hz, attributes.vtl_cm) > 0.5)


def _chosen(entries: list[Entry], config: AnonymiseConfig) -> dict[str, list[Entry]]:
    speakers = by_speaker(entries)
    unknown = sorted(set(config.speakers) - set(speakers))
    if unknown:
        raise InputError(f"no speaker {unknown[0]!r} in the corpus; it has {', '.join(sorted(speakers)[:20])}"
                         + (" ..." if len(speakers) > 20 else ""))
    chosen = {s: speakers[s] for s in (config.speakers or sorted(speakers))}
    return {s: sorted(e, key=lambda x: x.path)[:config.per_speaker] for s, e in chosen.items()}


def _refuse_unspoken(chosen: dict[str, list[Entry]]) -> None:
    """InputError naming the speakers whose language no base voice speaks (respeaking needs one). An utterance
    with no language goes on: the worker hears which it is, and fails that job alone if it is not spoken."""
    from anyvoice.text.languages import language, supported

    unspoken = {}
    for speaker, entries in chosen.items():
        for entry in entries:
            try:
                language(entry.language) if entry.language else None
            except InputError:
                unspoken.setdefault(entry.language, set()).add(speaker)
    if unspoken:
        named = "; ".join(f"{code}: {', '.join(sorted(s)[:5])}" for code, s in unspoken.items())
        raise InputError(f"respeaking needs a language anyvoice speaks ({supported()}), and these speakers' is not "
                         f"({named}); convert them instead (method convert: some of the speaker stays), or leave "
                         "them out with --speakers")


def _holding(entry: Entry, out: Path, heard: str | None) -> Entry:
    """The new corpus's entry for a finished file: its own duration, and the words it says."""
    import soundfile as sf

    entry = replace(entry, duration=round(sf.info(out / entry.path).duration, 2))
    return entry if entry.transcript or not heard else replace(entry, transcript=heard, transcript_from="whisper-base")


def anonymise_corpus(corpus: str | Path, out: str | Path, config: AnonymiseConfig = AnonymiseConfig(),
                     runner: Runner = run_here, progress: Progress | None = None) -> BatchSummary:
    """Say every chosen utterance of the corpus in `corpus` (a folder with manifest.jsonl) in its speaker's
    pseudo-speaker, by `config.method`, into the corpus folder `out`; see the module docstring. A rerun goes on
    where it stopped."""
    from anyvoice.voice.design import design_voice

    corpus, out = Path(corpus), Path(out)
    if not (corpus / "manifest.jsonl").is_file():
        raise InputError(f"{corpus}: no manifest.jsonl; give a corpus folder made by `anyvoice corpus build`")
    if out.resolve() == corpus.resolve():
        raise InputError("the anonymised corpus must go to a folder of its own, not over its source")
    chosen = _chosen(read_manifest(corpus / "manifest.jsonl"), config)
    if config.method == "respeak":
        _refuse_unspoken(chosen)
    (out / "voices").mkdir(parents=True, exist_ok=True)
    jobs, new_entries, mapping = [], [], []
    for speaker, entries in chosen.items():
        name = pseudo_name(speaker, config.seed)
        voice_file = out / "voices" / f"{name}.voice"
        if not voice_file.is_file():
            female = _measured_female(corpus, entries) if config.keep_sex else None
            design_voice(attributes=pseudo_attributes(speaker, config.seed, female), name=name).save(voice_file)
        for k, entry in enumerate(entries):
            path = f"audio/{name}/{k:05d}.flac"  # a file name that says nothing of the source either
            fields = {"input": str(corpus / entry.path), "voice": str(voice_file), "engine": config.engine,
                      "text": entry.transcript or "", "language": entry.language}
            jobs.append([config.method, str(out / path), *(fields[column] for column in METHODS[config.method])])
            new_entries.append(replace(entry, path=path, speaker=name, source="anonymised", original=""))
            mapping.append([speaker, name, entry.path, path])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["task", "output", *METHODS[config.method]], *jobs])
    write_text(out / "jobs.csv", buffer.getvalue())
    summary = run_batch(out / "jobs.csv", progress=progress, runner=runner)
    # respoken speech has the voice's pace, not its source's length, and says what was heard where the source had
    # no transcript: the manifest says what each file holds
    done = [_holding(e, out, summary.texts.get(str(out / e.path))) for e in new_entries if (out / e.path).is_file()]
    write_manifest(out / "manifest.jsonl", done)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["speaker", "pseudo_speaker", "source_path", "path"], *mapping])
    write_text(out / "mapping.csv", buffer.getvalue())
    return summary
