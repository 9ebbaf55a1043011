"""Anonymisation benchmark: after `anyvoice corpus anonymise`, can the speakers still be found, and are the words
kept?

    .venv/bin/python bench/anonymise_bench.py --corpus CORPUS [--method respeak|convert] [--speakers 8]
        [--per-speaker 40] [--languages en,it] [--ray]

CORPUS is a folder made by `anyvoice corpus build`. The bench takes the speakers with the most utterances of 2 s
or more (real people, several languages; `--languages` keeps only those), `--per-speaker` of those utterances
each, and anonymises them with `--method`. A speaker-ID probe (nearest centroid of GE2E speaker embeddings)
enrols every speaker on the first half of their original utterances and names the speaker of the second half: as
recorded, and after anonymisation (lower is better; chance is 1 / speakers, and for a guess among the speakers of
the utterance's language, which the anonymised speech still tells, the mean of 1 / those speakers). The same
probe, enrolled on the anonymised first halves, shows that each pseudo-speaker stays one voice. Words: Whisper
base (multilingual, told the language) transcribes the second halves; WER of the anonymised speech against the
source's own transcript (how much of what was heard is kept), per language, and, where the corpus has the text,
WER of each against that text and their paired difference; each WER with its bootstrap interval over utterances.
"""
from __future__ import annotations

import argparse
import collections
import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.corpus.anonymise import METHODS, AnonymiseConfig, anonymise_corpus
from anyvoice.corpus.manifest import Entry, read_manifest, write_manifest
from anyvoice.engines import DEFAULT_ENGINE
from anyvoice.evaluation.intervals import bootstrap_interval
from anyvoice.evaluation.metrics import wer
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.tasks.batch import run_here


def _embedding(path: Path) -> np.ndarray:
    return speaker_embedding(*load_audio(path, sr=16000))


def probe_accuracy(enrol: dict[str, list[np.ndarray]], test: dict[str, list[np.ndarray]]) -> float:
    """Share of test utterances whose nearest enrolled centroid (cosine) is their own speaker's."""
    names = sorted(enrol)
    centroids = np.stack([np.mean(enrol[n], axis=0) for n in names])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    hits = [names[int(np.argmax(centroids @ e))] == n for n in test for e in test[n]]
    return float(np.mean(hits))


def language_chance(test: dict[str, list], language: dict[str, str]) -> float:
    """The accuracy of guessing each test utterance's speaker among the speakers of its language."""
    sharing = collections.Counter(language.values())
    return float(np.mean([1 / sharing[language[n]] for n in test for _ in test[n]]))


@dataclass(frozen=True)
class Heard:
    """One measured utterance: its corpus entry, and what Whisper base heard in the source and after
    anonymisation."""

    entry: Entry
    source: str
    anonymised: str


def choose(corpus: Path, languages: set[str] | None, speakers: int, per_speaker: int
           ) -> tuple[list[str], list[Entry]]:
    """The `speakers` speakers with the most utterances of 2 s or more (in `languages`), and `per_speaker` of
    their utterances each, in path order."""
    entries = [e for e in read_manifest(corpus / "manifest.jsonl")
               if e.duration >= 2.0 and (languages is None or e.language in languages)]
    counts = collections.Counter(e.speaker for e in entries)
    chosen_speakers = [s for s, n in counts.most_common() if n >= per_speaker][:speakers]
    chosen = [e for s in chosen_speakers for e in sorted((e for e in entries if e.speaker == s),
                                                         key=lambda e: e.path)[:per_speaker]]
    return chosen_speakers, chosen


def anonymise(corpus: Path, chosen: list[Entry], out: Path, cfg: AnonymiseConfig, ray: bool
              ) -> list[tuple[str, Path, Path]]:
    """Anonymise the chosen utterances (as a corpus of their own, the audio where it is): (speaker, source,
    anonymised) per utterance, in the order of `chosen`."""
    sub = out / "source"
    sub.mkdir(parents=True, exist_ok=True)
    if not (sub / "audio").exists():
        (sub / "audio").symlink_to((corpus / "audio").resolve())
    write_manifest(sub / "manifest.jsonl", chosen)
    runner = run_here
    if ray:
        from anyvoice.tasks.batch_ray import RayRunner

        runner = RayRunner()
    t0 = time.time()
    summary = anonymise_corpus(sub, out / "anonymised", cfg, runner)
    for number, message in summary.failed:
        print(f"job {number} failed: {message}")
    print(f"{summary.done} utterances anonymised in {time.time() - t0:.0f} s"
          + (f" ({summary.skipped} by an earlier run)" if summary.skipped else ""))
    with open(out / "anonymised" / "mapping.csv") as f:
        return [(r["speaker"], sub / r["source_path"], out / "anonymised" / r["path"]) for r in csv.DictReader(f)]


def enrols(k: int, per_speaker: int) -> bool:
    """Whether the `k`-th utterance of the chosen list is in its speaker's first half (it enrols the probe) rather
    than the second (it is measured)."""
    return k % per_speaker < per_speaker // 2


def probe_rows(pairs: list[tuple[str, Path, Path]], per_speaker: int, spoken: dict[str, str]) -> list[list]:
    """The speaker-ID probe's rows: enrolled on each speaker's first half, tested on the second, as recorded and
    after anonymisation (a failed job's utterance is left out)."""
    enrol, test, enrol_anon, test_anon = (collections.defaultdict(list) for _ in range(4))
    for k, (speaker, source, anon) in enumerate(pairs):
        if anon.is_file():
            first = enrols(k, per_speaker)
            (enrol if first else test)[speaker].append(_embedding(source))
            (enrol_anon if first else test_anon)[speaker].append(_embedding(anon))
    chance = [f"{100 / len(spoken):.0f} %", f"{100 * language_chance(test_anon, spoken):.0f} %"]
    return [["speaker ID, original speech", len(spoken), f"{100 * probe_accuracy(enrol, test):.0f} %", *chance],
            ["speaker ID, anonymised speech (enrolled on originals)", len(spoken),
             f"{100 * probe_accuracy(enrol, test_anon):.0f} %", *chance],
            ["pseudo-speaker ID, anonymised (enrolled on anonymised)", len(spoken),
             f"{100 * probe_accuracy(enrol_anon, test_anon):.0f} %", *chance]]


def hear(pairs: list[tuple[str, Path, Path]], per_speaker: int, entries: dict[str, Entry], show: bool
         ) -> list[Heard]:
    """Whisper base, told the language, on each second-half utterance before and after anonymisation."""
    heard = []
    for k, (speaker, source, anon) in enumerate(pairs):
        if enrols(k, per_speaker) or not anon.is_file():
            continue
        entry = entries[str(source)]
        h = Heard(entry, transcribe_language(*load_audio(source), entry.language)[0],
                  transcribe_language(*load_audio(anon), entry.language)[0])
        heard.append(h)
        if show:
            print(f"{entry.language} {speaker}: text {entry.transcript!r}\n  source heard {h.source!r}\n"
                  f"  anonymised heard {h.anonymised!r}", flush=True)
    return heard


def word_rows(heard: list[Heard]) -> list[list]:
    """WER rows, each with its bootstrap interval over utterances: anonymised against the source's transcript
    (all, then per language); where the corpus has the text, the source and the anonymised speech against it,
    and their paired difference (what anonymisation loses beyond what the recording already loses), also with
    each speaker's utterances resampled together."""
    kept = [(h.entry.language, wer(h.source, h.anonymised, h.entry.language)) for h in heard if h.source.strip()]
    rows = [["anonymised against the source's transcript", len(kept),
             bootstrap_interval([w for _, w in kept]).percent()]]
    for code in sorted({c for c, _ in kept}):
        mine = [w for c, w in kept if c == code]
        rows.append([f"... of it in {code}", len(mine), bootstrap_interval(mine).percent()])
    with_text = [h for h in heard if h.entry.transcript]
    texted = np.array([(wer(h.entry.transcript, h.source, h.entry.language),
                        wer(h.entry.transcript, h.anonymised, h.entry.language)) for h in with_text])
    if len(texted):
        lost = texted[:, 1] - texted[:, 0]
        rows += [["source against the corpus text", len(texted), bootstrap_interval(texted[:, 0]).percent()],
                 ["anonymised against the corpus text", len(texted), bootstrap_interval(texted[:, 1]).percent()],
                 ["anonymised minus source, against the corpus text (paired)", len(texted),
                  bootstrap_interval(lost).percent(sign=True)],
                 ["... the same with speakers resampled (a speaker's utterances drawn together)", len(texted),
                  bootstrap_interval(lost, [h.entry.speaker for h in with_text]).percent(sign=True)]]
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--speakers", type=int, default=8)
    p.add_argument("--per-speaker", type=int, default=40, help="utterances a speaker: the first half enrols the "
                   "probe, the second half is measured")
    p.add_argument("--out", default="out/bench-anonymise")
    p.add_argument("--method", choices=METHODS, default=AnonymiseConfig.method)
    p.add_argument("--languages", help="comma-separated language codes: only speakers of these")
    p.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine (default {DEFAULT_ENGINE})")
    p.add_argument("--ray", action="store_true", help="convert on a Ray cluster of this machine")
    p.add_argument("--show", action="store_true", help="print each measured utterance's words: the corpus text, "
                   "what was heard in the source and in the anonymised speech")
    args = p.parse_args()
    corpus = Path(args.corpus)
    speakers, chosen = choose(corpus, set(args.languages.split(",")) if args.languages else None, args.speakers,
                              args.per_speaker)
    pairs = anonymise(corpus, chosen, Path(args.out), AnonymiseConfig(method=args.method, engine=args.engine),
                      args.ray)
    spoken = {s: collections.Counter(e.language for e in chosen if e.speaker == s).most_common(1)[0][0]
              for s in speakers}
    print(f"({len(speakers)} speakers: {', '.join(speakers)})\n")
    print(markdown_table(["probe", "speakers", "accuracy", "chance", "chance knowing the language"],
                         probe_rows(pairs, args.per_speaker, spoken)))
    heard = hear(pairs, args.per_speaker, {str(Path(args.out) / "source" / e.path): e for e in chosen}, args.show)
    print()
    print(markdown_table(["WER (Whisper base)", "utterances", "WER % (95 % interval, utterances resampled)"],
                         word_rows(heard)))


if __name__ == "__main__":
    main()
