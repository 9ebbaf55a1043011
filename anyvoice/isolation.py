"""Native work that holds Python's interpreter lock for seconds, run in helper processes when asked to.

WORLD's Harvest and Praat's analyses of a long recording are single native calls that keep the interpreter lock
for as long as they run: in a server every other thread, the one answering /health included, waits. A server
calls `use_helpers` once; from then on `run_all(calls)` sends such work to a pool of helper processes, side by
side, where it holds only its own interpreter. The command line uses helpers for as long as a command runs
(`helpers`), so a long analysis uses every core. Elsewhere (the library) `run_all` makes its calls in place: helpers
are spawned processes, which a script with no `if __name__ == "__main__"` guard cannot start.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # one layer with isolation: a type only
    from anyvoice.progress import Progress

_pool: ProcessPoolExecutor | None = None
_processes = 0
_lock = threading.Lock()


def use_helpers(processes: int) -> None:
    """From now on, run `run`'s work in `processes` helper processes (started on first use)."""
    global _processes
    _processes = max(1, processes)


def available_cores() -> int:
    """The cores this process may run on (a container's or a job's share, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def helpers(processes: int) -> Iterator[None]:
    """`use_helpers(processes)` inside the block (none with fewer than two: one helper would only add its start);
    at its end the helpers stop and work runs in place again."""
    global _processes
    before = _processes
    if processes > 1:
        use_helpers(processes)
    try:
        yield
    finally:
        if processes > 1:
            _restart(wait=True)
            _processes = before


def _start_helper(parent: int) -> None:
    """In each helper: leave Ctrl-C to the parent, which stops the helpers, and exit as soon as the parent is
    gone, even if it was killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

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
                                        initializer=_start_helper, initargs=(os.getpid(),))
        return _pool


def _restart(wait: bool = False) -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=wait, cancel_futures=True)
        _pool = None


def run_all(calls: Iterable[tuple], progress: Progress | None = None) -> list:
    """`[fn(*args) for fn, *args in calls]`: side by side in the helper processes after `use_helpers`, else here
    one after another; `progress(done, total)` before the first starts and as each call ends. Each `fn` must be a
    module-level function (or a `functools.partial` of one) and its arguments and result picklable. Work lost with
    a helper that died is tried once more in new ones."""
    calls = list(calls)
    if progress:
        progress(0, len(calls))
    if not _processes:
        out = []
        for fn, *args in calls:
            out.append(fn(*args))
            if progress:
                progress(len(out), len(calls))
        return out
    try:
        return _gather(calls, progress)
    except BrokenProcessPool:
        _restart()
        return _gather(calls, progress)


def _gather(calls: list[tuple], progress: Progress | None) -> list:
    futures = [_helpers().submit(*call) for call in calls]
    for done, _ in enumerate(as_completed(futures), 1):
        if progress:
            progress(done, len(calls))
    return [f.result() for f in futures]


def shutdown() -> None:
    """Stop the helper processes, waiting for work under way (later work starts new ones)."""
    _restart(wait=True)
