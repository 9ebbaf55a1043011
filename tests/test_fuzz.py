"""A fuzz run of the server's OpenAPI spec (schemathesis): no request, however odd, gets a 5xx; every answer is
documented, in the documented shape. `bench/server_fuzz.py` runs the same with many more examples."""
from __future__ import annotations

import json
import subprocess
from urllib.parse import urlsplit

import pytest

from anyvoice.evaluation.fuzz import fuzz_command
from anyvoice.evaluation.server_process import running_server

pytestmark = pytest.mark.slow  # fuzzing the HTTP API from its schema

#: the routes that speak: schemathesis' coverage phase (every boundary value of every field, most of them speech
#: that is made, each answer streamed or aligned word by word) took most of the test's time on them, so here they get
#: the examples and fuzzing phases; bench/server_fuzz.py runs every phase on every route
SPEAKING = ("/v1/audio/speech", "/v1/audio/captioned_speech")


def _answers(report) -> list[tuple[str, int]]:
    """(path, status) of every request in a schemathesis NDJSON report."""
    out = []
    for line in report.read_text().splitlines():
        recorder = json.loads(line).get("ScenarioFinished", {}).get("recorder", {})
        for interaction in (recorder.get("interactions") or {}).values():
            if interaction.get("response"):
                out.append((urlsplit(interaction["request"]["uri"]).path, interaction["response"]["status_code"]))
    return out


def test_fuzzing_the_spec_finds_no_server_error_with_or_without_the_key(tmp_path):
    with running_server(tmp_path / "voices.sqlite3", tmp_path / "server.log", "--workers", "2",
                        "--max-text-chars", "80", "--max-audio-seconds", "4", "--max-upload-mb", "1",
                        "--api-key", "fuzz-key") as server:
        run = subprocess.run(fuzz_command(server.url, examples=6, seed=7, report=tmp_path / "fuzz.ndjson",
                                          api_key="fuzz-key", skip_paths=SPEAKING),
                             capture_output=True, text=True, timeout=900)
        speaking = subprocess.run(fuzz_command(server.url, examples=6, seed=7, api_key="fuzz-key",
                                               paths=SPEAKING, phases=("examples", "fuzzing")),
                                  capture_output=True, text=True, timeout=600)
        keyless = subprocess.run(fuzz_command(server.url, examples=3, seed=7, report=tmp_path / "keyless.ndjson"),
                                 capture_output=True, text=True, timeout=600)  # its verdict: the 401s, below
        log = server.output()
    assert run.returncode == 0, run.stdout[-6000:]
    assert speaking.returncode == 0, speaking.stdout[-6000:]
    assert "passed" in run.stdout and "passed" in speaking.stdout
    assert "Traceback" not in log  # nothing unexpected, not even logged
    # without the key, every request to every route (any method, any body) is a 401; only /health answers
    answers = _answers(tmp_path / "keyless.ndjson")
    assert len(answers) > 50, keyless.stdout[-3000:]
    assert {status for path, status in answers if path != "/health"} == {401}
