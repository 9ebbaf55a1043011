"""How far a benchmark's mean could move with other sentences or utterances of the same kind: bootstrap intervals.

A WER over eight sentences moves by points when one sentence is swapped, so the benches print each mean with the
range that resampling its sentences (or utterances) gives. Items that belong together (the same sentence spoken
into two voices, conversions of one source recording) are resampled as a unit, a cluster, so that the interval
is not narrowed by counting one sentence's luck twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Interval:
    """A mean and the range its resamples fall in."""

    mean: float
    low: float
    high: float
    level: float  # the share of resampled means inside [low, high]

    def text(self, digits: int = 3, sign: bool = False, scale: float = 1.0) -> str:
        """'0.026 (0.004 to 0.045)': the mean and its range, each times `scale` (`sign`: '+0.026 (+0.004 to ...')."""
        f = f"{{:+.{digits}f}}" if sign else f"{{:.{digits}f}}"
        return f"{f.format(scale * self.mean)} ({f.format(scale * self.low)} to {f.format(scale * self.high)})"

    def percent(self, digits: int = 1, sign: bool = False) -> str:
        """'14.5 (8.2 to 21.3)': the mean and its range in percent (`sign`: '+4.8 (-2.0 to +11.5)')."""
        return self.text(digits, sign, scale=100.0)


def bootstrap_interval(values: Sequence[float], clusters: Sequence[object] | None = None, level: float = 0.95,
                       resamples: int = 2000, seed: int = 0) -> Interval:
    """The mean of `values` and its percentile bootstrap interval at `level`.

    `clusters` (one label per value, None: each value its own) are drawn with replacement as units, and a
    resample's mean is over all the values of the clusters drawn. A paired difference (the same utterances before
    and after) is the interval of the per-item differences. The same seed gives the same interval."""
    x = np.asarray(values, np.float64)
    if x.ndim != 1 or not x.size:
        raise ValueError("bootstrap_interval needs a non-empty list of numbers")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level {level} must be between 0 and 1")
    labels = np.arange(x.size) if clusters is None else np.asarray(clusters, object)
    if len(labels) != x.size:
        raise ValueError(f"{len(labels)} cluster labels for {x.size} values: give one label per value")
    _, index = np.unique(labels.astype(str), return_inverse=True)
    sums, counts = np.bincount(index, weights=x), np.bincount(index).astype(np.float64)
    drawn = np.random.default_rng(seed).integers(0, sums.size, (resamples, sums.size))
    means = sums[drawn].sum(axis=1) / counts[drawn].sum(axis=1)
    tail = (1.0 - level) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return Interval(float(x.mean()), float(low), float(high), level)
