"""Training the Multimodal Voice Aggregator (`anyvoice train aggregator`).

Data: one `VoiceExample` per voice, holding its speech embedding (the anchor), measured attributes, text
descriptions and face features. The project makes them from its voice bank (descriptions generated from the
measurements, faces simulated from gender and age, since no face-voice pairs ship); `training/corpora.py` makes
them from real corpora.

Losses (UniSpeaker, as read here):
- soft contrastive: a modality's embedding is scored against every anchor in the batch; the target is not one-hot
  but spread over the voices that fit the same description (similar gender, pitch and vocal tract), because a
  description names a region of voices, not one speaker;
- negative disentanglement: voices that clearly do not fit (other gender, far pitch) must score below the true
  voice by a margin, so the soft targets do not blur the gender and pitch boundaries;
- speech anchoring on half the steps: even steps align every modality to the speech anchors, odd steps align the
  modalities to each other (text <-> face, text <-> attributes), so face and text meet through speech;
- attribute heads: gender, age, pitch, vocal tract and pitch spread, from every modality.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from anyvoice.errors import InputError
from anyvoice.inputs.attributes import VoiceAttributes
from anyvoice.progress import Progress
from anyvoice.training.descriptions import describe_randomly, voice_labels
from anyvoice.training.loop import ResumableRun, warmup_cosine
from anyvoice.voice.aggregator import LOG_F0_CENTRE, SLIDER_INPUTS, AggregatorConfig, VoiceAggregator, slider_vector
from anyvoice.voice.bank import VoiceBank
from anyvoice.voice.norms import NEUTRAL_LOG_F0_STD, norm


@dataclass
class VoiceExample:
    """One voice for training: anchor embedding, attributes, descriptions (text, stated age), face vectors."""

    anchor: np.ndarray
    attributes: VoiceAttributes
    female: float  # label 0..1
    age: float | None  # label in years, None when unknown
    descriptions: list[tuple[str, float | None]]
    faces: list[np.ndarray] = field(default_factory=list)  # real face vectors; empty = simulate


@dataclass
class TrainConfig:
    """Optimisation settings."""

    steps: int = 2000
    batch: int = 64
    lr: float = 2e-3
    temperature: float = 0.07
    target_sigma: float = 1.0  # width of the soft targets in attribute distance
    margin: float = 0.1  # negative disentanglement margin
    checkpoint_every: int = 250
    seed: int = 0
    model: AggregatorConfig = field(default_factory=AggregatorConfig)


def bank_examples(bank: VoiceBank, per_voice: int = 12, seed: int = 0) -> list[VoiceExample]:
    """Examples from the voice bank with `per_voice` generated descriptions each."""
    rng = random.Random(seed)
    out = []
    for e, emb in zip(bank.entries, bank.embeddings):
        lab = voice_labels(e.attributes)
        female = {"female": 1.0, "male": 0.0, "child": 0.5}[lab["gender"]]
        descs = [describe_randomly(e.attributes, rng) for _ in range(per_voice)]
        out.append(VoiceExample(emb, e.attributes, female, 8.0 if lab["gender"] == "child" else None, descs))
    return out


def simulated_face(female: float, age: float, rng: np.random.Generator) -> np.ndarray:
    """A face vector as the face encoder would give for this gender and age (detector noise included)."""
    conf = rng.uniform(0.55, 1.0)
    seen_female = female if rng.random() < 0.92 else 1.0 - female  # face models err now and then
    p = 0.5 + (seen_female - 0.5) * conf
    seen_age = max(3.0, age + rng.normal(0, 6))
    width = rng.normal(0.86 - 0.02 * female, 0.03)
    jaw = rng.normal(0.78 - 0.04 * female, 0.03)
    return np.array([p, conf, seen_age / 50.0, rng.uniform(0.2, 1.0), width - 0.85, jaw - 0.75], np.float32)


def _targets(ex: list[VoiceExample]) -> np.ndarray:
    """Per example: female, log F0, vocal tract, log spread (the distance space of the soft targets)."""
    return np.array([[e.female, math.log(e.attributes.f0_median_hz), e.attributes.vtl_cm,
                      math.log(e.attributes.log_f0_std / NEUTRAL_LOG_F0_STD)] for e in ex], np.float32)


class _Batcher:
    """Draws batches of (inputs per modality, anchors, labels) from the examples."""

    def __init__(self, examples: list[VoiceExample], text_emb: dict[str, np.ndarray], seed: int):
        self.ex, self.text_emb = examples, text_emb
        self.rng = np.random.default_rng(seed)
        self.attr = _targets(examples)

    def draw(self, n: int) -> dict[str, torch.Tensor]:
        idx = self.rng.choice(len(self.ex), size=min(n, len(self.ex)), replace=False)
        text, face, slid, age, age_mask = [], [], [], [], []
        for i in idx:
            e = self.ex[i]
            desc, desc_age = e.descriptions[self.rng.integers(len(e.descriptions))]
            text.append(self.text_emb[desc])
            a = desc_age if desc_age is not None else e.age
            sampled_age = a if a is not None else float(self.rng.uniform(20, 65))
            face.append(e.faces[self.rng.integers(len(e.faces))] if e.faces
                        else simulated_face(e.female, sampled_age, self.rng))
            n_ = norm(e.female, sampled_age)
            values = {"female": e.female, "age": sampled_age, "pitch_hz": e.attributes.f0_median_hz,
                      "range": e.attributes.log_f0_std / NEUTRAL_LOG_F0_STD,
                      "tract": e.attributes.vtl_cm / n_.vtl_cm, "pace": 1.0}
            keep = [k for k in SLIDER_INPUTS if self.rng.random() < 0.5] or ["pitch_hz"]
            slid.append(slider_vector({k: values[k] for k in keep}))
            age.append((a or 0.0) / 50.0)
            age_mask.append(a is not None)
        t = torch.as_tensor
        anchors = np.stack([self.ex[i].anchor for i in idx])
        return {"text": t(np.stack(text)), "face": t(np.stack(face)), "attributes": t(np.stack(slid)),
                "speech": t(anchors + self.rng.normal(0, 0.01, anchors.shape).astype(np.float32)),
                "anchor": t(anchors), "attr": t(self.attr[idx]), "age": t(np.array(age, np.float32)),
                "age_mask": t(np.array(age_mask))}


def soft_targets(attr: torch.Tensor, sigma: float) -> torch.Tensor:
    """Row-normalised target weights: voices close in gender, pitch, tract and spread share the probability."""
    scale = torch.tensor([0.3, 0.12, 1.0, 0.4])
    d = (((attr[:, None, :] - attr[None, :, :]) / scale) ** 2).sum(-1)
    return torch.softmax(-d / sigma, dim=1)


def soft_contrastive(z: torch.Tensor, anchors: torch.Tensor, targets: torch.Tensor, tau: float) -> torch.Tensor:
    """Cross-entropy between softmax(z . anchors / tau) and the soft targets, both directions."""
    logits = z @ anchors.T / tau
    a = -(targets * torch.log_softmax(logits, 1)).sum(1).mean()
    b = -(targets.T * torch.log_softmax(logits.T, 1)).sum(1).mean()
    return (a + b) / 2


def negative_disentanglement(z: torch.Tensor, anchors: torch.Tensor, targets: torch.Tensor,
                             margin: float) -> torch.Tensor:
    """Hinge: clear negatives (target weight ~0) must score `margin` below the voice's own anchor."""
    sim = z @ anchors.T
    own = sim.diagonal().unsqueeze(1)
    neg = targets < 1e-3
    return (torch.relu(sim - own + margin) * neg).sum() / neg.sum().clamp(min=1)


def head_loss(h: torch.Tensor, b: dict[str, torch.Tensor]) -> torch.Tensor:
    """Attribute-head losses (gender BCE, age MSE where known, pitch, tract and spread MSE)."""
    attr = b["attr"]
    loss = nn.functional.binary_cross_entropy_with_logits(h[:, 0], attr[:, 0])
    if b["age_mask"].any():
        loss = loss + ((h[:, 1] - b["age"]) ** 2)[b["age_mask"]].mean()
    loss = loss + ((h[:, 2] - (attr[:, 1] - LOG_F0_CENTRE)) ** 2).mean() * 4
    loss = loss + ((h[:, 3] - (attr[:, 2] - 16.0)) ** 2).mean() * 0.5
    return loss + ((h[:, 4] - attr[:, 3]) ** 2).mean()


def _step_loss(model: VoiceAggregator, b: dict[str, torch.Tensor], step: int, cfg: TrainConfig
               ) -> tuple[torch.Tensor, dict[str, float]]:
    targets = soft_targets(b["attr"], cfg.target_sigma)
    outs = {m: model({m: b[m]}) for m in ("text", "face", "attributes")}
    # A random mixture of modalities per row (speech sometimes among them), as users combine them.
    n = len(b["anchor"])
    present = {m: torch.rand(n) < p for m, p in (("text", 0.7), ("face", 0.5), ("attributes", 0.5), ("speech", 0.2))}
    present["text"] |= ~(present["face"] | present["attributes"] | present["speech"])
    outs["mix"] = model({m: b[m] for m in present}, present)
    heads = sum(head_loss(h, b) for _, h in outs.values())
    parts = {"heads": heads.item()}
    if step % 2 == 0:  # speech-anchored step
        zs = [z for z, _ in outs.values()]
        con = sum(soft_contrastive(z, b["anchor"], targets, cfg.temperature) for z in zs)
        nd = sum(negative_disentanglement(z, b["anchor"], targets, cfg.margin) for z in zs)
        z_speech, _ = model({"speech": b["speech"]})
        ident = (1 - (z_speech * b["anchor"]).sum(1)).mean()
        loss = con + 4 * nd + ident + heads
        parts.update(contrastive=con.item(), disentangle=nd.item(), speech_identity=ident.item())
    else:  # modality-to-modality step: no speech
        zt, zf, za = outs["text"][0], outs["face"][0], outs["attributes"][0]
        con = soft_contrastive(zt, zf, targets, cfg.temperature) + soft_contrastive(zt, za, targets, cfg.temperature)
        loss = con + heads
        parts.update(cross_modal=con.item())
    parts["loss"] = loss.item()
    return loss, parts


def embed_descriptions(examples: list[VoiceExample]) -> dict[str, np.ndarray]:
    """MiniLM embedding of every distinct description."""
    from anyvoice.inputs.description import embed_texts

    texts = sorted({d for e in examples for d, _ in e.descriptions})
    return dict(zip(texts, embed_texts(texts)))


def train_aggregator(examples: list[VoiceExample], out_dir: str | Path, cfg: TrainConfig | None = None,
                     progress: Progress | None = None) -> Path:
    """Train (or resume, if `out_dir` holds a checkpoint) and write `out_dir/aggregator.pt`; losses go to
    `out_dir/train_log.jsonl`. Returns the path of the final weights."""
    cfg = cfg or TrainConfig()
    if len(examples) < 4:
        raise InputError(f"training needs at least 4 voices; got {len(examples)}")
    out = Path(out_dir)
    torch.manual_seed(cfg.seed)
    model = VoiceAggregator(cfg.model)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    run = ResumableRun(out, model, opt, warmup_cosine(opt, cfg.steps))
    start = run.resume()
    batcher = _Batcher(examples, embed_descriptions(examples), cfg.seed + start)
    model.train()
    t0 = time.time()
    for step in range(start, cfg.steps):
        loss, parts = _step_loss(model, batcher.draw(cfg.batch), step, cfg)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        run.sched.step()
        run.end_step(step, {"step": step, "seconds": round(time.time() - t0, 2), **parts}, cfg.steps,
                     cfg.checkpoint_every, progress)
    run.close()
    model.eval()
    return model.save(out / "aggregator.pt", {"train": {k: v for k, v in asdict(cfg).items() if k != "model"},
                                               "voices": len(examples)})
