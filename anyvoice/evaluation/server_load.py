"""Load on the real server: rounds of many concurrent mixed requests on loopback; every answer counted, latency
and the server's memory measured after each round (a leak shows as memory that keeps growing)."""
from __future__ import annotations

import concurrent.futures as cf
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.audio.encode import encode_audio
from anyvoice.audio.noise import make_noise, scale_to_snr
from anyvoice.evaluation.server_process import Client, Server, running_server
from anyvoice.synth import create_synthesizer

TEXTS = ["The train to the coast leaves at seven in the morning.", "Could you please close the window?",
         "We measured every answer and counted every error.", "Good evening, and welcome back."]


@dataclass
class LoadConfig:
    concurrency: int = 50
    rounds: int = 3
    workers: int = 0  # the server's default (half the cores)
    queue: int = 64  # enough for a whole round to wait: this bench counts losses, not refusals


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no answer (connection error or client time-out)
    seconds: float
    round: int


@dataclass
class LoadResult:
    config: LoadConfig
    outcomes: list[Outcome] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)  # after warm-up, then after each round
    wall_s: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"config": asdict(self.config), "outcomes": [asdict(o) for o in self.outcomes],
                "rss_mb": self.rss_mb, "wall_s": self.wall_s}


def _assets() -> dict[str, bytes]:
    """Short real speech (Piper) clean and noisy, as WAV bytes."""
    synth = create_synthesizer("piper")
    sr = synth.sample_rate
    speech = synth.synthesize("Every answer was counted and the memory was measured after each round.")
    noisy = speech + scale_to_snr(speech, make_noise("pink", len(speech), sr, np.random.default_rng(0)), 5.0)
    return {"speech": encode_audio(speech, sr, "wav"), "noisy": encode_audio(noisy, sr, "wav")}


def request_mix(assets: dict[str, bytes], voice_id: str) -> list[tuple[str, Callable[[Client], int]]]:
    """The kinds of request a round is made of, each a function of a client returning the status."""
    def speech(text: str, voice: str, fmt: str = "mp3", **extra) -> Callable[[Client], int]:
        return lambda c: c.post("/v1/audio/speech", json={"model": "tts-1", "input": text, "voice": voice,
                                                          "response_format": fmt, **extra}).status_code

    def upload(path: str, asset: str, **data) -> Callable[[Client], int]:
        return lambda c: c.post(path, files={"file": ("clip.wav", assets[asset])}, data=data).status_code

    return [("speech (alloy, mp3)", speech(TEXTS[0], "alloy")),
            ("speech (saved voice, styled)", speech(TEXTS[1], voice_id, fmt="wav", instructions="calm and slow")),
            ("speech (two sentences, opus)", speech(" ".join(TEXTS[2:]), voice_id, fmt="opus")),
            ("convert", upload("/v1/audio/convert", "speech", voice=voice_id, model="dsp")),
            ("enhance", upload("/v1/audio/enhance", "noisy")),
            ("describe", upload("/v1/audio/describe", "speech")),
            ("list voices", lambda c: c.get("/v1/voices").status_code),
            ("voice space", lambda c: c.get("/v1/voice-space").status_code),
            ("bad request", lambda c: c.post("/v1/audio/speech", json={"input": "Hi.", "voice": "x"}).status_code)]


def _timed(kind: str, fn: Callable[[Client], int], client: Client, round_: int) -> Outcome:
    t0 = time.monotonic()
    try:
        status = fn(client)
    except Exception:  # no answer at all: counted as lost
        status = 0
    return Outcome(kind, status, time.monotonic() - t0, round_)


def _rss_mb(server: Server) -> float:
    import psutil

    proc = psutil.Process(server.process.pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def run_load(work_dir: Path, config: LoadConfig, log: Callable[[str], None] = print) -> LoadResult:
    """Start a server with a fresh library in `work_dir`, save one voice, warm up, then run the rounds."""
    work_dir.mkdir(parents=True, exist_ok=True)
    assets = _assets()
    result = LoadResult(config)
    options = ["--queue", str(config.queue)] + (["--workers", str(config.workers)] if config.workers else [])
    (work_dir / "voices.sqlite3").unlink(missing_ok=True)
    with running_server(work_dir / "voices.sqlite3", work_dir / "server.log", *options) as server:
        with Client(server.url, timeout=900) as c:
            made = c.post("/v1/voices", files={"recording": ("ref.wav", assets["speech"])}, data={"name": "ref"})
            made.raise_for_status()
            mix = request_mix(assets, made.json()["id"])
            for kind, fn in mix:  # warm-up: every model loaded once before memory is first measured
                log(f"warm-up {kind}: {fn(c)}")
        result.rss_mb.append(_rss_mb(server))
        log(f"server memory after warm-up: {result.rss_mb[-1]:.0f} MB")
        for r in range(config.rounds):
            jobs = [mix[i % len(mix)] for i in range(config.concurrency)]
            t0 = time.monotonic()
            clients = [Client(server.url, timeout=900) for _ in jobs]
            with cf.ThreadPoolExecutor(config.concurrency) as pool:
                outcomes = list(pool.map(lambda a: _timed(a[0][0], a[0][1], a[1], r + 1), zip(jobs, clients)))
            for c in clients:
                c.close()
            result.wall_s.append(time.monotonic() - t0)
            result.outcomes += outcomes
            result.rss_mb.append(_rss_mb(server))
            log(f"round {r + 1}: {len(outcomes)} requests in {result.wall_s[-1]:.1f} s, statuses "
                f"{sorted({o.status for o in outcomes})}, memory {result.rss_mb[-1]:.0f} MB")
    return result


def load_tables(result: LoadResult) -> str:
    """Markdown: per kind of request, answers by status class and latency; then rounds and memory."""
    rows = ["| request | n | 2xx | 4xx (expected) | 429 | 5xx | lost | p50 s | p95 s | max s |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    kinds = list(dict.fromkeys(o.kind for o in result.outcomes))
    for kind in kinds + ["all"]:
        os_ = [o for o in result.outcomes if kind in ("all", o.kind)]
        st = np.array([o.status for o in os_])
        sec = np.array([o.seconds for o in os_])
        rows.append(f"| {kind} | {len(os_)} | {np.sum((st >= 200) & (st < 300))} | "
                    f"{np.sum((st >= 400) & (st < 500) & (st != 429))} | {np.sum(st == 429)} | {np.sum(st >= 500)} | "
                    f"{np.sum(st == 0)} | {np.median(sec):.2f} | {np.percentile(sec, 95):.2f} | {sec.max():.2f} |")
    mem = ["", "| | warm-up | " + " | ".join(f"round {i + 1}" for i in range(len(result.wall_s))) + " |",
           "|---|---|" + "---|" * len(result.wall_s),
           "| wall time of the round (s) | - | " + " | ".join(f"{w:.1f}" for w in result.wall_s) + " |",
           "| server memory, RSS (MB) | " + " | ".join(f"{m:.0f}" for m in result.rss_mb) + " |"]
    return "\n".join(rows + mem)
