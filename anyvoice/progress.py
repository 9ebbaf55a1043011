"""The progress callback every long job takes."""
from __future__ import annotations

from typing import Callable

#: progress(done, total) callback, called after each unit of work (sentence, chunk, step or file).
Progress = Callable[[int, int], None]


class PiecesThenSteps:
    """One progress over a job made of pieces that report themselves (`pieces`), then `steps` further steps
    (`after(done)`: how many of those are done); every call goes on to `progress` (None: nowhere) with the whole
    job's total."""

    def __init__(self, progress: Progress | None, steps: int):
        self._progress, self._steps, self._pieces = progress, steps, 0

    def pieces(self, done: int, total: int) -> None:
        self._pieces = total
        if self._progress:
            self._progress(done, total + self._steps)

    def after(self, done: int) -> None:
        if self._progress:
            self._progress(self._pieces + done, self._pieces + self._steps)
