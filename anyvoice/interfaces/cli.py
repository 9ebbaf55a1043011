"""The `anyvoice` command line."""
from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from anyvoice import isolation
from anyvoice.errors import AnyVoiceError, InputError
from anyvoice.interfaces.cli_bench import add_bench_commands
from anyvoice.interfaces.cli_cleanup import add_cleanup_commands
from anyvoice.interfaces.cli_corpus import add_corpus_commands
from anyvoice.interfaces.cli_serve import add_serve_command
from anyvoice.interfaces.cli_support import (
    add_engine_options,
    checked_output,
    checked_subtitles,
    engine_from_args,
    print_json,
    report_written,
    save_result,
    with_progress,
    write_subtitles,
)
from anyvoice.interfaces.cli_train import add_train_commands
from anyvoice.interfaces.cli_transcribe import add_transcribe_command

EPILOG = """examples:
  anyvoice voice create me.wav -o me.voice          analyse a reference recording once
  anyvoice tts "Hello there." --voice me.voice -o hello.mp3
  anyvoice tts "I *never* said that." --voice me.voice --style "calm and slow" -o calm.wav
  anyvoice tts "Mañana vamos al mercado." --voice me.voice --lang es -o manana.wav
  anyvoice convert speech.wav --voice me.voice -o converted.wav
  anyvoice convert entrevista.wav --voice me.voice --lang es -o entrevista_me.wav   keeps more Spanish words
  anyvoice voice design --describe "a calm, deep voice of an older man" -o elder.voice
  anyvoice voice design --face photo.jpg --attr pace=1.2 -o face.voice   face + sliders (sliders win)
  anyvoice tts "Good evening." --describe "a bright, fast young woman" -o designed.wav
  anyvoice voice edit me.voice "older, more breathy" -o me_older.voice
  anyvoice voice describe me.voice
  anyvoice enhance noisy.wav -o clean.wav            noise suppression (also: remove-speech)
  anyvoice extract party.wav --voice me.voice -o me_only.wav
  anyvoice edit take1.wav --text "The meeting is on Monday." -o take2.wav
  anyvoice transcribe take1.wav -o take1.srt          what a recording says, as subtitles
  anyvoice corpus build --out corpus                real speech from Debian packages, to train and measure on
  anyvoice serve --port 8000                        HTTP API (OpenAI-compatible) and web page
  anyvoice info                                     models, engines and base voices available here
  anyvoice demo --out demo                          clone a bundled voice and write a report
  anyvoice demo --reference me.wav --out demo       the same with your own voice
"""


def _cmd_voice_create(args: argparse.Namespace) -> None:
    from anyvoice.inputs.reference import reference_warnings
    from anyvoice.voice import Voice
    from anyvoice.voice.voice import REFERENCE_RATE, load_references

    out = checked_output(args, audio=False)
    lexicon = _lexicon(args)
    wav = load_references(args.references)
    if args.clean:
        from anyvoice.tasks.enhance import enhance

        wav = with_progress("cleaning the reference", lambda bar: enhance(wav, REFERENCE_RATE, progress=bar))
    voice = with_progress("analysing the reference", lambda bar: Voice.from_audio(
        wav, REFERENCE_RATE, name=args.name or Path(args.references[0]).stem,
        references=[Path(p).name for p in args.references], progress=bar)).with_lexicon(lexicon)
    for message in reference_warnings(wav, REFERENCE_RATE, voice.source.band_hz):  # a refused one needs none
        print(f"anyvoice: warning: {message}", file=sys.stderr)
    voice.save(out)
    print_json(voice.summary())
    print(f"saved {args.output}", file=sys.stderr)


def _lexicon(args: argparse.Namespace) -> dict[str, str]:
    from anyvoice.text.lexicon import read_lexicon

    return read_lexicon(args.lexicon) if args.lexicon else {}


def _voice_spec(args: argparse.Namespace):
    from anyvoice.voice.spec import VoiceSpec, parse_attribute_pairs

    return VoiceSpec(args.voice, args.describe, args.face, parse_attribute_pairs(args.attr),
                     getattr(args, "edit", None))


def _voice_from_args(args: argparse.Namespace):
    """The target voice of tts/convert: --voice, or a design from --describe/--face/--attr, then any --edit."""
    from anyvoice.voice.resolve import is_voice_file, resolve_voice

    spec = _voice_spec(args)
    spec.check()  # a bad edit is refused before a recording is analysed
    if spec.voice is not None:  # a recording given as the voice (or a design's speech) is analysed here, with a bar
        spec = replace(spec, voice=with_progress("analysing the reference", lambda bar: resolve_voice(spec.voice, bar)))
        if not is_voice_file(args.voice):
            print(f"anyvoice: {args.voice} was analysed for this command; `anyvoice voice create "
                  f"{shlex.quote(args.voice)} -o {shlex.quote(Path(args.voice).stem + '.voice')}` keeps the voice "
                  "for the next ones", file=sys.stderr)
    voice = spec.build()
    if spec.designs:
        for line in voice.design.explanation:
            print(f"design: {line}", file=sys.stderr)
    return voice


def _cmd_voice_design(args: argparse.Namespace) -> None:
    from anyvoice.voice.describe import describe
    from anyvoice.voice.design import design_voice
    from anyvoice.voice.spec import parse_attribute_pairs

    out = checked_output(args, audio=False)
    lexicon = _lexicon(args)
    voice = design_voice(text=args.describe, face=args.face, attributes=parse_attribute_pairs(args.attr),
                         speech=args.speech, name=args.name or "designed").with_lexicon(lexicon)
    voice.save(out)
    print_json({**voice.summary(), "description": describe(voice), "base": voice.rendering.base,
                "explanation": list(voice.design.explanation)})
    print(f"saved {args.output}", file=sys.stderr)


def _cmd_voice_edit(args: argparse.Namespace) -> None:
    from anyvoice.voice.describe import describe
    from anyvoice.voice.edit import edit_voice
    from anyvoice.voice.resolve import resolve_voice

    out = checked_output(args, audio=False)
    voice = edit_voice(resolve_voice(args.voice), args.instruction)
    voice.save(out)
    print_json({**voice.summary(), "description": describe(voice)})
    print(f"saved {args.output}", file=sys.stderr)


def _cmd_voice_describe(args: argparse.Namespace) -> None:
    from anyvoice.voice.describe import describe
    from anyvoice.voice.resolve import resolve_voice

    print(describe(resolve_voice(args.voice)))


def _cmd_voice_show(args: argparse.Namespace) -> None:
    from anyvoice.voice import Voice

    voice = Voice.load(args.voice)
    print_json({**voice.summary(), "lexicon": dict(voice.rendering.lexicon)})


def _cmd_voice_lexicon(args: argparse.Namespace) -> None:
    from anyvoice.voice import Voice

    if bool(args.lexicon) == args.drop:
        raise InputError("give a lexicon file to keep with the voice, or --drop to remove its lexicon")
    out = checked_output(args, audio=False)
    lexicon = _lexicon(args)
    Voice.load(args.voice).with_lexicon(lexicon).save(out)
    print(f"saved {args.output} with {len(lexicon)} lexicon entries", file=sys.stderr)


def _read_text(args: argparse.Namespace) -> str:
    given = [name for name, value in (("the text argument", args.text), ("--text", args.text_option),
                                      ("--text-file", args.text_file)) if value is not None]
    if len(given) > 1:
        raise InputError(f"the text was given twice ({' and '.join(given)}); give it once")
    if args.text_option is not None:
        return args.text_option
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
    from anyvoice.style.prosody import Prosody

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
    from anyvoice.audio.io import save_audio_stream
    from anyvoice.tasks.requests import SpeakRequest
    from anyvoice.tasks.timings import timed_chunks
    from anyvoice.tasks.tts import TtsOptions
    from anyvoice.voice.spec import VoiceSpec

    out = checked_output(args)  # fail before minutes of synthesis
    subtitles = checked_subtitles(args, out)
    opts = TtsOptions(engine=engine_from_args(args), base=args.base, speed=args.speed, style=args.style,
                      prosody=_prosody(args), style_reference=args.style_reference,
                      lexicon=_lexicon(args), language=args.lang)
    sentences: list = []

    def speak(bar):  # sentence by sentence into the file: a book needs no more memory
        request = SpeakRequest(_read_text(args), VoiceSpec(_voice_from_args(args)), opts, ssml=args.ssml)
        stream = request.stream(progress=bar)
        chunks = timed_chunks(stream, sentences) if subtitles else stream.chunks
        return save_audio_stream(out, chunks, stream.sample_rate), stream

    samples, stream = with_progress("speaking", speak)
    report_written(out, samples / stream.sample_rate, stream.warnings)
    if subtitles:
        write_subtitles(subtitles, sentences, samples / stream.sample_rate, stream.language)


def _cmd_convert(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import ConvertRequest
    from anyvoice.voice.spec import VoiceSpec

    out = checked_output(args)
    wav, sr = load_audio(args.source)
    request = ConvertRequest(wav, sr, VoiceSpec(_voice_from_args(args)), engine_from_args(args), args.style,
                             _prosody(args), args.style_reference, tuple(_spans(args.emphasis)), args.lang)
    save_result(out, with_progress("converting", request.run))


def _cmd_respeak(args: argparse.Namespace) -> None:
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.requests import RespeakRequest
    from anyvoice.voice.spec import VoiceSpec

    out = checked_output(args)
    wav, sr = load_audio(args.source)
    request = RespeakRequest(wav, sr, VoiceSpec(_voice_from_args(args)), args.text, args.lang, engine_from_args(args))
    result = with_progress("respeaking", request.run)
    save_result(out, result, f", saying: {result.details['text']}")


def _cmd_info(args: argparse.Namespace) -> None:
    from anyvoice.cache import describe_cache
    from anyvoice.engines import DEFAULT_ENGINE, ENGINES
    from anyvoice.models import model_status
    from anyvoice.synth import SYNTHESIZERS
    from anyvoice.tasks.tts import language_base
    from anyvoice.text.languages import LANGUAGES

    print("models:")
    for s in model_status():
        print(f"  [{'ok' if s.available else 'missing'}] {s.name:16s} {s.role}\n        {s.detail}")
    print("engines:")
    engines = ENGINES.describe()
    width = max(map(len, engines))
    for name, doc in engines.items():
        print(f"  {name:{width}s}{' (default)' if name == DEFAULT_ENGINE else '':10s} {doc}")
    print("base synthesizers:")
    for name, doc in SYNTHESIZERS.describe().items():
        print(f"  {name:8s} {doc}")
    print("languages (and the base each is spoken with here):")
    for spoken in LANGUAGES.values():
        print(f"  {spoken.code}  {spoken.name:20s} {language_base(spoken, None)}")
    print(f"cache (pitch tracks, exported graphs): {describe_cache()}")
    if not all(s.available for s in model_status()):
        sys.exit(1)


def _cmd_demo(args: argparse.Namespace) -> None:
    from anyvoice.interfaces.demo import run_demo

    report = with_progress("demo", lambda bar: run_demo(args.out, progress=bar, reference=args.reference))
    print(report.read_text())
    print(f"wrote {report.parent}/", file=sys.stderr)


def _add_design_options(p: argparse.ArgumentParser, edit: bool = True) -> None:
    g = p.add_argument_group("voice design (any mix; attribute values win over words, words over a face)")
    g.add_argument("--describe", help='a description: "a calm, deep voice of an older man"')
    g.add_argument("--face", help="a face photo (jpg, png)")
    g.add_argument("--attr", action="append", metavar="NAME=VALUE",
                   help="an attribute value, repeatable: female (0-1), age, pitch_hz, pitch_st, range, tract, "
                   "pace, energy_db, brightness, breathiness, roughness, nasality, warmth")
    if edit:
        g.add_argument("--edit", help='then edit the voice: "older, more breathy", "+2 semitones", ...')


LEXICON_HELP = "how to say words the voice says wrong: one 'word = respelling' or 'word = /IPA/' per line"


def _add_voice_commands(sub: argparse._SubParsersAction) -> None:
    """`anyvoice voice create|show|design|edit|lexicon|describe`."""
    voice = sub.add_parser("voice", help="create or inspect a voice file")
    voice = voice.add_subparsers(dest="voice_command", required=True, metavar="ACTION")
    c = voice.add_parser("create", help="analyse reference recording(s) of one speaker into a voice file")
    c.add_argument("references", nargs="+",
                   help="audio files (wav, flac, mp3, ogg, m4a; any rate; 3 s to minutes)")
    c.add_argument("-o", "--output", required=True, help="voice file to write, e.g. me.voice")
    c.add_argument("--name", help="a name stored in the voice (default: first file's name)")
    c.add_argument("--lexicon", metavar="FILE", help=LEXICON_HELP + ", kept with the voice")
    c.add_argument("--clean", action="store_true", help="remove the references' background noise first "
                   "(DeepFilterNet3): a noisy reference gives its voice the noise")
    c.set_defaults(func=_cmd_voice_create)
    s = voice.add_parser("show", help="print a voice file's measured attributes")
    s.add_argument("voice")
    s.set_defaults(func=_cmd_voice_show)
    g = voice.add_parser("design", help="design a voice from a description, a face, attribute values, a recording, "
                         "or several at once")
    _add_design_options(g, edit=False)
    g.add_argument("--speech", help="a reference recording or voice file to start from")
    g.add_argument("-o", "--output", required=True, help="voice file to write")
    g.add_argument("--name", help="a name stored in the voice")
    g.add_argument("--lexicon", metavar="FILE", help=LEXICON_HELP + ", kept with the voice")
    g.set_defaults(func=_cmd_voice_design)
    e = voice.add_parser("edit", help='change attributes of a voice: "older", "+2 semitones", "more breathy", ...')
    e.add_argument("voice", help="voice file or reference recording")
    e.add_argument("instruction", help='e.g. "older, brighter, slower" or "+2 semitones, 10%% faster"')
    e.add_argument("-o", "--output", required=True, help="voice file to write")
    e.set_defaults(func=_cmd_voice_edit)
    x = voice.add_parser("lexicon", help="keep a pronunciation lexicon with a voice file: every request in the "
                         "voice uses it")
    x.add_argument("voice", help="voice file")
    x.add_argument("lexicon", nargs="?", help=LEXICON_HELP)
    x.add_argument("--drop", action="store_true", help="remove the voice's lexicon")
    x.add_argument("-o", "--output", required=True, help="voice file to write (may be the same file)")
    x.set_defaults(func=_cmd_voice_lexicon)
    r = voice.add_parser("describe", help="describe a voice (file or recording) in words")
    r.add_argument("voice")
    r.set_defaults(func=_cmd_voice_describe)


def _add_speech_commands(sub: argparse._SubParsersAction) -> None:
    """`anyvoice tts`, `convert` and `respeak`: speech in a voice."""
    from anyvoice.synth.base import DEFAULT_BASE
    from anyvoice.text.languages import LANGUAGES

    t = sub.add_parser("tts", help="speak text in a voice")
    t.add_argument("text", nargs="?", help="text to speak ('-' or absent: read standard input); "
                   "*word* stresses a word")
    # Named as well as positional: without it, argparse would take "--text" for "--text-file" and look for a file.
    t.add_argument("--text", dest="text_option", metavar="TEXT", help="text to speak (the same as the argument)")
    t.add_argument("--text-file", help="read the text from a file (any length, many paragraphs)")
    t.add_argument("--ssml", action="store_true", help="the text is SSML: <break>, <emphasis>, <prosody>, <say-as>, "
                   "<sub>, <phoneme>, <voice name=FILE> (see the README)")
    t.add_argument("--voice", help="voice file or reference recording (absent: the base voice)")
    _add_design_options(t)
    t.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    t.add_argument("--format", choices=["wav", "flac", "mp3", "ogg"], help="override the output suffix")
    add_engine_options(t)
    t.add_argument("--lexicon", metavar="FILE", help=LEXICON_HELP + " (over the voice's own)")
    t.add_argument("--subtitles", metavar="FILE", help="also write when each word is said: .srt or .vtt captions, "
                   "or .json with every word's start and end")
    t.add_argument("--base", help="base synthesizer: piper, kokoro:<style> or a blend such as "
                   "kokoro:jf_alpha*0.7+jm_kumo*0.3, pico:<voice> (fr-FR, de-DE, es-ES, it-IT, en-US), "
                   "festival:<voice> (default: the voice's own, else "
                   f"{DEFAULT_BASE}; for other languages the one `anyvoice info` lists)")
    t.add_argument("--speed", type=float, default=1.0, help="speaking speed factor, 0.25-4 (default 1)")
    t.add_argument("--lang", help=f"the text's language: {', '.join(LANGUAGES)} (default: detected from the text)")
    _add_style_options(t)
    t.set_defaults(func=_cmd_tts)

    v = sub.add_parser("convert", help="convert someone's speech into a voice (keeps words and intonation)")
    v.add_argument("source", help="speech to convert (any common format)")
    v.add_argument("--voice", help="voice file or reference recording of the target speaker")
    _add_design_options(v)
    v.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    v.add_argument("--format", choices=["wav", "flac", "mp3", "ogg"], help="override the output suffix")
    add_engine_options(v)
    _add_style_options(v)
    v.add_argument("--emphasis", help="stress these stretches of the source: START-END seconds, comma-separated")
    v.add_argument("--lang", help="the recording's language (ISO 639-1: en, es, cs, ...; any, spoken here or not; "
                   "auto: heard in it): in one other than English the engine keeps more of its words (default: not "
                   "stated)")
    v.set_defaults(func=_cmd_convert)

    r = sub.add_parser("respeak", help="say a recording's words anew in a voice, from text: nothing of its sound "
                       "stays (the strongest anonymisation; loses intonation and timing)")
    r.add_argument("source", help="speech whose words to say (any common format)")
    r.add_argument("--voice", help="voice file or reference recording to say them in")
    _add_design_options(r)
    r.add_argument("-o", "--output", required=True, help="audio file to write (.wav, .flac, .mp3, .ogg)")
    r.add_argument("--format", choices=["wav", "flac", "mp3", "ogg"], help="override the output suffix")
    r.add_argument("--text", help="the words (default: what Whisper hears in the recording)")
    r.add_argument("--lang", help=f"the recording's language: {', '.join(LANGUAGES)} (default, or auto: detected)")
    add_engine_options(r)
    r.set_defaults(func=_cmd_respeak)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    p = argparse.ArgumentParser(prog="anyvoice", description="Make a voice from a recording and speak with it: "
                                "text to speech and voice conversion, offline on a CPU.", epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_voice_commands(sub)
    _add_speech_commands(sub)
    add_cleanup_commands(sub)
    add_transcribe_command(sub)
    add_corpus_commands(sub)
    add_bench_commands(sub)
    add_serve_command(sub)

    i = sub.add_parser("info", help="list models, engines and base synthesizers, and whether each is usable")
    i.set_defaults(func=_cmd_info)

    add_train_commands(sub)

    d = sub.add_parser("demo", help="clone a bundled voice (or yours), speak with every engine, write a report")
    d.add_argument("--out", default="out/demo", help="output folder (default out/demo)")
    d.add_argument("--reference", help="clone the voice of this recording (at least 6 s; its last quarter is held "
                   "out to measure similarity) instead of a bundled one")
    d.set_defaults(func=_cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit 0 on success, 2 with a one-line message on bad input or a missing model."""
    args = build_parser().parse_args(argv)
    try:
        with isolation.helpers(isolation.available_cores()):  # a long analysis in pieces, on every core
            code = args.func(args)
    except AnyVoiceError as exc:
        print(f"anyvoice: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("anyvoice: interrupted", file=sys.stderr)
        return 130
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
