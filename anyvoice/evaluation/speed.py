"""Speed and memory: real-time factor, time to first audio and peak resident memory per task and per engine,
beside raw Piper and raw Kokoro synthesis of the same texts (the evaluation set's short, medium and long texts),
and the peak memory of a whole `anyvoice tts` process."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from anyvoice.evaluation.evalset import TEXTS


@dataclass
class SpeedRow:
    """One system on one text length."""

    system: str
    length: str
    audio_s: float
    compute_s: float  # the median over the repeated calls
    peak_mb: float  # peak resident memory of the whole process during the calls
    first_audio_s: float = float("nan")  # seconds until the first chunk (median), for systems that stream
    x_raw_piper: float = float("nan")  # compute seconds over raw Piper's on the same text, timed in pairs (median)

    @property
    def rtf(self) -> float:
        return self.compute_s / max(self.audio_s, 1e-9)


@contextmanager
def peak_rss(pid: int | None = None, every_s: float = 0.005) -> Iterator[list[float]]:
    """Samples the resident memory of process `pid` (None: this one) every `every_s` while the block runs; the
    list it gives holds the peak in MB once the block is left (torch's, ONNX Runtime's and numpy's memory alike).
    A process that has ended is no longer sampled."""
    import psutil

    process, peak, done = psutil.Process(pid), [0.0], threading.Event()

    def sample() -> None:
        try:
            peak[0] = max(peak[0], process.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            pass

    def sampling() -> None:
        sample()
        while not done.wait(every_s):
            sample()

    sampler = threading.Thread(target=sampling, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        sample()


def measure(fn: Callable[[], tuple[np.ndarray, int]]) -> tuple[float, float, float]:
    """(audio seconds, compute seconds, peak resident MB) of one call returning (audio, sample rate)."""
    with peak_rss() as peak:
        t = time.perf_counter()
        wav, sr = fn()
        dt = time.perf_counter() - t
    return len(wav) / sr, dt, peak[0]


def first_audio(chunks: Callable[[], tuple[Iterator[np.ndarray], int]]) -> tuple[float, float, float, float]:
    """(audio seconds, compute seconds, peak MB, seconds to the first chunk) of a stream that `chunks()` starts."""
    with peak_rss() as peak:
        t = time.perf_counter()
        stream, sr = chunks()
        parts = [next(stream)]
        first = time.perf_counter() - t
        parts.extend(stream)
        dt = time.perf_counter() - t
    return sum(len(p) for p in parts) / sr, dt, peak[0], first


def repeated(measure_once: Callable[[], tuple[float, ...]], repeats: int) -> tuple[float, ...]:
    """A measurement (`measure` or `first_audio`) made `repeats` times: per field the median, except the peak
    memory (the third field), the largest. One call alone moves by tens of percent with what else the machine
    does."""
    return _summary([measure_once() for _ in range(max(1, repeats))])


def _summary(runs: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(max(field) if i == 2 else float(np.median(field)) for i, field in enumerate(zip(*runs)))


def paired(measure_once: Callable[[], tuple[float, ...]], baseline_s: Callable[[], float],
           repeats: int) -> tuple[tuple[float, ...], float]:
    """`repeated`, each call made right after one of a baseline (`baseline_s()` gives its compute seconds): the
    measurement, and the median over the calls of its compute seconds over the baseline's just before it. The two
    of a pair feel the same moment of the machine, so this ratio holds where a ratio of two medians measured
    minutes apart moves by a third from run to run."""
    runs, ratios = [], []
    for _ in range(max(1, repeats)):
        base = baseline_s()
        runs.append(measure_once())
        ratios.append(runs[-1][1] / max(base, 1e-9))
    return _summary(runs), float(np.median(ratios))


def process_peak_mb(args: list[str]) -> float:
    """Peak resident memory (MB) of `python -m anyvoice ARGS` run to its end, sampled every 10 ms. (The kernel's
    own high-water mark is no use here: a child inherits its parent's across fork and exec.)"""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a progress bar cannot fill it and block
        proc = subprocess.Popen([sys.executable, "-m", "anyvoice", *args], stdout=subprocess.DEVNULL, stderr=errors)
        with peak_rss(proc.pid, every_s=0.01) as peak:
            code = proc.wait()
        if code:
            errors.seek(0)
            raise RuntimeError(f"anyvoice {' '.join(args)} failed: {errors.read().decode()[-2000:]}")
    return peak[0]


def cli_memory(out_dir: Path, text: str, engines: list[str]) -> dict[str, float]:
    """Peak resident MB of a fresh `anyvoice tts` process speaking `text`: in the base voice (raw Piper) and,
    for each engine, in a voice made from a Piper recording."""
    from anyvoice.audio.io import save_audio
    from anyvoice.synth import create_synthesizer

    piper = create_synthesizer("piper")
    reference = out_dir / "reference.wav"
    save_audio(reference, piper.synthesize(text), piper.sample_rate)
    peaks = {"raw Piper": process_peak_mb(["tts", text, "-o", str(out_dir / "raw.wav")])}
    for engine in engines:
        peaks[f"tts:{engine}"] = process_peak_mb(["tts", text, "--voice", str(reference), "--engine", engine,
                                                  "-o", str(out_dir / f"{engine}.wav")])
    return peaks


#: engines whose streams are timed: the default, which sends whole sentences, and cfm, which sends pieces
STREAMED = ("select", "cfm", "cfm-filter")
#: engines whose whole `anyvoice tts` process is measured (a quick run: the last of them measured)
MEMORY_ENGINES = ("select", "cfm", "cfm-filter")


def run_speed(quick: bool = False, log: Callable[[str], None] = print, repeats: int = 3,
              engines: Sequence[str] | None = None) -> list[SpeedRow]:
    """Every system on each text length (quick: the first medium text only), each call made `repeats` times;
    for TTS also the time to the first chunk of a stream that may send a sentence in pieces. `engines`: the
    engines timed (default every one) beside raw Piper, raw Kokoro and noise suppression."""
    from anyvoice.engines import ENGINES
    from anyvoice.synth import create_synthesizer
    from anyvoice.tasks.convert import convert
    from anyvoice.tasks.enhance import enhance
    from anyvoice.tasks.tts import TtsOptions, tts, tts_stream
    from anyvoice.voice import Voice

    piper, kokoro = create_synthesizer("piper"), create_synthesizer("kokoro:jf_alpha")
    ref = piper.synthesize(" ".join(TEXTS["medium"][:2]))
    voice = Voice.from_audio(ref, piper.sample_rate)
    lengths = ["medium"] if quick else list(TEXTS)
    engines = list(engines or ENGINES.names())
    rows = []
    for length in lengths:
        texts = TEXTS[length][:1] if quick else TEXTS[length]
        text = " ".join(texts)
        src = piper.synthesize(text)
        noisy = src + 0.02 * np.random.default_rng(0).standard_normal(len(src)).astype(np.float32)
        systems: dict[str, Callable[[], tuple[np.ndarray, int]]] = {
            "raw Piper": lambda: (piper.synthesize(text), piper.sample_rate),
            "raw Kokoro": lambda: (kokoro.synthesize(text), kokoro.sample_rate)}
        streams = {}
        for engine in engines:
            systems[f"tts:{engine}"] = lambda e=engine: tts(text, voice, TtsOptions(engine=e))
            systems[f"convert:{engine}"] = lambda e=engine: (convert(src, piper.sample_rate, voice, engine=e),
                                                             piper.sample_rate)
        for engine in (e for e in STREAMED if e in engines):
            streams[f"tts:{engine} streamed"] = lambda e=engine: (
                (s := tts_stream(text, voice, TtsOptions(engine=e, pieces=True))).chunks, s.sample_rate)
        systems["enhance"] = lambda: (enhance(noisy, piper.sample_rate), piper.sample_rate)
        raw_piper_s = lambda: measure(systems["raw Piper"])[1]  # noqa: E731
        for name, fn in systems.items():
            (audio_s, compute_s, peak), ratio = paired(lambda: measure(fn), raw_piper_s, repeats)
            rows.append(SpeedRow(name, length, audio_s, compute_s, peak, x_raw_piper=ratio))
            log(f"speed {length:6s} {name:26s} RTF {rows[-1].rtf:.3f}  x raw Piper {ratio:.2f}  "
                f"peak {peak:.0f} MB")
        for name, start in streams.items():
            rows.append(SpeedRow(name, length, *repeated(lambda: first_audio(start), repeats)))
            log(f"speed {length:6s} {name:26s} RTF {rows[-1].rtf:.3f}  first audio {rows[-1].first_audio_s:.2f} s")
    return rows
