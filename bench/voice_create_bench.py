"""How long `anyvoice voice create` takes, on one core and on every core this process may use.

    .venv/bin/python bench/voice_create_bench.py [--corpus corpus] [--lengths 10,40,120] [--repeats 2]

Each reference is a held-out real speaker's clips of the corpus (one speaker per length, joined with short pauses
up to the length; without `--corpus`, Debian's alsa-utils phrases repeated), written to a WAV file and made into a
voice by the command as a user runs it, in a fresh process each time. One core: under `taskset -c 0`, where the
command tracks pitch in place; every core: its pieces on helper processes side by side. Each of those runs starts
with an empty cache folder; "again" is the same command on every core once more with the cache the run before it
left (the reference's pitch track kept). Prints the median wall time of `--repeats` runs, the speed-up, and the time
as a share of the reference's length.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.evaluation.tables import markdown_table
from anyvoice.isolation import available_cores

SR = 24000
PAUSE_S = 0.2


def joined(clips: list[np.ndarray], seconds: float) -> np.ndarray:
    """`clips` one after another (again from the first when they run out), with short pauses, up to `seconds`."""
    out, total, pause = [], 0, np.zeros(int(PAUSE_S * SR), np.float32)
    while total < seconds * SR:
        for clip in clips:
            out += [clip, pause]
            total += len(clip) + len(pause)
            if total >= seconds * SR:
                break
    return np.concatenate(out)[: int(seconds * SR)]


def references(corpus: Path | None, lengths: list[float]) -> list[tuple[str, np.ndarray]]:
    """(speaker, reference) per length: the corpus's held-out speakers in turn, else the alsa-utils woman."""
    if corpus is None:
        files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
        if not files:
            sys.exit("no speech here: give --corpus, or install alsa-utils")
        clips = [load_audio(f, sr=SR)[0] for f in files]
        return [("alsa-utils woman", joined(clips, s)) for s in lengths]
    from anyvoice.corpus.manifest import by_speaker, read_manifest
    from anyvoice.corpus.split import held_out_speakers

    manifest = read_manifest(corpus / "manifest.jsonl")
    own = by_speaker(manifest)
    speakers = [h.speaker for h in held_out_speakers(manifest)]
    out = []
    for i, seconds in enumerate(lengths):
        speaker = speakers[i % len(speakers)]
        out.append((speaker, joined([load_audio(corpus / e.path, sr=SR)[0] for e in own[speaker]], seconds)))
    return out


def timed_create(reference: Path, out: Path, one_core: bool, cache: Path) -> float:
    """Wall seconds of `anyvoice voice create reference -o out` in a fresh process with the cache folder `cache`."""
    anyvoice = [sys.executable, "-m", "anyvoice", "voice", "create", str(reference), "-o", str(out)]
    command = ["taskset", "-c", "0", *anyvoice] if one_core else anyvoice
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "ANYVOICE_CACHE": str(cache)})
    if done.returncode:
        sys.exit(f"voice create failed ({done.returncode}):\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, help="a built real-speech corpus (its held-out speakers)")
    p.add_argument("--lengths", default="10,40,120", help="reference lengths in seconds, comma-separated")
    p.add_argument("--repeats", type=int, default=2)
    args = p.parse_args()
    if shutil.which("taskset") is None:
        sys.exit("taskset (util-linux) is needed to time the command on one core")
    lengths = [float(s) for s in args.lengths.split(",")]
    cores = available_cores()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for speaker, wav in references(args.corpus, lengths):
            path = Path(tmp) / "reference.wav"
            save_audio(path, wav, SR)
            one, every, again = [], [], []
            for _ in range(args.repeats):  # alternated, so a slow moment of the machine falls on both
                one.append(timed_create(path, Path(tmp) / "one.voice", True, Path(tempfile.mkdtemp(dir=tmp))))
                cache = Path(tempfile.mkdtemp(dir=tmp))
                every.append(timed_create(path, Path(tmp) / "every.voice", False, cache))
                again.append(timed_create(path, Path(tmp) / "again.voice", False, cache))
            one_s, every_s, again_s = (float(np.median(t)) for t in (one, every, again))
            seconds = len(wav) / SR
            print(f"{speaker} {seconds:.0f} s: one core {one_s:.1f} s, {cores} cores {every_s:.1f} s, "
                  f"again {again_s:.1f} s", flush=True)
            rows.append([speaker, seconds, one_s, every_s, one_s / every_s, every_s / seconds, again_s])
    print(f"\n### `anyvoice voice create`, wall time (median of {args.repeats}; {cores} cores here, "
          f"{os.uname().machine})\n")
    print(markdown_table(["speaker", "reference (s)", "one core (s)", f"{cores} cores (s)", "speed-up",
                          "time / reference length", "again (s)"], rows))


if __name__ == "__main__":
    main()
