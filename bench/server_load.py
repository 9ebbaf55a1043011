"""Server load benchmark: rounds of 50 concurrent mixed requests on loopback against the real `anyvoice serve`.

    .venv/bin/python bench/server_load.py [--concurrency 50] [--rounds 3] [--workers N] [--out out/bench-server]

Counts every answer (none may be lost or 5xx), prints latency per kind of request and the server's memory after
each round, and writes OUT/load.json and OUT/load.md.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from anyvoice.evaluation.server_load import LoadConfig, load_tables, run_load


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--workers", type=int, default=0, help="server workers (default: the server's own default)")
    p.add_argument("--queue", type=int, default=64)
    p.add_argument("--out", default="out/bench-server")
    args = p.parse_args()
    out = Path(args.out)
    result = run_load(out / "load-work", LoadConfig(args.concurrency, args.rounds, args.workers, args.queue))
    table = load_tables(result)
    print(table)
    (out / "load.md").write_text(table + "\n")
    (out / "load.json").write_text(json.dumps(result.to_dict(), indent=1))
    lost = sum(o.status == 0 or o.status >= 500 for o in result.outcomes)
    raise SystemExit(1 if lost else 0)


if __name__ == "__main__":
    main()
