"""Training recipes: the aggregator learns on a tiny set, resumes, and the corpus loaders read real layouts."""
from __future__ import annotations

import importlib.resources as res
import json
import shutil

import numpy as np
import pytest
import soundfile as sf
import torch

from anyvoice.training.aggregator import (
    TrainConfig,
    bank_examples,
    negative_disentanglement,
    soft_contrastive,
    soft_targets,
    train_aggregator,
)
from anyvoice.training.corpora import corpus_examples, load_face_voice, load_libritts_p, load_vctk
from anyvoice.voice.aggregator import AggregatorConfig, VoiceAggregator
from anyvoice.voice.bank import VoiceBank

pytestmark = pytest.mark.slow  # training runs

TINY = AggregatorConfig(d_model=32, queries_per_modality=2, memory_slots=8, heads=2, layers=1)


def _losses(folder) -> list[float]:
    return [json.loads(line)["loss"] for line in (folder / "train_log.jsonl").read_text().splitlines()]


def test_soft_targets_share_probability_among_similar_voices():
    attr = torch.tensor([[1.0, 5.3, 15.0, 0.0], [1.0, 5.31, 15.1, 0.0], [0.0, 4.7, 17.0, 0.0]])
    t = soft_targets(attr, 1.0)
    assert t[0, 1] > 0.3 and t[0, 2] < 1e-3  # two similar women share; the man is a clear negative
    anchors = torch.nn.functional.normalize(torch.randn(3, 8), dim=-1)
    right = soft_contrastive(anchors, anchors, t, 0.07)
    wrong = soft_contrastive(anchors.flip(0), anchors, t, 0.07)
    assert right < wrong
    assert negative_disentanglement(anchors, anchors, t, 0.1) < negative_disentanglement(anchors.flip(0), anchors,
                                                                                         t, 0.1)


def test_training_lowers_the_loss_and_resumes(tmp_path):
    bank = VoiceBank.load()
    pick = np.linspace(0, len(bank) - 1, 24).astype(int)
    small = VoiceBank([bank.entries[i] for i in pick], bank.embeddings[pick], bank.envelopes[pick])
    examples = bank_examples(small, per_voice=4)
    cfg = TrainConfig(steps=60, batch=16, checkpoint_every=30, model=TINY)
    path = train_aggregator(examples, tmp_path, cfg)
    losses = _losses(tmp_path)
    assert len(losses) == 60
    assert np.mean(losses[-10:]) < 0.8 * np.mean(losses[:10])
    model = VoiceAggregator.load(path)
    assert model.cfg.d_model == 32
    # Resume: a longer run continues from the checkpoint instead of starting again.
    cfg.steps = 80
    train_aggregator(examples, tmp_path, cfg)
    steps = [json.loads(line)["step"] for line in (tmp_path / "train_log.jsonl").read_text().splitlines()]
    assert steps[60:] == list(range(60, 80))


def test_corpus_loaders_read_vctk_libritts_p_and_face_voice_layouts(tmp_path, piper_speech, kokoro_female):
    wav, sr = piper_speech
    fem, fsr = kokoro_female["reference"], kokoro_female["sr"]
    vctk = tmp_path / "vctk"
    for sid, (w, r) in {"p225": (fem, fsr), "p226": (wav, sr)}.items():
        (vctk / "wav48_silence_trimmed" / sid).mkdir(parents=True)
        sf.write(vctk / "wav48_silence_trimmed" / sid / f"{sid}_001_mic1.flac", w, r)
    (vctk / "speaker-info.txt").write_text("ID  AGE  GENDER  ACCENTS  REGION\np225  23  F  English  Southern\n"
                                           "p226  22  M  English  Surrey\np999  30  M  Scottish  Fife\n")
    speakers = load_vctk(vctk)
    assert [s.speaker for s in speakers] == ["p225", "p226"] and speakers[0].female == 1.0
    examples = corpus_examples(speakers)
    assert len(examples) == 2 and examples[0].age == 23.0
    assert "23-year-old woman" in examples[0].descriptions[0][0]

    libri = tmp_path / "libritts"
    (libri / "train-clean-100" / "19" / "198").mkdir(parents=True)
    sf.write(libri / "train-clean-100" / "19" / "198" / "19_198_000000_000000.wav", fem, fsr)
    prompts = tmp_path / "prompts.csv"
    prompts.write_text("speaker,description\n19,a woman with a clear high voice\n19,bright female speaker\n")
    got = load_libritts_p(libri, prompts)
    assert len(got) == 1 and got[0].descriptions == ["a woman with a clear high voice", "bright female speaker"]

    fv = tmp_path / "faces" / "id0001" / "clip1"
    fv.mkdir(parents=True)
    sf.write(fv / "00001.wav", fem, fsr)
    shutil.copy(res.files("skimage") / "data" / "astronaut.png", fv / "00001.png")
    shutil.copy(res.files("skimage") / "data" / "chelsea.png", fv / "00002.png")  # no face: skipped
    ex = corpus_examples(load_face_voice(tmp_path / "faces"))
    assert len(ex) == 1 and len(ex[0].faces) == 1 and ex[0].faces[0][0] > 0.7


def test_train_command_writes_weights_that_load(tmp_path):
    from anyvoice.interfaces.cli import main

    bank = VoiceBank.load()
    pick = np.arange(0, len(bank), 15)
    small = VoiceBank([bank.entries[i] for i in pick], bank.embeddings[pick], bank.envelopes[pick])
    path = small.save(tmp_path / "small.npz")
    assert len(VoiceBank.load(path)) == len(pick)
    assert main(["train", "aggregator", "--bank", str(path), "--out", str(tmp_path / "run"), "--steps", "4",
                 "--batch", "8"]) == 0
    model = VoiceAggregator.load(tmp_path / "run" / "aggregator.pt")
    emb, heads = model({"text": torch.zeros(1, 384)})
    assert emb.shape == (1, 256) and torch.allclose(emb.norm(dim=-1), torch.ones(1), atol=1e-3)
    assert main(["train", "aggregator", "--bank", str(tmp_path / "missing.npz"), "--out", str(tmp_path / "x")]) == 2


def test_a_process_torchrun_did_not_start_trains_alone_on_the_device_asked(monkeypatch):
    from torch import nn

    from anyvoice.training.placement import join

    monkeypatch.delenv("WORLD_SIZE", raising=False)
    monkeypatch.delenv("RANK", raising=False)
    place = join("cpu")
    net = nn.Linear(2, 2)
    assert (place.device.type, place.rank, place.world) == ("cpu", 0, 1)
    assert place.writes and not place.distributed and place.wrap(net) is net
    place.leave()  # nothing to leave: no process group was joined
