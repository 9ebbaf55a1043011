"""The cfm engine: its network, its training recipe on a tiny corpus (single process and torchrun), the corpus
loaders, the timbre-leakage probe, and the shipped checkpoint converting offline."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch

from anyvoice.audio.psola import shift_voice
from anyvoice.audio.signal import resample
from anyvoice.data import DATA_DIR
from anyvoice.engines import create_engine
from anyvoice.engines.cfm import CfmEngine, CfmEngineConfig
from anyvoice.engines.cfm.flow import FlowInputs, SamplerOptions, sample
from anyvoice.engines.cfm.model import CfmConfig, CfmDecoder
from anyvoice.errors import InputError
from anyvoice.evaluation.leakage import leakage_probe
from anyvoice.inputs.content import content_features
from anyvoice.interfaces.cli import main
from anyvoice.training.cfm import (
    CONTENT_LAYERS,
    MAX_UTTERANCE_SECONDS,
    CfmCorpus,
    CfmTrainConfig,
    build_corpus,
    corpus_utterances,
    decoder_projection,
    loss_curve,
    train_cfm,
)
from anyvoice.training.cfm_transfer import fit_content_map
from anyvoice.training.corpora import load_libritts
from anyvoice.training.mixtures import SR, SpeakerPool, Utterance

pytestmark = pytest.mark.slow  # training runs, torchrun and the neural engine

SMALL = dict(hidden=64, blocks=2, heads=2)


def test_bottleneck_quantizes_and_checkpoint_round_trips(tmp_path):
    torch.manual_seed(0)
    model = CfmDecoder(CfmConfig(**SMALL)).eval()
    mask = torch.ones(1, 1, 50)
    codes = model.codes(model.project(torch.randn(1, 50, 384)), mask)
    half = torch.tensor([(n - 1) / 2 for n in model.cfg.fsq_levels])[None, :, None]
    grid = codes * half
    assert codes.shape == (1, len(model.cfg.fsq_levels), 50)
    assert torch.allclose(grid, grid.round(), atol=1e-5)  # every value on the quantization grid
    content = torch.randn(1, 40, 384)
    rest = (torch.randn(1, 40), torch.ones(1, 40), torch.randn(1, 256), torch.randn(1, 7, 96))
    options = SamplerOptions(steps=4)
    mel = sample(model, FlowInputs(model.project(content), *rest), options, torch.Generator().manual_seed(1))
    assert mel.shape == (1, 40, 80) and torch.isfinite(mel).all()
    loaded = CfmDecoder.load(model.save(tmp_path / "m.pt"))
    again = sample(loaded, FlowInputs(loaded.project(content), *rest), options, torch.Generator().manual_seed(1))
    assert torch.allclose(mel, again, atol=0.05)  # float16 weights


@pytest.fixture(scope="module")
def tiny_pool(piper_speech, kokoro_female) -> SpeakerPool:
    """Four speakers, three utterances each: Piper and Kokoro, each as is and moved to a new voice."""
    piper = resample(piper_speech[0], piper_speech[1], SR)
    kokoro = [resample(x, kokoro_female["sr"], SR) for x in (kokoro_female["reference"], kokoro_female["held_out"])]
    clips = {"piper": [piper[: len(piper) // 2], piper[len(piper) // 2:], piper],
             "kokoro": [kokoro[0][: len(kokoro[0]) // 2], kokoro[0][len(kokoro[0]) // 2:], kokoro[1]]}
    utts = []
    for name, wavs in clips.items():
        utts += [Utterance(name, w, False) for w in wavs]
        utts += [Utterance(name + "-moved", shift_voice(w, SR, 4.0, 1.1), False) for w in wavs]
    return SpeakerPool.from_utterances(utts)


def speaker_folders(pool: SpeakerPool, folder: Path) -> Path:
    """The pool written out as a user's corpus: one sub-folder of recordings per speaker."""
    for i in range(len(pool.offsets) - 1):
        d = folder / pool.names[pool.speaker[i]]
        d.mkdir(parents=True, exist_ok=True)
        sf.write(d / f"{i}.wav", pool.utterance(i), SR)
    return folder


@pytest.fixture(scope="module")
def tiny_corpus(tiny_pool, tmp_path_factory) -> CfmCorpus:
    path = tmp_path_factory.mktemp("cfm") / "corpus.npz"
    build_corpus(tiny_pool, pca_dims=32).save(path)
    return CfmCorpus.load(path)


@pytest.fixture(scope="module")
def base_corpus_path(tiny_pool, tmp_path_factory) -> Path:
    """The tiny pool read by the multilingual Whisper base, as `train cfm` builds it."""
    path = tmp_path_factory.mktemp("cfm-base") / "corpus.npz"
    build_corpus(tiny_pool, max_seconds=MAX_UTTERANCE_SECONDS, encoder="whisper-base").save(path)
    return path


def test_corpus_features_line_up(tiny_corpus):
    c = tiny_corpus
    assert len(c.offsets) == 13 and c.offsets[-1] == len(c.mel) == len(c.content) == len(c.f0_hz)
    assert c.content.shape[1] == 32 and c.content_basis.shape == (384, 32)
    assert (c.f0_hz > 0).mean() > 0.3 and np.all(c.ref_count >= 2)
    assert len(set(c.speaker.tolist())) == 4


def test_training_from_scratch_lowers_the_loss_resumes_and_converts(tiny_corpus, tmp_path, piper_speech,
                                                                   kokoro_female):
    cfg = CfmTrainConfig(steps=60, batch=6, crop_frames=86, lr=2e-3, warmup=5, checkpoint_every=30,
                         validate_every=30, validation_utterances=3, device="cpu")
    train_cfm(tiny_corpus, tmp_path, cfg, model_config=CfmConfig(**SMALL))
    log = loss_curve(tmp_path)
    val = [r["val_loss"] for r in log if "val_loss" in r]
    assert log[0]["step"] == 0 and len(val) == 3 and val[-1] < 0.8 * val[0], val
    path = train_cfm(tiny_corpus, tmp_path, CfmTrainConfig(**{**cfg.__dict__, "steps": 70}),
                     model_config=CfmConfig(**SMALL))
    steps = [r["step"] for r in loss_curve(tmp_path)]
    assert steps[len(log)] == 61 and steps[-1] == 70  # went on where it stopped
    engine = CfmEngine(CfmEngineConfig(checkpoint=str(path), steps=4))  # a user's checkpoint, by path
    y = engine.convert(*piper_speech, kokoro_female["voice"])
    assert len(y) == len(piper_speech[0]) and np.isfinite(y).all() and np.abs(y).max() > 0.01


def test_training_is_reproducible_from_its_seed(tiny_corpus, tmp_path):
    cfg = CfmTrainConfig(steps=4, batch=2, crop_frames=43, lr=1e-3, warmup=1, validate_every=2,
                         validation_utterances=2, device="cpu")
    logs = []
    for run in ("a", "b"):
        train_cfm(tiny_corpus, tmp_path / run, cfg, model_config=CfmConfig(**SMALL))
        logs.append([(r["step"], r.get("loss"), r.get("val_loss")) for r in loss_curve(tmp_path / run)])
    assert logs[0] == logs[1] and len(logs[0]) == 5
    train_cfm(tiny_corpus, tmp_path / "c", replace(cfg, seed=1), model_config=CfmConfig(**SMALL))
    assert [r.get("loss") for r in loss_curve(tmp_path / "c")] != [x[1] for x in logs[0]]


def test_fine_tuning_starts_from_the_shipped_decoder_on_its_content_basis(tiny_pool, tiny_corpus, tmp_path):
    shipped = CfmDecoder.load()
    corpus = build_corpus(tiny_pool, max_seconds=2.0, projection=decoder_projection())
    assert np.allclose(corpus.content_basis, shipped.content_basis.float().numpy(), atol=1e-3)
    cfg = CfmTrainConfig(steps=1, batch=2, crop_frames=43, lr=1e-9, warmup=1, validation_utterances=2,
                         device="cpu")
    tuned = CfmDecoder.load(train_cfm(corpus, tmp_path / "tuned", cfg, init=DATA_DIR / "cfm.pt"))
    assert tuned.cfg == shipped.cfg
    gap = max(float((a.float() - b.float()).abs().max()) for a, b in zip(tuned.state_dict().values(),
                                                                       shipped.state_dict().values()))
    assert gap < 1e-2  # one step at a tiny rate: still the shipped decoder
    with pytest.raises(InputError, match="basis"):  # a corpus projected on its own basis: refused
        train_cfm(tiny_corpus, tmp_path / "refused", cfg, init=DATA_DIR / "cfm.pt")


def test_a_decoder_trained_on_multilingual_content_reads_it_wherever_it_is_used(base_corpus_path, tmp_path,
                                                                                piper_speech, kokoro_female):
    path = base_corpus_path
    corpus = CfmCorpus.load(path)
    assert corpus.content_encoder == "whisper-base" and corpus.content_mean.shape == (512,)
    cfg = CfmTrainConfig(steps=2, batch=2, crop_frames=43, warmup=1, validation_utterances=2, device="cpu")
    checkpoint = train_cfm(corpus, tmp_path / "run", cfg, model_config=CfmConfig(**SMALL))
    decoder = CfmDecoder.load(checkpoint)
    assert (decoder.cfg.content_encoder, decoder.cfg.content_dim) == ("whisper-base", 512)
    engine = CfmEngine(CfmEngineConfig(checkpoint=str(checkpoint), steps=2))
    y = engine.convert(*piper_speech, kokoro_female["voice"])  # 512-wide frames reach a 512-wide projection
    assert len(y) == len(piper_speech[0]) and np.isfinite(y).all()
    assert engine.reads_words_in is None and CfmEngine().reads_words_in == "en"  # no warning for other languages
    with pytest.raises(InputError, match="whisper-tiny-en and the corpus from whisper-base"):
        train_cfm(corpus, tmp_path / "refused", cfg, init=DATA_DIR / "cfm.pt")  # a fine-tune keeps its encoder
    run = tmp_path / "resumed"
    run.mkdir()
    (run / "corpus.npz").write_bytes(path.read_bytes())
    assert main(["train", "cfm", "--out", str(run), "--content-encoder", "whisper-tiny-en"]) == 2  # not mixed
    old = dict(np.load(path))
    del old["content_encoder"]
    np.savez(tmp_path / "old.npz", **old)
    assert CfmCorpus.load(tmp_path / "old.npz").content_encoder == "whisper-tiny-en"  # corpora made before


def test_a_content_map_is_fitted_by_least_squares_and_scored_on_frames_it_did_not_see():
    rng = np.random.default_rng(0)
    new = rng.normal(size=(2000, 16))
    truth, shift = rng.normal(size=(16, 8)), rng.normal(size=8)
    exact = fit_content_map(new, new @ truth + shift)
    assert np.allclose(exact.matrix, truth, atol=1e-2) and np.allclose(exact.offset, shift, atol=1e-2)
    assert exact.explained > 0.999
    noisy = fit_content_map(new, new @ truth + shift + rng.normal(scale=2.0, size=(2000, 8)))
    assert 0.5 < noisy.explained < 0.9  # a fifth of the variance is noise no map reproduces
    with pytest.raises(ValueError, match="paired frames"):
        fit_content_map(new, new[:100] @ truth)


def test_a_decoder_moved_to_another_content_encoder_codes_its_frames_as_it_coded_the_old_ones(tiny_pool, tmp_path,
                                                                                              base_corpus_path, capsys):
    folder = speaker_folders(tiny_pool, tmp_path / "speakers")
    run = tmp_path / "run"
    run.mkdir()
    (run / "corpus.npz").write_bytes(base_corpus_path.read_bytes())  # what the command would build from the folder
    assert main(["train", "cfm", "--out", str(run), "--no-bundled", "--speakers", str(folder), "--init",
                 str(DATA_DIR / "cfm.pt"), "--content-encoder", "whisper-base", "--train", "content", "--steps", "2",
                 "--batch", "2", "--device", "cpu"]) == 0
    assert "moved" in capsys.readouterr().err and (run / "moved.pt").is_file()
    shipped, moved, tuned = CfmDecoder.load(), CfmDecoder.load(run / "moved.pt"), CfmDecoder.load(run / "cfm.pt")
    assert (tuned.cfg.content_encoder, tuned.cfg.content_dim) == ("whisper-base", 512)
    frozen = [k for k in shipped.state_dict() if k.split(".")[0] not in (*CONTENT_LAYERS, "content_mean",
                                                                         "content_basis")]
    assert all(torch.equal(tuned.state_dict()[k], shipped.state_dict()[k]) for k in frozen)  # --train content

    wav = tiny_pool.utterance(0)
    mask = torch.ones(1, 1, 1)

    def codes(decoder: CfmDecoder) -> torch.Tensor:
        frames = torch.from_numpy(content_features(wav, SR, encoder=decoder.cfg.content_encoder))[None]
        with torch.no_grad():
            return decoder.codes(decoder.project(frames), mask.expand(1, 1, frames.shape[1]))

    control = CfmDecoder(moved.cfg)  # the same decoder with a content input never fitted
    control.load_state_dict({k: v for k, v in moved.state_dict().items() if not k.startswith("content_in.")},
                            strict=False)
    same = (codes(moved) == codes(shipped)).float().mean()
    assert same > (codes(control) == codes(shipped)).float().mean() + 0.15, same


def test_torchrun_trains_with_distributed_data_parallel(tiny_pool, tmp_path):
    folder = speaker_folders(tiny_pool, tmp_path / "speakers")
    out = tmp_path / "run"
    base = [sys.executable, "-m", "anyvoice", "train", "cfm", "--out", str(out), "--no-bundled", "--speakers",
            str(folder), "--device", "cpu", "--batch", "2", "--steps", "4", "--hidden", "48", "--blocks", "1"]
    assert main(base[3:] + ["--corpus-only"]) == 0  # here, where Whisper is loaded already
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "-m",
                          "anyvoice", *base[3:]], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    records = [json.loads(x) for x in (out / "train_log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records if r["step"]][-1] == 4 and records[-1]["world_size"] == 2
    assert (out / "cfm.pt").is_file()


def test_libritts_layout_loader(tmp_path):
    for spk in ("19", "26"):
        d = tmp_path / "train-clean-100" / spk / "198"
        d.mkdir(parents=True)
        sf.write(d / f"{spk}_198_000000_000000.wav", 0.1 * np.sin(np.arange(2 * SR) / 7.0), SR)
    speakers = load_libritts(tmp_path)
    assert [s.speaker for s in speakers] == ["19", "26"]
    utts = corpus_utterances(speakers, per_speaker=5)
    assert len(utts) == 2 and all(len(u.wav) == 2 * SR for u in utts)


def test_leakage_probe_finds_the_speaker_in_the_mel(tiny_pool):
    result = leakage_probe(tiny_pool, CfmDecoder(CfmConfig(**SMALL)))
    assert result.speakers == 4 and result.segments > 40 and 0.25 <= result.chance < 0.6
    assert result.mel_accuracy > result.chance + 0.2  # the control: the probe does see voices where they are
    assert all(0.0 <= a <= 1.0 for a in (result.raw_accuracy, result.bottleneck_accuracy, result.normalised_accuracy))


def test_shipped_checkpoint_converts_offline_and_keeps_the_words(piper_speech, kokoro_female):
    from anyvoice.evaluation.metrics import speaker_similarity, transcribe, wer
    from tests.conftest import SOURCE_TEXT

    voice, (wav, sr) = kokoro_female["voice"], piper_speech
    before = speaker_similarity(wav, sr, voice.embedding)
    outputs = [CfmEngine(config).convert(wav, sr, voice)
               for config in (CfmEngineConfig(), CfmEngineConfig(start_from=None, steps=20, normalise_content=False))]
    for y in outputs:
        assert len(y) == len(wav) and np.isfinite(y).all()
        # the male Piper source moved toward the female target
        assert speaker_similarity(y, sr, voice.embedding) > before + 0.1
    # the default starts the flow from select's conversion, whose mel carries the words through
    assert wer(SOURCE_TEXT, transcribe(outputs[0], sr)) <= 0.1


def test_filter_render_shapes_selects_sound_toward_the_decoders_mel(piper_speech, kokoro_female):
    from anyvoice.engines.base import create_engine
    from anyvoice.engines.cfm.features import mel_on_grid
    from anyvoice.evaluation.metrics import speaker_similarity, transcribe, wer
    from tests.conftest import SOURCE_TEXT

    voice, (wav, sr) = kokoro_female["voice"], piper_speech
    engine = create_engine("cfm-filter")
    drawn, y = engine.draw(wav, sr, voice), engine.convert(wav, sr, voice)
    assert engine.name == "cfm-filter" and len(y) == len(wav) and np.isfinite(y).all()
    # band by band, frame by frame, the output's mel lies nearer the decoder's than the start's did (levels apart)
    gap = lambda mel: np.abs((mel - mel.mean()) - (drawn.mel - drawn.mel.mean()))[:, :60].mean()  # noqa: E731
    assert gap(mel_on_grid(y, sr, len(drawn.mel))) < 0.85 * gap(drawn.start_mel)
    assert speaker_similarity(y, sr, voice.embedding) > speaker_similarity(wav, sr, voice.embedding) + 0.1
    assert wer(SOURCE_TEXT, transcribe(y, sr)) <= 0.1


def test_start_settings_are_checked():
    with pytest.raises(ValueError, match="own output"):
        CfmEngineConfig(start_from="cfm")
    with pytest.raises(ValueError, match="start_t"):
        CfmEngineConfig(start_t=1.0)
    with pytest.raises(ValueError, match="start_from"):
        CfmEngineConfig(render="filter", start_from=None)
    with pytest.raises(ValueError, match="render"):
        CfmEngineConfig(render="griffin-lim")


def test_a_cfm_engine_bound_to_a_passage_binds_its_start_and_one_from_noise_stays_itself(piper_speech,
                                                                                          kokoro_female):
    wav, sr = piper_speech
    voice = kokoro_female["voice"]
    engine = create_engine("cfm-filter")
    bound = engine.for_source(wav, sr, voice)
    assert bound.start.source_eq(voice) is not None and engine.start.source_eq(voice) is None
    noise = CfmEngine(CfmEngineConfig(start_from=None))
    assert not noise.measures_source and noise.for_source(wav, sr, voice) is noise


def test_a_short_content_window_reads_nearly_the_same_frames(piper_speech):
    from anyvoice.inputs.content import content_features

    wav, sr = piper_speech
    full, short = content_features(wav, sr), content_features(wav, sr, window_s=10)
    assert full.shape == short.shape
    cosine = (full * short).sum(1) / np.linalg.norm(full, axis=1) / np.linalg.norm(short, axis=1)
    assert np.median(cosine) > 0.97
    with pytest.raises(ValueError, match="window_s"):
        content_features(wav, sr, window_s=45)


def test_precision_is_checked_and_auto_follows_the_processor():
    from anyvoice.models.precision import native_bfloat16, resolved

    assert resolved("auto") == ("bfloat16" if native_bfloat16() else "float32")
    assert resolved("float32") == "float32"
    with pytest.raises(ValueError, match="precision"):
        CfmEngineConfig(precision="half")


def test_cross_attention_gives_multihead_attentions_result_from_its_weights():
    from anyvoice.engines.cfm.model import CrossAttention

    torch.manual_seed(0)
    ours, reference = CrossAttention(32, 4), torch.nn.MultiheadAttention(32, 4, batch_first=True)
    ours.load_state_dict(reference.state_dict())  # the same parameter names: older checkpoints load
    x, memory = torch.randn(2, 9, 32), torch.randn(2, 5, 32)
    pad = torch.tensor([[False] * 5, [False, False, False, True, True]])
    with torch.no_grad():
        expected = reference(x, memory, memory, key_padding_mask=pad, need_weights=False)[0]
        assert torch.allclose(ours(x, memory, pad), expected, atol=1e-5)


def test_onnx_runtime_gives_the_torch_decoders_velocity_and_mel(piper_speech, kokoro_female):
    from anyvoice.engines.cfm.runtime import velocity_in
    from anyvoice.models import load

    net = load("cfm")
    onnx = velocity_in("onnx", net)
    assert velocity_in("onnx", net) is onnx  # exported once per network
    torch.manual_seed(0)
    for frames, memory in ((7, 3), (120, 98)):  # any length of utterance and of reference, batched, padded
        d = net.cfg.hidden
        args = (torch.randn(2, net.cfg.n_mels, frames), torch.tensor([0.6, 0.9]), torch.randn(2, d, frames),
                torch.ones(2, 1, frames), torch.randn(2, d), torch.randn(2, memory, d),
                torch.zeros(2, memory, dtype=torch.bool))
        args[-1][1, memory // 2:] = True
        with torch.no_grad():
            assert torch.allclose(onnx(*args), net.velocity(*args), atol=1e-4)
    voice, (wav, sr) = kokoro_female["voice"], piper_speech
    mels = [CfmEngine(CfmEngineConfig(runtime=r)).draw(wav, sr, voice).mel for r in ("onnx", "torch")]
    assert np.abs(mels[0] - mels[1]).max() < 1e-3  # log-mel, natural log: far below anything audible
    with pytest.raises(ValueError, match="runtime"):
        CfmEngineConfig(runtime="tensorrt")


def test_an_exported_graph_is_kept_reopened_and_remade_when_spoilt(tmp_path, monkeypatch):
    from anyvoice.engines.cfm import runtime
    from anyvoice.engines.cfm.runtime import OnnxVelocity
    from anyvoice.models import load

    net = load("cfm")
    frames, d = 11, net.cfg.hidden
    args = (torch.randn(1, net.cfg.n_mels, frames), torch.tensor([0.7]), torch.randn(1, d, frames),
            torch.ones(1, 1, frames), torch.randn(1, d), torch.randn(1, 5, d), torch.zeros(1, 5, dtype=torch.bool))
    with torch.no_grad():
        expected = net.velocity(*args)
    OnnxVelocity(net, cache=tmp_path)
    [kept] = tmp_path.glob("*.onnx")
    with monkeypatch.context() as m:
        m.setattr(runtime, "export_graph", lambda net: pytest.fail("exported again"))
        reopened = OnnxVelocity(net, cache=tmp_path)  # opened from the file
    assert torch.allclose(reopened(*args), expected, atol=1e-4)
    kept.write_bytes(b"cut short")
    remade = OnnxVelocity(net, cache=tmp_path)
    assert kept.stat().st_size > 1_000_000 and torch.allclose(remade(*args), expected, atol=1e-4)
    blocked = tmp_path / "a file"
    blocked.write_text("")  # a cache folder that cannot be made: the graph stays in memory
    assert torch.allclose(OnnxVelocity(net, cache=blocked / "cache")(*args), expected, atol=1e-4)
    monkeypatch.setenv("ANYVOICE_CACHE", "off")  # nothing kept on disk: each process exports in memory
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert torch.allclose(OnnxVelocity(net)(*args), expected, atol=1e-4) and not (tmp_path / "home").exists()


def test_the_filter_engine_tracks_the_sources_pitch_once_for_its_start_and_decoder(piper_speech, kokoro_female,
                                                                                     monkeypatch):
    import parselmouth

    from anyvoice.audio.world import speaker_f0
    from anyvoice.engines.base import create_engine

    wav, sr = piper_speech
    voice, engine = kokoro_female["voice"], create_engine("cfm-filter")
    given = engine.convert(wav, sr, voice, speaker_f0(wav, sr, fast=True))
    tracked, calls = parselmouth.Sound.to_pitch, []
    monkeypatch.setattr(parselmouth.Sound, "to_pitch", lambda snd, *a, **k: calls.append(1) or tracked(snd, *a, **k))
    alone = engine.convert(wav, sr, voice)
    assert len(calls) == 2  # the source once (start and decoder), the start's moved speech once
    assert np.array_equal(alone, given)  # a track given is the one the engine would have made
