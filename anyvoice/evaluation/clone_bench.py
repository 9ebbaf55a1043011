"""The cloning benchmark: TTS and voice conversion into many target voices, for every engine and baseline."""
from __future__ import annotations

import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.engines import ENGINES, Engine, create_engine
from anyvoice.evaluation.evalset import SR, TTS_TEXT, Target, VcSource, human_targets, synthetic_targets, vc_sources
from anyvoice.evaluation.intervals import bootstrap_interval
from anyvoice.evaluation.metrics import dnsmos, speaker_similarity, transcribe, wer
from anyvoice.evaluation.speed import peak_rss
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.tts import for_base
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
    ceiling: float | None = None  # similarity of the target's own other clip (None: not measured)
    language: str = "en"


BASELINES = {"tts": "raw base TTS", "vc": "source unchanged"}  # what the 'none' engine is called per task


def heard(wav: np.ndarray, sr: int, language: str) -> str:
    """What the bench's recognizer hears: Whisper tiny.en for English, Whisper base for other languages."""
    from anyvoice.inputs.asr import transcribe_language

    return transcribe(wav, sr) if language == "en" else transcribe_language(wav, sr, language)[0]


def run_clone_bench(engines: list[str] | None = None, jobs_per_target: int = 3, cache: Path | None = None,
                    log: Callable[[str], None] = print, quick: bool = False,
                    variants: dict[str, Engine] | None = None, targets: list[Target] | None = None,
                    sources: list[VcSource] | None = None) -> list[JobResult]:
    """Run TTS jobs (Piper base -> engine, bound to Piper's passage as `tts` binds it) and VC jobs (another speaker ->
    engine) for every target (default: the bundled evaluation set; `quick`: one synthetic and two human targets);
    `variants` adds engines with other settings under their own labels. A VC source is never the target's own
    speaker."""
    systems = {name: create_engine(name) for name in engines or ENGINES.names()} | (variants or {})
    if targets is None:
        synthetic, human = synthetic_targets(cache), human_targets(cache=cache)
        targets = synthetic[:1] + human[:2] if quick else synthetic + human
    base = create_synthesizer("piper")
    sources = sources or vc_sources(cache)
    results: list[JobResult] = []
    for ti, target in enumerate(targets):
        voice = Voice.from_audio(target.reference, SR, name=target.name)
        held = speaker_embedding(target.held_out, SR)
        ceiling = None if target.other_clip is None else speaker_similarity(target.other_clip, SR, held)
        others = [s for s in sources if s.speaker != target.name]
        for_tts = {name: for_base(engine, base, "piper", "en", voice) for name, engine in systems.items()}
        for j in range(jobs_per_target):
            k = ti + j
            task = "vc" if j % 2 == 1 and others else "tts"  # alternate TTS and VC jobs
            if task == "tts":
                text, language = TTS_TEXT[k % len(TTS_TEXT)], "en"
                t0 = time.perf_counter()
                wav = base.synthesize(text)
                base_s = time.perf_counter() - t0
                sr = base.sample_rate
            else:
                src = others[k % len(others)]
                text, language, wav, sr, base_s = src.text, src.language, src.wav, SR, 0.0
            for name, engine in (for_tts if task == "tts" else systems).items():
                with peak_rss() as peak:
                    t0 = time.perf_counter()
                    out = engine.convert(wav, sr, voice)
                    dt = time.perf_counter() - t0 + base_s
                system = BASELINES[task] if name == "none" else name
                r = JobResult(ti * jobs_per_target + j, task, system, target.name, target.human,
                              speaker_similarity(out, sr, held), wer(text, heard(out, sr, language), language),
                              dnsmos(out, sr)["ovrl"], dt / (len(out) / sr), peak[0], ceiling, language)
                results.append(r)
            log(f"[{ti + 1}/{len(targets)}] {target.name} {task} ({language}): " + ", ".join(
                f"{r.system} sim {r.similarity:.2f} wer {r.wer:.2f}" for r in results[-len(systems):]))
    return results


def summarize(results: list[JobResult]) -> list[dict]:
    """Mean metrics per system over all jobs, with the similarity gain over the job's own baseline and, where
    the targets' own other clips were measured, the share of the gap from baseline to that ceiling closed. Jobs
    whose baseline was not run (no engine "none") have neither: NaN where no job has one."""
    baseline = {r.job: r.similarity for r in results if r.system in BASELINES.values()}
    rows = []
    systems = dict.fromkeys(r.system for r in results)
    for s in sorted(systems, key=lambda name: name not in BASELINES.values()):  # baselines first
        rs = [r for r in results if r.system == s]
        based = [r for r in rs if r.job in baseline]
        gains = [r.similarity - baseline[r.job] for r in based]
        shares = [(r.similarity - baseline[r.job]) / (r.ceiling - baseline[r.job]) for r in based
                  if r.ceiling is not None and r.ceiling - baseline[r.job] > 0.02]
        rows.append({"system": s, "n": len(rs), "similarity": float(np.mean([r.similarity for r in rs])),
                     "gain": float(np.mean(gains)) if gains else float("nan"),
                     "wer": float(np.mean([r.wer for r in rs])), "dnsmos": float(np.mean([r.dnsmos for r in rs])),
                     "rtf": float(np.mean([r.rtf for r in rs])), "peak_mb": float(np.max([r.peak_mb for r in rs])),
                     "human_similarity": float(np.mean([r.similarity for r in rs if r.human] or [np.nan])),
                     "gap_closed": float(np.mean(shares)) if shares else float("nan"),
                     "ceiling": float(np.mean([r.ceiling for r in rs if r.ceiling is not None] or [np.nan]))})
    return rows


def markdown_table(rows: list[dict]) -> str:
    """The summary as a markdown table (with the share of the gap closed when the targets' ceilings are known)."""
    gap = any(np.isfinite(r.get("gap_closed", np.nan)) for r in rows)
    head = ("| system | jobs | similarity | gain vs baseline | " + ("gap closed | " if gap else "")
            + "sim. (human targets) | WER | DNSMOS | RTF | peak MB |\n|---|---|---|---|---|---|---|---|---|"
            + ("---|" if gap else ""))
    lines = [f"| {r['system']} | {r['n']} | {r['similarity']:.3f} | {_signed(r['gain'])} | "
             + (f"{100 * r['gap_closed']:.0f} % | " if gap else "")
             + f"{r['human_similarity']:.3f} | {100 * r['wer']:.1f} % | {r['dnsmos']:.2f} | {r['rtf']:.3f} | "
             f"{r['peak_mb']:.0f} |" for r in rows]
    return "\n".join([head, *lines])


def _signed(x: float) -> str:
    """A gain for the table: signed, or "-" where there was no baseline to gain over."""
    return f"{x:+.3f}" if np.isfinite(x) else "-"


def paired_table(results: list[JobResult], against: str = "select") -> str:
    """Each system beside `against` on the same jobs: the mean difference in similarity and in WER per job, each
    with its 95 % bootstrap interval (a target's jobs drawn together). Empty when `against` did not run."""
    by_job = {r.job: r for r in results if r.system == against}
    lines = []
    for system in dict.fromkeys(r.system for r in results):
        pairs = [(r, by_job[r.job]) for r in results if r.system == system and r.job in by_job]
        if system in (against, *BASELINES.values()) or not pairs:
            continue
        targets = [r.target for r, _ in pairs]
        sim = bootstrap_interval([r.similarity - a.similarity for r, a in pairs], targets)
        err = bootstrap_interval([r.wer - a.wer for r, a in pairs], targets)
        lines.append(f"| {system} - {against} | {len(pairs)} | {sim.text(sign=True)} | {err.percent(sign=True)} |")
    if not lines:
        return ""
    return "\n".join(["| systems | jobs | similarity difference (95 % interval) | WER difference, points (95 % "
                      "interval) |", "|---|---|---|---|", *lines])


def max_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

