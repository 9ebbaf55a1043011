"""Command-line subcommands for measuring and bulk work: batch (and the benchmark)."""
from __future__ import annotations

import argparse
import sys

from anyvoice.interfaces.cli_support import add_ray_options, runner_from_args, with_progress


def _cmd_batch(args: argparse.Namespace) -> int:
    from anyvoice.tasks.batch import read_jobs, run_batch, state_path

    runner = runner_from_args(args)
    read_jobs(args.manifest)  # a bad job list is refused before a cluster starts
    s = with_progress("jobs", lambda bar: run_batch(args.manifest, progress=bar, runner=runner))
    for note in s.notes:
        print(f"anyvoice: warning: {note}", file=sys.stderr)
    for i, message in s.failed:
        print(f"anyvoice: job {i} failed: {message}", file=sys.stderr)
    where = f" ({', '.join(f'{n} on {node}' for node, n in sorted(s.nodes.items()))})" if s.nodes else ""
    print(f"{s.total} jobs: {s.done} done{where}, {s.skipped} already done before, {len(s.failed)} failed, "
          f"{s.seconds:.1f} s (finished jobs are recorded in {state_path(args.manifest)})", file=sys.stderr)
    return 1 if s.failed else 0


def _cmd_bench(args: argparse.Namespace) -> None:
    import time
    from pathlib import Path

    from anyvoice.evaluation.manifest import MANIFEST, build_evalset, verify_evalset
    from anyvoice.evaluation.report import write_report
    from anyvoice.evaluation.suite import TASKS, SuiteConfig, check_tasks, run_suite

    if args.list:
        for name, (title, _) in TASKS.items():
            print(f"{name:14s} {title}")
        return
    if args.build_set:
        entries = with_progress("evaluation set", lambda bar: build_evalset(args.build_set, progress=bar))
        print(f"wrote {len(entries)} clips and {Path(args.build_set) / MANIFEST}", file=sys.stderr)
        return
    tasks = args.tasks or list(TASKS)
    check_tasks(tasks)  # before minutes of building the evaluation set
    out = Path(args.out)
    evalset = Path(args.evalset) if args.evalset else out / "evalset"
    log = (lambda msg: print(msg, file=sys.stderr)) if args.verbose else (lambda msg: None)
    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip()) if args.engines else ()
    cfg = SuiteConfig(out, evalset, args.quick, args.extractor, log, args.repeats, engines)  # checked before any work
    t0 = time.time()
    if (evalset / MANIFEST).is_file():
        verify_evalset(evalset)
    else:
        print(f"building the evaluation set in {evalset} (once)", file=sys.stderr)
        with_progress("evaluation set", lambda bar: build_evalset(evalset, progress=bar))
    outcomes = with_progress("benchmark tasks", lambda bar: run_suite(tasks, cfg, progress=bar))
    paths = write_report(outcomes, out, f"{'quick' if args.quick else 'full'} run of {', '.join(tasks)} on "
                         f"{evalset} in {time.time() - t0:.0f} s")
    print(paths["markdown"].read_text())
    print(f"wrote {paths['json']}, {paths['markdown']} and {paths['html']} ({time.time() - t0:.0f} s)",
          file=sys.stderr)


def add_bench_commands(sub: argparse._SubParsersAction) -> None:
    """Register bench and batch on the main parser's subcommands."""
    m = sub.add_parser("bench", help="measure every task on the evaluation set; write results.json and a report")
    m.add_argument("tasks", nargs="*", metavar="TASK", help="tasks to measure (default: all; --list names them)")
    m.add_argument("--list", action="store_true", help="list the tasks and what each measures, and exit")
    m.add_argument("--out", default="out/bench", help="folder for results.json, report.md, report.html")
    m.add_argument("--quick", action="store_true", help="fewer jobs per task (under 10 minutes on 2 cores)")
    m.add_argument("--evalset", help="a built evaluation set (default OUT/evalset, built on first use)")
    m.add_argument("--build-set", metavar="DIR", help="only build the evaluation set into DIR (with its manifest)")
    m.add_argument("--extractor", help="measure this extractor checkpoint instead of the bundled one")
    m.add_argument("--engines", help="the engines the cloning and speed tasks measure, comma-separated (default: "
                   "all), e.g. select,cfm")
    m.add_argument("--repeats", type=int, default=3, help="speed: timed calls per system; the median is reported")
    m.add_argument("-v", "--verbose", action="store_true", help="print every job as it is measured")
    m.set_defaults(func=_cmd_bench)
    b = sub.add_parser("batch", help="run any task over a CSV or JSONL list of jobs (progress, resume, summary)")
    b.add_argument("manifest", help="jobs.csv (header: task,output,text,input,voice,describe,style,engine) or "
                   "jobs.jsonl; tasks: tts, convert, enhance, remove_speech, extract, edit, design")
    add_ray_options(b)
    b.set_defaults(func=_cmd_batch)
