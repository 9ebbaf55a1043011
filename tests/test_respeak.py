"""Respeaking a real recording: its words said anew in a designed voice, keeping less of the speaker than
converting does."""
from __future__ import annotations

import pytest

from anyvoice.audio.io import load_audio
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import speaker_similarity, transcribe, wer
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.interfaces.cli import main
from anyvoice.tasks.convert import convert
from anyvoice.tasks.respeak import respeak
from anyvoice.voice.design import design_voice

pytestmark = pytest.mark.slow  # Whisper base, a designed voice, text to speech and a conversion


@pytest.fixture(scope="module")
def woman(alsa_files):
    """A real woman's recording: two channel names read one after the other."""
    import numpy as np

    parts = [load_audio(f, sr=16000)[0] for f in alsa_files if "Front_Left" in f or "Rear_Right" in f]
    return np.concatenate(parts), 16000


@pytest.fixture(scope="module")
def pseudo():
    return design_voice(attributes={"female": 1.0, "age": 55.0, "pitch_st": -2.0, "brightness": 1.0})


def test_respeaking_a_real_recording_says_what_was_heard_in_the_voice_and_hides_the_speaker(woman, pseudo):
    wav, sr = woman
    said = respeak(wav, sr, pseudo, language="en")
    assert wer("front left rear right", said.text) <= 0.25  # heard by Whisper base
    assert said.sample_rate == sr and 0.5 <= len(said.audio) / len(wav) <= 2.0  # the same words, at its own pace
    assert wer(said.text, transcribe(said.audio, sr)) <= 0.25  # and said so that it is heard again
    her = speaker_embedding(wav, sr)
    converted = convert(wav, sr, pseudo)
    assert speaker_similarity(said.audio, sr, her) < speaker_similarity(converted, sr, her) - 0.05


def test_respeaking_takes_given_words_and_refuses_what_it_cannot_say(woman, pseudo):
    wav, sr = woman
    said = respeak(wav, sr, pseudo, text="Back door, please.", language="auto")  # the text's language: English
    assert said.text == "Back door, please." and wer("back door please", transcribe(said.audio, sr)) <= 0.34
    with pytest.raises(InputError, match="Korean is not spoken yet"):
        respeak(wav, sr, pseudo, language="ko")


def test_the_respeak_command_writes_what_it_says_or_nothing(alsa_files, tmp_path, capsys):
    source = [f for f in alsa_files if "Front_Left" in f][0]
    assert main(["respeak", source, "--attr", "female=1", "--lang", "en", "-o", str(tmp_path / "a.wav")]) == 0
    assert "saying: Front" in capsys.readouterr().err and (tmp_path / "a.wav").is_file()
    assert main(["respeak", source, "-o", str(tmp_path / "b.wav")]) == 2  # no voice to say it in
    assert "respeaking needs a target voice" in capsys.readouterr().err and not (tmp_path / "b.wav").exists()
