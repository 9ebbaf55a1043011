"""Is the wanted voice in the mixture? The extractor's presence floor against short real presences.

    .venv/bin/python bench/presence_bench.py --corpus CORPUS [--mixtures 32] [--extractors A.pt,B.pt]

CORPUS is a folder built by `anyvoice corpus build`. Each mixture: one held-out real speaker talks 1.5-3 s inside
8 s of another held-out speaker (at the same level); the extractor is asked for that speaker (present) and for a
third one (absent). Prints, per extractor and similarity floor (the rule's PRESENT_FLOOR), how many present voices
the floor keeps and how many absent ones fall under it.
"""
from __future__ import annotations

import argparse

import numpy as np

from anyvoice.audio.signal import active_level_db
from anyvoice.evaluation.real_voices import real_test_speakers
from anyvoice.evaluation.speechx_bench import SR
from anyvoice.evaluation.tables import markdown_table
from anyvoice.tasks.extract import PRESENT_FLOOR, extract
from anyvoice.voice import Voice

FLOORS = [0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.68]
MIXTURE_S = 8


def short_presence(speakers, rng: np.random.Generator, k: int) -> tuple[np.ndarray, str, str]:
    """(mixture, present speaker, absent speaker): 1.5-3 s of one speaker laid over MIXTURE_S s of another."""
    t, o, a = rng.choice(len(speakers), 3, replace=False)
    clip = speakers[t].clips[1 + k % (len(speakers[t].clips) - 1)]
    short = clip[:int(rng.uniform(1.5, 3.0) * SR)]
    n = MIXTURE_S * SR
    other = np.concatenate(speakers[o].clips[1:])[:n]
    mix = np.pad(other, (0, n - len(other)))
    start = int(rng.integers(0, n - len(short)))
    mix[start:start + len(short)] += short * 10 ** ((active_level_db(other, SR) - active_level_db(short, SR)) / 20)
    return mix.astype(np.float32), speakers[t].name, speakers[a].name


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="a corpus folder (anyvoice corpus build --out CORPUS)")
    p.add_argument("--mixtures", type=int, default=32)
    p.add_argument("--extractors", default="", help="comma-separated checkpoints (default: the bundled one)")
    args = p.parse_args()
    speakers = real_test_speakers(args.corpus)
    voices = {s.name: Voice.from_audio(s.clips[0], SR) for s in speakers}
    rng = np.random.default_rng(7)
    mixtures = [short_presence(speakers, rng, k) for k in range(args.mixtures)]
    rows = []
    for checkpoint in args.extractors.split(",") if args.extractors else [None]:
        present, absent = [], []
        for mix, here, away in mixtures:
            present.append(extract(mix, SR, voices[here], model_path=checkpoint).similarity or 0.0)
            absent.append(extract(mix, SR, voices[away], model_path=checkpoint).similarity or 0.0)
        for floor in FLOORS:
            rows.append([checkpoint or "bundled", f"{floor:.2f}" + (" (now)" if floor == PRESENT_FLOOR else ""),
                         f"{sum(s >= floor for s in present)}/{len(present)}",
                         f"{sum(s < floor for s in absent)}/{len(absent)}"])
    print(f"\n### Presence floor, {args.mixtures} mixtures of held-out real speakers (1.5-3 s inside {MIXTURE_S} s)\n")
    print(markdown_table(["extractor", "floor", "present kept", "absent under the floor"], rows))


if __name__ == "__main__":
    main()
