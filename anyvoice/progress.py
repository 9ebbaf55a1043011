"""The progress callback every long job takes."""
from __future__ import annotations

from typing import Callable

#: progress(done, total) callback, called after each unit of work (sentence, chunk, step or file).
Progress = Callable[[int, int], None]
