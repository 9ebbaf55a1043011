"""Saving and loading anyvoice's own networks: config dataclass + float16 weights, written atomically."""
from __future__ import annotations

import os
import pickle
from dataclasses import asdict
from pathlib import Path
from typing import Callable, TypeVar

import torch
from torch import nn

from anyvoice.errors import InputError
from anyvoice.files import atomic_path

M = TypeVar("M", bound=nn.Module)

#: what torch.load and load_state_dict raise for a file that is not the checkpoint expected (weights_only
#: refuses pickled code with UnpicklingError)
CHECKPOINT_ERRORS = (RuntimeError, KeyError, TypeError, ValueError, EOFError, AttributeError, pickle.UnpicklingError)


def save_network(model: nn.Module, config: object, path: str | os.PathLike, kind: str,
                 extra: dict | None = None) -> Path:
    """Write `model`'s weights (float16: the inference artefact; training checkpoints keep float32) with its
    config dataclass, atomically, tagged `anyvoice.<kind>`."""
    path = Path(path)
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    with atomic_path(path) as tmp:
        torch.save({"format": f"anyvoice.{kind}", "config": asdict(config), "state": state, **(extra or {})}, tmp)
    return path


def load_network(build: Callable[[dict], M], path: Path, kind: str, how_to_make: str) -> M:
    """Load a checkpoint written by `save_network`; `build(config_dict)` makes the empty model. Errors name the
    file and `how_to_make` one."""
    if not path.is_file():
        raise InputError(f"{path}: no such {kind} checkpoint; {how_to_make}")
    try:
        ck = torch.load(path, map_location="cpu", weights_only=True)
        model = build(ck["config"])
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["state"].items()})
    except CHECKPOINT_ERRORS as exc:
        raise InputError(f"{path}: not an anyvoice {kind} checkpoint ({exc})") from None
    return model.eval()
