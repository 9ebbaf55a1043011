"""Training the target speaker extractor (`anyvoice train extractor`).

Mixtures are drawn on the fly from a `SpeakerPool` (training/mixtures.py): the target, one or two other talkers
at -5..+5 dB, noise on half of them. The loss is the negative scale-invariant SDR of the output against the clean
target, the measure the bench reports. The enrolment embedding comes from another utterance of the target
speaker, as at use time, where it comes from the user's reference recording or saved voice.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from anyvoice.cleanup.extractor import ExtractorConfig, SpeakerExtractor
from anyvoice.errors import InputError
from anyvoice.progress import Progress
from anyvoice.training.loop import ResumableRun, warmup_cosine
from anyvoice.training.mixtures import MixConfig, MixtureSampler, SpeakerPool


@dataclass
class ExtractorTrainConfig:
    """Optimisation settings."""

    model: ExtractorConfig = field(default_factory=ExtractorConfig)
    mix: MixConfig = field(default_factory=MixConfig)
    steps: int = 4000
    batch: int = 8
    lr: float = 1e-3
    seed: int = 0
    checkpoint_every: int = 100
    validate_every: int = 250
    validation_mixtures: int = 48


def si_sdr_loss(est: torch.Tensor, ref: torch.Tensor) -> torch.Tensor:
    """Mean negative SI-SDR (dB) over the batch."""
    est = est - est.mean(-1, keepdim=True)
    ref = ref - ref.mean(-1, keepdim=True)
    proj = (est * ref).sum(-1, keepdim=True) / (ref.pow(2).sum(-1, keepdim=True) + 1e-8) * ref
    ratio = proj.pow(2).sum(-1) / ((est - proj).pow(2).sum(-1) + 1e-8)
    return -10 * torch.log10(ratio + 1e-8).mean()


def _tensors(batch: tuple[np.ndarray, ...]) -> list[torch.Tensor]:
    return [torch.from_numpy(np.ascontiguousarray(x)) for x in batch]


@torch.no_grad()
def validate(model: SpeakerExtractor, mixtures: list[torch.Tensor]) -> float:
    """Mean SI-SDR improvement (dB) on fixed (mixture, target, embedding) tensors."""
    model.eval()
    mix, target, emb = mixtures
    gain = -si_sdr_loss(model(mix, emb), target).item() + si_sdr_loss(mix, target).item()
    model.train()
    return gain


def train_extractor(pool: SpeakerPool, out_dir: str | Path, cfg: ExtractorTrainConfig | None = None,
                    validation: SpeakerPool | None = None, progress: Progress | None = None,
                    init: str | Path | None = None) -> Path:
    """Train (or resume, if `out_dir` holds a checkpoint) and write `out_dir/extractor.pt`; losses and the
    validation SI-SDR improvement go to `out_dir/train_log.jsonl`. A fresh run starts from the weights of `init`
    (an extractor checkpoint, e.g. the shipped one) when given. Returns the path of the final weights."""
    cfg = cfg or ExtractorTrainConfig()
    if len(pool.names) < 3:
        raise InputError(f"extractor training needs at least 3 speakers; the pool has {len(pool.names)}")
    out = Path(out_dir)
    torch.manual_seed(cfg.seed)
    model = SpeakerExtractor(cfg.model)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    run = ResumableRun(out, model, opt, warmup_cosine(opt, cfg.steps, warmup=200))
    start = run.resume()
    if start == 0 and init is not None:
        model.load_state_dict({k: v.float() for k, v in SpeakerExtractor.load(init).state_dict().items()})
    sampler = MixtureSampler(pool, cfg.mix, seed=cfg.seed + start)
    # validation draws every speaker equally often, whatever the training draws: runs stay comparable
    val_mix = replace(cfg.mix, balance_sources=False)
    val = _tensors(MixtureSampler(validation or pool, val_mix, seed=10_000).batch(cfg.validation_mixtures))
    model.train()
    t0 = time.time()
    for step in range(start, cfg.steps):
        mix, target, emb = _tensors(sampler.batch(cfg.batch))
        loss = si_sdr_loss(model(mix, emb), target)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        run.sched.step()
        record = {"step": step, "seconds": round(time.time() - t0, 2), "loss": round(loss.item(), 3)}
        if (step + 1) % cfg.validate_every == 0 or step + 1 == cfg.steps:
            record["val_si_sdri"] = round(validate(model, val), 2)
        run.end_step(step, record, cfg.steps, cfg.checkpoint_every, progress)
    run.close()
    model.eval()
    return model.save(out / "extractor.pt", {"train": {k: v for k, v in asdict(cfg).items() if k != "model"},
                                              "speakers": len(pool.names), "init": str(init or "")})
