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
