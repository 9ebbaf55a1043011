"""What every training run shares: a warm-up + cosine schedule, a resumable checkpoint, and a JSONL log."""
from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from torch import nn

from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.models.checkpoint import CHECKPOINT_ERRORS


def warmup_cosine(opt: torch.optim.Optimizer, steps: int, warmup: int = 100) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over `warmup` steps, then a cosine decay to zero at `steps`."""
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s / steps, 1.0))))


class ResumableRun:
    """Model, optimiser and schedule saved to `out/checkpoint.pt` (float32) so an interrupted run goes on where
    it stopped; one JSON line per logged step in `out/train_log.jsonl`."""

    def __init__(self, out: Path, model: nn.Module, opt: torch.optim.Optimizer,
                 sched: torch.optim.lr_scheduler.LRScheduler):
        self.out, self.model, self.opt, self.sched = out, model, opt, sched
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / "checkpoint.pt"
        self._log = (out / "train_log.jsonl").open("a")

    def resume(self) -> int:
        """Load the checkpoint if one exists; returns the step to start from."""
        if not self.path.is_file():
            return 0
        try:
            ck = torch.load(self.path, map_location="cpu", weights_only=True)  # a planted file runs no code
            self.model.load_state_dict(ck["state"])
            self.opt.load_state_dict(ck["optimizer"])
            self.sched.load_state_dict(ck["scheduler"])
            return int(ck["step"])
        except CHECKPOINT_ERRORS as exc:
            raise InputError(f"{self.path}: not a checkpoint of this training run ({exc.__class__.__name__}); "
                             "move it away to start afresh, or choose another --out") from None

    def log(self, record: dict) -> None:
        self._log.write(json.dumps(record) + "\n")

    def end_step(self, step: int, record: dict, steps: int, checkpoint_every: int, progress=None) -> None:
        """Log step `step` (0-based) and checkpoint every `checkpoint_every` steps and after the last."""
        self.log(record)
        if (step + 1) % checkpoint_every == 0 or step + 1 == steps:
            self.save(step + 1)
        if progress:
            progress(step + 1, steps)

    def save(self, step: int) -> None:
        """Checkpoint after `step` steps, atomically."""
        with atomic_path(self.path) as tmp:
            torch.save({"state": self.model.state_dict(), "optimizer": self.opt.state_dict(),
                        "scheduler": self.sched.state_dict(), "step": step}, tmp)
        self._log.flush()

    def close(self) -> None:
        self._log.close()
