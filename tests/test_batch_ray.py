"""`anyvoice batch --ray`: the same jobs on a real local Ray cluster (2 CPUs) give the same files as the local
runner, with paths or with bytes; a worker killed mid-run loses nothing; resume works across runners."""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.interfaces.cli import main
from anyvoice.tasks.batch import run_batch
from anyvoice.tasks.batch_ray import RayRunner, _clear_temps
from anyvoice.tasks.ray_cluster import CLIENT_TRIES, RayOptions, completed, connect

pytestmark = pytest.mark.slow  # a Ray cluster of this machine

SENTENCES = ["The kettle is on.", "Dinner is at seven.", "Please close the window.", "The guests arrive at eight.",
             "Bring an umbrella today.", "The train leaves at noon."]


def test_an_unreachable_cluster_is_a_clear_error(tmp_path, capsys):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"task,output,text\ntts,{tmp_path}/a.wav,Hello.\n")
    assert main(["batch", str(jobs), "--ray", "127.0.0.1:9"]) == 2
    assert "cannot reach the Ray cluster at '127.0.0.1:9'" in capsys.readouterr().err
    assert not (tmp_path / "a.wav").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client_server_logs(temp: str) -> str:
    """The tails of the head's client-server logs: why a server it started for a client did not come up."""
    logs = sorted(Path(temp).glob("session_*/logs/ray_client_server*"))
    return "".join(f"\n--- {log.name}\n{log.read_text(errors='replace')[-1500:]}" for log in logs)


def _batch_on_one_thread(jobs: Path, capsys) -> tuple[int, str]:
    """`anyvoice batch JOBS` on one thread, as a one-core Ray worker computes: the same bytes (ONNX Runtime's sums can
    differ in the last bit between thread counts). Its exit status and what it said. Run here where this process
    computes on one thread (a pytest-xdist worker of two on two cores), else in a process of its own."""
    import torch

    if torch.get_num_threads() == 1:
        capsys.readouterr()
        return main(["batch", str(jobs)]), capsys.readouterr().err
    run = subprocess.run([sys.executable, "-m", "anyvoice", "batch", str(jobs)], capture_output=True, text=True,
                         env={**os.environ, "OMP_NUM_THREADS": "1"})
    return run.returncode, run.stderr


def test_a_cluster_that_wants_a_token_says_so_and_a_client_with_it_gets_its_files(tmp_path, capsys, monkeypatch):
    """A head started with a token asks its clients for it: a client without one is told how to bring it; one with it
    (from another machine, as far as it knows: ray://, and the files sent as bytes) gets the same file as a local
    run on as many threads."""
    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"):
        monkeypatch.delenv(name, raising=False)
    # the head's token of its own, whatever this machine's ~/.ray holds (Ray asks for a token only where one exists)
    token = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    port, client_port = _free_port(), _free_port()
    ray_exe = Path(sys.executable).parent / "ray"
    temp = tempfile.mkdtemp(prefix="rt", dir="/tmp")  # short: Ray's socket paths live under it
    head = subprocess.Popen([str(ray_exe), "start", "--head", "--port", str(port), "--num-cpus", "1", "--block",
                             "--ray-client-server-port", str(client_port), "--include-dashboard", "false",
                             "--disable-usage-stats", "--temp-dir", temp],
                            env={**os.environ, **token}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with socket.socket() as s, socket.socket() as c:
                if s.connect_ex(("127.0.0.1", port)) == 0 and c.connect_ex(("127.0.0.1", client_port)) == 0:
                    break
            time.sleep(0.2)
        jobs = tmp_path / "jobs.csv"
        jobs.write_text(f"task,output,text\ntts,{tmp_path}/a.wav,Hello.\n")
        assert main(["batch", str(jobs), "--ray", f"127.0.0.1:{port}"]) == 2
        err = capsys.readouterr().err
        assert "answers but did not take this client" in err and "RAY_AUTH_MODE=token" in err
        assert not (tmp_path / "a.wav").exists()
        # a client process of its own (this one's Ray state keeps the refusal), with the head's token and more
        # patience than Ray's 35 s: the head starts a server process for each client, slowly on a busy 2-core machine
        patient = {**token, "RAY_CLIENT_INITIAL_CONNECTION_TIMEOUT_S": "20"}
        client = subprocess.run([sys.executable, "-m", "anyvoice", "batch", str(jobs), "--ray",
                                 f"ray://127.0.0.1:{client_port}", "--ray-transfer", "bytes"],
                                env={**os.environ, **patient}, capture_output=True, text=True, timeout=300)
        assert client.returncode == 0, client.stderr[-2000:] + _client_server_logs(temp)
        local = tmp_path / "local.csv"
        local.write_text(f"task,output,text\ntts,{tmp_path}/b.wav,Hello.\n")
        assert _batch_on_one_thread(local, capsys)[0] == 0  # the head's worker has one core
        assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()
    finally:
        head.terminate()
        head.wait(60)
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def head_address(monkeypatch):
    """A ray:// address whose port answers, as a head's does, for a client that has no Ray of its own yet."""
    import ray

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    with socket.socket() as head:
        head.bind(("127.0.0.1", 0))
        head.listen()
        yield f"ray://127.0.0.1:{head.getsockname()[1]}"


@pytest.mark.parametrize("lost", [CLIENT_TRIES - 1, CLIENT_TRIES])
def test_a_client_server_the_head_lost_is_asked_for_again_and_named_when_it_stays_lost(monkeypatch, head_address,
                                                                                       lost):
    """Ray's head now and then loses the server it starts for a ray:// client (its proxy forks it while busy with
    gRPC): the client asks again, up to CLIENT_TRIES times, and then says what happened and where the head logs it."""
    import ray

    calls = []

    def init(address, **_):
        calls.append(address)
        if len(calls) <= lost:
            raise ConnectionAbortedError("Initialization failure from server:\npsutil.ZombieProcess: pid=3280")

    monkeypatch.setattr(ray, "init", init)
    if lost < CLIENT_TRIES:
        assert connect(RayOptions(address=head_address)) == (ray, True)
    else:
        with pytest.raises(InputError, match=f"(?s)died {CLIENT_TRIES} times in a row.*ray_client_server"):
            connect(RayOptions(address=head_address))
    assert calls == [head_address] * min(lost + 1, CLIENT_TRIES)


def test_a_client_the_head_turns_away_is_not_asked_again(monkeypatch, head_address):
    import ray

    calls = []

    def init(address, **_):
        calls.append(address)
        raise ConnectionError("ray client connection timeout")  # what a client without the head's token gets

    monkeypatch.setattr(ray, "init", init)
    with pytest.raises(InputError, match="answers but did not take this client.*RAY_AUTH_MODE=token"):
        connect(RayOptions(address=head_address))
    assert calls == [head_address]


@pytest.fixture(scope="module")
def cluster():
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, piper_speech, kokoro_female):
    d = tmp_path_factory.mktemp("inputs")
    wav, sr = piper_speech
    save_audio(d / "source.wav", wav, sr)
    save_audio(d / "noisy.wav", wav + 0.02 * np.random.default_rng(0).standard_normal(len(wav)).astype(np.float32),
               sr)
    kokoro_female["voice"].save(d / "her.voice")
    return d


def _jobs(inputs, out) -> str:
    rows = [f"tts,{out}/tts{i}.wav,{text},," for i, text in enumerate(SENTENCES[:3])]
    rows += [f"tts,{out}/her.wav,{SENTENCES[3]},,{inputs}/her.voice",
             f"convert,{out}/converted.wav,,{inputs}/source.wav,{inputs}/her.voice",
             f"enhance,{out}/enhanced.flac,,{inputs}/noisy.wav,",
             f"convert,{out}/lost.wav,,{inputs}/missing.wav,{inputs}/her.voice"]
    return "task,output,text,input,voice\n" + "\n".join(rows) + "\n"


def test_ray_gives_the_files_and_errors_of_a_local_run_on_as_many_cores(cluster, inputs, tmp_path, capsys):
    """Ray's one-core workers, sent paths or bytes, against `anyvoice batch` on one thread: the same bytes."""
    here = tmp_path / "here"
    (tmp_path / "here.csv").write_text(_jobs(inputs, here))
    code, said = _batch_on_one_thread(tmp_path / "here.csv", capsys)
    assert code == 1 and "6 done, 0 already done before, 1 failed" in said, said
    made_here = {p.name: p.read_bytes() for p in sorted(here.iterdir())}
    assert len(made_here) == 6
    for transfer in ("paths", "bytes"):
        there = tmp_path / transfer
        (tmp_path / f"{transfer}.csv").write_text(_jobs(inputs, there))
        summary = run_batch(tmp_path / f"{transfer}.csv", runner=RayRunner(RayOptions(transfer=transfer)))
        assert (summary.done, [n for n, _ in summary.failed]) == (6, [7]), transfer
        assert "no such audio file" in summary.failed[0][1] and "<worker>" not in summary.failed[0][1]
        # bit for bit: every engine here is deterministic
        assert {p.name: p.read_bytes() for p in sorted(there.iterdir())} == made_here, transfer


def _kill_a_busy_worker(killed: list[int]) -> None:
    """SIGKILL a Ray worker while it runs a job (Ray names such a process 'ray::_JobWorker.run'); look for a few
    seconds, since a worker may be between two jobs."""
    import time

    import psutil

    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        for proc in psutil.process_iter(["pid", "cmdline"]):
            if any("_JobWorker.run" in part for part in proc.info["cmdline"] or []):
                try:
                    os.kill(proc.info["pid"], signal.SIGKILL)
                except ProcessLookupError:  # it finished as we looked
                    continue
                killed.append(proc.info["pid"])
                return
        time.sleep(0.02)


def test_a_killed_worker_loses_nothing_and_a_rerun_skips_what_is_done(cluster, tmp_path, capsys):
    out = tmp_path / "out"
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("task,output,text\n" + "".join(f"tts,{out}/s{i}.wav,{t}\n" for i, t in enumerate(SENTENCES)))
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if done == 1 and not killed:  # one job done, others running: take a worker away mid-job
            threading.Thread(target=_kill_a_busy_worker, args=(killed,)).start()

    summary = run_batch(jobs, progress=progress, runner=RayRunner())
    assert killed, "no busy worker was found to kill"
    assert (summary.done, summary.failed) == (len(SENTENCES), [])
    assert sorted(p.name for p in out.iterdir()) == sorted(f"s{i}.wav" for i in range(len(SENTENCES)))  # no temp
    assert all(load_audio(out / f"s{i}.wav")[0].size > 0 for i in range(len(SENTENCES)))
    assert run_batch(jobs, runner=RayRunner()).skipped == len(SENTENCES)
    assert main(["batch", str(jobs)]) == 0 and "6 already done before" in capsys.readouterr().err


def _write_then_die_once(job: dict) -> str:
    """Write the job's output, dying half-way through the first time (a worker killed while writing)."""
    output = Path(job["output"])
    with atomic_path(output, suffix=output.suffix) as tmp:
        tmp.write_bytes(b"RIFF, half a file")
        if not (output.parent / "died").exists():
            (output.parent / "died").touch()
            os._exit(1)
        tmp.write_bytes(b"RIFF, the whole file")
    return str(output)


def test_a_worker_killed_while_writing_leaves_no_temporary_file(cluster, tmp_path):
    item = (1, {"output": str(tmp_path / "a.wav")})
    answers = list(completed(cluster, [item], lambda worker, it: worker.apply.remote(_write_then_die_once, it[1]),
                             RayOptions(workers=1), on_lost=_clear_temps))
    assert [answer for _, answer, _ in answers] == [str(tmp_path / "a.wav")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav", "died"]  # the dead writer's temporary is gone
    assert (tmp_path / "a.wav").read_bytes() == b"RIFF, the whole file"


def _die_writing_in_a_subfolder_once(folder: str) -> str:
    """Die half-way through writing one file of a shared folder; the second time, write another (the work moved on,
    as a rerun on another node that finds the first file unneeded does)."""
    died = Path(folder) / "died"
    target = Path(folder) / "sub" / ("b.wav" if died.exists() else "a.wav")
    with atomic_path(target, suffix=".wav") as tmp:
        tmp.write_bytes(b"RIFF, half a file")
        if not died.exists():
            died.touch()
            os._exit(1)
    return target.name


def test_a_worker_killed_writing_in_a_shared_folder_leaves_no_temporary_file_there(cluster, tmp_path):
    from anyvoice.tasks.ray_cluster import ray_map

    assert ray_map(_die_writing_in_a_subfolder_once, [str(tmp_path)], RayOptions(workers=1), shared=tmp_path) == [
        "b.wav"]
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["b.wav"]  # nothing of the dead writer's a.wav


def test_bad_ray_options_are_refused(tmp_path, capsys):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"task,output,text\ntts,{tmp_path}/a.wav,Hello.\n")
    assert main(["batch", str(jobs), "--ray", "--ray-worker-cores", "0"]) == 2
    assert "0 cores per Ray worker; give at least 1" in capsys.readouterr().err
    with pytest.raises(InputError, match="at least 1"):
        RayRunner(RayOptions(workers=0))
    with pytest.raises(InputError, match="unknown transfer"):
        RayRunner(RayOptions(transfer="carrier pigeon"))
    with pytest.raises(InputError, match="0 cores per Ray worker"):
        RayRunner(RayOptions(cores=0))


def _threads(_) -> tuple[int, int, int]:
    """What a worker computes on: torch's threads, the bundled models' threads, Piper's session's threads."""
    import torch

    from anyvoice.models.bundled import model_threads
    from anyvoice.models.registry import load

    piper = load("piper-joe").session.get_session_options().intra_op_num_threads
    return torch.get_num_threads(), model_threads(), piper


def test_a_worker_computes_on_the_cores_it_takes_and_one_too_big_for_every_node_is_refused(cluster):
    from anyvoice.tasks.ray_cluster import ray_map

    assert ray_map(_threads, [0], RayOptions(workers=1)) == [(1, 1, 1)]
    assert ray_map(_threads, [0], RayOptions(workers=1, cores=2)) == [(2, 2, 2)]
    with pytest.raises(InputError, match="a Ray worker of 3 cores fits on no node of this cluster \\(the largest has"):
        ray_map(_threads, [0], RayOptions(cores=3))


def test_training_features_made_on_ray_match_those_made_here(cluster, piper_speech, kokoro_female):
    from functools import partial

    from anyvoice.audio.signal import resample
    from anyvoice.tasks.ray_cluster import ray_map
    from anyvoice.training.cfm import build_corpus
    from anyvoice.training.mixtures import SR, SpeakerPool, Utterance

    piper = resample(piper_speech[0], piper_speech[1], SR)
    kokoro = resample(kokoro_female["reference"], kokoro_female["sr"], SR)
    pool = SpeakerPool.from_utterances([Utterance(name, part, False) for name, wav in (("piper", piper),
                                                                                       ("kokoro", kokoro))
                                        for part in (wav[: len(wav) // 2], wav[len(wav) // 2:])])
    here = build_corpus(pool, pca_dims=16, max_seconds=2.0)
    there = build_corpus(pool, pca_dims=16, max_seconds=2.0, mapper=partial(ray_map, options=RayOptions()))
    for name in ("f0_hz", "ref", "ref_count", "offsets"):
        assert np.array_equal(getattr(here, name), getattr(there, name)), name
    assert np.allclose(here.mel, there.mel, atol=1e-3)
    # Whisper's int8 encoder adds up in another order with one thread (a worker's one core) on some CPUs: the
    # content frames move by a few hundredths of their range (a value or two in a thousand by a tenth, where a sum
    # crosses a step of the int8 codes: seen on an AMD EPYC), and no principal direction turns round
    moved, top = np.abs(here.content.astype(np.float32) - there.content), np.abs(here.content).max()
    assert moved.mean() < 0.02 * top and np.quantile(moved, 0.998) < 0.1 * top
    assert np.abs(here.content_basis - there.content_basis).max() < 0.1
