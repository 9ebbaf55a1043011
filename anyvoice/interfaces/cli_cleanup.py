"""Command-line subcommands for the clean-up tasks: enhance, remove-speech, extract, edit."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import checked_output, print_json, save_result, with_progress
from anyvoice.text.languages import LANGUAGES, UNSPACED


def _cmd_enhance(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import EnhanceRequest

    out = checked_output(args)
    wav, sr = load_audio(args.input, mono=False)
    save_result(out, with_progress("enhancing", EnhanceRequest(wav, sr, args.attenuation_limit).run))


def _cmd_remove_speech(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import RemoveSpeechRequest

    out = checked_output(args)
    wav, sr = load_audio(args.input, mono=False)
    save_result(out, with_progress("removing speech", RemoveSpeechRequest(wav, sr).run))


def _cmd_extract(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import ExtractRequest
    from anyvoice.voice.spec import VoiceSpec

    out = checked_output(args)
    wav, sr = load_audio(args.mixture)
    request = ExtractRequest(wav, sr, VoiceSpec(args.voice), strict=args.strict, model_path=args.model)
    result = with_progress("extracting", request.run)
    found = result.details["present"]  # an absent voice is warned about once, not again in the last line
    save_result(out, result, f"; {result.details['message']}" if found else "")


def _cmd_edit(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import EditRequest
    from anyvoice.voice.spec import VoiceSpec

    if not (args.output or args.dry_run):
        raise InputError("edit needs -o/--output (or --dry-run to print the plan only)")
    out = checked_output(args) if args.output else None
    wav, sr = load_audio(args.input)
    transcript = args.transcript
    if transcript and Path(transcript).is_file():
        transcript = Path(transcript).read_text(encoding="utf-8")
    request = EditRequest(wav, sr, args.text, VoiceSpec(args.voice), transcript, args.allow_deletions, args.dry_run,
                          args.lang)
    result = with_progress("editing", request.run)
    print_json(result.details)
    edits = len(result.details["edits"])
    if args.dry_run:
        print(f"planned {edits} edits; nothing written (--dry-run)", file=sys.stderr)
        return
    save_result(out, result, f", {edits} edits")


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
    d.add_argument("--lang", help=f"the recording's language: {', '.join(c for c in LANGUAGES if c not in UNSPACED)} "
                   "(default: the language the new text reads as)")
    d.add_argument("-o", "--output", help="audio file to write (not needed with --dry-run)")
    d.set_defaults(func=_cmd_edit)
