"""Target speaker extraction with the shipped checkpoint, and the training recipe end to end."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.audio.noise import scale_to_snr
from anyvoice.audio.signal import resample
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import si_sdr
from anyvoice.tasks.extract import extract
from anyvoice.voice import Voice

SR = 16000


@pytest.fixture(scope="module")
def two_talkers(piper_speech, kokoro_female):
    """A female (Kokoro) and a male (Piper) sentence mixed at 0 dB, with a Voice for each from other audio."""
    from anyvoice.synth import create_synthesizer

    female = resample(kokoro_female["held_out"], kokoro_female["sr"], SR)
    male = resample(*piper_speech, SR)
    n = min(len(female), len(male))
    female, male = female[:n], scale_to_snr(female[:n], male[:n], 0.0)
    piper = create_synthesizer("piper")
    male_ref = piper.synthesize("Every morning the old ferry crossed the harbour while gulls circled above.")
    return {"mix": female + male, "female": female, "male": male, "female_voice": kokoro_female["voice"],
            "male_voice": Voice.from_audio(male_ref, piper.sample_rate)}


def test_extract_returns_the_asked_for_talker(two_talkers):
    t = two_talkers
    for voice, want, other in [("female_voice", "female", "male"), ("male_voice", "male", "female")]:
        res = extract(t["mix"], SR, t[voice])
        assert res.audio.shape == t["mix"].shape
        assert si_sdr(res.audio, t[want]) > si_sdr(t["mix"], t[want]) + 4
        assert si_sdr(res.audio, t[want]) > si_sdr(res.audio, t[other])
        assert res.present and res.similarity > 0.7


def test_extract_edge_cases(two_talkers):
    t = two_talkers
    mix44 = resample(t["mix"], SR, 44100)
    stereo = np.stack([mix44, 0.8 * mix44], 1)
    res = extract(stereo, 44100, t["female_voice"])  # stereo at 44.1 kHz: mono out, same rate and length
    assert res.audio.shape == (len(mix44),) and res.sample_rate == 44100
    assert si_sdr(resample(res.audio, 44100, SR), t["female"]) > si_sdr(t["mix"], t["female"]) + 3
    short = extract(t["mix"][:SR // 2], SR, t["female_voice"])  # far shorter than the reference
    assert len(short.audio) == SR // 2 and np.all(np.isfinite(short.audio))
    tiny = extract(t["mix"][:100], SR, t["female_voice"])
    assert len(tiny.audio) == 100
    silent = extract(np.zeros(SR, np.float32), SR, t["female_voice"])
    assert not silent.present and "not found" in silent.message
    with pytest.raises(InputError, match="empty"):
        extract(np.zeros(0, np.float32), SR, t["female_voice"])


def test_train_extractor_resumes_and_its_checkpoint_loads(tmp_path, two_talkers):
    from anyvoice.cleanup.extractor import ExtractorConfig, SpeakerExtractor
    from anyvoice.training.extractor import ExtractorTrainConfig, train_extractor
    from anyvoice.training.mixtures import SpeakerPool, Utterance

    t = two_talkers
    utts = [Utterance(name, np.roll(t[name], k * 4000), False) for name in ("female", "male") for k in range(3)]
    utts += [Utterance("other", resample(t["female"], SR, 19000)[:len(t["female"])], False) for _ in range(2)]
    pool = SpeakerPool.from_utterances(utts)
    small = ExtractorConfig(channels=16, hidden=32, dilations=2, repeats=1, speaker_dim=8)
    cfg = ExtractorTrainConfig(model=small, steps=2, batch=2, checkpoint_every=1, validate_every=2,
                               validation_mixtures=2)
    train_extractor(pool, tmp_path, cfg)
    cfg.steps = 4
    path = train_extractor(pool, tmp_path, cfg)  # resumes at step 2
    steps = [line for line in (tmp_path / "train_log.jsonl").read_text().splitlines()]
    assert len(steps) == 4 and '"val_si_sdri"' in steps[-1]
    model = SpeakerExtractor.load(path)
    assert model.cfg == small
    res = extract(t["mix"], SR, t["female_voice"], model_path=str(path))  # a user's own checkpoint
    assert res.audio.shape == t["mix"].shape
    with pytest.raises(InputError, match="not an anyvoice extractor checkpoint"):
        bad = tmp_path / "bad.pt"
        bad.write_bytes(b"nonsense")
        SpeakerExtractor.load(bad)


def test_mixtures_draw_each_source_as_often_and_a_pool_keeps_its_sources(tmp_path, two_talkers):
    from dataclasses import replace

    from anyvoice.training.mixtures import MixConfig, MixtureSampler, SpeakerPool, Utterance

    t = two_talkers
    many = [Utterance(f"game-{i}", np.roll(t["male"], i * 800 + k * 4000), True, source="game")
            for i in range(6) for k in range(2)]
    few = [Utterance("phone", np.roll(t["female"], k * 4000), True, source="phone") for k in range(2)]
    pool = SpeakerPool.from_utterances(many + few)
    pool.save(tmp_path / "pool.npz")
    pool = SpeakerPool.load(tmp_path / "pool.npz")
    assert list(pool.sources) == ["game"] * 6 + ["phone"]
    phone = pool.embeddings[pool.utterances_of(6)]

    def phone_targets(mix: MixConfig) -> float:
        emb = MixtureSampler(pool, mix, seed=0).batch(400)[2]
        return float(np.mean([any(np.allclose(e, p) for p in phone) for e in emb]))

    assert 0.4 < phone_targets(MixConfig()) < 0.6  # one source of two, though one speaker of seven
    assert 0.08 < phone_targets(replace(MixConfig(), balance_sources=False)) < 0.22


def test_train_extractor_can_start_from_the_shipped_weights(tmp_path, two_talkers):
    from anyvoice.cleanup.extractor import SpeakerExtractor
    from anyvoice.data import DATA_DIR
    from anyvoice.training.extractor import ExtractorTrainConfig, train_extractor
    from anyvoice.training.mixtures import SpeakerPool, Utterance

    t = two_talkers
    utts = [Utterance(name, np.roll(t[name], k * 4000), False) for name in ("female", "male") for k in range(2)]
    utts += [Utterance("third", resample(t["male"], SR, 14000)[:len(t["male"])], False) for _ in range(2)]
    cfg = ExtractorTrainConfig(steps=1, batch=1, lr=1e-9, validate_every=1, validation_mixtures=1)
    pool = SpeakerPool.from_utterances(utts)
    fresh = SpeakerExtractor.load(train_extractor(pool, tmp_path / "fresh", cfg)).state_dict()
    path = train_extractor(pool, tmp_path / "tuned", cfg, init=DATA_DIR / "extractor.pt")
    tuned, shipped = SpeakerExtractor.load(path).state_dict(), SpeakerExtractor.load().state_dict()
    gap = max(float((tuned[k].float() - shipped[k].float()).abs().max()) for k in shipped)
    assert gap < 1e-2  # one step at a tiny rate: still the shipped weights
    assert max(float((fresh[k].float() - shipped[k].float()).abs().max()) for k in shipped) > 0.1


@pytest.mark.slow
def test_real_speakers_present_for_under_three_seconds_are_found():
    import glob
    import itertools

    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import join_with_pauses

    def letters(lang: str, start: int, count: int) -> np.ndarray:
        files = sorted(glob.glob(f"/usr/share/klettres/{lang}/alpha/*.ogg"))
        if len(files) < start + count:
            pytest.skip("Debian package klettres-data not installed (scripts/install.sh installs it)")
        return join_with_pauses([load_audio(f, sr=SR)[0] for f in files[start:start + count]], SR, 0.1)

    found = 0
    speakers = ["en", "fr", "de", "en_GB"]
    voices = {lang: Voice.from_audio(letters(lang, 0, 12), SR) for lang in speakers}
    pairs = list(itertools.permutations(speakers, 2))
    for wanted, other in pairs:  # 2.8 s of one real speaker over 6 s of another, at the same level
        background = np.tile(letters(other, 0, 12), 2)[:6 * SR]
        short = letters(wanted, 14, 6)[:int(2.8 * SR)]
        mix = background.copy()
        mix[2 * SR:2 * SR + len(short)] += scale_to_snr(background, short, 0.0)[:len(short)]
        found += extract(mix, SR, voices[wanted]).present
    # a fixed 0.70 similarity threshold found 8; the shipped weights find 9 (the weights before them 12, while on 32
    # such mixtures of the real-speech corpus's held-out speakers both keep every one: bench/presence_bench.py)
    assert found >= 9, f"found {found} of {len(pairs)}"
