"""Clean-up benchmark (SpeechX tasks): enhancement, speech removal, target speaker extraction, speech editing.

    .venv/bin/python bench/speechx_bench.py [--quick] [--out out/bench-speechx] [--extractor CKPT]

The same as `anyvoice bench enhance remove_speech extract speech_edit`: mixtures made from synthetic and real human
speakers with noise at 0-15 dB (anyvoice/evaluation/speechx_bench.py); prints one table per task and writes
OUT/results.json, report.md and report.html.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from anyvoice.interfaces.cli import main as anyvoice_main


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer speakers, SNRs and mixtures")
    p.add_argument("--out", default="out/bench-speechx")
    p.add_argument("--extractor", help="an extractor checkpoint to measure instead of the bundled one")
    args = p.parse_args()
    argv = ["bench", "enhance", "remove_speech", "extract", "speech_edit", "--out", args.out, "-v",
            "--evalset", str(Path(args.out).parent / "evalset")]
    argv += ["--quick"] * args.quick + (["--extractor", args.extractor] if args.extractor else [])
    raise SystemExit(anyvoice_main(argv))


if __name__ == "__main__":
    main()
