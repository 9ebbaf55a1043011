"""Shared fixtures: small real speech made by the bundled synthesizers, once per test session."""
from __future__ import annotations

import glob

import numpy as np
import pytest

from anyvoice.audio.signal import join_with_pauses
from anyvoice.synth import create_synthesizer
from anyvoice.voice import Voice

SOURCE_TEXT = "The committee will publish its final report on Thursday afternoon."
REFERENCE_TEXT = ["Every morning the old ferry crossed the harbour while gulls circled above the water.",
                  "She kept a small notebook of recipes, maps and the names of strangers she met."]
HELD_OUT_TEXT = "Music drifted from an open window as the evening light turned the street gold."


@pytest.fixture(scope="session", autouse=True)
def graph_cache(tmp_path_factory):
    """Exported model graphs go to a folder of this session (and its child processes), not the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANYVOICE_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def piper_speech() -> tuple[np.ndarray, int]:
    """A male US English sentence (Piper), the usual source of conversions."""
    s = create_synthesizer("piper")
    return s.synthesize(SOURCE_TEXT), s.sample_rate


@pytest.fixture(scope="session")
def kokoro_female() -> dict:
    """A female Kokoro voice: a two-sentence reference, a held-out sentence, and the Voice made from it."""
    s = create_synthesizer("kokoro:jf_alpha")
    ref = join_with_pauses([s.synthesize(t) for t in REFERENCE_TEXT], s.sample_rate, 0.3)
    return {"reference": ref, "held_out": s.synthesize(HELD_OUT_TEXT), "sr": s.sample_rate,
            "voice": Voice.from_audio(ref, s.sample_rate, name="kokoro-alpha")}


@pytest.fixture(scope="session")
def alsa_files() -> list[str]:
    """Real human speech from Debian's alsa-utils (a woman reading channel names)."""
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    if not files:
        pytest.skip("Debian package alsa-utils not installed (scripts/install.sh installs it)")
    return files


def pytest_configure(config):
    """Under pytest-xdist each worker computes on its share of the cores: two workers on two cores, each with
    threads for both, wait on each other's threads."""
    import os

    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers:
        import torch

        torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(workers)))
