"""Build a corpus of real speech: fetch the Debian packages, unpack, cut, check, label, transcribe, list.

Layout of the corpus folder:
- `debs/` the downloaded packages, `unpacked/<package>/` their files (both can be deleted after a build);
- `audio/<speaker>/<source>-<n>.flac` the utterances, at the source's rate up to 24 kHz;
- `sources/<source>.jsonl` the manifest of each finished source (a rerun skips it), and `manifest.jsonl`,
  all of them together.
Every step is resumable: a package already downloaded or unpacked is not fetched again, a finished source is not
cut again, transcripts are saved as they come.
"""
from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from anyvoice.audio.io import AUDIO_SUFFIXES, load_audio, save_audio
from anyvoice.audio.signal import band_limit_hz, resample
from anyvoice.audio.vad import speech_regions, utterance_cuts, voiced_frames
from anyvoice.corpus.archives import extracted
from anyvoice.corpus.manifest import Entry, read_manifest, write_manifest
from anyvoice.corpus.quality import QualityLimits, rejection
from anyvoice.corpus.sources import LABELLERS, TEXT_READERS, Source, lost_letters
from anyvoice.errors import InputError
from anyvoice.progress import Progress

MAX_RATE = 24000


@dataclass(frozen=True)
class BuildOptions:
    """How a corpus is built."""

    transcribe: bool = True  # Whisper base for utterances whose package has no text
    max_utterance_s: float = 12.0  # longer speech is cut at pauses
    min_speaker_s: float = 20.0  # speakers with less clean speech are left out
    limits: QualityLimits = QualityLimits()
    debs: Path | None = None  # a folder of .deb files already fetched (else apt-get download)


@dataclass
class SourceReport:
    """What the build did with one source."""

    source: str
    utterances: int = 0
    speakers: int = 0
    minutes: float = 0.0
    dropped: Counter = field(default_factory=Counter)  # reason -> utterances
    errors: list[str] = field(default_factory=list)  # files or packages that could not be used, and why
    skipped: bool = False  # already built
    left_out: list[str] = field(default_factory=list)  # speakers with too little clean speech
    complete: bool = True  # every package was there (an incomplete source is built again next time)


def fetch_package(package: str, debs: Path, local: Path | None = None) -> Path:
    """The .deb of `package`: from `local` when it holds one, else downloaded into `debs` (apt-get download)."""
    for folder in (local, debs):
        if folder is not None:
            found = sorted(folder.glob(f"{package}_*.deb"))
            if found:
                return found[-1]
    if shutil.which("apt-get") is None:
        raise InputError(f"{package}: apt-get is not here; download {package}_*.deb elsewhere and give its "
                         "folder with --debs")
    debs.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(["apt-get", "download", package], cwd=debs, capture_output=True, text=True)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if run.returncode or not found:
        why = (run.stderr.strip().splitlines() or ["no .deb came back"])[-1]
        raise InputError(f"{package}: could not be downloaded ({why}); run `apt-get update` first, or give a "
                         "folder of .deb files with --debs")
    return found[-1]


def unpack_package(deb: Path, into: Path) -> Path:
    """`dpkg -x` the package into `into` once (a marker file says it finished)."""
    done = into / ".unpacked"
    if done.is_file():
        return into
    if shutil.which("dpkg") is None:
        raise InputError(f"{deb.name}: dpkg is not here to unpack it")
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    run = subprocess.run(["dpkg", "-x", str(deb), str(into)], capture_output=True, text=True)
    if run.returncode:
        shutil.rmtree(into, ignore_errors=True)
        raise InputError(f"{deb.name}: not a readable Debian package ({run.stderr.strip()[-200:]}); delete it "
                         "and build again")
    done.write_text("")
    return into


def cut_file(wav: np.ndarray, sr: int, options: BuildOptions) -> list[tuple[np.ndarray, str | None]]:
    """The utterances of one recording, each with the reason it is dropped (None: kept)."""
    out = []
    for a, b in utterance_cuts(speech_regions(wav, sr), sr, options.max_utterance_s):
        piece = wav[a:b]
        voiced = voiced_frames(piece, sr)
        out.append((piece, rejection(piece, sr, float(voiced.mean()) if voiced.size else 0.0, options.limits)))
    return out


def _source_files(source: Source, roots: list[Path]) -> list[tuple[Path, Path, str]]:
    """(file, unpacked root, package) of every audio file the source's labeller accepts."""
    return [(f, root, root.name) for root in roots for f in sorted(root.glob(source.pattern))
            if f.is_file() and f.suffix.lower() in AUDIO_SUFFIXES]


def _package_roots(packages: tuple[str, ...], out: Path, options: BuildOptions, report: SourceReport) -> list[Path]:
    roots = []
    for package in packages:
        try:
            deb = fetch_package(package, out / "debs", options.debs)
            roots.append(unpack_package(deb, out / "unpacked" / package))
        except InputError as exc:
            report.errors.append(str(exc))
    return roots


def _archive_roots(source: Source, roots: list[Path], out: Path, report: SourceReport) -> list[Path]:
    """For a source whose audio lies inside an archive: the folders its clips are read out into, one a root."""
    clips = []
    for root in roots:
        try:
            clips.append(extracted(source.archive, root, out / "extracted" / root.name))
        except (InputError, OSError) as exc:
            report.errors.append(f"{root.name}: {exc}")
            report.complete = False
    return clips


def build_source(source: Source, out: Path, options: BuildOptions, progress: Progress | None = None
                 ) -> tuple[list[Entry], SourceReport]:
    """Fetch, unpack and cut one source into `out` (nothing is written to its manifest here)."""
    report = SourceReport(source.name)
    roots = [Path(source.folder)] if source.folder else _package_roots(source.packages, out, options, report)
    text_roots = [] if source.folder else _package_roots(source.text_packages, out, options, report)
    report.complete = not report.errors  # a package that is not here: the source is built again next time
    if source.archive:
        roots = _archive_roots(source, roots, out, report)
    reader = TEXT_READERS.get(source.texts)
    # a text that lost letters is left out: the recording is transcribed instead, or stays without text
    texts = {key: text for root in roots + text_roots for key, text in reader.read(root).items()
             if not lost_letters(text)} if reader else {}
    files = _source_files(source, roots)
    entries: list[Entry] = []
    for i, (path, root, package) in enumerate(files):
        label = LABELLERS[source.labeller](source, path)
        if label is not None:
            entries += _cut_one(path, f"{source.name}-{i:05d}", root, package, label, source,
                                texts.get(reader.key(path)) if reader else None, out, options, report)
        if progress:
            progress(i + 1, len(files))
    if source.labeller == "cluster":
        entries = label_by_clustering(entries, out)
    return entries, report


def label_by_clustering(entries: list[Entry], out: Path) -> list[Entry]:
    """Give unlabelled utterances speaker names by clustering their embeddings (utterances too short to
    embed are dropped)."""
    from anyvoice.corpus.folders import cluster_speakers
    from anyvoice.inputs.speech import speaker_embedding

    kept, vectors = [], []
    for e in entries:
        try:
            vectors.append(speaker_embedding(*load_audio(out / e.path, sr=16000)))
            kept.append(e)
        except InputError:
            continue
    labels = cluster_speakers(np.array(vectors)) if vectors else []
    return [replace(e, speaker=f"{e.source}-speaker{k + 1}") for e, k in zip(kept, labels)]


def _cut_one(path: Path, stem: str, root: Path, package: str, label: tuple[str, str], source: Source, text: str | None,
             out: Path, options: BuildOptions, report: SourceReport) -> list[Entry]:
    speaker, language = label
    try:
        wav, sr = load_audio(path)
    except InputError as exc:
        report.errors.append(str(exc))
        return []
    if sr > MAX_RATE:
        wav, sr = resample(wav, sr, MAX_RATE), MAX_RATE
    pieces = cut_file(wav, sr, options)
    kept = [p for p, why in pieces if why is None]
    report.dropped.update(why for _, why in pieces if why is not None)
    entries = []
    for k, piece in enumerate(kept):
        rel = Path("audio") / speaker / f"{stem}-{k}.flac"  # numbered: file names repeat across folders
        save_audio(out / rel, piece, sr)
        # a package's text belongs to the whole file: only an uncut file keeps it
        transcript = text if text and len(pieces) == 1 else None
        entries.append(Entry(str(rel), speaker, source.name, package, source.licence, language,
                             round(len(piece) / sr, 3), sr, band_limit_hz(piece, sr), transcript,
                             "package" if transcript else "", str(path.relative_to(root))))
    return entries


def drop_small_speakers(entries: list[Entry], min_s: float) -> tuple[list[Entry], list[str]]:
    """Entries of speakers with at least `min_s` seconds, and the names of those left out."""
    total: Counter = Counter()
    for e in entries:
        total[e.speaker] += e.duration
    small = sorted(s for s, t in total.items() if t < min_s)
    return [e for e in entries if total[e.speaker] >= min_s], small


def transcribe_entries(entries: list[Entry], out: Path, save, progress: Progress | None = None) -> int:
    """Fill in missing transcripts with Whisper base (in the entry's language); `save(entries)` is called every
    few dozen so an interrupted run keeps what it heard. Returns how many were transcribed."""
    from anyvoice.inputs.asr import transcribe_language

    todo = [i for i, e in enumerate(entries) if e.transcript is None]
    for n, i in enumerate(todo, 1):
        e = entries[i]
        text, language = transcribe_language(*load_audio(out / e.path), e.language or None)
        entries[i] = replace(e, transcript=text, transcript_from="whisper-base", language=e.language or language)
        if n % 50 == 0 or n == len(todo):
            save(entries)
        if progress:
            progress(n, len(todo))
    return len(todo)


def source_manifest(out: Path, name: str) -> Path:
    """Where the finished manifest of source `name` lives."""
    return out / "sources" / f"{name}.jsonl"


def finished(out: Path, name: str) -> list[Entry] | None:
    """The entries of a source built before, or None."""
    path = source_manifest(out, name)
    return read_manifest(path) if path.is_file() else None


@dataclass
class BuildResult:
    """A built corpus: its entries (all sources) and what happened to each source."""

    entries: list[Entry]
    reports: list[SourceReport]
    left_out_speakers: list[str]


def _source_done(source: Source, out: Path, options: BuildOptions, progress_for=None
                 ) -> tuple[list[Entry], SourceReport]:
    """One source built (or found built) and transcribed, with its report."""
    done = finished(out, source.name)
    if done is not None:
        report = SourceReport(source.name, skipped=True)
    else:
        done, report = build_source(source, out, options, progress_for and progress_for(source.name))
        done, report.left_out = drop_small_speakers(done, options.min_speaker_s)
        if report.complete:
            write_manifest(source_manifest(out, source.name), done)
    if options.transcribe and report.complete:
        transcribe_entries(done, out, lambda es, n=source.name: write_manifest(source_manifest(out, n), es),
                           progress_for and progress_for(f"{source.name}: transcripts"))
    return done, _counted(report, done)


def _counted(report: SourceReport, done: list[Entry]) -> SourceReport:
    report.utterances, report.speakers = len(done), len({e.speaker for e in done})
    report.minutes = sum(e.duration for e in done) / 60
    return report


def _built_before(out: Path, named: set[str]) -> list[tuple[list[Entry], SourceReport]]:
    """The sources finished in `out` by an earlier build and not among `named`, each as it was left."""
    built = []
    for path in sorted((out / "sources").glob("*.jsonl")):
        if path.stem not in named:
            done = read_manifest(path)
            built.append((done, _counted(SourceReport(path.stem, skipped=True), done)))
    return built


def build_source_item(item: tuple[Source, Path, BuildOptions]) -> tuple[list[Entry], SourceReport]:
    """`_source_done` for one (source, out, options): the unit of work a cluster's worker takes."""
    return _source_done(*item)


def build_corpus(out: str | Path, sources: list[Source], options: BuildOptions = BuildOptions(),
                 progress_for=None, mapper=None) -> BuildResult:
    """Build (or resume) the corpus in `out` from `sources` and those built there before; `progress_for(label)`
    gives a progress callback for each stage. A source that fails is reported and the others go on. With `mapper`
    (`ray_map` for a Ray cluster, whose workers must all see `out`) the sources are built side by side, one per
    worker, with one progress for the sources as a whole."""
    # absolute: the workers of a cluster started apart do not run in this process's folder
    out = Path(out).absolute()
    if options.debs is not None:
        options = replace(options, debs=Path(options.debs).absolute())
    out.mkdir(parents=True, exist_ok=True)
    if mapper is None:
        results = [_source_done(source, out, options, progress_for) for source in sources]
    else:
        results = mapper(build_source_item, [(source, out, options) for source in sources],
                         progress=progress_for and progress_for("sources"), shared=out)
    # a source built before stays in the corpus when a later build names others: building adds, never drops
    results += _built_before(out, {source.name for source in sources})
    entries = [e for done, _ in results for e in done]
    reports = [report for _, report in results]
    write_manifest(out / "manifest.jsonl", entries)
    return BuildResult(entries, reports, sorted(s for r in reports for s in r.left_out))
