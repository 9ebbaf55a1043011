"""Word-timing benchmark: how far the word boundaries of subtitles (`anyvoice tts --subtitles`) lie from the truth.

    .venv/bin/python bench/timings_bench.py [--targets 4] [--out out/bench-timings]

The truth: Piper speaking each sentence at 0.85x speed reports how many samples each phoneme took, so every
word's start and end is known; that speech is then converted by the `select` engine (which keeps the timing) into
the bench's target voices (bundled Kokoro styles and real human speakers). Each rendering is aligned as the
subtitles are (the forced aligner, on its own guide at normal speed), and Whisper's own word timestamps are
measured beside it. Errors are over every word start and end, in milliseconds.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.engines import create_engine
from anyvoice.evaluation.evalset import SR, TTS_TEXT, human_targets, synthetic_targets
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import word_timings
from anyvoice.inputs.forced_align import align_words, speak_guide
from anyvoice.voice import Voice


def boundary_errors(truth: list[tuple[float, float]], found: list[tuple[float, float]]) -> list[float]:
    """|found - truth| of every start and end, in ms."""
    return [1000 * abs(f - t) for (ts, te), (fs, fe) in zip(truth, found) for t, f in ((ts, fs), (te, fe))]


def whisper_spans(wav: np.ndarray, sr: int, words: list[str]) -> list[tuple[float, float]] | None:
    """Whisper's word times, when it heard as many words as were said (else None: not comparable)."""
    heard = word_timings(wav, sr)
    return [(w.start, w.end) for w in heard] if len(heard) == len(words) else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--targets", type=int, default=4, help="target voices of each kind (default 4)")
    p.add_argument("--out", default="out/bench-timings", help="folder for the evaluation-audio cache")
    args = p.parse_args()
    cache = Path(args.out) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    targets = synthetic_targets(cache)[: args.targets] + human_targets(cache=cache)[: args.targets]
    engine = create_engine("select")
    rows = []
    guides = [(text.split(), speak_guide(text.split(), speed=0.85)) for text in TTS_TEXT]
    for name, voice in [("Piper, 0.85x (as spoken)", None)] + [(t.name, Voice.from_audio(t.reference, SR))
                                                                  for t in targets]:
        ours, whisper, skipped = [], [], 0
        for words, guide in guides:
            wav = guide.audio if voice is None else engine.convert(guide.audio, guide.sample_rate, voice)
            found = [(w.start, w.end) for w in align_words(wav, guide.sample_rate, words)]
            ours += boundary_errors(guide.spans, found)
            heard = whisper_spans(resample(wav, guide.sample_rate, 16000), 16000, words)
            if heard is None:
                skipped += 1
            else:
                whisper += boundary_errors(guide.spans, heard)
        rows.append([name, len(ours) // 2, np.mean(ours), np.median(ours), np.percentile(ours, 90),
                     np.mean(whisper) if whisper else float("nan"), skipped])
    converted = rows[1:]
    rows.append(["all converted voices (mean of voices)", sum(r[1] for r in converted),
                 *(np.nanmean([r[k] for r in converted]) for k in (2, 3, 4, 5)), sum(r[6] for r in converted)])
    print(markdown_table(["speech", "words", "mean error ms", "median ms", "90th pct ms", "Whisper's own mean ms",
                          "sentences Whisper heard wrong"], rows, digits=1))
    print(f"\n{len(TTS_TEXT)} sentences per voice, {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
