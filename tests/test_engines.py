import numpy as np
import pytest

from anyvoice.audio.world import estimate_f0
from anyvoice.engines import DEFAULT_ENGINE, ENGINES, create_engine
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import speaker_similarity, transcribe, wer
from anyvoice.inputs.speech import speaker_embedding
from tests.conftest import SOURCE_TEXT


def _median_f0(wav, sr):
    f0 = estimate_f0(wav, sr)
    return float(np.median(f0[f0 > 0]))


def test_registry_lists_engines_and_refuses_unknown_names():
    assert {"none", "dsp", "select"} <= set(ENGINES.names())
    assert DEFAULT_ENGINE in ENGINES.names()
    with pytest.raises(InputError, match="unknown engine 'bogus'; choose one of"):
        create_engine("bogus")


@pytest.mark.parametrize("name", ["dsp", "select"])
def test_engine_moves_voice_toward_target_and_keeps_words(name, piper_speech, kokoro_female):
    wav, sr = piper_speech
    voice = kokoro_female["voice"]
    held = speaker_embedding(kokoro_female["held_out"], kokoro_female["sr"])
    out = create_engine(name).convert(wav, sr, voice)
    assert out.dtype == np.float32 and len(out) == len(wav)
    # Pitch lands near the target's median (a male source moved up to a female target).
    assert abs(12 * np.log2(_median_f0(out, sr) / voice.attributes.f0_median_hz)) < 2.0
    # Closer to the target speaker than the source was, on a held-out sentence of the target.
    before = speaker_similarity(wav, sr, held)
    after = speaker_similarity(out, sr, held)
    assert after > before + 0.1, (before, after)
    # The words survive.
    assert wer(SOURCE_TEXT, transcribe(out, sr)) <= 0.2


def test_none_engine_is_identity(piper_speech, kokoro_female):
    wav, sr = piper_speech
    assert np.array_equal(create_engine("none").convert(wav, sr, kokoro_female["voice"]), wav)
