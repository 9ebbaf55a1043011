"""Where a training process runs: its device, and its rank among the processes torchrun started (one process and
no torch.distributed when it started none)."""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class Placement:
    """One training process: its device, rank and the number of processes (`world`)."""

    device: torch.device
    rank: int = 0
    world: int = 1

    @property
    def distributed(self) -> bool:
        return self.world > 1

    @property
    def writes(self) -> bool:
        """Whether this process logs and saves (rank 0)."""
        return self.rank == 0

    def wrap(self, net: nn.Module) -> nn.Module:
        """`net` as this process trains it: through DistributedDataParallel under torchrun, else as it is."""
        if not self.distributed:
            return net
        from torch.nn.parallel import DistributedDataParallel

        return DistributedDataParallel(net, device_ids=[self.device.index] if self.device.type == "cuda" else None)

    def leave(self) -> None:
        """End this process's part in a distributed run (every rank leaves together: one torn down while another
        still talks can abort at exit)."""
        if self.distributed:
            import torch.distributed as dist

            dist.barrier()
            dist.destroy_process_group()


def world_size() -> int:
    """How many training processes torchrun started (1 when this process was not started by torchrun)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def join(device: str = "auto") -> Placement:
    """This process's placement: `device` ("auto": a GPU when there is one, else the CPU); under torchrun
    (WORLD_SIZE > 1) it joins the process group (NCCL on GPUs, gloo on CPUs) on its LOCAL_RANK's GPU."""
    world, rank = world_size(), int(os.environ.get("RANK", "0"))
    chosen = torch.device("cuda" if device == "auto" and torch.cuda.is_available() else
                          (device if device != "auto" else "cpu"))
    if world > 1:
        import torch.distributed as dist

        dist.init_process_group("nccl" if chosen.type == "cuda" else "gloo")
        if chosen.type == "cuda":
            chosen = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
            torch.cuda.set_device(chosen)
    return Placement(chosen, rank, world)
