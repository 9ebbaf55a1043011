"""What the command-line subcommands share: progress bars and output-path checks."""
from __future__ import annotations

import argparse
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
               "text_file", "model", "transcript")


def _inputs(args: argparse.Namespace) -> list[str]:
    paths = []
    for key in _INPUT_ARGS:
        value = getattr(args, key, None)
        paths += value if isinstance(value, list) else [value]
    return [p for p in paths if p]


def checked_output(args: argparse.Namespace, audio: bool = True) -> Path:
    """`args.output` (with `args.format`'s suffix when given), checked before the work, not after it: an audio
    output must be a format anyvoice writes, and no output may be one of the command's inputs."""
    from anyvoice.audio.io import WRITE_FORMATS
    from anyvoice.files import refuse_overwriting

    out = Path(args.output)
    if getattr(args, "format", None):
        out = out.with_suffix("." + args.format)
    if audio and out.suffix.lower().lstrip(".") not in WRITE_FORMATS:
        raise InputError(f"{out}: unknown output format; use " + ", ".join("." + k for k in WRITE_FORMATS))
    refuse_overwriting(out, _inputs(args))
    return out
