"""Cloning benchmark: speaker similarity, WER, DNSMOS, RTF and memory for every engine and both baselines.

    .venv/bin/python bench/clone_bench.py [--engines none,dsp,select] [--jobs 3] [--out out/bench]
                                          [--docs docs/benchmarks.md]

Targets: 4 bundled Kokoro styles and 4 real human speakers (alsa-utils, klettres-data en/de/fr); per target,
TTS jobs (Piper base voice -> engine) and VC jobs (Kokoro jm_kumo speech -> engine). Similarity is measured
against a held-out clip of the target, never the reference the voice was made from.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

from anyvoice.evaluation.clone_bench import markdown_table, max_rss_mb, run_clone_bench, summarize
from anyvoice.evaluation.tables import write_doc_section


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engines", help="comma-separated engines (default: all registered)")
    p.add_argument("--jobs", type=int, default=3, help="jobs per target (default 3)")
    p.add_argument("--out", default="out/bench", help="folder for results.json and the evaluation-audio cache")
    p.add_argument("--docs", help="also write the tables into this document's clone_bench section")
    args = p.parse_args()
    out = Path(args.out)
    (out / "cache").mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    results = run_clone_bench(args.engines.split(",") if args.engines else None, args.jobs, out / "cache")
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1))
    report = []
    for task in ("tts", "vc"):
        rows = summarize([r for r in results if r.task == task])
        report.append(f"### {task.upper()} ({rows[0]['n']} jobs per system)\n\n" + markdown_table(rows))
    report.append("### all jobs\n\n" + markdown_table(summarize(results)))
    report.append(f"{len({(r.job) for r in results})} jobs, {len({r.target for r in results})} targets, "
                  f"{time.time() - t0:.0f} s, process peak RSS {max_rss_mb():.0f} MB "
                  f"(`bench/clone_bench.py --jobs {args.jobs}`, {time.strftime('%Y-%m-%d')})")
    print("\n\n".join(report))
    if args.docs:
        write_doc_section(args.docs, "clone_bench", "\n\n".join(report))


if __name__ == "__main__":
    main()
