"""Bounded work: a fixed pool of worker threads and a waiting line of fixed length.

Heavy calls (synthesis, conversion, clean-up) run in the pool so the event loop keeps answering; a request that
finds the pool and the line full is turned away at once (429) instead of piling up memory and latency.
"""
from __future__ import annotations

import asyncio
import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from anyvoice.errors import AnyVoiceError


class BusyError(AnyVoiceError):
    """Every worker is busy and the waiting line is full."""


class WorkTimeoutError(AnyVoiceError):
    """One unit of work took longer than the server allows."""


class Lease:
    """A place in the pool, held for one request (a streamed answer holds it until its last chunk)."""

    def __init__(self, queue: "WorkQueue"):
        self._queue = queue
        self._running: asyncio.Future | None = None
        self._released = False

    async def call(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run fn(*args, **kwargs) on a worker thread; WorkTimeoutError past the queue's time-out."""
        loop = asyncio.get_running_loop()
        self._running = loop.run_in_executor(self._queue.pool, functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(asyncio.shield(self._running), self._queue.timeout_s)
        except asyncio.TimeoutError:
            raise WorkTimeoutError(f"the work took longer than the server's limit of {self._queue.timeout_s:g} s; "
                                   "send shorter text or audio") from None

    def release(self) -> None:
        """Give the place back; if a call is still running on a worker, when it ends."""
        if self._released:
            return
        self._released = True
        if self._running is not None and not self._running.done():
            self._running.add_done_callback(lambda _: self._queue._release())
        else:
            self._queue._release()


class WorkQueue:
    """`workers` threads, and at most `waiting` more requests admitted while they are busy."""

    def __init__(self, workers: int, waiting: int, timeout_s: float):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="anyvoice-work")
        self.workers, self.capacity, self.timeout_s = workers, workers + waiting, timeout_s
        self._admitted = 0
        self._lock = threading.Lock()

    @property
    def admitted(self) -> int:
        return self._admitted

    def acquire(self) -> Lease:
        """A lease, or BusyError at once when the server is full."""
        with self._lock:
            if self._admitted >= self.capacity:
                raise BusyError(f"the server is busy ({self.workers} working, {self.capacity - self.workers} "
                                "waiting); retry in a few seconds")
            self._admitted += 1
        return Lease(self)

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Admit, run fn on a worker, give the place back."""
        lease = self.acquire()
        try:
            return await lease.call(fn, *args, **kwargs)
        finally:
            lease.release()

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
