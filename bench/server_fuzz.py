"""Server fuzz benchmark: schemathesis over the whole OpenAPI spec of the real `anyvoice serve`, many examples.

    .venv/bin/python bench/server_fuzz.py [--examples 100] [--seed 1] [--out out/bench-server]

Every schemathesis check except "schema-valid data is accepted" (random bytes are valid by the schema but are not
audio: a clear 4xx is right). Prints schemathesis' summary; exit status 0 when nothing failed and the server
logged no traceback.
"""
from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from anyvoice.evaluation.fuzz import fuzz_command
from anyvoice.evaluation.server_process import running_server


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--examples", type=int, default=100, help="examples per operation and phase")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default="out/bench-server")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz-voices.sqlite3").unlink(missing_ok=True)
    with running_server(out / "fuzz-voices.sqlite3", out / "fuzz-server.log", "--max-text-chars", "1000",
                        "--max-audio-seconds", "60") as server:
        run = subprocess.run(fuzz_command(server.url, args.examples, args.seed, report=out / "fuzz.ndjson"),
                             capture_output=True, text=True)
    print(run.stdout[-4000:])
    tracebacks = (out / "fuzz-server.log").read_text(errors="replace").count("Traceback")
    print(f"schemathesis exit status {run.returncode}; tracebacks in the server log: {tracebacks}")
    raise SystemExit(run.returncode or (1 if tracebacks else 0))


if __name__ == "__main__":
    main()
