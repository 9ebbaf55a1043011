"""A fuzz run of the server's OpenAPI spec (schemathesis): no request, however odd, gets a 5xx; every answer is
documented, in the documented shape. `bench/server_fuzz.py` runs the same with many more examples."""
from __future__ import annotations

import subprocess

import pytest

from anyvoice.evaluation.fuzz import fuzz_command
from anyvoice.evaluation.server_process import running_server

pytestmark = pytest.mark.slow  # fuzzing the HTTP API from its schema


def test_fuzzing_the_spec_finds_no_server_error(tmp_path):
    with running_server(tmp_path / "voices.sqlite3", tmp_path / "server.log", "--workers", "2",
                        "--max-text-chars", "300", "--max-audio-seconds", "20", "--max-upload-mb", "2") as server:
        run = subprocess.run(fuzz_command(server.url, examples=10, seed=7, report=tmp_path / "fuzz.ndjson"),
                             capture_output=True, text=True, timeout=900)
        log = server.output()
    assert run.returncode == 0, run.stdout[-6000:]
    assert "passed" in run.stdout and "Traceback" not in log  # nothing unexpected, not even logged
