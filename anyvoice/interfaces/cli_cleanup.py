"""Command-line subcommands for the clean-up tasks: enhance, remove-speech, extract, edit."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import checked_output, with_progress


def _cmd_enhance(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio, save_audio
    from anyvoice.tasks.enhance import enhance

    out = checked_output(args)
    wav, sr = load_audio(args.input, mono=False)
    y = with_progress("enhancing", lambda bar: enhance(wav, sr, args.attenuation_limit, progress=bar))
    save_audio(out, y, sr)
    print(f"wrote {out} ({len(y) / sr:.1f} s)", file=sys.stderr)


def _cmd_remove_speech(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio, save_audio
    from anyvoice.tasks.enhance import remove_speech

    out = checked_output(args)
    wav, sr = load_audio(args.input, mono=False)
    y = with_progress("removing speech", lambda bar: remove_speech(wav, sr, progress=bar))
    save_audio(out, y, sr)
    print(f"wrote {out} ({len(y) / sr:.1f} s)", file=sys.stderr)


def _cmd_extract(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio, save_audio
    from anyvoice.tasks.extract import extract

    out = checked_output(args)
    wav, sr = load_audio(args.mixture)
    result = with_progress("extracting", lambda bar: extract(wav, sr, args.voice, progress=bar, model_path=args.model))
    if not result.present:
        if args.strict:
            raise InputError(result.message + "; nothing written (drop --strict to write it anyway)")
        print(f"anyvoice: warning: {result.message}", file=sys.stderr)
    save_audio(out, result.audio, sr)
    found = f"; {result.message}" if result.present else ""  # an absent voice was warned about above, once
    print(f"wrote {out} ({len(result.audio) / sr:.1f} s){found}", file=sys.stderr)


def _cmd_edit(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio, save_audio
    from anyvoice.tasks.speech_edit import speech_edit

    if not (args.output or args.dry_run):
        raise InputError("edit needs -o/--output (or --dry-run to print the plan only)")
    out = checked_output(args) if args.output else None
    wav, sr = load_audio(args.input)
    transcript = args.transcript
    if transcript and Path(transcript).is_file():
        transcript = Path(transcript).read_text(encoding="utf-8")
    result = with_progress("editing", lambda bar: speech_edit(
        wav, sr, args.text, voice=args.voice, progress=bar, transcript=transcript, dry_run=args.dry_run,
        allow_deletions=args.allow_deletions))
    print(json.dumps({"heard": result.heard, "edits": [{"kind": e.kind, "old": e.old, "new": e.new,
                                                         "at": [round(e.start, 2), round(e.end, 2)]}
                                                        for e in result.edits]}, indent=1))
    if args.dry_run:
        print(f"planned {len(result.edits)} edits; nothing written (--dry-run)", file=sys.stderr)
        return
    save_audio(out, result.audio, sr)
    print(f"wrote {out} ({len(result.audio) / sr:.1f} s, {len(result.edits)} edits)", file=sys.stderr)


def add_cleanup_commands(sub: argparse._SubParsersAction) -> None:
    """Register enhance, remove-speech, extract and edit on the main parser's subcommands."""
    e = sub.add_parser("enhance", help="remove noise from speech (DeepFilterNet3; mono or stereo, any rate)")
    e.add_argument("input", help="noisy recording")
    e.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    e.add_argument("--attenuation-limit", type=float, default=100.0, metavar="DB",
                   help="lower noise by at most this many dB (e.g. 12 keeps some ambience; default 100: all)")
    e.set_defaults(func=_cmd_enhance)
    r = sub.add_parser("remove-speech", help="keep the background, drop the speech")
    r.add_argument("input", help="recording with speech over a background")
    r.add_argument("-o", "--output", required=True, help="audio file to write")
    r.set_defaults(func=_cmd_remove_speech)
    x = sub.add_parser("extract", help="keep only one speaker of a mixture of talkers (target speaker extraction)")
    x.add_argument("mixture", help="recording of several talkers (stereo is mixed to mono; any rate)")
    x.add_argument("--voice", required=True, help="the wanted speaker: a reference recording or a voice file")
    x.add_argument("-o", "--output", required=True, help="audio file to write")
    x.add_argument("--strict", action="store_true", help="fail (exit 2, nothing written) when the voice does not "
                   "seem to be in the mixture; without it, warn and write")
    x.add_argument("--model", help="your own extractor checkpoint (from `anyvoice train extractor`)")
    x.set_defaults(func=_cmd_extract)
    d = sub.add_parser("edit", help="change the words of a recording, in its own voice (replace, insert, delete)")
    d.add_argument("input", help="speech recording (noisy is fine: the background is kept under the edit)")
    d.add_argument("--text", required=True, help="the full new wording, e.g. the transcript with words changed")
    d.add_argument("--transcript", help="what the recording really says (text, or a text file): only the words "
                   "that differ from it are edited (without it, words the recognizer mishears are re-spoken too)")
    d.add_argument("--dry-run", action="store_true", help="print the planned edits and write nothing")
    d.add_argument("--allow-deletions", action="store_true",
                   help="allow the new text to delete more than 2 s of the recording")
    d.add_argument("--voice", help="speak the new words in this voice instead (recording or voice file)")
    d.add_argument("-o", "--output", help="audio file to write (not needed with --dry-run)")
    d.set_defaults(func=_cmd_edit)
