"""`anyvoice transcribe`: what a recording says (the bundled Whisper), in its language, as text, subtitles or
JSON."""
from __future__ import annotations

import argparse
import sys

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import checked_output

#: below this probability the detected language is said to be a guess
UNSURE = 0.5


def _cmd_transcribe(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.files import write_text
    from anyvoice.inputs.asr import detect_language, recognised_language, transcribe_segments
    from anyvoice.text.languages import language_name
    from anyvoice.text.subtitles import TRANSCRIPT_FORMATS, render_transcript

    out = None
    if args.output:
        out = checked_output(args, audio=False)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in TRANSCRIPT_FORMATS:
            raise InputError(f"{out}: unknown transcript format; use "
                             + ", ".join("." + f for f in TRANSCRIPT_FORMATS))
    language = recognised_language(args.lang) if args.lang else None
    wav, sr = load_audio(args.input)
    if language is None:
        language, probability = detect_language(wav, sr)
        unsure = " (unsure: short or unclear speech)" if probability < UNSURE else ""
        name = "" if language_name(language) == language else f"{language_name(language)} "
        print(f"heard as {name}({language}, probability {probability:.2f}){unsure}; --lang chooses another",
              file=sys.stderr)
    segments = transcribe_segments(wav, sr, language)
    if not segments:
        raise InputError(f"{args.input}: no speech was recognised in {language_name(language)}")
    if out is None:
        print(" ".join(s.text for s in segments))
        return
    write_text(out, render_transcript(segments, fmt, len(wav) / sr, language))
    print(f"wrote {out} ({len(segments)} segments)", file=sys.stderr)


def add_transcribe_command(sub: argparse._SubParsersAction) -> None:
    """Register `transcribe` on the main parser's subcommands."""
    t = sub.add_parser("transcribe", help="what a recording says (any of Whisper's languages), as text, subtitles or "
                       "JSON")
    t.add_argument("input", help="speech recording (any common format)")
    t.add_argument("--lang", help="the recording's language (ISO 639-1: en, fr, ru, zh, ...); absent: detected")
    t.add_argument("-o", "--output", help="file to write: .txt, .srt, .vtt or .json (absent: print the text)")
    t.set_defaults(func=_cmd_transcribe)
