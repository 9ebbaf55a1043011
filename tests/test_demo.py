import json

import numpy as np
import pytest

from anyvoice.audio.io import save_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.engines import ENGINES
from anyvoice.interfaces.cli import main
from anyvoice.interfaces.demo import REFERENCE_STYLE, held_out_cut
from anyvoice.synth import create_synthesizer

pytestmark = pytest.mark.slow  # the whole demo job


def test_demo_clones_a_recording_and_writes_audio_picture_and_report(tmp_path, capsys, kokoro_female):
    """The demo's job on a user's recording (the bundled reference is a Kokoro style reading, made the same way as
    this one): the voice from the first part, similarity measured on the held-out rest."""
    sr = kokoro_female["sr"]
    recording = join_with_pauses([kokoro_female["reference"], kokoro_female["held_out"]], sr, 0.3)
    save_audio(tmp_path / "me.wav", recording, sr)
    out = tmp_path / "demo"
    assert main(["demo", "--reference", str(tmp_path / "me.wav"), "--out", str(out)]) == 0
    for name in ["reference.wav", "reference.voice", "demo.png", "report.md", "tts_styled.wav", "designed.voice",
                 "tts_designed.wav", "voice_space.png"]:
        assert (out / name).stat().st_size > 0, name
    rows = {r["engine"]: r for r in json.load(open(out / "results.json"))["engines"]}
    assert set(rows) == set(ENGINES.names())
    assert rows["select"]["similarity"] > rows["none"]["similarity"]
    report = capsys.readouterr().out
    assert "| select |" in report and "older man" in report and "me.wav, with its last" in report


def test_the_held_out_part_starts_in_the_pause_nearest_the_last_quarter(kokoro_female):
    sr = kokoro_female["sr"]
    first, second = kokoro_female["reference"], kokoro_female["held_out"]
    recording = join_with_pauses([first, second], sr, 0.5)
    cut = held_out_cut(recording, sr)
    assert len(first) <= cut <= len(first) + int(0.5 * sr)  # in the pause between the two
    unbroken = np.sin(np.arange(8 * sr) * 2 * np.pi * 150 / sr).astype(np.float32)  # no pause at all
    assert held_out_cut(unbroken, sr) == int(0.75 * len(unbroken))


def test_a_recording_the_demo_cannot_clone_is_refused_before_anything_is_written(tmp_path, capsys, piper_speech):
    save_audio(tmp_path / "short.wav", *piper_speech)
    save_audio(tmp_path / "silent.wav", np.zeros(8 * 16000, np.float32), 16000)
    refusals = (("short.wav", "the demo needs a recording of at least 6 s"), ("silent.wav", "the reference is silent"))
    for name, words in refusals:
        assert main(["demo", "--reference", str(tmp_path / name), "--out", str(tmp_path / "demo")]) == 2
        assert words in capsys.readouterr().err
        assert not (tmp_path / "demo").exists()


def test_the_bundled_reference_is_a_kokoro_style_that_ships():
    assert create_synthesizer(REFERENCE_STYLE).sample_rate == 24000  # an unknown style is an InputError
