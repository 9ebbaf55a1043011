"""The `anyvoice` command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from anyvoice.errors import AnyVoiceError, InputError

EPILOG = """examples:
  anyvoice voice create me.wav -o me.voice          analyse a reference recording once
  anyvoice tts "Hello there." --voice me.voice -o hello.mp3
  anyvoice tts "I *never* said that." --voice me.voice --style "calm and slow" -o calm.wav
  anyvoice convert speech.wav --voice me.voice -o converted.wav
  anyvoice info                                     models, engines and base voices available here
  anyvoice demo --out demo                          clone a bundled voice and write a report
"""


class _Bar:
    """A tqdm progress bar driven by progress(done, total) callbacks; silent when output is not a terminal."""

    def __init__(self, desc: str):
        from tqdm import tqdm

        self._tqdm = tqdm
        self.desc = desc
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = self._tqdm(total=total, desc=self.desc, unit="step", disable=None, file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _output_path(args: argparse.Namespace) -> Path:
    out = Path(args.output)
    if getattr(args, "format", None):
        out = out.with_suffix("." + args.format)
    return out


def _cmd_voice_create(args: argparse.Namespace) -> None:
    from anyvoice.voice import Voice

    voice = Voice.from_files(args.references, name=args.name)
    voice.save(args.output)
    print(json.dumps(voice.summary(), indent=1))
    print(f"saved {args.output}", file=sys.stderr)


def _cmd_voice_show(args: argparse.Namespace) -> None:
    from anyvoice.voice import Voice

    print(json.dumps(Voice.load(args.voice).summary(), indent=1))


def _read_text(args: argparse.Namespace) -> str:
    if args.text_file:
        path = Path(args.text_file)
        if not path.is_file():
            raise InputError(f"{path}: no such text file")
        return path.read_text(encoding="utf-8")
    if args.text is None or args.text == "-":
        return sys.stdin.read()
    return args.text


def _prosody(args: argparse.Namespace):
    """Explicit prosody values from the command line, or None when none was given."""
    from anyvoice.style import Prosody

    given = {k: getattr(args, k) for k in ("pitch_st", "pitch_range", "pace", "loudness_db", "pause")
             if getattr(args, k) is not None}
    return Prosody(**given) if given else None


def _spans(text: str | None) -> list[tuple[float, float]]:
    if not text:
        return []
    spans = []
    for part in text.split(","):
        try:
            start, end = (float(x) for x in part.split("-"))
        except ValueError:
            start = end = -1.0
        if not 0 <= start < end:
            raise InputError(f"--emphasis {text!r}: give START-END seconds, comma-separated, e.g. 1.2-1.6,3.0-3.4")
        spans.append((start, end))
    return spans


def _add_style_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("style (applied after the voice is rendered; words and timbre stay)")
    g.add_argument("--style", help='a prompt: cheerful, sad, angry, calm, whispering, excited, "calm and slow", '
                   '"very excited", "a bit faster", ...')
    g.add_argument("--style-ref", dest="style_reference", help="a clip whose delivery (range, pace, loudness, "
                   "whispering) to copy")
    g.add_argument("--pitch", dest="pitch_st", type=float, help="pitch level shift in semitones")
    g.add_argument("--pitch-range", type=float, help="factor on pitch range (0.5 flatter, 1.5 livelier)")
    g.add_argument("--pace", type=float, help="speaking-rate factor (>1 faster)")
    g.add_argument("--loudness", dest="loudness_db", type=float, help="level change in dB")
    g.add_argument("--pause", type=float, help="factor on pauses between sentences")


def _cmd_tts(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import WRITE_FORMATS, save_audio
    from anyvoice.tasks.tts import TtsOptions, tts

    out = _output_path(args)
    if out.suffix.lower().lstrip(".") not in WRITE_FORMATS:  # fail before minutes of synthesis
        raise InputError(f"{out}: unknown output format; use " + ", ".join("." + k for k in WRITE_FORMATS))
    bar = _Bar("speaking")
    try:
        opts = TtsOptions(engine=args.engine, base=args.base, speed=args.speed, style=args.style,
                          prosody=_prosody(args), style_reference=args.style_reference)
        wav, sr = tts(_read_text(args), args.voice, opts, progress=bar)
    finally:
        bar.close()
    save_audio(out, wav, sr)
    print(f"wrote {out} ({len(wav) / sr:.1f} s)", file=sys.stderr)


def _cmd_convert(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import WRITE_FORMATS, load_audio, save_audio
    from anyvoice.tasks.convert import convert

    out = _output_path(args)
    if out.suffix.lower().lstrip(".") not in WRITE_FORMATS:
        raise InputError(f"{out}: unknown output format; use " + ", ".join("." + k for k in WRITE_FORMATS))
    wav, sr = load_audio(args.source)
    bar = _Bar("converting")
    try:
        y = convert(wav, sr, args.voice, engine=args.engine, progress=bar, style=args.style,
                    prosody=_prosody(args), style_reference=args.style_reference, emphasis=_spans(args.emphasis))
    finally:
        bar.close()
    save_audio(out, y, sr)
    print(f"wrote {out} ({len(y) / sr:.1f} s)", file=sys.stderr)


def _cmd_info(args: argparse.Namespace) -> None:
    from anyvoice.engines import DEFAULT_ENGINE, ENGINES
    from anyvoice.models import model_status
    from anyvoice.synth import SYNTHESIZERS

    print("models:")
    for s in model_status():
        print(f"  [{'ok' if s.available else 'missing'}] {s.name:16s} {s.role}\n        {s.detail}")
    print("engines:")
    for name, doc in ENGINES.describe().items():
        print(f"  {name:8s}{' (default)' if name == DEFAULT_ENGINE else '':10s} {doc}")
    print("base synthesizers:")
    for name, doc in SYNTHESIZERS.describe().items():
        print(f"  {name:8s} {doc}")
    if not all(s.available for s in model_status()):
        sys.exit(1)


def _cmd_demo(args: argparse.Namespace) -> None:
    from anyvoice.interfaces.demo import run_demo

    bar = _Bar("demo")
    try:
        report = run_demo(args.out, progress=bar)
    finally:
        bar.close()
    print(report.read_text())
    print(f"wrote {report.parent}/", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from anyvoice.engines import DEFAULT_ENGINE
    from anyvoice.tasks.tts import DEFAULT_BASE

    p = argparse.ArgumentParser(prog="anyvoice", description="Make a voice from a recording and speak with it: "
                                "text to speech and voice conversion, offline on a CPU.", epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    voice = sub.add_parser("voice", help="create or inspect a voice file")
    voice = voice.add_subparsers(dest="voice_command", required=True, metavar="ACTION")
    c = voice.add_parser("create", help="analyse reference recording(s) of one speaker into a voice file")
    c.add_argument("references", nargs="+",
                   help="audio files (wav, flac, mp3, ogg, m4a; any rate; 3 s to minutes)")
    c.add_argument("-o", "--output", required=True, help="voice file to write, e.g. me.voice")
    c.add_argument("--name", help="a name stored in the voice (default: first file's name)")
    c.set_defaults(func=_cmd_voice_create)
    s = voice.add_parser("show", help="print a voice file's measured attributes")
    s.add_argument("voice")
    s.set_defaults(func=_cmd_voice_show)

    t = sub.add_parser("tts", help="speak text in a voice")
    t.add_argument("text", nargs="?", help="text to speak ('-' or absent: read standard input); "
                   "*word* stresses a word")
    t.add_argument("--text-file", help="read the text from a file (any length, many paragraphs)")
    t.add_argument("--voice", help="voice file or reference recording (absent: the base voice)")
    t.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    t.add_argument("--format", choices=["wav", "flac", "mp3", "ogg"], help="override the output suffix")
    t.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine (default {DEFAULT_ENGINE}; see `anyvoice info`)")
    t.add_argument("--base", default=DEFAULT_BASE,
                   help=f"base synthesizer: piper, kokoro:<style> (default {DEFAULT_BASE})")
    t.add_argument("--speed", type=float, default=1.0, help="speaking speed factor, 0.25-4 (default 1)")
    _add_style_options(t)
    t.set_defaults(func=_cmd_tts)

    v = sub.add_parser("convert", help="convert someone's speech into a voice (keeps words and intonation)")
    v.add_argument("source", help="speech to convert (any common format)")
    v.add_argument("--voice", required=True, help="voice file or reference recording of the target speaker")
    v.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    v.add_argument("--format", choices=["wav", "flac", "mp3", "ogg"], help="override the output suffix")
    v.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine (default {DEFAULT_ENGINE}; see `anyvoice info`)")
    _add_style_options(v)
    v.add_argument("--emphasis", help="stress these stretches of the source: START-END seconds, comma-separated")
    v.set_defaults(func=_cmd_convert)

    i = sub.add_parser("info", help="list models, engines and base synthesizers, and whether each is usable")
    i.set_defaults(func=_cmd_info)

    d = sub.add_parser("demo", help="clone a bundled voice, speak with every engine, write a report")
    d.add_argument("--out", default="out/demo", help="output folder (default out/demo)")
    d.set_defaults(func=_cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0 on success, 2 with a one-line message on bad input or a missing model."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except AnyVoiceError as exc:
        print(f"anyvoice: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("anyvoice: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
