"""Anonymisation benchmark: after `anyvoice corpus anonymise`, can the speakers still be found, and are the words
kept?

    .venv/bin/python bench/anonymise_bench.py --corpus CORPUS [--method respeak|convert] [--speakers 8]
        [--per-speaker 20] [--languages en,it] [--ray]

CORPUS is a folder made by `anyvoice corpus build`. The bench takes the speakers with the most utterances of 2 s
or more (real people, several languages; `--languages` keeps only those), `--per-speaker` of those utterances
each, and anonymises them with `--method`. A speaker-ID probe (nearest centroid of GE2E speaker embeddings)
enrols every speaker on the first half of their original utterances and names the speaker of the second half: as
recorded, and after anonymisation (lower is better; chance is 1 / speakers, and for a guess among the speakers of
the utterance's language, which the anonymised speech still tells, the mean of 1 / those speakers). The same
probe, enrolled on the anonymised first halves, shows that each pseudo-speaker stays one voice. Words: Whisper
base (multilingual, told the language) transcribes the second halves; WER of the anonymised speech against the
source's own transcript (how much of what was heard is kept), per language, and, where the corpus has the text,
WER of each against that text.
"""
from __future__ import annotations

import argparse
import collections
import csv
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.corpus.anonymise import METHODS, AnonymiseConfig, anonymise_corpus
from anyvoice.corpus.manifest import read_manifest, write_manifest
from anyvoice.engines import DEFAULT_ENGINE
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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--speakers", type=int, default=8)
    p.add_argument("--per-speaker", type=int, default=20, help="utterances a speaker: the first half enrols the "
                   "probe, the second half is measured")
    p.add_argument("--out", default="out/bench-anonymise")
    p.add_argument("--method", choices=METHODS, default=AnonymiseConfig.method)
    p.add_argument("--languages", help="comma-separated language codes: only speakers of these")
    p.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine (default {DEFAULT_ENGINE})")
    p.add_argument("--ray", action="store_true", help="convert on a Ray cluster of this machine")
    p.add_argument("--show", action="store_true", help="print each measured utterance's words: the corpus text, "
                   "what was heard in the source and in the anonymised speech")
    args = p.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    languages = set(args.languages.split(",")) if args.languages else None
    entries = [e for e in read_manifest(corpus / "manifest.jsonl")
               if e.duration >= 2.0 and (languages is None or e.language in languages)]
    counts = collections.Counter(e.speaker for e in entries)
    speakers = [s for s, n in counts.most_common() if n >= args.per_speaker][: args.speakers]
    chosen = [e for s in speakers for e in sorted((e for e in entries if e.speaker == s),
                                                  key=lambda e: e.path)[: args.per_speaker]]
    sub = out / "source"  # the chosen utterances as a corpus of their own (the audio stays where it is)
    sub.mkdir(parents=True, exist_ok=True)
    if not (sub / "audio").exists():
        (sub / "audio").symlink_to((corpus / "audio").resolve())
    write_manifest(sub / "manifest.jsonl", chosen)
    runner = run_here
    if args.ray:
        from anyvoice.tasks.batch_ray import RayRunner

        runner = RayRunner()
    t0 = time.time()
    summary = anonymise_corpus(sub, out / "anonymised", AnonymiseConfig(method=args.method, engine=args.engine), runner)
    seconds = time.time() - t0
    for number, message in summary.failed:
        print(f"job {number} failed: {message}")
    with open(out / "anonymised" / "mapping.csv") as f:
        pairs = [(r["speaker"], sub / r["source_path"], out / "anonymised" / r["path"]) for r in csv.DictReader(f)]
    by_path = {str(sub / e.path): e for e in chosen}
    half = args.per_speaker // 2
    enrol, test, enrol_anon, test_anon = (collections.defaultdict(list) for _ in range(4))
    words = []
    for k, (speaker, source, anon) in enumerate(pairs):
        first = k % args.per_speaker < half
        if not anon.is_file():  # a failed job's utterance is left out of every measure
            continue
        (enrol if first else test)[speaker].append(_embedding(source))
        (enrol_anon if first else test_anon)[speaker].append(_embedding(anon))
        if not first:
            entry = by_path[str(source)]
            heard_source = transcribe_language(*load_audio(source), entry.language)[0]
            heard_anon = transcribe_language(*load_audio(anon), entry.language)[0]
            words.append((entry, heard_source, heard_anon))
            if args.show:
                print(f"{entry.language} {speaker}: text {entry.transcript!r}\n  source heard {heard_source!r}\n"
                      f"  anonymised heard {heard_anon!r}", flush=True)
    spoken = {s: collections.Counter(e.language for e in chosen if e.speaker == s).most_common(1)[0][0]
              for s in speakers}
    chance = [f"{100 / len(speakers):.0f} %", f"{100 * language_chance(test_anon, spoken):.0f} %"]
    rows = [["speaker ID, original speech", len(speakers), f"{100 * probe_accuracy(enrol, test):.0f} %", *chance],
            ["speaker ID, anonymised speech (enrolled on originals)", len(speakers),
             f"{100 * probe_accuracy(enrol, test_anon):.0f} %", *chance],
            ["pseudo-speaker ID, anonymised (enrolled on anonymised)", len(speakers),
             f"{100 * probe_accuracy(enrol_anon, test_anon):.0f} %", *chance]]
    print(f"{summary.done} utterances anonymised in {seconds:.0f} s ({len(speakers)} speakers: "
          f"{', '.join(speakers)})\n")
    print(markdown_table(["probe", "speakers", "accuracy", "chance", "chance knowing the language"], rows))
    kept = [(e.language, wer(s, a, e.language)) for e, s, a in words if s.strip()]
    texted = [(wer(e.transcript, s, e.language), wer(e.transcript, a, e.language)) for e, s, a in words
              if e.transcript]
    lines = [["anonymised against the source's transcript", len(kept), f"{100 * np.mean([w for _, w in kept]):.1f}"]]
    for code in sorted({c for c, _ in kept}):
        mine = [w for c, w in kept if c == code]
        lines.append([f"... of it in {code}", len(mine), f"{100 * np.mean(mine):.1f}"])
    if texted:
        lines += [["source against the corpus text", len(texted), f"{100 * np.mean([t[0] for t in texted]):.1f}"],
                  ["anonymised against the corpus text", len(texted),
                   f"{100 * np.mean([t[1] for t in texted]):.1f}"]]
    print()
    print(markdown_table(["WER (Whisper base)", "utterances", "WER %"], lines))


if __name__ == "__main__":
    main()
