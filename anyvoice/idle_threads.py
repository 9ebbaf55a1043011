"""Idle threads that give their cores back soon.

One anyvoice process runs several numerical libraries in turn and side by side: ONNX Runtime (Piper, Kokoro, the
cfm decoder), CTranslate2 (Whisper), torch, and numpy's OpenBLAS. The OpenMP runtime that torch and CTranslate2
bring (libgomp) and OpenBLAS keep their threads spinning for a while after each piece of work, waiting for more;
on a machine with few cores the next library's work then shares the cores with threads that do nothing. These
settings make idle threads sleep soon, at no cost measured to torch's own work (training steps), since a library's
next piece of work mostly comes within the shorter spin anyway (docs/benchmarks.md, "Idle threads"). ONNX
Runtime's pools are told the same per session, when anyvoice opens one (models/onnx_session.py).
"""
from __future__ import annotations

import os

#: read by each library when it loads: libgomp's spins before an idle thread sleeps (its own default is far
#: longer), and OpenBLAS's idle time before its threads sleep (2^4 cycles, the least it takes)
IDLE_ENV = {"GOMP_SPINCOUNT": "100000", "OPENBLAS_THREAD_TIMEOUT": "4"}


def let_idle_threads_sleep() -> None:
    """Set IDLE_ENV in this process's environment where the user has not set those variables; it acts on the
    libraries loaded after it (anyvoice sets it when imported, before it loads any of them)."""
    for name, value in IDLE_ENV.items():
        os.environ.setdefault(name, value)
