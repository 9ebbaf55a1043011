"""Speed and memory: real-time factor and peak memory per task and per engine, beside raw Piper and raw Kokoro
synthesis of the same texts (the evaluation set's short, medium and long texts)."""
from __future__ import annotations

import time
import tracemalloc
from dataclasses import dataclass
from typing import Callable

import numpy as np

from anyvoice.evaluation.evalset import TEXTS


@dataclass
class SpeedRow:
    """One system on one text length."""

    system: str
    length: str
    audio_s: float
    compute_s: float
    peak_mb: float  # largest Python and numpy allocation during the call (tracemalloc)

    @property
    def rtf(self) -> float:
        return self.compute_s / max(self.audio_s, 1e-9)


def measure(fn: Callable[[], tuple[np.ndarray, int]]) -> tuple[float, float, float]:
    """(audio seconds, compute seconds, peak MB) of one call returning (audio, sample rate)."""
    tracemalloc.start()
    t = time.perf_counter()
    wav, sr = fn()
    dt = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(wav) / sr, dt, peak


def run_speed(quick: bool = False, log: Callable[[str], None] = print) -> list[SpeedRow]:
    """Every system on each text length (quick: short and medium only, first text of each)."""
    from anyvoice.engines import ENGINES
    from anyvoice.synth import create_synthesizer
    from anyvoice.tasks.convert import convert
    from anyvoice.tasks.enhance import enhance
    from anyvoice.tasks.tts import TtsOptions, tts
    from anyvoice.voice import Voice

    piper, kokoro = create_synthesizer("piper"), create_synthesizer("kokoro:jf_alpha")
    ref = piper.synthesize(" ".join(TEXTS["medium"][:2]))
    voice = Voice.from_audio(ref, piper.sample_rate)
    lengths = ["short", "medium"] if quick else list(TEXTS)
    rows = []
    for length in lengths:
        texts = TEXTS[length][:1] if quick else TEXTS[length]
        text = " ".join(texts)
        src = piper.synthesize(text)
        noisy = src + 0.02 * np.random.default_rng(0).standard_normal(len(src)).astype(np.float32)
        systems: dict[str, Callable[[], tuple[np.ndarray, int]]] = {
            "raw Piper": lambda: (piper.synthesize(text), piper.sample_rate),
            "raw Kokoro": lambda: (kokoro.synthesize(text), kokoro.sample_rate)}
        for engine in ENGINES.names():
            systems[f"tts:{engine}"] = lambda e=engine: tts(text, voice, TtsOptions(engine=e))
            systems[f"convert:{engine}"] = lambda e=engine: (convert(src, piper.sample_rate, voice, engine=e),
                                                             piper.sample_rate)
        systems["enhance"] = lambda: (enhance(noisy, piper.sample_rate), piper.sample_rate)
        for name, fn in systems.items():
            rows.append(SpeedRow(name, length, *measure(fn)))
            log(f"speed {length:6s} {name:18s} RTF {rows[-1].rtf:.3f}  peak {rows[-1].peak_mb:.0f} MB")
    return rows
