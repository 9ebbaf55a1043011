"""Batch processing: any task over a list of jobs (CSV or JSONL), with progress, resume and a summary.

A job is one row: `task` (tts, convert, respeak, enhance, remove_speech, extract, edit, design), `output` (and
`format` to set its type: wav, flac, mp3, ogg), and the task's fields (FIELDS), named like the command line's
options: `text`, `input` (the audio to work on), `voice` (a voice file or reference recording), `describe`, `face`
and `attributes` ("pitch_st=2; pace=1.1") to design a voice, `edit` ("older, brighter"), `style`, `engine`,
`base`, `speed`, `language` (tts; convert, respeak and edit: the recording's), `attenuation_limit` (enhance),
`strict` (extract: fail when the voice is not found), `transcript` and `allow_deletions` (edit). Respeak says the
input's words (`text`, or what is heard) anew in the voice (tasks/respeak.py). A column no task knows, or one the
row's task does not take, is an error before anything runs.
Finished jobs are recorded in a state file beside the manifest (`NAME.done.jsonl`, with the words a respeak job
heard); a rerun skips every job whose output exists and is recorded there, so an interrupted batch goes on where
it stopped. A failing job is reported and the batch goes on; warnings (a voice not found in a mixture) are
reported too.
"""
from __future__ import annotations

import csv
import difflib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from anyvoice.engines.base import DEFAULT_ENGINE
from anyvoice.errors import AnyVoiceError, InputError
from anyvoice.progress import Progress

Job = dict[str, str]
_DESIGN = {"voice", "describe", "face", "attributes", "edit"}
#: task -> the fields it takes besides task, output and format
FIELDS: dict[str, set[str]] = {
    "tts": {"text", "style", "engine", "base", "speed", "language"} | _DESIGN,
    "convert": {"input", "style", "engine", "language"} | _DESIGN,
    "respeak": {"input", "text", "language", "engine"} | _DESIGN,
    "enhance": {"input", "attenuation_limit"},
    "remove_speech": {"input"},
    "extract": {"input", "voice", "strict"},
    "edit": {"input", "text", "voice", "transcript", "allow_deletions", "language"},
    "design": _DESIGN,
}
_COMMON = {"task", "output", "format"}
_KNOWN = set().union(*FIELDS.values()) | _COMMON


def _number(job: Job, key: str, default: float) -> float:
    try:
        return float(job[key]) if job.get(key) else default
    except ValueError:
        raise InputError(f"'{key}' is {job[key]!r}, not a number") from None


def _flag(job: Job, key: str) -> bool:
    return job.get(key, "").lower() in ("1", "true", "yes")


def _audio(job: Job, mono: bool = True):
    from anyvoice.audio.io import load_audio

    if not job.get("input"):
        raise InputError(f"task '{job['task']}' needs an 'input' audio file")
    return load_audio(job["input"], mono=mono)


def _spec(job: Job):
    from anyvoice.voice.spec import VoiceSpec, parse_attribute_pairs

    return VoiceSpec(job.get("voice") or None, job.get("describe") or None, job.get("face") or None,
                     parse_attribute_pairs(job.get("attributes")), job.get("edit") or None)


@dataclass(frozen=True)
class Done:
    """What a finished job reports."""

    warning: str | None = None  # the task's warnings, joined
    text: str | None = None  # the words the output says where the job found them (respeak: heard in the input)


def _save(job: Job, result) -> Done:
    """Write a task's result and report it."""
    from anyvoice.audio.io import save_audio

    save_audio(job["output"], result.audio, result.sample_rate)
    return Done("; ".join(result.warnings) or None, result.details.get("text"))


def _tts(job: Job) -> Done:
    from anyvoice.tasks.requests import SpeakRequest
    from anyvoice.tasks.tts import TtsOptions

    if not job.get("text"):
        raise InputError("task 'tts' needs a 'text'")
    options = TtsOptions(engine=job.get("engine") or DEFAULT_ENGINE, base=job.get("base") or None,
                         speed=_number(job, "speed", 1.0), style=job.get("style") or None,
                         language=job.get("language") or None)
    return _save(job, SpeakRequest(job["text"], _spec(job), options).run())


def _convert(job: Job) -> Done:
    from anyvoice.tasks.requests import ConvertRequest

    return _save(job, ConvertRequest(*_audio(job), _spec(job), job.get("engine") or DEFAULT_ENGINE,
                                     style=job.get("style") or None, language=job.get("language") or None).run())


def _respeak(job: Job) -> Done:
    from anyvoice.tasks.requests import RespeakRequest

    return _save(job, RespeakRequest(*_audio(job), _spec(job), job.get("text") or None,
                                     job.get("language") or None, job.get("engine") or DEFAULT_ENGINE).run())


def _enhance(job: Job) -> Done:
    from anyvoice.tasks.requests import EnhanceRequest

    wav, sr = _audio(job, mono=False)  # every channel kept, as `anyvoice enhance` does
    return _save(job, EnhanceRequest(wav, sr, _number(job, "attenuation_limit", 100.0)).run())


def _remove_speech(job: Job) -> Done:
    from anyvoice.tasks.requests import RemoveSpeechRequest

    return _save(job, RemoveSpeechRequest(*_audio(job, mono=False)).run())


def _extract(job: Job) -> Done:
    from anyvoice.tasks.requests import ExtractRequest

    return _save(job, ExtractRequest(*_audio(job), _spec(job), strict=_flag(job, "strict")).run())


def _edit(job: Job) -> Done:
    from anyvoice.tasks.requests import EditRequest

    if not job.get("text"):
        raise InputError("task 'edit' needs the new wording in 'text'")
    return _save(job, EditRequest(*_audio(job), job["text"], _spec(job), job.get("transcript"),
                                  _flag(job, "allow_deletions"), language=job.get("language") or None).run())


def _design(job: Job) -> Done:
    spec = _spec(job)
    if not spec.designs:
        raise InputError("task 'design' needs a 'describe', 'face' or 'attributes'")
    spec.build().save(job["output"])
    return Done()


#: task -> what runs a job
TASKS: dict[str, Callable[[Job], Done]] = {"tts": _tts, "convert": _convert, "respeak": _respeak,
                                                 "enhance": _enhance, "remove_speech": _remove_speech,
                                                 "extract": _extract, "edit": _edit, "design": _design}


def _check_fields(job: Job, where: str) -> None:
    """InputError naming a column no task knows (with the nearest known name) or one this task does not take."""
    for key in job:
        if key not in _KNOWN:
            near = difflib.get_close_matches(key, sorted(_KNOWN), n=1, cutoff=0.6)
            raise InputError(f"{where}: unknown column {key!r}" + (f"; did you mean {near[0]!r}?" if near else
                                                                   f"; known: {', '.join(sorted(_KNOWN))}"))
        if key not in _COMMON and key not in FIELDS[job["task"]]:
            raise InputError(f"{where}: task '{job['task']}' takes no {key!r}; it takes "
                             + ", ".join(sorted(FIELDS[job["task"]])))


def _with_format(job: Job, where: str) -> Job:
    """The job with `format` (when given) made the output's suffix."""
    from anyvoice.audio.io import WRITE_FORMATS

    fmt = job.get("format", "").lower().lstrip(".")
    if not fmt:
        return job
    if job["task"] == "design" or fmt not in WRITE_FORMATS:
        raise InputError(f"{where}: format {fmt!r} does not apply; audio outputs take "
                         + ", ".join(WRITE_FORMATS))
    return {**job, "output": str(Path(job["output"]).with_suffix("." + fmt))}


def read_jobs(path: str | Path) -> list[Job]:
    """Jobs from a CSV file with a header row, or a JSONL file (one object per line); each is checked to name a
    known task and an output, and only columns its task takes (empty cells are no value)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such job list; give a .csv (header: task,output,text,input,voice,...) "
                         "or a .jsonl file")
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".jsonl":
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            rows = list(csv.DictReader(text.splitlines()))
    except (json.JSONDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable job list ({exc})") from None
    jobs = []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise InputError(f"{path}: job {i} is not an object with named fields")
        if None in row:
            raise InputError(f"{path}: job {i} has more cells than the header has columns")
        job = {str(k).strip(): str(v).strip() for k, v in row.items() if v is not None and str(v).strip()}
        if job.get("task") not in TASKS:
            raise InputError(f"{path}: job {i}: unknown task {job.get('task')!r}; one of: {', '.join(TASKS)}")
        if not job.get("output"):
            raise InputError(f"{path}: job {i}: no 'output' path")
        _check_fields(job, f"{path}: job {i}")
        jobs.append(_with_format(job, f"{path}: job {i}"))
    outputs = [j["output"] for j in jobs]
    if len(set(outputs)) != len(outputs):
        raise InputError(f"{path}: two jobs write the same output; give every job its own 'output'")
    return jobs


@dataclass
class BatchSummary:
    """What a batch did."""

    done: int = 0
    skipped: int = 0  # finished by an earlier run
    failed: list[tuple[int, str]] = field(default_factory=list)  # (job number, message)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what the batch had to set right (a corrupt state file)
    texts: dict[str, str] = field(default_factory=dict)  # output -> the words it says, where its job found them
    nodes: dict[str, int] = field(default_factory=dict)  # node address -> jobs done there, on a cluster of several

    @property
    def total(self) -> int:
        return self.done + self.skipped + len(self.failed)


def state_path(manifest: str | Path) -> Path:
    """Where a batch records its finished jobs."""
    manifest = Path(manifest)
    return manifest.with_name(manifest.name + ".done.jsonl")


def _finished(state: Path, notes: list[str]) -> dict[str, dict]:
    """The records of the outputs an earlier run recorded as done, by output. A state file that is not what a batch
    writes (only a last line cut short by an interruption is) is never trusted: it is set aside, reported, and every
    job runs."""
    if not state.is_file():
        return {}
    try:
        lines = state.read_text(encoding="utf-8").split("\n")
        records = [json.loads(line) for line in lines[:-1] if line.strip()]
        if not all(isinstance(r, dict) and isinstance(r.get("output"), str) for r in records):
            raise ValueError("a record without an output")
        if lines[-1]:  # end the cut line, so the next record starts on a line of its own
            with state.open("a") as f:
                f.write("\n")
        return {r["output"]: r for r in records}
    except ValueError as exc:  # also UnicodeDecodeError and JSONDecodeError
        aside = state.with_name(f"{state.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        state.replace(aside)
        notes.append(f"the state file {state} was not readable ({exc.__class__.__name__}); it was moved to "
                     f"{aside.name} and every job runs again")
        return {}


@dataclass(frozen=True)
class JobResult:
    """How one job ended: its warning when it was done, its error message when it failed."""

    number: int  # the job's place in the list, from 1
    output: str
    warning: str | None = None
    error: str | None = None
    text: str | None = None  # the words the output says, where the job found them (Done.text)
    node: str = ""  # the address of the Ray node that ran it, on a cluster of several


#: job fields that name files a job reads
FILE_FIELDS = ("input", "voice", "face")


def failed(number: int, job: Job, message: object) -> JobResult:
    """A job's failure, its message naming the task and the output."""
    return JobResult(number, job["output"], error=f"{job['task']} -> {job['output']}: {message}")


def refuse_overwriting_inputs(job: Job, reserved: list[str]) -> None:
    """InputError when the job would write over one of its own inputs or over `reserved` (the list, its state)."""
    from anyvoice.files import refuse_overwriting

    refuse_overwriting(job["output"], [job.get(k) for k in FILE_FIELDS] + reserved)


def attempt(number: int, job: Job, reserved: list[str]) -> JobResult:
    """Run one job; any failure (an input error, a model's own fault) becomes the result's message, never an
    exception, so the batch goes on."""
    try:
        refuse_overwriting_inputs(job, reserved)
        done = TASKS[job["task"]](job)
        return JobResult(number, job["output"], warning=done.warning, text=done.text)
    except AnyVoiceError as exc:
        return failed(number, job, exc)
    except Exception as exc:  # a fault in one job must not end the batch
        return failed(number, job, f"unexpected {exc.__class__.__name__}: {exc}")


#: runs the jobs to do, (number, job) each, with the paths no job may write (the list, its state file); yields
#: each job's result as it ends, in any order
Runner = Callable[[list[tuple[int, Job]], list[str]], Iterator[JobResult]]


def run_here(todo: list[tuple[int, Job]], reserved: list[str]) -> Iterator[JobResult]:
    """The local runner: one job after another, in this process."""
    for number, job in todo:
        yield attempt(number, job, reserved)


def run_batch(manifest: str | Path, progress: Progress | None = None, runner: Runner = run_here) -> BatchSummary:
    """Run every job of `manifest` not finished before, with `runner` (this process, or a Ray cluster:
    tasks/batch_ray.py); see the module docstring. A job that fails, for any reason, is recorded with its message
    and the batch goes on."""
    jobs = read_jobs(manifest)
    state = state_path(manifest)
    summary = BatchSummary()
    finished = _finished(state, summary.notes)
    summary.texts = {output: r["text"] for output, r in finished.items() if isinstance(r.get("text"), str)}
    t0 = time.time()
    todo = [(i, job) for i, job in enumerate(jobs, 1)
            if not (job["output"] in finished and Path(job["output"]).exists())]
    summary.skipped = len(jobs) - len(todo)
    if progress and summary.skipped:
        progress(summary.skipped, len(jobs))
    with state.open("a") as log:
        for result in runner(todo, [str(manifest), str(state)]):
            if result.error is None:
                record = {"job": result.number, "output": result.output}
                log.write(json.dumps(record | ({"text": result.text} if result.text else {})) + "\n")
                log.flush()  # recorded the moment it is done: an interruption loses no finished job
                if result.text:
                    summary.texts[result.output] = result.text
                summary.done += 1
                if result.node:
                    summary.nodes[result.node] = summary.nodes.get(result.node, 0) + 1
                if result.warning:
                    summary.notes.append(f"job {result.number} ({result.output}): {result.warning}")
            else:
                summary.failed.append((result.number, result.error))
            if progress:
                progress(summary.total, len(jobs))
    summary.failed.sort()
    summary.seconds = time.time() - t0
    return summary
