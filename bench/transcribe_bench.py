"""Transcription of real recordings in their own languages, as `anyvoice transcribe` does it.

    .venv/bin/python bench/transcribe_bench.py --corpus corpus [--clips 20]

For each language and source of a built real-speech corpus (`anyvoice corpus build`) whose utterances carry the
package's own text (Festival's Russian prompts, Tux Paint's descriptions, Fish Fillets' Czech lines), `--clips`
utterances drawn at random: is the language detected right, WER (CER for Japanese and Chinese) with the language
detected and with it given, and RTF. Every clip is a real person's recording; none was heard in training.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.corpus.manifest import read_manifest
from anyvoice.evaluation.metrics import error_rate
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import detect_language, transcribe
from anyvoice.text.languages import language_name


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, required=True, help="a corpus built by `anyvoice corpus build`")
    p.add_argument("--clips", type=int, default=20, help="utterances per language and source")
    args = p.parse_args()
    rng = np.random.default_rng(0)
    groups: dict[tuple[str, str], list] = {}
    for e in read_manifest(args.corpus / "manifest.jsonl"):
        if e.transcript_from == "package" and e.language and e.transcript:
            groups.setdefault((e.language, e.source), []).append(e)
    rows = []
    for (code, source), entries in sorted(groups.items()):
        picked = [entries[i] for i in sorted(rng.permutation(len(entries))[:args.clips])]
        detected, given, found, compute, audio = [], [], 0, 0.0, 0.0
        for e in picked:
            wav, sr = load_audio(args.corpus / e.path)
            t = time.perf_counter()
            guess = detect_language(wav, sr)[0]
            text = transcribe(wav, sr, guess)
            compute += time.perf_counter() - t
            audio += len(wav) / sr
            found += guess == code
            detected.append(error_rate(e.transcript, text, code))
            given.append(detected[-1] if guess == code else error_rate(e.transcript, transcribe(wav, sr, code), code))
        seconds = np.mean([e.duration for e in picked])
        named = f"{code} ({language_name(code)})" if language_name(code) != code else code
        rows.append([named, source, len(picked), f"{seconds:.1f}",
                     f"{100 * found / len(picked):.0f} %", 100 * np.mean(detected), 100 * np.mean(given),
                     compute / audio])
        print(" ".join(str(c) for c in rows[-1]), flush=True)
    print("\n### Transcription of real recordings (language detected, then given)\n")
    print(markdown_table(["language", "source", "clips", "mean s", "language detected right", "WER % (detected)",
                          "WER % (given)", "RTF"], rows))


if __name__ == "__main__":
    main()
