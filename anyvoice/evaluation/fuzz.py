"""Fuzzing the server's OpenAPI spec with schemathesis: the command line shared by the test and the bench."""
from __future__ import annotations

import os
import sys
from pathlib import Path

#: Every schemathesis check except "schema-valid data is accepted": data the schema allows may still be refused
#: with a clear 4xx (random bytes are not audio, random words are not a voice).
EXCLUDED_CHECKS = "positive_data_acceptance"


def fuzz_command(url: str, examples: int = 10, seed: int = 1, workers: int = 2,
                 report: str | os.PathLike | None = None, api_key: str | None = None,
                 phases: tuple[str, ...] = (), paths: tuple[str, ...] = (),
                 skip_paths: tuple[str, ...] = ()) -> list[str]:
    """The `schemathesis run` command that fuzzes the server at `url` (examples per operation and phase), with
    `api_key` as a bearer token on every request when given; only the routes in `paths` (all when empty) but those
    in `skip_paths`, in schemathesis' `phases` (all when empty: examples, coverage, fuzzing, stateful)."""
    exe = Path(sys.executable).parent / "schemathesis"
    cmd = [str(exe), "run", url.rstrip("/") + "/openapi.json", "--checks", "all", "--exclude-checks",
           EXCLUDED_CHECKS, "--max-examples", str(examples), "--seed", str(seed), "--workers", str(workers),
           "--request-timeout", "300", "--suppress-health-check", "all", "--no-color",
           # schemathesis fails answers slower than 10 s by default; speed is server_load's business, and on a
           # busy 2-core machine designing a voice can take longer
           "--max-response-time", "300"]
    if api_key is not None:
        cmd += ["--header", f"Authorization: Bearer {api_key}"]
    if phases:
        cmd += ["--phases", ",".join(phases)]
    cmd += [arg for path in paths for arg in ("--include-path", path)]
    cmd += [arg for path in skip_paths for arg in ("--exclude-path", path)]
    if report is not None:
        cmd += ["--report", "ndjson", "--report-ndjson-path", str(report)]
    return cmd
