"""What the command-line subcommands share: progress bars, output-path checks and the engine options."""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path

from anyvoice.errors import InputError


class ProgressBar:
    """A tqdm progress bar driven by progress(done, total) callbacks; silent when output is not a terminal."""

    def __init__(self, desc: str):
        from tqdm import tqdm

        self._tqdm = tqdm
        self.desc = desc
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = self._tqdm(total=total, desc=self.desc, unit="step", disable=None, file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def with_progress(desc: str, fn):
    """`fn(bar)` with a progress bar that is closed however `fn` ends."""
    bar = ProgressBar(desc)
    try:
        return fn(bar)
    finally:
        bar.close()


#: argparse destinations that name files a command reads
_INPUT_ARGS = ("source", "input", "mixture", "voice", "references", "face", "speech", "style_reference",
               "text_file", "model", "transcript", "cfm_checkpoint", "lexicon")


def _inputs(args: argparse.Namespace) -> list[str]:
    paths = []
    for key in _INPUT_ARGS:
        value = getattr(args, key, None)
        paths += value if isinstance(value, list) else [value]
    return [p for p in paths if p]


def checked_output(args: argparse.Namespace, audio: bool = True) -> Path:
    """`args.output` (with `args.format`'s suffix when given), checked before the work, not after it: an audio
    output must be a format anyvoice writes, in a place a file can be written, and no output may be one of the
    command's inputs."""
    from anyvoice.audio.io import WRITE_FORMATS
    from anyvoice.files import check_writable, refuse_overwriting

    out = Path(args.output)
    if getattr(args, "format", None):
        out = out.with_suffix("." + args.format)
    if audio and not out.is_dir() and out.suffix.lower().lstrip(".") not in WRITE_FORMATS:
        raise InputError(f"{out}: unknown output format; use " + ", ".join("." + k for k in WRITE_FORMATS))
    refuse_overwriting(out, _inputs(args))
    check_writable(out)
    return out


def checked_subtitles(args: argparse.Namespace, out: Path) -> Path | None:
    """`args.subtitles`, checked before the work: a known format, and neither the audio output nor an input."""
    from anyvoice.files import refuse_overwriting

    if not getattr(args, "subtitles", None):
        return None
    path = Path(args.subtitles)
    if path.suffix.lower() not in (".srt", ".vtt", ".json", ".txt"):
        raise InputError(f"{path}: unknown subtitle format; use .srt, .vtt, .json (every word's times) or .txt")
    refuse_overwriting(path, [*_inputs(args), str(out)])
    return path


def write_subtitles(path: Path, sentences: list, duration: float, language: str = "en") -> None:
    """Write the timed words of a speech in `language` as subtitles (whole or not at all), and report it."""
    from anyvoice.files import atomic_path
    from anyvoice.tasks.timings import subtitles

    with atomic_path(path) as tmp:
        tmp.write_text(subtitles(sentences, path.suffix.lower().lstrip("."), duration, language), encoding="utf-8")
    print(f"wrote {path} ({sum(len(s) for s in sentences)} words timed)", file=sys.stderr)


def print_json(obj) -> None:
    """`obj` as indented JSON on standard output, its words as written (é, ñ, Cyrillic), not escaped."""
    print(json.dumps(obj, indent=1, ensure_ascii=False))


def report_written(out: Path, seconds: float, warnings=(), note: str = "") -> None:
    """The warnings a task gave, then one line saying what was written."""
    for message in warnings:
        print(f"anyvoice: warning: {message}", file=sys.stderr)
    print(f"wrote {out} ({seconds:.1f} s){note}", file=sys.stderr)


def save_result(out: Path, result, note: str = "") -> None:
    """Write a task's result (TaskResult) to `out` whole, and report it."""
    from anyvoice.audio.io import save_audio

    save_audio(out, result.audio, result.sample_rate)
    report_written(out, len(result.audio) / result.sample_rate, result.warnings, note)


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """--engine, and --cfm-checkpoint for a cfm decoder of the user's own."""
    from anyvoice.engines.base import DEFAULT_ENGINE

    p.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine (default {DEFAULT_ENGINE}; see `anyvoice info`)")
    add_cfm_checkpoint_option(p)


def add_cfm_checkpoint_option(p: argparse.ArgumentParser) -> None:
    """--cfm-checkpoint, defaulting to $ANYVOICE_CFM."""
    p.add_argument("--cfm-checkpoint", default=os.environ.get("ANYVOICE_CFM") or None, metavar="PATH",
                   help="the cfm engine's decoder: your own from `anyvoice train cfm` (default $ANYVOICE_CFM, "
                   "else the shipped one)")


def engine_from_args(args: argparse.Namespace):
    """The engine --engine names, loading --cfm-checkpoint when it is cfm."""
    from anyvoice.engines.cfm.engine import engine_named

    return engine_named(args.engine, args.cfm_checkpoint)


class ConfigFile(argparse.Action):
    """--config FILE: a YAML file of the command's options, named as on the command line (`per_speaker: 20` for
    --per-speaker 20). It fills the options still at their defaults, so options given on the command line win."""

    def __call__(self, parser, namespace, values, option_string=None):
        import yaml

        path = Path(values)
        try:
            settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            parser.error(f"--config {path}: cannot read it ({exc.__class__.__name__}: {exc})")
        if not isinstance(settings, dict):
            parser.error(f"--config {path}: write one 'option: value' per line")
        actions = {a.dest: a for a in parser._actions if a.dest not in ("help", self.dest)}
        for key, value in settings.items():
            action = actions.get(str(key).replace("-", "_"))
            if action is None:
                parser.error(f"--config {path}: unknown option {key!r}; use: {', '.join(sorted(actions))}")
            if action.type is not None and value is not None and not isinstance(value, bool):
                try:
                    value = action.type(value)
                except (TypeError, ValueError):
                    parser.error(f"--config {path}: {key}: {value!r} is not a {action.type.__name__}")
            if action.choices is not None and value not in action.choices:
                parser.error(f"--config {path}: {key}: {value!r} is not one of {', '.join(map(str, action.choices))}")
            if getattr(namespace, action.dest, None) == action.default:
                setattr(namespace, action.dest, value)
        setattr(namespace, self.dest, str(path))


def add_ray_options(p: argparse.ArgumentParser, transfer: bool = True) -> None:
    """--ray, --ray-workers and --ray-worker-cores (and --ray-transfer, for jobs that read and write files): where
    the work runs."""
    p.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                   help="run the jobs on Ray: alone, a cluster of this machine; with an address ('auto' for the "
                   "cluster `ray start` made here, or ray://HOST:10001) an existing one")
    p.add_argument("--ray-workers", type=int, metavar="N", help="Ray workers, one job at a time each (default: as "
                   "many as the cluster's cores hold)")
    p.add_argument("--ray-worker-cores", type=int, default=1, metavar="N",
                   help="cores each Ray worker takes and computes on (default: 1; more cores a worker, fewer "
                   "workers, so fewer copies of the models in memory)")
    if transfer:
        p.add_argument("--ray-transfer", choices=["paths", "bytes"], default="paths",
                       help="paths: every node sees the job list's paths (shared storage); bytes: inputs and "
                       "outputs travel with the jobs (default: paths)")


def ray_options(args: argparse.Namespace):
    """The RayOptions the command line asks for (None: no --ray)."""
    if args.ray is None:
        return None
    from anyvoice.tasks.ray_cluster import RayOptions

    return RayOptions(None if args.ray == "local" else args.ray, args.ray_workers, args.ray_worker_cores,
                      getattr(args, "ray_transfer", "paths"))


def mapper_from_args(args: argparse.Namespace, default=None):
    """What makes per-item work on the cluster the Ray options ask for (`ray_map`), or `default` without --ray."""
    options = ray_options(args)
    if options is None:
        return default
    from anyvoice.tasks.ray_cluster import ray_map

    return functools.partial(ray_map, options=options)


def runner_from_args(args: argparse.Namespace):
    """The batch runner the Ray options ask for: this process, or a Ray cluster."""
    from anyvoice.tasks.batch import run_here

    options = ray_options(args)
    if options is None:
        return run_here
    from anyvoice.tasks.batch_ray import RayRunner

    return RayRunner(options)
