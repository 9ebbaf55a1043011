"""Native work that holds Python's interpreter lock for seconds, run in helper processes when asked to.

WORLD's Harvest and Praat's analyses of a long recording are single native calls that keep the interpreter lock
for as long as they run: in a server every other thread, the one answering /health included, waits. A server
calls `use_helpers` once; from then on `run(fn, ...)` sends such work to a pool of helper processes, where it
holds only its own interpreter. Elsewhere (the command line, the library) `run` calls `fn` in place.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None
_processes = 0
_lock = threading.Lock()


def use_helpers(processes: int) -> None:
    """From now on, run `run`'s work in `processes` helper processes (started on first use)."""
    global _processes
    _processes = max(1, processes)


def _end_with_parent(parent: int) -> None:
    """In each helper: exit as soon as the process that started it is gone, even if it was killed."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _helpers() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:  # spawned, not forked: the parent has threads (and torch's) that a fork would copy
            _pool = ProcessPoolExecutor(_processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_end_with_parent, initargs=(os.getpid(),))
        return _pool


def _restart(wait: bool = False) -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=wait, cancel_futures=True)
        _pool = None


def run(fn: Callable[..., T], *args) -> T:
    """`fn(*args)`: in a helper process after `use_helpers`, else here. `fn` must be a module-level function and
    its arguments and result picklable. A helper that died is replaced and the work tried once more."""
    if not _processes:
        return fn(*args)
    try:
        return _helpers().submit(fn, *args).result()
    except BrokenProcessPool:
        _restart()
        return _helpers().submit(fn, *args).result()


def shutdown() -> None:
    """Stop the helper processes, waiting for work under way (a later `run` starts new ones)."""
    _restart(wait=True)
