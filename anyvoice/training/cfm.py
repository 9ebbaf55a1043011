"""Training the `cfm` engine's decoder (`anyvoice train cfm`).

1. A multi-speaker corpus: the speaker pool of the extractor recipe (bundled voices moved by PSOLA to new pitches
   and vocal tracts, real klettres speakers and their variants), or a user's corpus (VCTK or LibriTTS layout, or
   one folder per speaker).
2. Features, once (`CfmCorpus`, one .npz): per utterance the HiFi-GAN log-mel, Whisper content frames (tiny.en,
   or the multilingual base: `content_encoder`) read from a pitch- and formant-shifted copy (so the words come
   without the speaker), F0, the GE2E embedding and reference envelope frames on the Voice's grid; the content is
   stored projected on its first 64 principal axes.
3. Flow-matching training on random crops; the speaker embedding and the reference frames come from *another*
   utterance of the same speaker, as at conversion time. Resumable, logged, with a held-out validation loss;
   on several GPUs through torchrun (DistributedDataParallel, one process per GPU).
"""
from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch import nn

from anyvoice.engines.cfm.features import frame_features, log_f0_inputs, reference_frames
from anyvoice.engines.cfm.flow import FlowInputs, flow_matching_loss
from anyvoice.engines.cfm.model import CfmConfig, CfmDecoder
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.inputs.content import CONTENT_MODEL
from anyvoice.progress import Progress
from anyvoice.training.loop import ResumableRun, warmup_cosine
from anyvoice.training.mixtures import SR as POOL_SR
from anyvoice.training.mixtures import PoolConfig, SpeakerPool
from anyvoice.training.placement import join
from anyvoice.voice.space import principal_axes

CORPUS_FORMAT = "anyvoice.cfm-corpus"
#: The speaker pool and corpus cut the shipped decoder was trained on: 200 speakers (120 made from the bundled
#: voices, 16 klettres speakers and 64 variants of them), 3 utterances each cut to 5.5 s: 48 min of speech.
SHIPPED_POOL = PoolConfig(synthetic_speakers=120, utterances_per_speaker=4, sentences_per_base=8, human_utterances=8,
                          human_variants=4, seed=3)
UTTERANCES_PER_SPEAKER, MAX_UTTERANCE_SECONDS = 3, 5.5
_REF_PER_UTTERANCE = 48  # envelope frames kept per utterance (a reference draws from one utterance)


@dataclass
class CfmCorpus:
    """Utterance features, concatenated over frames; `offsets[i]:offsets[i+1]` are utterance i's frames."""

    mel: np.ndarray  # (N, 80) float16
    content: np.ndarray  # (N, 64) float16, projected: (whisper - content_mean) @ content_basis
    f0_hz: np.ndarray  # (N,) float32
    offsets: np.ndarray  # (U + 1,)
    speaker: np.ndarray  # (U,) speaker index
    embeddings: np.ndarray  # (U, 256)
    ref: np.ndarray  # (U, _REF_PER_UTTERANCE, 96) float16; row 0 the utterance's mean envelope
    ref_count: np.ndarray  # (U,) valid rows of ref
    content_mean: np.ndarray  # (width,) of the encoder's frames
    content_basis: np.ndarray  # (width, 64)
    names: list[str]
    content_encoder: str = CONTENT_MODEL  # what read the content (inputs/content.py)

    def save(self, path: str | os.PathLike) -> Path:
        """Write the corpus; mel and content as 8-bit codes per dimension (half the size of float16, and training
        targets lose nothing audible: a mel step is 0.25 dB), so twice the speech fits where space is short."""
        path = Path(path)
        arrays = {k: v for k, v in asdict(self).items() if k not in ("names", "mel", "content", "content_encoder")}
        for key in ("mel", "content"):
            arrays.update(_quantize(getattr(self, key), key))
        with atomic_path(path, suffix=".npz") as tmp:  # .npz: numpy appends it to any other name
            np.savez(tmp, format=CORPUS_FORMAT, names=np.array(self.names), content_encoder=self.content_encoder,
                     **arrays)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "CfmCorpus":
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such cfm corpus; make one with `anyvoice train cfm --corpus-only`")
        z = np.load(path)
        if str(z.get("format", "")) != CORPUS_FORMAT:
            raise InputError(f"{path}: not a cfm corpus")
        plain = {k: z[k] for k in cls.__dataclass_fields__ if k not in ("names", "mel", "content", "content_encoder")}
        encoder = str(z["content_encoder"]) if "content_encoder" in z else CONTENT_MODEL  # older corpora: tiny.en
        return cls(**plain, mel=_dequantize(z, "mel"), content=_dequantize(z, "content"),
                   names=[str(n) for n in z["names"]], content_encoder=encoder)

    def frames_of(self, i: int) -> slice:
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))


def _quantize(x: np.ndarray, key: str) -> dict[str, np.ndarray]:
    """8-bit codes of each column of `x` over its own range."""
    x = x.astype(np.float32)
    lo, hi = x.min(0), x.max(0)
    scale = np.maximum(hi - lo, 1e-6) / 255.0
    return {f"{key}_q": np.round((x - lo) / scale).astype(np.uint8), f"{key}_lo": lo, f"{key}_scale": scale}


def _dequantize(z, key: str) -> np.ndarray:
    return (z[f"{key}_q"].astype(np.float32) * z[f"{key}_scale"] + z[f"{key}_lo"]).astype(np.float16)


def _envelope_frames(wav: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    from anyvoice.audio.world import analyze, to_grid

    feat = analyze(wav, sr, fast=True)
    grid = to_grid(feat.sp[feat.voiced], sr) if feat.voiced.any() else to_grid(feat.sp, sr)
    return grid.astype(np.float32), grid.mean(0).astype(np.float32)


def corpus_utterances(speakers: list, per_speaker: int = 20, max_seconds: float = 8.0, seed: int = 0) -> list:
    """Utterances (16 kHz) of a real corpus's speakers (`CorpusSpeaker`s from training/corpora.py: VCTK,
    LibriTTS): up to `per_speaker` random files each, cut to `max_seconds`."""
    from anyvoice.audio.io import load_audio
    from anyvoice.training.mixtures import Utterance

    rng = np.random.default_rng(seed)
    out = []
    for spk in speakers:
        for k in rng.permutation(len(spk.audio))[:per_speaker]:
            wav = load_audio(spk.audio[k], sr=POOL_SR)[0][:int(max_seconds * POOL_SR)]
            if len(wav) >= POOL_SR:
                out.append(Utterance(spk.speaker, wav, True))
    return out


def utterance_features(item: tuple[np.ndarray, tuple[int, int], str]) -> tuple[np.ndarray, ...]:
    """One utterance's training features, from (16-kHz audio, (seed, index), content encoder): mel (float16),
    content, F0 (Hz), reference frames padded to _REF_PER_UTTERANCE (float16) and how many are real. The random
    draws come from the utterance's own seed, so the features are the same whichever worker makes them, in whatever
    order."""
    from anyvoice.audio.psola import median_pitch_hz, shift_voice

    wav, key, encoder = item
    rng = np.random.default_rng(key)
    # the words from a copy with another pitch and vocal tract: the content path learns to ignore both
    moved = shift_voice(wav, POOL_SR, float(rng.uniform(-4, 4)), float(rng.uniform(0.88, 1.12)),
                        median_pitch_hz(wav, POOL_SR))
    f = frame_features(wav, POOL_SR, with_mel=True, content_from=moved, encoder=encoder)
    frames, mean = _envelope_frames(wav, POOL_SR)
    ref = reference_frames(frames, mean, rng, limit=_REF_PER_UTTERANCE)
    padded = np.zeros((_REF_PER_UTTERANCE, ref.shape[1]), np.float32)
    padded[:len(ref)] = ref
    return f.mel.astype(np.float16), f.content, f.f0_hz, padded.astype(np.float16), len(ref)


def map_here(fn: Callable, items: list, progress: Progress | None = None) -> list:
    """[fn(item) for item in items] in this process, with progress (`ray_map` in tasks/ray_cluster.py is the same
    on a Ray cluster)."""
    out = []
    for k, item in enumerate(items, 1):
        out.append(fn(item))
        if progress:
            progress(k, len(items))
    return out


def build_corpus(pool: SpeakerPool, pca_dims: int = 64, per_speaker: int | None = None,
                 max_seconds: float | None = None, seed: int = 0, progress: Progress | None = None,
                 projection: tuple[np.ndarray, np.ndarray] | None = None, mapper: Callable = map_here,
                 encoder: str = CONTENT_MODEL) -> CfmCorpus:
    """Features of the utterances of `pool` (16 kHz) for cfm training: all, or `per_speaker` of each speaker's
    (at least 2: the condition comes from another utterance), each cut to `max_seconds`. The content, read by
    `encoder`, is projected on its own first `pca_dims` principal axes, or on `projection` (mean, basis), a
    decoder's to fine-tune (read by that decoder's encoder). Each
    utterance's features are made by `mapper` (this process, or `ray_map` for a cluster): the same either way, but
    for the content encoder's int8 sums, whose order can follow the number of threads."""
    rng = np.random.default_rng(seed)
    chosen = np.arange(len(pool.offsets) - 1)
    if per_speaker is not None:
        chosen = np.sort(np.concatenate([pool.utterances_of(s)[:max(2, per_speaker)]
                                         for s in np.unique(pool.speaker)]))
    limit = int(max_seconds * POOL_SR) if max_seconds else None
    items = [(pool.utterance(int(i))[:limit], (seed, int(i)), encoder) for i in chosen]
    mels, contents, f0s, refs, counts = zip(*mapper(utterance_features, items, progress=progress))
    allc = np.concatenate(contents)
    if projection is not None:
        mean, basis = (np.asarray(a, np.float32) for a in projection)
    else:
        mean = allc.mean(0)
        sample = allc[rng.choice(len(allc), min(len(allc), 20000), replace=False)] - mean
        # signed axes: another thread count in the content encoder moves the features slightly, never an axis round
        basis = principal_axes(sample, pca_dims).T.astype(np.float32)
    return CfmCorpus(mel=np.concatenate(mels), content=((allc - mean) @ basis).astype(np.float16),
                     f0_hz=np.concatenate(f0s).astype(np.float32),
                     offsets=np.concatenate([[0], np.cumsum([len(m) for m in mels])]).astype(np.int64),
                     speaker=pool.speaker[chosen].astype(np.int64),
                     embeddings=pool.embeddings[chosen].astype(np.float32),
                     ref=np.stack(refs), ref_count=np.array(counts, np.int64), content_mean=mean.astype(np.float32),
                     content_basis=basis, names=list(pool.names), content_encoder=encoder)


@dataclass
class CfmTrainConfig:
    steps: int = 3000
    batch: int = 16
    crop_frames: int = 172  # 2 s
    lr: float = 3e-4
    warmup: int = 200
    checkpoint_every: int = 250
    validate_every: int = 250
    validation_utterances: int = 24
    seed: int = 0
    device: str = "auto"  # auto: cuda when there is one
    train: str = "all"  # what learns: "all", or "content" (the layers before the bottleneck; the rest kept as is)


#: the decoder's layers before its content bottleneck: all that a decoder moved to another encoder must relearn
CONTENT_LAYERS = ("content_in", "content_pre", "to_code")
TRAINABLE = ("all", "content")


def trainable_parameters(model: CfmDecoder, which: str) -> list[nn.Parameter]:
    """The parameters `which` ("all" or "content") trains; the others are frozen (no gradient)."""
    if which not in TRAINABLE:
        raise ValueError(f"train must be one of {', '.join(TRAINABLE)}, got {which!r}")
    for name, p in model.named_parameters():
        p.requires_grad_(which == "all" or name.split(".")[0] in CONTENT_LAYERS)
    return [p for p in model.parameters() if p.requires_grad]


class CorpusSampler:
    """Random training crops with the speaker condition taken from another utterance of the same speaker."""

    def __init__(self, corpus: CfmCorpus, utterances: np.ndarray, crop: int, batch_size: int, seed: int):
        self.c, self.utts, self.crop, self.batch_size = corpus, utterances, crop, batch_size
        self.rng = np.random.default_rng(seed)
        self.by_speaker: dict[int, np.ndarray] = {}
        for s in np.unique(corpus.speaker):
            self.by_speaker[int(s)] = np.flatnonzero(corpus.speaker == s)

    def _condition_from(self, i: int) -> int:
        same = self.by_speaker[int(self.c.speaker[i])]
        others = same[same != i]
        return int(self.rng.choice(others)) if len(others) else i

    def batch(self, utts: np.ndarray | None = None) -> tuple[torch.Tensor, FlowInputs]:
        """Crops of `utts` (default: a random batch of the sampler's utterances): their log-mels and the inputs
        the decoder reads."""
        c = self.c
        utts = self.rng.choice(self.utts, self.batch_size) if utts is None else utts
        n = len(utts)
        mel = np.zeros((n, self.crop, c.mel.shape[1]), np.float32)
        content = np.zeros((n, self.crop, c.content.shape[1]), np.float32)
        log_f0 = np.zeros((n, self.crop), np.float32)
        voiced = np.zeros((n, self.crop), np.float32)
        mask = np.zeros((n, self.crop), np.float32)
        ref = np.zeros((n, c.ref.shape[1], c.ref.shape[2]), np.float32)
        ref_pad = np.ones((n, c.ref.shape[1]), bool)
        speaker = np.zeros((n, c.embeddings.shape[1]), np.float32)
        for k, i in enumerate(utts):
            sl = c.frames_of(int(i))
            length = sl.stop - sl.start
            start = sl.start + (int(self.rng.integers(0, length - self.crop + 1)) if length > self.crop else 0)
            m = min(self.crop, length)
            mel[k, :m] = c.mel[start:start + m]
            content[k, :m] = c.content[start:start + m]
            lf, vo = log_f0_inputs(c.f0_hz[start:start + m])
            log_f0[k, :m], voiced[k, :m], mask[k, :m] = lf, vo, 1.0
            j = self._condition_from(int(i))
            keep = int(c.ref_count[j]) if self.rng.random() > 0.2 else 1  # sometimes the mean only, like a design
            ref[k, :keep] = c.ref[j, :keep]
            ref_pad[k, :keep] = False
            speaker[k] = c.embeddings[j]
        t = torch.from_numpy
        return t(mel), FlowInputs(t(content), t(log_f0), t(voiced), t(speaker), t(ref), t(mask), t(ref_pad))


class FlowObjective(nn.Module):
    """The decoder with its flow-matching loss as the forward pass: what DistributedDataParallel wraps."""

    def __init__(self, net: CfmDecoder):
        super().__init__()
        self.net = net

    def forward(self, mel: torch.Tensor, inputs: FlowInputs, generator: torch.Generator) -> torch.Tensor:
        return flow_matching_loss(self.net, mel, inputs, generator)


def new_decoder(corpus: CfmCorpus, cfg: CfmConfig | None = None) -> CfmDecoder:
    """A decoder (of `cfg`'s size) whose normalisations and content projection come from `corpus`."""
    ref_rows = np.concatenate([corpus.ref[i, :corpus.ref_count[i]] for i in range(len(corpus.ref_count))])
    mel = corpus.mel.astype(np.float32)
    cfg = replace(cfg or CfmConfig(), content_encoder=corpus.content_encoder, content_dim=len(corpus.content_mean),
                  content_pca=corpus.content.shape[1], mel_mean=float(mel.mean()),
                  mel_std=float(mel.std()), ref_mean=float(ref_rows.astype(np.float32).mean()),
                  ref_std=float(ref_rows.astype(np.float32).std()))
    model = CfmDecoder(cfg)
    with torch.no_grad():
        model.content_mean.copy_(torch.from_numpy(corpus.content_mean))
        model.content_basis.copy_(torch.from_numpy(corpus.content_basis))
    return model


def decoder_projection(decoder: CfmDecoder | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The content (mean, basis) of a decoder (None: the shipped one): a corpus built on it (with the decoder's
    `content_encoder`) can fine-tune that decoder."""
    decoder = decoder if decoder is not None else CfmDecoder.load()
    return decoder.content_mean.float().numpy(), decoder.content_basis.float().numpy()


def _start_from(corpus: CfmCorpus, init: str | os.PathLike) -> CfmDecoder:
    model = CfmDecoder.load(init).float()
    if model.cfg.content_encoder != corpus.content_encoder:
        raise InputError(f"{init} reads content from {model.cfg.content_encoder} and the corpus from "
                         f"{corpus.content_encoder}; build the corpus for it (anyvoice train cfm --init ... in a new "
                         "--out folder)")
    basis = model.content_basis.numpy()
    if corpus.content_basis.shape != basis.shape or not np.allclose(corpus.content_basis, basis, atol=1e-3):
        raise InputError(f"the corpus's content was not projected on {init}'s basis; build the corpus for it "
                         "(anyvoice train cfm --init ... in a new --out folder)")
    return model


def train_cfm(corpus: CfmCorpus, out_dir: str | os.PathLike, cfg: CfmTrainConfig | None = None,
              progress: Progress | None = None, model_config: CfmConfig | None = None,
              init: str | os.PathLike | None = None) -> Path:
    """Train (or resume) a decoder on `corpus`, from random weights or from the decoder at `init` (fine-tuning:
    the corpus must have been built on its projection, see `decoder_projection`); writes OUT/cfm.pt (float16),
    OUT/checkpoint.pt, OUT/train_log.jsonl (step 0 holds the validation loss before training). Under torchrun
    each process trains on its own GPU (or CPU, with gloo) through DistributedDataParallel, and rank 0 writes."""
    cfg = cfg or CfmTrainConfig()
    out = Path(out_dir)
    place = join(cfg.device)
    device = place.device
    torch.manual_seed(cfg.seed)  # the new decoder's initial weights (the same on every rank)
    rng = np.random.default_rng(cfg.seed)
    n_utt = len(corpus.offsets) - 1
    order = rng.permutation(n_utt)
    n_val = max(1, min(cfg.validation_utterances, n_utt // 4))  # a tiny corpus keeps most for training
    val, train = order[:n_val], order[n_val:]
    model = (_start_from(corpus, init) if init is not None else new_decoder(corpus, model_config)).to(device)
    opt = torch.optim.AdamW(trainable_parameters(model, cfg.train), lr=cfg.lr, weight_decay=0.01)
    sched = warmup_cosine(opt, cfg.steps, cfg.warmup)
    run = ResumableRun(out, model, opt, sched)
    start = run.resume()
    net = place.wrap(FlowObjective(model))
    # Every draw has its own generator, seeded from the run's seed, the process's rank and the step it (re)starts
    # at: a run is reproducible, and a resumed run does not replay the noise it has already used.
    run_seed = cfg.seed * 1000 + place.rank + start
    sampler = CorpusSampler(corpus, train, cfg.crop_frames, cfg.batch, run_seed)
    noise = torch.Generator(device).manual_seed(run_seed)
    val_mel, val_inputs = CorpusSampler(corpus, val, cfg.crop_frames, len(val), 12345).batch(val)
    val_mel, val_inputs = val_mel.to(device), val_inputs.to(device)

    def validate() -> float:
        model.eval()
        with torch.no_grad():  # the same noise and times each time: comparable numbers
            loss = flow_matching_loss(model, val_mel, val_inputs, torch.Generator(device).manual_seed(0))
        return round(float(loss), 5)

    t0 = time.time()
    if start == 0 and place.writes:
        run.log({"step": 0, "val_loss": validate(), "world_size": place.world})
    for step in range(start, cfg.steps):
        model.train()
        mel, inputs = sampler.batch()
        loss = net(mel.to(device), inputs.to(device), noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(opt.param_groups[0]["params"], 1.0)
        opt.step()
        sched.step()
        record = {"step": step + 1, "loss": round(loss.item(), 5), "lr": sched.get_last_lr()[0],
                  "seconds": round(time.time() - t0, 1), "world_size": place.world}
        if place.writes and ((step + 1) % cfg.validate_every == 0 or step + 1 == cfg.steps):
            record["val_loss"] = validate()
        if place.writes:
            run.end_step(step, record, cfg.steps, cfg.checkpoint_every, progress)
    run.close()
    final = out / "cfm.pt"
    if place.writes:
        model.cpu().save(final, extra={"train": asdict(cfg), "speakers": len(corpus.names), "utterances": n_utt,
                                       "init": str(init or "")})
    place.leave()
    return final


def loss_curve(out_dir: str | os.PathLike) -> list[dict]:
    """The JSON lines of a run's log."""
    import json

    path = Path(out_dir) / "train_log.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

