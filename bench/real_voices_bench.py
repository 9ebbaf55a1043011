"""Real-voice benchmark: cloning into, converting real speech into, and extracting the corpus's held-out real
speakers (speakers no shipped network trained on).

    .venv/bin/python bench/real_voices_bench.py --corpus CORPUS [--engines none,select,cfm] [--jobs 4]
        [--mixtures 24] [--extractor CKPT] [--cfm CKPT] [--out out/bench-real]

CORPUS is a folder built by `anyvoice corpus build`. Prints: TTS (Piper base -> engine), conversion of real
English speech and of real es/fr/ru/cs speech, each with similarity, the share of the gap from the baseline to
the speaker's own other clip that the engine closes, WER (Whisper tiny.en for English, Whisper base otherwise)
and DNSMOS, and each engine's difference from select on the same jobs with its 95 % interval; then target
speaker extraction on two-talker mixtures of held-out speakers at 0 dB (half with noise).
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from anyvoice.evaluation.clone_bench import markdown_table, max_rss_mb, paired_table, run_clone_bench, summarize
from anyvoice.evaluation.real_voices import real_sources, real_targets, real_test_speakers
from anyvoice.evaluation.speechx_bench import mix_jobs, run_extraction, speech_table, summarize_scores


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="a corpus folder (anyvoice corpus build --out CORPUS)")
    p.add_argument("--engines", default="none,select,cfm", help="comma-separated engines")
    p.add_argument("--jobs", type=int, default=4, help="jobs per target, alternating TTS and conversion")
    p.add_argument("--mixtures", type=int, default=24, help="extraction mixtures (0: skip extraction)")
    p.add_argument("--extractor", help="an extractor checkpoint to measure instead of the bundled one")
    p.add_argument("--cfm", help="a cfm decoder checkpoint to measure beside the bundled one: each cfm engine of "
                   "--engines (cfm, cfm-filter) once more with it, as 'ENGINE CKPT'")
    p.add_argument("--out", default="out/bench-real")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    targets, sources = real_targets(args.corpus), real_sources(args.corpus)
    print(f"{len(targets)} held-out targets, {len(sources)} real sources "
          f"({', '.join(sorted({s.language for s in sources}))})", flush=True)
    results = []
    if args.jobs:
        from anyvoice.engines.cfm.engine import CFM_ENGINES, engine_named

        variants = {f"{name} {Path(args.cfm).name}": engine_named(name, args.cfm)
                    for name in args.engines.split(",") if args.cfm and name in CFM_ENGINES}
        results = run_clone_bench(args.engines.split(","), args.jobs, targets=targets, sources=sources,
                                  variants=variants)
    extraction = []
    if args.mixtures:
        extraction = run_extraction(mix_jobs(real_test_speakers(args.corpus), args.mixtures, seed=3),
                                    model_path=args.extractor)
    (out / "results.json").write_text(json.dumps({"clone": [asdict(r) for r in results],
                                                  "extract": summarize_scores(extraction)}, indent=1))
    groups = {"TTS": [r for r in results if r.task == "tts"],
              "conversion of real English speech": [r for r in results if r.task == "vc" and r.language == "en"],
              "conversion of real es/fr/ru/cs speech": [r for r in results if r.task == "vc" and r.language != "en"]}
    for title, rs in groups.items():
        if rs:
            print(f"\n### {title} ({len({r.job for r in rs})} jobs)\n\n" + markdown_table(summarize(rs)))
            if paired := paired_table(rs):
                print("\nThe same jobs, each engine against select (a target's jobs resampled together):\n\n" + paired)
    if extraction:
        ex = [s for s in extraction if s.system == "anyvoice extract"]
        right = np.mean([s.extra["right_talker"] for s in ex])
        print(f"\n### extraction ({len(ex)} mixtures of held-out real speakers, right talker {100 * right:.0f} %)\n\n"
              + speech_table(summarize_scores(extraction)))
    print(f"\n{time.time() - t0:.0f} s, process peak RSS {max_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
