"""The user's cache folder, and arrays kept there by the content they were computed from.

A recording is often analysed more than once: a server makes several voices from one upload, a user converts one
source into many voices from the command line. `ArrayMemo` keeps what a slow analysis made of an array, in memory
and as a small file in the cache folder, so the next call, in this process or the next, reads it instead.
"""
from __future__ import annotations

import contextvars
import hashlib
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from anyvoice.files import atomic_path

#: the environment variable naming the cache folder; "off": no pitch track or graph is kept on disk
CACHE_ENV = "ANYVOICE_CACHE"

_UNCACHED = contextvars.ContextVar("anyvoice_uncached", default=False)


def user_cache_dir() -> Path:
    """The user's own cache folder for anyvoice: $XDG_CACHE_HOME/anyvoice, else ~/.cache/anyvoice."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "anyvoice"


def cache_dir() -> Path | None:
    """Where anyvoice keeps what it can make again (pitch tracks, exported graphs): $ANYVOICE_CACHE, else
    `user_cache_dir()`; None when $ANYVOICE_CACHE is "off" (each process makes its own, in memory)."""
    if os.environ.get(CACHE_ENV) == "off":
        return None
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return user_cache_dir()


def describe_cache() -> str:
    """One line on the cache folder: where it is and what it holds, or that it is off."""
    folder = cache_dir()
    if folder is None:
        return f"off ({CACHE_ENV}=off): no pitch track or graph is kept on disk"
    files = [f for f in folder.rglob("*") if f.is_file()] if folder.is_dir() else []
    size = sum(f.stat().st_size for f in files)
    held = f"{len(files)} file{'' if len(files) == 1 else 's'}, {size / 1e6:.1f} MB"
    return f"{folder} ({held}; {CACHE_ENV} moves it, {CACHE_ENV}=off keeps none)"


@contextmanager
def uncached() -> Iterator[None]:
    """Within this block (in this thread or task) every `ArrayMemo` makes its results afresh and keeps none: for
    timing an analysis, or comparing two ways of making it."""
    token = _UNCACHED.set(True)
    try:
        yield
    finally:
        _UNCACHED.reset(token)


class ArrayMemo:
    """Results of one analysis, `make(x)`, kept by a digest of `x` and the analysis' settings: the last
    `in_memory` in this process, and up to `on_disk` as .npy files in the cache folder's `name` subfolder (the
    oldest removed beyond that). A cache folder that cannot be written is not used; a spoilt file is made again."""

    def __init__(self, name: str, version: str, in_memory: int = 64, on_disk: int = 2048):
        self.name, self.version = name, version
        self.in_memory, self.on_disk = in_memory, on_disk
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, x: np.ndarray, settings: str) -> str:
        """The digest `x` and `settings` are kept under (also over the array's type and shape)."""
        x = np.ascontiguousarray(x)
        digest = hashlib.sha256(f"{self.version}|{settings}|{x.dtype.str}|{x.shape}".encode())
        digest.update(x.reshape(-1).view(np.uint8))  # the samples' bytes, not copied
        return digest.hexdigest()[:32]

    def get(self, x: np.ndarray, settings: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        """What `make()` gives for `x` under `settings`: kept from an earlier call, or made now and kept."""
        if _UNCACHED.get():
            return np.asarray(make())
        key = self.key(x, settings)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key].copy()
        value = self._read(key)
        if value is None:
            value = np.asarray(make())
            self._write(key, value)
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.in_memory:
                self._kept.popitem(last=False)
        return value.copy()

    def _folder(self) -> Path | None:
        folder = cache_dir()
        return None if folder is None else folder / self.name

    def _read(self, key: str) -> np.ndarray | None:
        folder = self._folder()
        try:
            return None if folder is None else np.load(folder / f"{key}.npy", allow_pickle=False)
        except (OSError, ValueError):  # not there, or spoilt: made again
            return None

    def _write(self, key: str, value: np.ndarray) -> None:
        folder = self._folder()
        if folder is None:
            return
        try:
            with atomic_path(folder / f"{key}.npy", suffix=".npy") as tmp:
                np.save(tmp, value, allow_pickle=False)
            self._trim(folder)
        except OSError:  # a read-only or full cache folder: kept in memory only
            pass

    def _trim(self, folder: Path) -> None:
        files = list(folder.glob("*.npy"))
        if len(files) <= self.on_disk:
            return
        by_age = sorted(files, key=lambda f: f.stat().st_mtime)  # one removed meanwhile: trimmed next time
        for old in by_age[:len(files) - self.on_disk // 2]:  # down to half: trimmed once per many writes
            old.unlink(missing_ok=True)
