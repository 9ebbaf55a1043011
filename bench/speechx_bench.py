"""Clean-up benchmark (SpeechX tasks): enhancement, speech removal, target speaker extraction, speech editing.

    .venv/bin/python bench/speechx_bench.py [--quick] [--out out/bench-speechx] [--only enhance,extract,...]

Mixtures are made here from synthetic and real human speakers with noise at 0-15 dB (see
anyvoice/evaluation/speechx_bench.py). Prints one table per task and writes OUT/results.json shaped as
{task: {system: {condition: {metric: value}}}}.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from anyvoice.evaluation import speechx_bench as sx
from anyvoice.evaluation.tables import markdown_table

TASKS = ("enhance", "remove_speech", "extract", "speech_edit")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer speakers, SNRs and mixtures (a few minutes)")
    p.add_argument("--out", default="out/bench-speechx")
    p.add_argument("--only", default=",".join(TASKS), help=f"comma-separated subset of {', '.join(TASKS)}")
    p.add_argument("--extractor", help="an extractor checkpoint to measure instead of the bundled one")
    args = p.parse_args()
    tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    out = Path(args.out)
    (out / "cache").mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    speakers = sx.test_speakers(out / "cache", quick=args.quick)
    results, tables = {}, []
    snrs = (0.0, 5.0, 15.0) if args.quick else (0.0, 5.0, 10.0, 15.0)
    if "enhance" in tasks or "remove_speech" in tasks:
        jobs = sx.noisy_jobs(speakers[::2] if args.quick else speakers, snrs)
    if "enhance" in tasks:
        results["enhance"] = sx.summarize_scores(sx.run_enhancement(jobs))
        tables.append("### Enhancement\n\n" + sx.speech_table(results["enhance"]))
    if "remove_speech" in tasks:
        s = sx.summarize_scores(sx.run_speech_removal([j for j in jobs if j.snr_db == 5.0]))
        results["remove_speech"] = s
        rows = [[g, m["n"], m["si_sdr_in"], m["si_sdr"], m["si_sdri"], m["words_in"], m["words_out"],
                 m.get("wer_out"), m["level_db"], m["rtf"]] for g, m in s["anyvoice remove_speech"].items()]
        tables.append("### Speech removal (background at -5 dB: speech at 5 dB SNR)\n\n" + markdown_table(
            ["condition", "n", "background SI-SDR in", "out", "improvement", "words heard in", "words heard out",
             "WER out", "level vs true background (dB)", "RTF"], rows))
    if "extract" in tasks:
        scores = sx.run_extraction(sx.mix_jobs(speakers, 16 if args.quick else 48), model_path=args.extractor)
        s = sx.summarize_scores(scores)
        results["extract"] = s
        tables.append("### Target speaker extraction (two talkers at 0 dB; half with noise at 5-15 dB)\n\n"
                      + sx.speech_table(s))
        ours = [x for x in scores if x.system == "anyvoice extract"]
        human = [x for x in ours if x.extra["human"]]
        tables.append(markdown_table(
            ["", "right talker", "voice found (present)", "absent voice flagged", "SI-SDRi (human targets)"],
            [["anyvoice extract", f"{sum(x.extra['right_talker'] for x in ours)}/{len(ours)}",
              f"{sum(x.extra['present'] for x in ours)}/{len(ours)}",
              f"{sum(x.extra['absent_flagged'] for x in ours)}/{len(ours)}",
              sx._mean(x.si_sdri for x in human)]]))
    if "speech_edit" in tasks:
        edits = sx.run_speech_edit(speakers, noisy=False) + sx.run_speech_edit(speakers[::2], noisy=True)
        s = sx.summarize_edits(edits)
        results["speech_edit"] = {"anyvoice speech_edit": s}
        tables.append("### Speech editing\n\n" + markdown_table(
            ["condition", "n", "WER (whole)", "edited-word error", "similarity edit vs rest", "RTF"],
            [[g, m["n"], f"{100 * m['wer']:.1f} %", f"{100 * m['edited_word_error']:.1f} %", m["similarity"],
              m["rtf"]] for g, m in s.items()], digits=3))
    (out / "results.json").write_text(json.dumps(results, indent=1))
    print("\n" + "\n\n".join(tables))
    print(f"\n{time.time() - t0:.0f} s; results in {out / 'results.json'}")


if __name__ == "__main__":
    main()
