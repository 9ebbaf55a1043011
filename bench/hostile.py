"""Hostile input at full size against the real `anyvoice serve` on loopback, and against the command line.

    .venv/bin/python bench/hostile.py [--scale 1] [--out out/bench-hostile] [--skip-cli]

Server cases: status, seconds, the server's peak memory over its resting memory, and the slowest /health
answer while the case ran (a freeze shows as a slow or failed /health). Command-line cases: exit status, seconds,
peak memory, and whether any input file changed. The voice and the long inputs are real human speech (Debian's
alsa-utils recordings). Writes OUT/hostile.md; exits 1 when any case went wrong.
"""
from __future__ import annotations

import argparse
import glob
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.evaluation.hostile import cases, cli_cases, cli_table, make_setup, outcome_table, replay, run_cli_case
from anyvoice.evaluation.server_process import Client, running_server


def real_speech() -> tuple[np.ndarray, int]:
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    if not files:
        raise SystemExit("install the Debian package alsa-utils (scripts/install.sh does) for real speech")
    return join_with_pauses([load_audio(f, sr=24000)[0] for f in files], 24000, 0.3), 24000


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=1.0, help="size of the inputs (1: as reported)")
    p.add_argument("--out", default="out/bench-hostile")
    p.add_argument("--skip-cli", action="store_true")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    speech, sr = real_speech()
    with running_server(out / "voices.sqlite3", out / "server.log") as server, Client(server.url) as client:
        setup = make_setup(client, speech, sr)
        outcomes = []
        for case in cases(args.scale):
            outcomes.append(replay(case, client, setup, server.process.pid))
            o = outcomes[-1]
            print(f"{case.name}: {o.status} in {o.seconds:.1f} s, +{o.extra_rss_mb:.0f} MB, "
                  f"/health {o.slowest_health_s:.2f} s", flush=True)
    report = ["## Server", "", outcome_table(outcomes), ""]
    wrong = sum(not o.right or o.health_failures for o in outcomes)
    if not args.skip_cli:
        work = out / "cli"
        work.mkdir(exist_ok=True)
        cli = []
        for case in cli_cases(work, speech, sr, args.scale):
            cli.append(run_cli_case(case, work))
            print(f"{case.name}: exit {cli[-1].exit_code} in {cli[-1].seconds:.1f} s", flush=True)
        report += ["## Command line", "", cli_table(cli), ""]
        wrong += sum(not o.right for o in cli)
    text = "\n".join(report)
    print(text)
    (out / "hostile.md").write_text(text + "\n")
    raise SystemExit(1 if wrong else 0)


if __name__ == "__main__":
    main()
