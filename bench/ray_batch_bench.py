"""Batch throughput: the local runner against Ray with 1 and 2 workers, on the same list of jobs; and per task, how
many hours of audio one core makes in an hour (to size a cluster).

    .venv/bin/python bench/ray_batch_bench.py [--jobs 40,120] [--out out/bench-ray]

The list: half text to speech (the Piper base voice, and the same into a cloned voice), half conversions of real
human speech (Debian alsa-utils) into that voice, each job its own output. Each runner is `anyvoice batch` as a
user runs it, in a fresh process, from an empty output folder (no resume): the local runner on this machine's
2 cores and on one thread; Ray on a cluster of this machine that is already up (`ray start`; any Ray cluster of
this machine is stopped first) with 1 worker of 1 core, 1 worker of 2 cores and 2 workers of 1 core; and `--ray`
alone, which starts a cluster of its own. Every Ray run includes starting its workers and loading their models,
once per worker, and is set against the local runner on as many cores. The sizing table runs each task alone in
this process, one job after another, after a warm-up.

    sudo .venv/bin/python bench/ray_batch_bench.py --two-hosts [--jobs 20]

runs the same list on a cluster of two hosts made on this machine with Linux network namespaces (root and iproute2
needed): the head at 10.77.0.1, a second node at 10.77.0.2 with a /tmp of its own (it sees neither the job list's
files nor the head's Ray session), and a "laptop" at 10.78.0.2 that is no node and sends the jobs through ray:// with
files of its own. Rows: the local runner; the head alone; both nodes; both with the second node's processes killed
after the first output; the laptop; and the paths transfer, which the second node cannot serve.
"""
from __future__ import annotations

import argparse
import csv
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.evaluation.evalset import TTS_TEXT
from anyvoice.evaluation.tables import markdown_table
from anyvoice.tasks.batch import attempt
from anyvoice.voice import Voice


def _inputs(folder: Path) -> tuple[Path, list[Path]]:
    """A cloned voice (from real speech) and the real clips to convert."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    ref = join_with_pauses([load_audio(f, sr=24000)[0] for f in clips[:6]], 24000, 0.3)
    voice = Voice.from_audio(ref, 24000, name="alsa").save(folder / "alsa.voice")
    sources = []
    for i in range(0, len(clips) - 1, 2):  # two channel names a clip: about 3 s of speech
        wav = join_with_pauses([load_audio(f, sr=24000)[0] for f in clips[i:i + 2]], 24000, 0.2)
        save_audio(folder / f"source{i}.wav", wav, 24000)
        sources.append(folder / f"source{i}.wav")
    return voice, sources


def _job_list(n: int, voice: Path, sources: list[Path], out: Path) -> str:
    buffer = io.StringIO()
    rows = csv.writer(buffer)
    rows.writerow(["task", "output", "text", "input", "voice"])
    for i in range(n):
        text = TTS_TEXT[i % len(TTS_TEXT)]
        rows.writerow([["tts", f"{out}/{i}.wav", text, "", ""], ["tts", f"{out}/{i}.wav", text, "", voice],
                       ["convert", f"{out}/{i}.wav", "", sources[i % len(sources)], voice],
                       ["convert", f"{out}/{i}.wav", "", sources[i % len(sources)], voice]][i % 4])
    return buffer.getvalue()


def _audio_seconds(folder: Path) -> float:
    return sum(sf.info(p).duration for p in folder.glob("*.wav"))


def throughput(n: int, voice: Path, sources: list[Path], out: Path) -> list[list]:
    """Each runner as a user starts it: `anyvoice batch` in a fresh process, from an empty output folder. The Ray
    runs use a cluster of this machine already started (`ray start`, as a cluster serving many runs is), and one
    run starts its own (`--ray` alone). Each run is set against the local runner on as many cores."""
    runs = [("local runner", 2, (), {}), ("local runner, one thread", 1, (), {"OMP_NUM_THREADS": "1"}),
            ("Ray, 1 worker of 1 core", 1, ("--ray", "auto", "--ray-workers", "1"), {}),
            ("Ray, 1 worker of 2 cores", 2, ("--ray", "auto", "--ray-workers", "1", "--ray-worker-cores", "2"), {}),
            ("Ray, 2 workers of 1 core", 2, ("--ray", "auto"), {}),
            ("Ray, 2 workers, --ray alone (starts its cluster)", 2, ("--ray",), {})]
    subprocess.run([RAY, "stop", "--force"], capture_output=True)
    _sh(RAY, "start", "--head", "--num-cpus", "2", "--include-dashboard", "false")
    time.sleep(10)  # the cluster's own start (its idle workers) would otherwise slow the first run
    rows, local = [], {}
    try:
        for name, cores, options, env in runs:
            folder = out / re.sub(r"\W+", "-", name).strip("-")
            shutil.rmtree(folder, ignore_errors=True)
            jobs = out / f"{folder.name}.csv"
            jobs.write_text(_job_list(n, voice, sources, folder))
            Path(f"{jobs}.done.jsonl").unlink(missing_ok=True)
            code, done, _, failed, seconds, said = _batch(jobs, *options, env=env)
            assert code == 0, said
            local.setdefault(cores, seconds)
            rows.append([name, cores, n, done, failed, seconds, 60 * done / seconds,
                         _audio_seconds(folder) / seconds, 100 * (seconds / local[cores] - 1),
                         1000 * (seconds - local[cores]) / n])
    finally:
        subprocess.run([RAY, "stop", "--force"], capture_output=True)
    return rows


def sizing(voice: Path, sources: list[Path], out: Path, repeats: int = 4) -> list[list]:
    """Per task: seconds of audio made per second by one worker (this process, one job at a time, after a
    warm-up; torch on one thread, ONNX Runtime as it chooses)."""
    torch.set_num_threads(1)
    noisy = out / "noisy.wav"
    wav, sr = load_audio(sources[0], sr=24000)
    save_audio(noisy, wav + 0.03 * np.random.default_rng(0).standard_normal(len(wav)).astype(np.float32), sr)
    text = TTS_TEXT[0]
    tasks = {"tts, Piper base voice": {"task": "tts", "text": text},
             "tts into a cloned voice": {"task": "tts", "text": text, "voice": str(voice)},
             "convert into a cloned voice": {"task": "convert", "input": str(sources[0]), "voice": str(voice)},
             "enhance": {"task": "enhance", "input": str(noisy)},
             "remove_speech": {"task": "remove_speech", "input": str(noisy)},
             "extract a voice": {"task": "extract", "input": str(noisy), "voice": str(voice)}}
    rows = []
    for name, job in tasks.items():
        output = str(out / "sizing.wav")
        attempt(0, {**job, "output": output}, [])  # warm-up: models loaded
        t0 = time.time()
        audio = 0.0
        for _ in range(repeats):
            result = attempt(0, {**job, "output": output}, [])
            assert result.error is None, result.error
            audio += sf.info(output).duration
        seconds = time.time() - t0
        rows.append([name, audio / seconds])  # seconds of audio a second = hours of audio an hour
    return rows


HEAD, NODE2, LAPTOP, GATEWAY = "10.77.0.1", "10.77.0.2", "10.78.0.2", "10.78.0.1"
RAY = str(Path(sys.executable).with_name("ray"))
ANYVOICE = [sys.executable, "-m", "anyvoice"]


def _sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


@contextmanager
def _hosts():
    """Network namespaces `node2` and `laptop`, each joined to this one by a virtual cable; removed after."""
    for ns, here, there, cable in [("node2", HEAD, NODE2, "av-node2"), ("laptop", GATEWAY, LAPTOP, "av-laptop")]:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        _sh("ip", "netns", "add", ns)
        _sh("ip", "link", "add", cable, "type", "veth", "peer", "name", "eth0", "netns", ns)
        _sh("ip", "addr", "add", f"{here}/24", "dev", cable)
        _sh("ip", "link", "set", cable, "up")
        for cmd in (["ip", "addr", "add", f"{there}/24", "dev", "eth0"], ["ip", "link", "set", "eth0", "up"],
                    ["ip", "link", "set", "lo", "up"], ["ip", "route", "add", "default", "via", here]):
            _sh("ip", "netns", "exec", ns, *cmd)
    try:
        yield
    finally:
        for ns in ("node2", "laptop"):
            _kill_namespace(ns)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def _kill_namespace(ns: str) -> None:
    """SIGKILL every process of a namespace: the host lost, as by a power cut."""
    pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()
    for pid in pids:
        subprocess.run(["kill", "-9", pid], capture_output=True)


def _in_host(ns: str, tmp: Path, command: str) -> list[str]:
    """`command` run on host `ns`, whose /tmp is the folder `tmp` (nothing of this machine's /tmp is seen there)."""
    return ["ip", "netns", "exec", ns, "unshare", "-m", "--propagation", "private", "sh", "-c",
            f"mount --bind {tmp} /tmp && {command}"]


def _alive_nodes() -> int:
    status = subprocess.run([RAY, "status", "--address", f"{HEAD}:6379"], capture_output=True, text=True).stdout
    return status.partition("Active:")[2].partition("Pending:")[0].count(" node_")


def _ensure_node2(tmp: Path) -> None:
    """The second node joined to the head (started again if it was lost)."""
    if _alive_nodes() == 2:
        return
    subprocess.Popen(_in_host("node2", tmp, f"exec {RAY} start --address {HEAD}:6379 --node-ip-address {NODE2} "
                              "--num-cpus 1 --block"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
    for _ in range(60):
        if _alive_nodes() == 2:
            return
        time.sleep(1)
    raise RuntimeError("the second node did not join the head")


def _batch(jobs: Path, *options: str, host: tuple[str, Path] | None = None, lose_node2_after: Path | None = None,
           env: dict[str, str] | None = None):
    """(exit status, jobs done, where they were done, jobs failed, seconds, last line said) of `anyvoice batch` here
    or on `host`, with `env` added to this process's environment."""
    argv = [*ANYVOICE, "batch", str(jobs), *options]
    cmd = _in_host(host[0], host[1], " ".join(argv)) if host else argv
    t0 = time.time()
    run = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=jobs.parent,
                           env={**os.environ, **(env or {})})
    if lose_node2_after is not None:
        while run.poll() is None and not any(lose_node2_after.glob("*.wav")):
            time.sleep(0.05)
        _kill_namespace("node2")
    err = run.communicate()[1].strip()
    seconds = time.time() - t0
    while lose_node2_after is not None and _alive_nodes() != 1:  # until the head has seen the node go
        time.sleep(1)
    counts = re.search(r"(\d+) done(?: \((.*?)\))?, \d+ already done before, (\d+) failed", err)
    done, where, failed = (int(counts[1]), counts[2] or "", int(counts[3])) if counts else (0, "", 0)
    return run.returncode, done, where, failed, seconds, err.splitlines()[-1] if err else ""


def _same(folder: Path, reference: Path) -> int:
    return sum((folder / p.name).is_file() and (folder / p.name).read_bytes() == p.read_bytes()
               for p in reference.glob("*.wav"))


def two_hosts(n: int) -> list[list]:
    """The job list on a two-host cluster of network namespaces (see the module docstring)."""
    os.environ["RAY_AUTH_MODE"] = "token"  # the head asks every node and client for ~/.ray/auth_token
    if not Path("~/.ray/auth_token").expanduser().is_file():
        _sh(RAY, "get-auth-token", "--generate")
    base = Path(tempfile.mkdtemp(prefix="anyvoice-hosts-"))  # under /tmp: not seen by the other hosts
    node2_tmp, laptop_tmp = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    voice, sources = _inputs(base / "inputs")
    rows, reference = [], base / "local"
    runs = [("local runner, one thread (as a worker)", "local", ()), ("Ray, head alone (1 core)", "head", ("bytes",)),
            ("Ray, head + node2 (1 core each)", "both", ("bytes",)),
            ("Ray, node2 lost after the first output", "lost", ("bytes",)),
            ("ray:// from the laptop (files its own)", "laptop", ("bytes",)),
            ("Ray, head + node2, --ray-transfer paths", "paths", ("paths",))]
    subprocess.run([RAY, "stop", "--force"], capture_output=True)
    try:
        with _hosts():
            _sh(RAY, "start", "--head", "--port", "6379", "--node-ip-address", HEAD, "--num-cpus", "1",
                "--include-dashboard", "false")
            for name, key, transfer in runs:
                if key not in ("local", "head"):
                    _ensure_node2(node2_tmp)
                jobs = base / f"{key}.csv"
                jobs.write_text(_job_list(n, voice, sources, base / key))
                options = (("--ray", f"ray://{HEAD}:10001") if key == "laptop" else ("--ray", f"{HEAD}:6379")
                           ) if transfer else ()
                options += ("--ray-transfer", transfer[0]) if transfer else ()
                host = None
                if key == "laptop":  # the laptop's own copy of the inputs and the list, at the same paths
                    shutil.copytree(base / "inputs", laptop_tmp / base.name / "inputs")
                    shutil.copy(jobs, laptop_tmp / base.name / jobs.name)
                    host = ("laptop", laptop_tmp)
                code, done, where, failed, seconds, said = _batch(
                    jobs, *options, host=host, lose_node2_after=base / key if key == "lost" else None,
                    env={"OMP_NUM_THREADS": "1"} if key == "local" else None)  # a worker's threads: same bytes
                made = laptop_tmp / base.name / key if key == "laptop" else base / key
                same = _same(made, reference) if made.is_dir() and key != "local" else done
                rows.append([name, n, code, done, where, failed, seconds, 60 * done / seconds if done else 0.0,
                             same, said if code else ""])
    finally:
        subprocess.run([RAY, "stop", "--force"], capture_output=True)
        for folder in (base, node2_tmp, laptop_tmp):
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=lambda v: [int(n) for n in v.split(",")], default=[40],
                   help="jobs in the list; several (40,120) give a table each")
    p.add_argument("--out", default="out/bench-ray")
    p.add_argument("--two-hosts", action="store_true", help="a cluster of two hosts made of network namespaces "
                   "(root)")
    args = p.parse_args()
    if args.two_hosts:
        print(markdown_table(["run", "jobs", "exit", "done", "done where", "failed", "seconds", "jobs/min",
                              "same as local", "said"], two_hosts(args.jobs[0])))
        return
    out = Path(args.out).absolute()  # the runs start in the job list's folder
    voice, sources = _inputs(out / "inputs")
    for n in args.jobs:
        print(markdown_table(["runner", "cores", "jobs", "done", "failed", "seconds", "jobs/min", "audio s per s",
                              "time vs local on as many cores %", "ms/job vs local on as many cores"],
                             throughput(n, voice, sources, out)))
        print()
    print(markdown_table(["task", "hours of audio per hour, one worker"], sizing(voice, sources, out)))


if __name__ == "__main__":
    main()
