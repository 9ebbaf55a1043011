"""The number format torch networks run in on a CPU: bfloat16 where the processor computes it natively (about
twice as fast for the cfm decoder and the vocoder), float32 elsewhere or on request."""
from __future__ import annotations

import contextlib
import functools
from typing import Iterator

PRECISIONS = ("auto", "float32", "bfloat16")


@functools.cache
def native_bfloat16() -> bool:
    """Whether this CPU has bfloat16 instructions (AVX512-BF16 or AMX); without them bfloat16 is emulated, slower
    than float32."""
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(probe is not None and probe() for probe in probes)


def resolved(precision: str) -> str:
    """'float32' or 'bfloat16' for a precision setting ('auto': bfloat16 where native)."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return precision


@contextlib.contextmanager
def running_in(precision: str) -> Iterator[None]:
    """Inference with matrix products and convolutions in `precision` (norms and sums stay float32)."""
    import torch

    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16,
                                                enabled=resolved(precision) == "bfloat16"):
        yield
