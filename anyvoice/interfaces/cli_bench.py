"""Command-line subcommands for measuring and bulk work: batch (and the benchmark)."""
from __future__ import annotations

import argparse
import sys

from anyvoice.interfaces.cli_support import ProgressBar


def _cmd_batch(args: argparse.Namespace) -> int:
    from anyvoice.tasks.batch import run_batch, state_path

    bar = ProgressBar("jobs")
    try:
        s = run_batch(args.manifest, progress=bar)
    finally:
        bar.close()
    for i, message in s.failed:
        print(f"anyvoice: job {i} failed: {message}", file=sys.stderr)
    print(f"{s.total} jobs: {s.done} done, {s.skipped} already done before, {len(s.failed)} failed, "
          f"{s.seconds:.1f} s (finished jobs are recorded in {state_path(args.manifest)})", file=sys.stderr)
    return 1 if s.failed else 0


def add_bench_commands(sub: argparse._SubParsersAction) -> None:
    """Register batch on the main parser's subcommands."""
    b = sub.add_parser("batch", help="run any task over a CSV or JSONL list of jobs (progress, resume, summary)")
    b.add_argument("manifest", help="jobs.csv (header: task,output,text,input,voice,describe,style,engine) or "
                   "jobs.jsonl; tasks: tts, convert, enhance, remove_speech, extract, edit, design")
    b.set_defaults(func=_cmd_batch)
