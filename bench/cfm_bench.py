"""cfm benchmark: the neural engine beside `dsp` and `select` on the same cloning jobs, and the timbre-leakage probe.

    .venv/bin/python bench/cfm_bench.py [--jobs 3] [--out out/bench-cfm] [--checkpoint CKPT] [--start-t 0.5,0.6]

Part 1 is bench/clone_bench.py with engines none, dsp, select and cfm (similarity to a held-out clip of the
target, WER, DNSMOS, RTF), plus cfm's decoder from noise alone (`--start-t` adds cfm started from select at other
flow times). Part 2 trains a linear speaker classifier on content features of speakers the decoder never saw (the
held-out klettres speakers and the alsa-utils speaker) and prints its accuracy on the mel (a control), on Whisper's
encoder frames and on the cfm bottleneck, against chance.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

from anyvoice.engines.cfm import CfmEngine, CfmEngineConfig
from anyvoice.evaluation.clone_bench import markdown_table, max_rss_mb, run_clone_bench, summarize


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=3, help="jobs per target (default 3)")
    p.add_argument("--out", default="out/bench-cfm")
    p.add_argument("--checkpoint", help="a cfm checkpoint to measure instead of the shipped one")
    p.add_argument("--start-t", default="", help="comma-separated flow times to start cfm from select at, besides "
                   "the default")
    args = p.parse_args()
    out = Path(args.out)
    (out / "cache").mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    own = args.checkpoint
    from_noise = CfmEngineConfig(start_from=None, steps=20, normalise_content=False, checkpoint=own)
    variants = {"cfm": CfmEngine(CfmEngineConfig(checkpoint=own)), "cfm from noise": CfmEngine(from_noise)}
    variants |= {f"cfm start_t {t}": CfmEngine(CfmEngineConfig(start_t=float(t), checkpoint=own))
                 for t in args.start_t.split(",") if t}
    results = run_clone_bench(["none", "dsp", "select"], args.jobs, out / "cache", variants=variants)
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1))
    for task in ("tts", "vc"):  # with --jobs 1 every job is TTS: a table is printed for what ran
        if any(r.task == task for r in results):
            rows = summarize([r for r in results if r.task == task])
            print(f"\n### {task.upper()} ({rows[0]['n']} jobs per system)\n\n" + markdown_table(rows))
    for group, human in (("synthetic targets", False), ("human targets", True)):
        if any(r.human == human for r in results):
            print(f"\n### all jobs, {group}\n\n" + markdown_table(summarize([r for r in results if r.human == human])))

    from anyvoice.engines.cfm.model import CfmDecoder
    from anyvoice.evaluation.leakage import leakage_probe
    from anyvoice.training.mixtures import validation_pool

    probe = leakage_probe(validation_pool(), CfmDecoder.load(args.checkpoint))
    print("\n### timbre leakage (unseen real speakers)\n\n| features | speaker accuracy |\n|---|---|\n"
          f"| chance (largest class) | {probe.chance:.2f} |\n| log-mel (control) | {probe.mel_accuracy:.2f} |\n"
          f"| Whisper encoder frames | {probe.raw_accuracy:.2f} |\n| cfm bottleneck codes | "
          f"{probe.bottleneck_accuracy:.2f} |\n| the same, utterance-mean-normalised content (the engine's) | "
          f"{probe.normalised_accuracy:.2f} |\n\n{probe.speakers} speakers, {probe.segments} segments")
    (out / "leakage.json").write_text(json.dumps(asdict(probe), indent=1))
    print(f"\n{time.time() - t0:.0f} s, process peak RSS {max_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
