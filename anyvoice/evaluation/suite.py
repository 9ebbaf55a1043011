"""`anyvoice bench`: every task measured on one evaluation set, side by side with baselines and bundled systems.

Each task runner returns {system: {metric: value}} (the shape of results.json under the task's name), a markdown
section and its pictures. Metric names are listed in METRICS; per-condition values carry the condition after an
"@" (e.g. "si_sdri@5 dB").
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.evaluation.tables import markdown_table
from anyvoice.progress import Progress

#: Every metric name results.json uses, and what it means.
METRICS = {
    "similarity": "GE2E cosine of the output to a held-out clip of the target speaker (1 = same voice)",
    "similarity_human": "the same, over real human targets only",
    "gain": "similarity minus the baseline's on the same job",
    "wer": "word error rate of Whisper tiny.en's transcript of the output against the text (0-1)",
    "dnsmos": "DNSMOS P.835 overall quality of the output (1-5)",
    "rtf": "compute seconds per second of output audio",
    "compute_s": "compute seconds of the whole call",
    "peak_mb": "peak resident memory of the whole process during one job (MB, sampled every 5 ms)",
    "first_audio_s": "seconds from the request to the first chunk of a stream (a sentence may come in pieces)",
    "x_raw_piper": "compute seconds over raw Piper's on the same text, each call timed right after one of raw "
                   "Piper's (median of the pairs)",
    "process_peak_mb": "peak resident memory of a whole `anyvoice tts` process (MB, sampled every 10 ms)",
    "si_sdr_in / si_sdr / si_sdri": "scale-invariant SDR of the input and the output against the clean reference, "
                                    "and the improvement (dB)",
    "pesq": "wide-band PESQ of the output against the clean reference (-0.5..4.64)",
    "stoi": "STOI of the output against the clean reference (0-1)",
    "dnsmos_ovrl": "DNSMOS P.835 overall quality (1-5)",
    "right_talker": "share of mixtures where the output is nearer (SI-SDR) the target than the other talker",
    "absent_flagged": "share of mixtures where a voice not in the mixture is reported absent",
    "words_kept_in / words_kept": "share of the words Whisper hears in the clean speech that it still hears in "
                                  "the input / the output of speech removal",
    "level_db": "output level against the true background's (dB)",
    "edited_word_error": "share of the words an edit introduced that Whisper does not hear in place",
    "natural": "speech editing: the similarity measure on the input itself (its replaced words against the rest), "
               "what an edit that sounds exactly like the speaker would score",
    "checks": "share of measured attribute checks that moved as asked (gender, pitch band, pace, loudness; "
              "per style: pitch, range, duration, level, voicing, tilt)",
    "ssc / ssd": "UniSpeaker's SSC (mean GE2E cosine of one description spoken twice) and SSD (mean 1 - cosine "
                 "between different descriptions)",
    "similarity_to_original": "GE2E cosine of an edited voice's rendering to the original's",
}


@dataclass
class SuiteConfig:
    """Where and how much to run."""

    out: Path
    evalset: Path
    quick: bool = False
    extractor: str | None = None
    log: Callable[[str], None] = print
    repeats: int = 3  # the speed task's timed calls per system (the median is reported)
    engines: tuple[str, ...] = ()  # the engines the cloning and speed tasks measure (empty: every one)

    def __post_init__(self):
        from anyvoice.engines import ENGINES
        from anyvoice.errors import InputError

        if self.repeats < 1:
            raise InputError(f"repeats must be 1 or more (timed calls per system), got {self.repeats}")
        unknown = [e for e in self.engines if e not in ENGINES.names()]
        if unknown:
            raise InputError(f"unknown engine {', '.join(unknown)}; choose from: {', '.join(ENGINES.names())}")

    @property
    def engine_names(self) -> list[str]:
        """The engines measured, in the registry's order."""
        from anyvoice.engines import ENGINES

        return [e for e in ENGINES.names() if not self.engines or e in self.engines]


@dataclass
class TaskOutcome:
    """One task's numbers, its markdown section and pictures."""

    results: dict[str, dict[str, float]]
    markdown: str
    figures: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    measured_with: str = ""  # the task whose run measured this one too (its seconds hold both)


def _clone(cfg: SuiteConfig, shared: dict, task: str) -> TaskOutcome:
    from anyvoice.evaluation.clone_bench import markdown_table as clone_table
    from anyvoice.evaluation.clone_bench import run_clone_bench, summarize

    first = shared.setdefault("clone_first", task)  # both tasks' jobs run once, in the first one asked for
    if "clone" not in shared:
        shared["clone"] = run_clone_bench(cfg.engine_names, 2 if cfg.quick else 3, cfg.evalset, log=cfg.log,
                                          quick=cfg.quick)
    rows = summarize([r for r in shared["clone"] if r.task == task])
    results = {r["system"]: {"similarity": r["similarity"], "similarity_human": r["human_similarity"],
                             "gain": r["gain"], "wer": r["wer"], "dnsmos": r["dnsmos"], "rtf": r["rtf"],
                             "peak_mb": r["peak_mb"]} for r in rows}
    figures = [_clone_figure(cfg)] if task == "tts" else []
    return TaskOutcome(results, clone_table(rows), figures,
                       measured_with="" if first == task else {"tts": "clone_tts", "vc": "vc"}[first])


def _clone_figure(cfg: SuiteConfig) -> Path:
    from anyvoice.evaluation.evalset import SR, TTS_TEXT, synthetic_targets
    from anyvoice.evaluation.plots import spectrogram_figure
    from anyvoice.tasks.tts import TtsOptions, tts
    from anyvoice.voice import Voice

    target = synthetic_targets(cfg.evalset)[0]
    voice = Voice.from_audio(target.reference, SR, name=target.name)
    items = [(f"{target.name}: held-out clip", target.held_out, SR)]
    items += [(f"tts, engine {e}", *tts(TTS_TEXT[0], voice, TtsOptions(engine=e))) for e in cfg.engine_names]
    return spectrogram_figure(items, cfg.out / "clone_tts.png")


def _mvc(cfg: SuiteConfig, shared: dict) -> TaskOutcome:
    from anyvoice.evaluation.design_bench import (
        consistency_and_diversity,
        design_requests,
        design_summary,
        run_design_requests,
    )
    from anyvoice.evaluation.plots import voice_space_figure
    from anyvoice.voice.design import shared_bank
    from anyvoice.voice.norms import likely_female

    reqs = design_requests()
    if cfg.quick:
        keep = {r.name for r in reqs[::8]}
        reqs = [r for r in reqs if r.name in keep or any(q.twin == r.name for q in reqs if q.name in keep)]
    outcomes = run_design_requests(reqs, log=cfg.log)
    s = design_summary(outcomes, consistency_and_diversity(outcomes))
    names = {"text": "TextTTS", "face": "FaceTTS", "attributes": "AttributeTTS", "mixture": "mixed inputs"}
    results = {names.get(kind, kind): {f"checks_{c}": hit / n for c, (hit, n) in checks.items() if n}
               for kind, checks in s["by_kind"].items()}
    results["anyvoice design"] = {"ssc": s["ssc"], "ssd": s["ssd"], "wer": s["wer"]}
    results["baseline (default voice)"] = {"ssc": s["baseline_ssc"], "ssd": s["baseline_ssd"]}
    bank = shared_bank()
    fig = voice_space_figure(bank.embeddings, np.array([likely_female(e.attributes.f0_median_hz, e.attributes.vtl_cm)
                                                        for e in bank.entries]),
                             [(o.request.name, o.first.embedding) for o in outcomes if o.second is not None],
                             cfg.out / "voice_space.png")
    checks = ("gender", "pitch band", "pace", "energy")
    rows = [[k, *(f"{100 * m[f'checks_{c}']:.0f} %" if f"checks_{c}" in m else "-" for c in checks)]
            for k, m in results.items() if k in names.values()]
    md = markdown_table(["inputs", "gender", "pitch band", "pace", "loudness"], rows) + "\n\n" + markdown_table(
        ["system", "SSC", "SSD", "WER"], [["anyvoice design", s["ssc"], s["ssd"], f"{100 * s['wer']:.1f} %"],
                                          ["baseline (default voice)", s["baseline_ssc"], s["baseline_ssd"], "-"]],
        digits=3)
    return TaskOutcome(results, md, [fig])


def _ave(cfg: SuiteConfig, shared: dict) -> TaskOutcome:
    from anyvoice.evaluation.design_bench import edit_summary, run_edits
    from anyvoice.evaluation.evalset import SR, human_targets
    from anyvoice.voice import Voice
    from anyvoice.voice.design import design_voice

    voices = [Voice.from_audio(t.reference, SR, name=t.name) for t in human_targets(cache=cfg.evalset)[:1]]
    if not cfg.quick:
        voices += [design_voice(text="a woman", name="designed-woman"), design_voice(text="a man", name="designed-man")]
    s = edit_summary(run_edits(voices, log=cfg.log))
    results = {"anyvoice edit_voice": {"checks": s["edits"][0] / s["edits"][1],
                                       "similarity_to_original": s["edit_similarity_mean"],
                                       "similarity_to_original_min": s["edit_similarity_min"]}}
    rows = [[k, f"{h}/{n}"] for k, (h, n) in s["edits_by_kind"].items()]
    md = markdown_table(["edit", "moved as asked"], rows + [["all", f"{s['edits'][0]}/{s['edits'][1]}"]])
    return TaskOutcome(results, md + f"\n\nsimilarity of edited to original: mean {s['edit_similarity_mean']:.3f}")


def _style(cfg: SuiteConfig, shared: dict) -> TaskOutcome:
    from anyvoice.evaluation.style_bench import run_style_bench, summary_table

    cases, hits = run_style_bench(1 if cfg.quick else 3, log=cfg.log, cache=cfg.evalset,
                                  n_sentences=1 if cfg.quick else 3)
    results = {}
    for style in dict.fromkeys(c.style for c in cases):
        cs = [c for c in cases if c.style == style]
        results[style] = {"checks": sum(sum(c.checks.values()) for c in cs) / max(1, sum(len(c.checks) for c in cs)),
                          "wer": float(np.mean([c.wer for c in cs])),
                          "similarity_to_neutral": float(np.mean([c.similarity_to_neutral for c in cs]))}
    results["emphasis"] = {"checks": sum(hits) / max(1, len(hits))}
    return TaskOutcome(results, summary_table(cases) + f"\n\nemphasis raised the marked word in {sum(hits)}/"
                       f"{len(hits)} sentences")


def _flat(summary: dict[str, dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """{system: {condition: {metric}}} -> {system: {metric, metric@condition}}."""
    out = {}
    for system, groups in summary.items():
        row = dict(groups.get("all", {}))
        for g, m in groups.items():
            if g != "all":
                row.update({f"{k}@{g}": v for k, v in m.items() if k != "n"})
        out[system] = row
    return out


def _speechx(cfg: SuiteConfig, shared: dict, task: str) -> TaskOutcome:
    from anyvoice.evaluation import speechx_bench as sx
    from anyvoice.evaluation.plots import spectrogram_figure

    if "speakers" not in shared:
        shared["speakers"] = sx.test_speakers(cfg.evalset, quick=cfg.quick)
    speakers = shared["speakers"]
    figures = []
    if task in ("enhance", "remove_speech"):
        snrs = (5.0,) if cfg.quick else (0.0, 5.0, 10.0, 15.0)
        jobs = sx.noisy_jobs(speakers[::3] if cfg.quick else speakers, snrs)
        if task == "remove_speech":
            jobs = [j for j in jobs if j.snr_db == 5.0][:7 if cfg.quick else None]
        if task == "enhance":
            scores = sx.run_enhancement(jobs, log=cfg.log, raw=not cfg.quick)
            job = next(j for j in jobs if j.noise == "music")
            from anyvoice.tasks.enhance import enhance

            figures.append(spectrogram_figure([("noisy (music, 5 dB)", job.mixture, sx.SR), ("clean", job.clean, sx.SR),
                                               ("enhanced", enhance(job.mixture, sx.SR), sx.SR)],
                                              cfg.out / "enhance.png"))
        else:
            scores = sx.run_speech_removal(jobs, log=cfg.log)
    elif task == "extract":
        scores = sx.run_extraction(sx.mix_jobs(speakers, 8 if cfg.quick else 48), log=cfg.log,
                                   model_path=cfg.extractor)
    else:
        per = 2 if cfg.quick else 4
        edits = sx.run_speech_edit(speakers[:2] if cfg.quick else speakers, noisy=False, log=cfg.log,
                                   max_per_speaker=per)
        edits += sx.run_speech_edit(speakers[:1] if cfg.quick else speakers[::2], noisy=True, log=cfg.log,
                                    max_per_speaker=per)
        s = sx.summarize_edits(edits)
        rows = [[g, m["n"], f"{100 * m['wer']:.1f} %", f"{100 * m['edited_word_error']:.1f} %", m["similarity"],
                 m["natural"], m["rtf"]] for g, m in s.items()]
        md = markdown_table(["condition", "n", "WER", "edited-word error", "similarity edit vs rest",
                             "same on the input (replaced words vs rest)", "RTF"], rows, digits=3)
        return TaskOutcome({"anyvoice speech_edit": {f"{k}@{g}" if g != "all" else k: v for g, m in s.items()
                                                     for k, v in m.items() if k != "n"}}, md)
    summary = sx.summarize_scores(scores)
    if task == "remove_speech":
        rows = [[g, m["n"], m["si_sdr_in"], m["si_sdr"], m["si_sdri"], m["words_kept_in"], m["words_kept"],
                 m.get("wer_out"), m["level_db"], m["rtf"]] for g, m in summary["anyvoice remove_speech"].items()]
        md = markdown_table(["condition", "n", "background SI-SDR in", "out", "improvement", "words kept (input)",
                             "words kept (output)", "WER (output)", "level vs true background (dB)", "RTF"], rows)
        return TaskOutcome(_flat(summary), md, figures)
    return TaskOutcome(_flat(summary), sx.speech_table(summary), figures)


def _speed(cfg: SuiteConfig, shared: dict) -> TaskOutcome:
    from anyvoice.evaluation.evalset import TEXTS
    from anyvoice.evaluation.speed import MEMORY_ENGINES, cli_memory, run_speed

    rows = run_speed(cfg.quick, log=cfg.log, repeats=cfg.repeats, engines=cfg.engine_names)
    results: dict[str, dict[str, float]] = {}
    for r in rows:
        results.setdefault(r.system, {}).update({f"rtf@{r.length}": r.rtf, f"compute_s@{r.length}": r.compute_s,
                                                 f"peak_mb@{r.length}": r.peak_mb,
                                                 **({f"first_audio_s@{r.length}": r.first_audio_s}
                                                    if np.isfinite(r.first_audio_s) else {}),
                                                 **({f"x_raw_piper@{r.length}": r.x_raw_piper}
                                                    if np.isfinite(r.x_raw_piper) else {})})
    lengths = list(dict.fromkeys(r.length for r in rows))
    table = [[s, *(m[f"rtf@{x}"] for x in lengths), *(m.get(f"x_raw_piper@{x}", np.nan) for x in lengths),
              *(m.get(f"first_audio_s@{x}", np.nan) for x in lengths), max(m[f"peak_mb@{x}"] for x in lengths)]
             for s, m in results.items()]
    md = markdown_table(["system", *(f"RTF ({x} text)" for x in lengths),
                         *(f"x raw Piper ({x} text)" for x in lengths),
                         *(f"first audio s ({x} text)" for x in lengths), "peak RSS MB"], table, digits=3)
    work = cfg.out / "speed"
    work.mkdir(parents=True, exist_ok=True)
    engines = [e for e in MEMORY_ENGINES if e in cfg.engine_names]
    memory = cli_memory(work, TEXTS["medium"][0], engines[-1:] if cfg.quick else engines)
    for system, mb in memory.items():
        results.setdefault(system, {})["process_peak_mb"] = mb
    md += "\n\nA whole `anyvoice tts` process, models loaded, one medium sentence:\n\n" + markdown_table(
        ["process", "peak RSS MB"], [[system, mb] for system, mb in memory.items()], digits=0)
    return TaskOutcome(results, md)


#: task name -> (title, runner)
TASKS: dict[str, tuple[str, Callable[[SuiteConfig, dict], TaskOutcome]]] = {
    "clone_tts": ("Cloning: TTS in a target voice", lambda c, s: _clone(c, s, "tts")),
    "vc": ("Zero-shot voice conversion", lambda c, s: _clone(c, s, "vc")),
    "mvc": ("Voice design (MVC: TextTTS, FaceTTS, attributes, mixtures; SSC/SSD)", _mvc),
    "ave": ("Attribute voice editing (AVE)", _ave),
    "style": ("Expressive style", _style),
    "enhance": ("Noise suppression", lambda c, s: _speechx(c, s, "enhance")),
    "remove_speech": ("Speech removal", lambda c, s: _speechx(c, s, "remove_speech")),
    "extract": ("Target speaker extraction", lambda c, s: _speechx(c, s, "extract")),
    "speech_edit": ("Speech editing", lambda c, s: _speechx(c, s, "speech_edit")),
    "speed": ("Speed and memory", _speed),
}


def check_tasks(tasks: list[str]) -> None:
    """InputError naming the choices when a task is not one of TASKS."""
    from anyvoice.errors import InputError

    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise InputError(f"unknown benchmark task {unknown}; choose from: {', '.join(TASKS)}")


def run_suite(tasks: list[str], cfg: SuiteConfig, progress: Progress | None = None) -> dict[str, TaskOutcome]:
    """Run `tasks` (names of TASKS) in order, `progress` told after each; returns their outcomes with the seconds
    each took."""
    check_tasks(tasks)
    shared: dict = {}
    out = {}
    if progress:
        progress(0, len(tasks))
    for name in tasks:
        t0 = time.time()
        cfg.log(f"== {name}")
        outcome = TASKS[name][1](cfg, shared)
        outcome.seconds = round(time.time() - t0, 1)
        out[name] = outcome
        if progress:
            progress(len(out), len(tasks))
    return out
