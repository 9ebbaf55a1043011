"""Flow matching for the cfm decoder, apart from the network it drives: the conditional OT path, its training
loss and the Euler sampler. The network (model.py) only gives a velocity for a noisy mel at a flow time.

All randomness comes from an explicit `torch.Generator`, so a training step, a validation loss and a conversion
are reproducible from their seeds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch

from anyvoice.engines.cfm.model import CfmDecoder


@dataclass
class FlowInputs:
    """What the decoder is conditioned on, batched (B utterances of T frames)."""

    content: torch.Tensor  # (B, T, content_pca): content frames on the decoder's projection (CfmDecoder.project)
    log_f0: torch.Tensor  # (B, T): normalised log-F0 of the target contour, 0 where unvoiced
    voiced: torch.Tensor  # (B, T): 1 where voiced
    speaker: torch.Tensor  # (B, 256): the target's speaker embedding
    ref: torch.Tensor  # (B, R, 96): frames of the target's reference timbre
    mask: torch.Tensor | None = None  # (B, T): 1 on real frames, 0 on padding; None: every frame is real
    ref_pad: torch.Tensor | None = None  # (B, R): True on padded reference frames; None: none are

    def to(self, device: torch.device) -> "FlowInputs":
        """The same inputs on `device`."""
        return FlowInputs(**{k: None if v is None else v.to(device) for k, v in vars(self).items()})

    def frame_mask(self) -> torch.Tensor:
        """(B, 1, T) frame mask."""
        mask = self.mask if self.mask is not None else torch.ones_like(self.log_f0)
        return mask[:, None]

    def reference_padding(self) -> torch.Tensor:
        """(B, R) reference padding, True where padded."""
        ref_pad = self.ref_pad
        return ref_pad if ref_pad is not None else torch.zeros(self.ref.shape[:2], dtype=torch.bool,
                                                                device=self.ref.device)


@dataclass(frozen=True)
class SamplerOptions:
    """How a mel is drawn from the flow."""

    steps: int = 10  # Euler steps, on a cosine grid of flow times
    guidance: float = 0.0  # classifier-free guidance strength (> 0 doubles the network's compute)
    temperature: float = 1.0  # scale of the starting noise (< 1: steadier speech)
    start_t: float = 0.0  # flow time a given start mel enters at (0 = noise, 1 = the start itself)


def flow_matching_loss(net: CfmDecoder, mel: torch.Tensor, inputs: FlowInputs,
                       generator: torch.Generator | None = None) -> torch.Tensor:
    """OT-CFM loss: the network's velocity against the straight path from noise to the normalised log-mel `mel`
    (B, T, 80), at a random flow time per utterance; the speaker and reference conditions are dropped together
    for a fraction `cond_dropout` of utterances (guidance's unconditional branch)."""
    cfg = net.cfg
    mask = inputs.frame_mask()
    x1 = net.normalise(mel).transpose(1, 2) * mask
    b = x1.shape[0]
    draw = dict(generator=generator, device=x1.device)
    keep = torch.rand(b, **draw) >= cfg.cond_dropout
    cond = net.frame_condition(inputs.content, inputs.log_f0, inputs.voiced, mask)
    memory, pad, g_speaker = net.memory(inputs.speaker, inputs.ref, inputs.reference_padding(), keep)
    t = torch.rand(b, **draw)
    x0 = torch.randn(x1.shape, **draw)
    s = 1 - (1 - cfg.sigma_min) * t[:, None, None]
    xt = s * x0 + t[:, None, None] * x1
    target = x1 - (1 - cfg.sigma_min) * x0
    v = net.velocity(xt, t, cond, mask, g_speaker, memory, pad)
    return ((v - target) ** 2 * mask).sum() / (mask.sum() * cfg.n_mels)


@torch.inference_mode()
def sample(net: CfmDecoder, inputs: FlowInputs, options: SamplerOptions = SamplerOptions(),
           generator: torch.Generator | None = None, start: torch.Tensor | None = None,
           velocity: Callable[..., torch.Tensor] | None = None) -> torch.Tensor:
    """Log-mel (B, T, 80) by Euler steps along the flow. With a `start` log-mel (B, T, 80) the flow begins at
    `options.start_t` on the path from noise to `start` instead of at pure noise. `velocity`: the network's
    velocity function run elsewhere (runtime.py; default `net.velocity`)."""
    cfg = net.cfg
    velocity = velocity or net.velocity
    b, n = inputs.log_f0.shape
    mask = inputs.frame_mask()
    ref_pad = inputs.reference_padding()
    cond = net.frame_condition(inputs.content, inputs.log_f0, inputs.voiced, mask)
    keep = torch.ones(b, dtype=torch.bool, device=inputs.ref.device)
    mem, pad, g = net.memory(inputs.speaker, inputs.ref, ref_pad, keep)
    if options.guidance:
        mem_u, pad_u, g_u = net.memory(inputs.speaker, inputs.ref, ref_pad, ~keep)
    x = torch.randn(b, cfg.n_mels, n, generator=generator, device=inputs.log_f0.device) * options.temperature
    start_t = 0.0 if start is None else options.start_t
    if start is not None:
        x = (1 - (1 - cfg.sigma_min) * start_t) * x + start_t * net.normalise(start).transpose(1, 2)
    cosine = 1 - torch.cos(torch.linspace(0, 1, options.steps + 1, device=x.device) * math.pi / 2)
    grid = start_t + (1 - start_t) * cosine
    for i in range(options.steps):
        t = grid[i].expand(b)
        v = velocity(x, t, cond, mask, g, mem, pad)
        if options.guidance:
            v = v + options.guidance * (v - velocity(x, t, cond, mask, g_u, mem_u, pad_u))
        x = x + (grid[i + 1] - grid[i]) * v
    return (x * cfg.mel_std + cfg.mel_mean).transpose(1, 2)
