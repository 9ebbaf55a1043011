"""`anyvoice transcribe`: what a recording says (the bundled Whisper), as text, subtitles or JSON."""
from __future__ import annotations

import argparse
import sys

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import checked_output


def _cmd_transcribe(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.files import write_text
    from anyvoice.inputs.asr import transcribe_segments
    from anyvoice.text.subtitles import TRANSCRIPT_FORMATS, render_transcript

    out = None
    if args.output:
        out = checked_output(args, audio=False)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in TRANSCRIPT_FORMATS:
            raise InputError(f"{out}: unknown transcript format; use "
                             + ", ".join("." + f for f in TRANSCRIPT_FORMATS))
    wav, sr = load_audio(args.input)
    segments = transcribe_segments(wav, sr)
    if not segments:
        raise InputError(f"{args.input}: no speech was recognised (the bundled recognizer hears English)")
    if out is None:
        print(" ".join(s.text for s in segments))
        return
    write_text(out, render_transcript(segments, fmt, len(wav) / sr))
    print(f"wrote {out} ({len(segments)} segments)", file=sys.stderr)


def add_transcribe_command(sub: argparse._SubParsersAction) -> None:
    """Register `transcribe` on the main parser's subcommands."""
    t = sub.add_parser("transcribe", help="what a recording says (English), as text, subtitles or JSON")
    t.add_argument("input", help="speech recording (any common format)")
    t.add_argument("-o", "--output", help="file to write: .txt, .srt, .vtt or .json (absent: print the text)")
    t.set_defaults(func=_cmd_transcribe)
