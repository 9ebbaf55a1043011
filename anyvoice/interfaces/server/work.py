"""Bounded work: a fixed number of worker places and a waiting line of fixed length.

A request holds a worker place from its first heavy call to its end (a streamed answer: to its last sentence),
so a stream that has started is not sent to the back of the line between sentences. Heavy calls (synthesis,
conversion, clean-up) run on threads so the event loop keeps answering; a request that finds every place taken
and the line full is turned away at once (429) instead of piling up memory and latency.
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
    """One admitted request: waits in line for a worker place at its first call, then keeps it until released."""

    def __init__(self, queue: "WorkQueue"):
        self._queue = queue
        self._running: asyncio.Future | None = None
        self._working = False  # holds a worker place
        self._released = False

    async def call(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run fn(*args, **kwargs) on a worker thread; WorkTimeoutError past the queue's time-out."""
        if not self._working:
            await self._queue.places.acquire()  # FIFO: requests are served in the order they came
            self._working = True
        loop = asyncio.get_running_loop()
        self._running = loop.run_in_executor(self._queue.pool, functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(asyncio.shield(self._running), self._queue.timeout_s)
        except asyncio.TimeoutError:
            raise WorkTimeoutError(f"the work took longer than the server's limit of {self._queue.timeout_s:g} s; "
                                   "send shorter text or audio") from None

    def release(self) -> None:
        """Leave: give the worker place back (if a call still runs on it, when that ends) and the admission."""
        if self._released:
            return
        self._released = True
        if self._running is not None and not self._running.done():
            self._running.add_done_callback(lambda _: self._queue._release(self._working))
        else:
            self._queue._release(self._working)


class WorkQueue:
    """`workers` places (and threads), and at most `waiting` more requests admitted while they are taken."""

    def __init__(self, workers: int, waiting: int, timeout_s: float):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="anyvoice-work")
        self.places = asyncio.Semaphore(workers)
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

    def _release(self, working: bool) -> None:
        if working:
            self.places.release()
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
