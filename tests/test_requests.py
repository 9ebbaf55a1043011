"""The request model every front end uses: each task takes a typed request and gives one result type."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.errors import InputError, UnprocessableError
from anyvoice.tasks.requests import (
    ConvertRequest,
    EditRequest,
    EnhanceRequest,
    ExtractRequest,
    RemoveSpeechRequest,
    SpeakRequest,
    TaskResult,
)
from anyvoice.tasks.tts import TtsOptions
from anyvoice.voice.spec import VoiceSpec


def test_every_audio_task_answers_with_audio_at_its_rate(piper_speech, kokoro_female):
    wav, sr = piper_speech
    stereo = np.stack([wav, 0.5 * wav], axis=1)
    voice = VoiceSpec(kokoro_female["voice"])
    results = {
        "speak": SpeakRequest("Good morning.", voice, TtsOptions(engine="dsp")).run(),
        "convert": ConvertRequest(wav, sr, voice, "dsp").run(),
        "enhance": EnhanceRequest(stereo, sr).run(),
        "remove_speech": RemoveSpeechRequest(stereo, sr).run(),
    }
    for name, result in results.items():
        assert isinstance(result, TaskResult) and result.audio.dtype == np.float32, name
        assert np.isfinite(result.audio).all() and np.abs(result.audio).max() > 0, name
    assert results["convert"].sample_rate == sr and len(results["convert"].audio) == len(wav)
    assert results["enhance"].audio.shape == stereo.shape  # every channel kept
    assert results["remove_speech"].audio.shape == stereo.shape


def test_a_voice_not_in_the_mixture_warns_and_strict_refuses(piper_speech, kokoro_female):
    wav, sr = piper_speech  # the man alone; the woman is not in it
    woman = VoiceSpec(kokoro_female["voice"])
    result = ExtractRequest(wav, sr, woman).run()
    assert not result.details["present"] and result.warnings == (result.details["message"],)
    with pytest.raises(UnprocessableError, match="nothing written"):
        ExtractRequest(wav, sr, woman, strict=True).run()
    with pytest.raises(InputError, match="needs the voice"):
        ExtractRequest(wav, sr, VoiceSpec()).run()
    with pytest.raises(InputError, match="needs a target"):
        ConvertRequest(wav, sr, VoiceSpec()).run()


@pytest.mark.slow
def test_an_edit_plan_reports_what_was_heard_and_each_edit(piper_speech):
    wav, sr = piper_speech
    heard = EditRequest(wav, sr, "anything at all", dry_run=True, allow_deletions=True).run().details["heard"]
    words = heard.split()
    new = " ".join(words[:-1] + ["Monday."])
    plan = EditRequest(wav, sr, new, transcript=heard, dry_run=True).run()
    assert plan.details["heard"] == heard and len(plan.details["edits"]) == 1
    assert plan.details["edits"][0]["new"].lower().startswith("monday")
