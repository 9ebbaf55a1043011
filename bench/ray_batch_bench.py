"""Batch throughput: the local runner against Ray with 1 and 2 workers, on the same list of jobs; and per task, how
many hours of audio one core makes in an hour (to size a cluster).

    .venv/bin/python bench/ray_batch_bench.py [--jobs 40] [--out out/bench-ray]

The list: half text to speech (the Piper base voice, and the same into a cloned voice), half conversions of real
human speech (Debian alsa-utils) into that voice, each job its own output. Each run starts from an empty output
folder (no resume). The Ray runs include starting the workers and loading the models once per worker, as a
user's first run does; starting the local cluster itself is timed apart. The sizing table runs each task alone,
one job after another, after a warm-up.
"""
from __future__ import annotations

import argparse
import csv
import glob
import io
import shutil
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.evaluation.evalset import TTS_TEXT
from anyvoice.evaluation.tables import markdown_table
from anyvoice.tasks.batch import attempt, run_batch
from anyvoice.tasks.batch_ray import RayOptions, RayRunner
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
    rows = []
    for name, runner in [("local runner", None), ("Ray, 1 worker", RayRunner(RayOptions(workers=1))),
                         ("Ray, 2 workers", RayRunner(RayOptions(workers=2)))]:
        folder = out / name.replace(" ", "").replace(",", "-")
        shutil.rmtree(folder, ignore_errors=True)
        jobs = out / f"{folder.name}.csv"
        jobs.write_text(_job_list(n, voice, sources, folder))
        Path(f"{jobs}.done.jsonl").unlink(missing_ok=True)
        t0 = time.time()
        summary = run_batch(jobs, runner=runner) if runner else run_batch(jobs)
        seconds = time.time() - t0
        rows.append([name, n, summary.done, len(summary.failed), seconds, 60 * summary.done / seconds,
                     _audio_seconds(folder) / seconds])
    local = rows[0][4] / n
    for row in rows:
        row.append(1000 * (row[4] / n - local))
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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=40)
    p.add_argument("--out", default="out/bench-ray")
    args = p.parse_args()
    out = Path(args.out)
    voice, sources = _inputs(out / "inputs")
    import ray

    t0 = time.time()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    print(f"local Ray cluster started in {time.time() - t0:.1f} s\n")
    print(markdown_table(["runner", "jobs", "done", "failed", "seconds", "jobs/min", "audio s per s",
                          "overhead ms/job vs local"], throughput(args.jobs, voice, sources, out)))
    print()
    print(markdown_table(["task", "hours of audio per hour, one worker"], sizing(voice, sources, out)))


if __name__ == "__main__":
    main()
