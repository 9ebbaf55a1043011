"""Pitch tracking through mains hum: the fast F0 track the engines place WORLD's envelope windows and measure a
source's pitch spread with (Praat's tracker) and the Harvest track voices are measured with, both after a hum is
notched out (`without_hum`), beside WORLD's DIO + StoneMask and Harvest on the signal as it is, on real recordings
with a 60-Hz hum added at several levels under the speech's peak.

    .venv/bin/python bench/pitch_bench.py [--hum-db -50,-40,-30,-20]

Recordings: the alsa-utils woman and the klettres English man (Debian packages). Each cell is the median F0 over
voiced frames (Hz) with the hum; the "clean" row is without it. A tracker that follows the hum reads about 60 Hz.
The last row is each tracker's time per second of speech on the clean recordings.
"""
from __future__ import annotations

import argparse
import glob
import time

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.audio.world import F0_CEIL, F0_FLOOR, FRAME_MS, estimate_f0, track_f0
from anyvoice.cache import uncached
from anyvoice.evaluation.tables import markdown_table

SR = 16000


def dio(wav: np.ndarray, sr: int) -> np.ndarray:
    """WORLD's DIO refined by StoneMask on the signal as it is (the fast tracker before Praat's)."""
    import pyworld

    x = np.asarray(wav, np.float64)
    f0, t = pyworld.dio(x, sr, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL, frame_period=FRAME_MS)
    return pyworld.stonemask(x, f0, t, sr)


def harvest_as_is(wav: np.ndarray, sr: int) -> np.ndarray:
    """WORLD's Harvest on the signal as it is (the voices' tracker before the hum was notched out)."""
    import pyworld

    return pyworld.harvest(np.asarray(wav, np.float64), sr, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL,
                           frame_period=FRAME_MS)[0]


TRACKERS = {"Praat, hum notched (fast track)": lambda w, sr: track_f0(w, sr, fast=True),
            "Harvest, hum notched (voices)": estimate_f0, "DIO + StoneMask": dio, "Harvest as is": harvest_as_is}


def recordings() -> dict[str, np.ndarray]:
    """The real recordings measured, each as one signal at SR."""
    found = {"alsa-utils woman": sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f),
             "klettres English man": sorted(glob.glob("/usr/share/klettres/en/alpha/*.ogg"))[:12]}
    return {name: join_with_pauses([load_audio(f, sr=SR)[0] for f in files], SR, 0.2)
            for name, files in found.items() if files}


def median_f0(f0: np.ndarray) -> float:
    return float(np.median(f0[f0 > 0])) if (f0 > 0).any() else float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hum-db", default="-50,-40,-30,-20", help="hum levels under the speech's peak (dB)")
    args = p.parse_args()
    levels = [float(v) for v in args.hum_db.split(",")]
    speech = recordings()
    if not speech:
        raise SystemExit("no recordings: install alsa-utils and klettres-data (scripts/install.sh does)")
    for name, wav in speech.items():
        t = np.arange(len(wav)) / SR
        rows = []
        for level in [None, *levels]:
            hum = 0.0 if level is None else 10 ** (level / 20) * np.max(np.abs(wav)) * np.sin(2 * np.pi * 60 * t)
            rows.append(["clean" if level is None else f"hum {level:.0f} dB"]
                        + [f"{median_f0(fn(wav + hum, SR)):.0f}" for fn in TRACKERS.values()])
        seconds = []
        for fn in TRACKERS.values():
            t0 = time.perf_counter()
            with uncached():  # tracked again, not read back from the rows above
                fn(wav, SR)
            seconds.append(f"{1000 * (time.perf_counter() - t0) / (len(wav) / SR):.1f} ms")
        rows.append(["time per second of audio", *seconds])
        print(f"\n### {name} ({len(wav) / SR:.1f} s): median F0 (Hz) over voiced frames\n")
        print(markdown_table(["", *TRACKERS], rows))


if __name__ == "__main__":
    main()
