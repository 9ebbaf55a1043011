"""Hostile and careless input: every case ends in a clear 4xx (or a sound answer), no file is written or changed,
and the server keeps answering /health within a second, during each case and after it."""
from __future__ import annotations

import hashlib
import json
import socket
import time

import numpy as np
import openai
import pytest
import requests

from anyvoice.audio.io import save_audio
from anyvoice.evaluation.hostile import (
    Setup,
    blank_png,
    cases,
    edited_voice_file,
    make_setup,
    replay,
    silence_mka,
    voice_bomb,
    wav_bytes,
)
from anyvoice.evaluation.server_process import Client, running_server
from anyvoice.interfaces.cli import main
from anyvoice.tasks import batch

pytestmark = pytest.mark.slow  # hostile inputs against a real server and the CLI

KEY = "test-key-0123456789"
LIMITS = ("--workers", "2", "--max-audio-seconds", "30", "--max-upload-mb", "5", "--head-timeout", "2",
          "--body-timeout", "3", "--api-key", KEY)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    with running_server(d / "voices.sqlite3", d / "server.log", *LIMITS) as s:
        yield s


@pytest.fixture(scope="module")
def client(server):
    with Client(server.url) as c:
        c.headers["Authorization"] = f"Bearer {KEY}"
        yield c


@pytest.fixture(scope="module")
def setup(client, kokoro_female) -> Setup:
    return make_setup(client, kokoro_female["reference"], kokoro_female["sr"])


@pytest.mark.parametrize("case", cases(scale=0.01), ids=lambda c: c.name)
def test_hostile_request_gets_a_clear_answer_and_the_server_stays_responsive(case, client, setup, server):
    before = {v["id"] for v in client.get("/v1/voices").json()["data"]}
    outcome = replay(case, client, setup, server.process.pid)
    assert outcome.right, (outcome.status, outcome.message)
    if outcome.status >= 400:
        assert outcome.message and "internal" not in outcome.message
        after = {v["id"] for v in client.get("/v1/voices").json()["data"]}
        assert after == before  # a refused request saves nothing
    assert outcome.health_failures == 0 and outcome.slowest_health_s < 1.0, outcome
    t0 = time.monotonic()
    assert requests.get(server.url + "/health", timeout=5).status_code == 200 and time.monotonic() - t0 < 1.0
    assert "Traceback" not in server.output()


def test_api_key_is_needed_except_for_health_and_the_page(server):
    assert requests.get(server.url + "/health", timeout=5).status_code == 200
    assert requests.get(server.url + "/", timeout=5).status_code == 200
    r = requests.get(server.url + "/v1/voices", timeout=5)
    assert r.status_code == 401 and "API key" in r.json()["error"]["message"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = requests.get(server.url + "/v1/voices", headers={"Authorization": "Bearer wrong-key-000"}, timeout=5)
    assert r.status_code == 401
    api = openai.OpenAI(base_url=server.url + "/v1", api_key=KEY)
    assert len(api.audio.speech.create(model="tts-1", voice="alloy", input="Hi.", response_format="wav").content) > 1000
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=server.url + "/v1", api_key="not-the-key").models.list()


def test_same_origin_pages_and_plain_clients_pass_the_origin_check(client, server):
    assert client.get("/v1/models", headers={"Origin": server.url}).status_code == 200
    assert client.get("/v1/models", headers={"Host": "localhost"}).status_code == 200
    r = client.get("/v1/models", headers={"Origin": "null"})
    assert r.status_code == 403


def test_docs_work_without_a_network(server):
    for page, asset in (("/docs", "/docs-assets/swagger-ui-bundle.js"), ("/redoc", "/docs-assets/redoc.standalone.js")):
        html = requests.get(server.url + page, timeout=5).text
        assert asset in html and "cdn" not in html.lower() and "fonts.googleapis" not in html
        r = requests.get(server.url + asset, timeout=5)
        assert r.status_code == 200 and len(r.content) > 100_000


def test_slow_clients_are_cut_off(server):
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:  # headers a byte at a time
        t0 = time.monotonic()
        closed = False
        for byte in b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 40:
            try:
                s.send(bytes([byte]))
                time.sleep(0.2)
            except OSError:
                closed = True
                break
            if time.monotonic() - t0 > 6:
                break
        if not closed:
            s.settimeout(5)
            closed = s.recv(100) == b""
        assert closed and time.monotonic() - t0 < 6
    with socket.create_connection((host, int(port)), timeout=10) as s:  # a body that stops coming
        s.sendall(b"POST /v1/audio/enhance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream"
                  b"\r\nAuthorization: Bearer " + KEY.encode() + b"\r\nContent-Length: 100000\r\n\r\n" + b"x" * 10)
        t0 = time.monotonic()
        s.settimeout(10)
        answer = s.recv(1000)
        assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - t0 < 6
    assert requests.get(server.url + "/health", timeout=5).status_code == 200


# --- the command line ---------------------------------------------------------------------------------------
def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def files(tmp_path_factory, kokoro_female):
    d = tmp_path_factory.mktemp("hostile-cli")
    save_audio(d / "a.wav", kokoro_female["reference"], kokoro_female["sr"])
    (d / "p.png").write_bytes(blank_png(0.1))
    assert main(["voice", "create", str(d / "a.wav"), "-o", str(d / "a.voice")]) == 0
    voice = (d / "a.voice").read_bytes()
    (d / "nan.voice").write_bytes(edited_voice_file(voice, lambda h, a: a["envelope_mean"].fill(np.nan)))
    (d / "bomb.voice").write_bytes(voice_bomb(voice, 50_000_000))
    (d / "silence.mka").write_bytes(silence_mka(25 * 60))
    (d / "fast.wav").write_bytes(wav_bytes(0.5, 1_000_000))
    return d


@pytest.mark.parametrize("argv,message", [
    (["enhance", "{d}/a.wav", "-o", "{d}/a.wav"], "is the input"),
    (["enhance", "{d}/a.wav", "-o", "{d}/../{name}/a.wav"], "is the input"),
    (["voice", "create", "{d}/a.wav", "-o", "{d}/a.wav"], "is the input"),
    (["voice", "design", "--face", "{d}/p.png", "-o", "{d}/p.png"], "is the input"),
    (["voice", "edit", "{d}/a.voice", "older", "-o", "{d}/a.voice"], "is the input"),
    (["tts", "Hi.", "--voice", "{d}/a.wav", "-o", "{d}/a.mp3", "--format", "wav"], "is the input"),
    (["tts", "Hi.", "--voice", "{d}/nan.voice", "-o", "{d}/out.wav"], "NaN"),
    (["tts", "Hi.", "--voice", "{d}/bomb.voice", "-o", "{d}/out.wav"], "would inflate"),
    (["voice", "edit", "{d}/a.voice", "+300 semitones", "-o", "{d}/b.voice"], "too large"),
    (["tts", "Hi.", "--voice", "{d}/a.voice", "--pitch", "nan", "-o", "{d}/out.wav"], "out of range"),
    (["tts", "Hi.", "--base", "kokoro:jf_alpha*inf", "-o", "{d}/out.wav"], "bad weight"),
    (["enhance", "{d}/silence.mka", "-o", "{d}/out.wav"], "longer than the limit"),
    (["enhance", "{d}/fast.wav", "-o", "{d}/out.wav"], "sample rate"),
])
def test_cli_refuses_with_exit_2_and_changes_no_file(argv, message, files, capsys):
    before = {p.name: _digest(p) for p in files.iterdir()}
    assert main([a.format(d=files, name=files.name) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert {p.name: _digest(p) for p in files.iterdir()} == before  # nothing changed, nothing new


def test_a_planted_checkpoint_runs_no_code(tmp_path, capsys):
    import torch

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    torch.save({"state": Payload(), "step": 1}, tmp_path / "checkpoint.pt")
    assert main(["train", "aggregator", "--out", str(tmp_path), "--steps", "1"]) == 2
    assert "not a checkpoint of this training run" in capsys.readouterr().err
    assert not marker.exists()


# --- batches ------------------------------------------------------------------------------------------------
def test_batch_survives_faulty_jobs_bad_outputs_and_a_corrupt_state_file(tmp_path, files, monkeypatch):
    jobs = tmp_path / "jobs.jsonl"
    state = batch.state_path(jobs)
    rows = [{"task": "enhance", "input": str(files / "a.wav"), "output": str(files / "a.wav")},
            {"task": "enhance", "input": str(files / "a.wav"), "output": str(state)},
            {"task": "enhance", "input": str(files / "a.wav"), "output": str(jobs)},
            {"task": "design", "describe": "a calm man", "output": str(tmp_path / "boom.voice")},
            {"task": "enhance", "input": str(files / "a.wav"), "output": str(tmp_path / "clean.wav")}]
    jobs.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    state.write_bytes(b"\x00\xff garbage {{{\n[1, 2]\n")
    before = _digest(files / "a.wav")
    real_design = batch.TASKS["design"]

    def faulty(job):
        raise RuntimeError("a model failed inside")

    monkeypatch.setitem(batch.TASKS, "design", faulty)
    summary = batch.run_batch(jobs)
    assert summary.done == 1 and [i for i, _ in summary.failed] == [1, 2, 3, 4], summary
    messages = dict(summary.failed)
    assert all("is the input" in messages[i] for i in (1, 2, 3)) and "RuntimeError" in messages[4]
    assert summary.notes and "corrupt-" in summary.notes[0]
    assert list(tmp_path.glob("jobs.jsonl.done.jsonl.corrupt-*"))
    assert _digest(files / "a.wav") == before and jobs.read_text().count("\n") == 5
    monkeypatch.setitem(batch.TASKS, "design", real_design)
    again = batch.run_batch(jobs)  # the new state file is trusted: the finished job is skipped
    assert again.skipped == 1 and again.done == 1 and not again.notes


def test_helper_processes_end_with_a_killed_parent(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    import psutil

    script = ("import os, sys\nfrom anyvoice import isolation\nisolation.use_helpers(1)\n"
              "print(isolation.run_all([(os.getpid,)])[0], flush=True)\nsys.stdin.read()\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    helper = int(parent.stdout.readline())
    assert helper != parent.pid and psutil.pid_exists(helper)
    os.kill(parent.pid, signal.SIGKILL)  # no shutdown at all
    parent.wait()
    deadline = time.monotonic() + 10
    while psutil.pid_exists(helper) and psutil.Process(helper).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the helper outlived its parent"
        time.sleep(0.1)
