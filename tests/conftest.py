"""Shared fixtures: small real speech made by the bundled synthesizers, once per test session."""
from __future__ import annotations

import glob
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from anyvoice.audio.signal import join_with_pauses
from anyvoice.synth import create_synthesizer
from anyvoice.voice import Voice

SOURCE_TEXT = "The committee will publish its final report on Thursday afternoon."
REFERENCE_TEXT = ["Every morning the old ferry crossed the harbour while gulls circled above the water.",
                  "She kept a small notebook of recipes, maps and the names of strangers she met."]
HELD_OUT_TEXT = "Music drifted from an open window as the evening light turned the street gold."


def _run_folder(tmp_path_factory) -> Path:
    """The test run's own folder: under pytest-xdist the one above each worker's."""
    import os

    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


@pytest.fixture(scope="session", autouse=True)
def run_cache(tmp_path_factory):
    """What anyvoice keeps in its cache (exported graphs, pitch tracks) goes to a folder of this run, shared by its
    workers and their child processes, not the user's cache."""
    folder = _run_folder(tmp_path_factory) / "cache"
    folder.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANYVOICE_CACHE", str(folder))
        yield


@pytest.fixture(scope="session")
def piper_speech() -> tuple[np.ndarray, int]:
    """A male US English sentence (Piper), the usual source of conversions."""
    s = create_synthesizer("piper")
    return s.synthesize(SOURCE_TEXT), s.sample_rate


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` that `make(folder)` fills once per test run: under pytest-xdist the first worker to ask
    makes it while the others wait on a lock, and all of them read it."""
    import fcntl

    root = _run_folder(tmp_path_factory)
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "made").exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            (folder / "made").touch()
    return folder


def _kokoro_female(folder: Path) -> None:
    s = create_synthesizer("kokoro:jf_alpha")
    ref = join_with_pauses([s.synthesize(t) for t in REFERENCE_TEXT], s.sample_rate, 0.3)
    np.savez(folder / "speech.npz", reference=ref, held_out=s.synthesize(HELD_OUT_TEXT), sr=s.sample_rate)
    Voice.from_audio(ref, s.sample_rate, name="kokoro-alpha").save(folder / "alpha.voice")


@pytest.fixture(scope="session")
def kokoro_female(tmp_path_factory) -> dict:
    """A female Kokoro voice: a two-sentence reference, a held-out sentence, and the Voice made from it (made once
    per run: Kokoro on one core takes half a minute)."""
    folder = made_once(tmp_path_factory, "kokoro_female", _kokoro_female)
    with np.load(folder / "speech.npz") as speech:
        return {"reference": speech["reference"], "held_out": speech["held_out"], "sr": int(speech["sr"]),
                "voice": Voice.load(folder / "alpha.voice")}


@pytest.fixture(scope="session")
def alsa_files() -> list[str]:
    """Real human speech from Debian's alsa-utils (a woman reading channel names)."""
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    if not files:
        pytest.skip("Debian package alsa-utils not installed (scripts/install.sh installs it)")
    return files


def pytest_collection_modifyitems(items):
    """Within each file, the tests that need the shared Kokoro voice run after the others: while the first worker
    to need it makes it (under a minute), the other goes on with tests that do not, instead of waiting on its lock."""
    files = {}
    for item in items:
        files.setdefault(item.path, len(files))
    items.sort(key=lambda item: (files[item.path], "kokoro_female" in item.fixturenames))


def pytest_configure(config):
    """Under pytest-xdist each worker computes on its share of the cores: two workers on two cores, each with
    threads for both, wait on each other's threads."""
    import os

    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers:
        import torch

        torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(workers)))
