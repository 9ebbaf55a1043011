"""The cloning benchmark: TTS and voice conversion into many target voices, for every engine and baseline."""
from __future__ import annotations

import resource
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.engines import ENGINES, Engine, create_engine
from anyvoice.evaluation.evalset import SR, TTS_TEXT, Target, human_targets, synthetic_targets, vc_sources
from anyvoice.evaluation.metrics import dnsmos, speaker_similarity, transcribe, wer
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.synth import create_synthesizer
from anyvoice.voice import Voice


@dataclass
class JobResult:
    """One conversion by one system."""

    job: int
    task: str  # "tts" or "vc"
    system: str
    target: str
    human: bool
    similarity: float
    wer: float
    dnsmos: float
    rtf: float
    peak_mb: float


BASELINES = {"tts": "raw base TTS", "vc": "source unchanged"}  # what the 'none' engine is called per task


def run_clone_bench(engines: list[str] | None = None, jobs_per_target: int = 3, cache: Path | None = None,
                    log: Callable[[str], None] = print, quick: bool = False,
                    variants: dict[str, Engine] | None = None) -> list[JobResult]:
    """Run TTS jobs (Piper base -> engine) and VC jobs (another speaker -> engine) for every target (`quick`: one
    synthetic and two human targets); `variants` adds engines with other settings under their own labels."""
    systems = {name: create_engine(name) for name in engines or ENGINES.names()} | (variants or {})
    synthetic, human = synthetic_targets(cache), human_targets(cache=cache)
    targets: list[Target] = synthetic[:1] + human[:2] if quick else synthetic + human
    base = create_synthesizer("piper")
    sources = vc_sources(cache)
    results: list[JobResult] = []
    for ti, target in enumerate(targets):
        voice = Voice.from_audio(target.reference, SR, name=target.name)
        held = speaker_embedding(target.held_out, SR)
        for j in range(jobs_per_target):
            k = (ti + j) % len(TTS_TEXT)
            # Alternate TTS and VC jobs; the VC source speaker is never its own target.
            task = "vc" if j % 2 == 1 and "jm_kumo" not in target.name else "tts"
            if task == "tts":
                text = TTS_TEXT[k]
                t0 = time.perf_counter()
                wav = base.synthesize(text)
                base_s = time.perf_counter() - t0
                sr = base.sample_rate
            else:
                text, src = sources[k]
                wav, sr, base_s = src, SR, 0.0
            for name, engine in systems.items():
                tracemalloc.start()
                t0 = time.perf_counter()
                out = engine.convert(wav, sr, voice)
                dt = time.perf_counter() - t0 + base_s
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                system = BASELINES[task] if name == "none" else name
                r = JobResult(ti * jobs_per_target + j, task, system, target.name, target.human,
                              speaker_similarity(out, sr, held), wer(text, transcribe(out, sr)),
                              dnsmos(out, sr)["ovrl"], dt / (len(out) / sr), peak)
                results.append(r)
            log(f"[{ti + 1}/{len(targets)}] {target.name} {task}: " + ", ".join(
                f"{r.system} sim {r.similarity:.2f} wer {r.wer:.2f}" for r in results[-len(systems):]))
    return results


def summarize(results: list[JobResult]) -> list[dict]:
    """Mean metrics per system over all jobs, with the similarity gain over the job's own baseline."""
    baseline = {r.job: r.similarity for r in results if r.system in BASELINES.values()}
    rows = []
    systems = dict.fromkeys(r.system for r in results)
    for s in sorted(systems, key=lambda name: name not in BASELINES.values()):  # baselines first
        rs = [r for r in results if r.system == s]
        rows.append({"system": s, "n": len(rs), "similarity": float(np.mean([r.similarity for r in rs])),
                     "gain": float(np.mean([r.similarity - baseline[r.job] for r in rs])),
                     "wer": float(np.mean([r.wer for r in rs])), "dnsmos": float(np.mean([r.dnsmos for r in rs])),
                     "rtf": float(np.mean([r.rtf for r in rs])), "peak_mb": float(np.max([r.peak_mb for r in rs])),
                     "human_similarity": float(np.mean([r.similarity for r in rs if r.human] or [np.nan]))})
    return rows


def markdown_table(rows: list[dict]) -> str:
    """The summary as a markdown table."""
    head = ("| system | jobs | similarity | gain vs baseline | sim. (human targets) | WER | DNSMOS | RTF | "
            "peak MB |\n|---|---|---|---|---|---|---|---|---|")
    lines = [f"| {r['system']} | {r['n']} | {r['similarity']:.3f} | {r['gain']:+.3f} | {r['human_similarity']:.3f} | "
             f"{100 * r['wer']:.1f} % | {r['dnsmos']:.2f} | {r['rtf']:.3f} | {r['peak_mb']:.0f} |" for r in rows]
    return "\n".join([head, *lines])


def max_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

