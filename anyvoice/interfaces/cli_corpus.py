"""`anyvoice corpus`: build a corpus of real speech (from Debian packages or a user's folders) and summarise it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from anyvoice.corpus.anonymise import METHODS, AnonymiseConfig
from anyvoice.engines.base import DEFAULT_ENGINE
from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import add_ray_options, mapper_from_args, runner_from_args, with_progress


def _cmd_build(args: argparse.Namespace) -> None:
    from anyvoice.corpus.build import BuildOptions, build_corpus
    from anyvoice.corpus.folders import folder_source
    from anyvoice.corpus.sources import pick_sources
    from anyvoice.corpus.summary import corpus_table
    from anyvoice.interfaces.cli_support import ProgressBar

    names = [n for n in (args.sources or "").split(",") if n]
    sources = [] if (args.speakers or args.audio) and not names else pick_sources(names)
    sources += [folder_source(d, speakers=True) for d in args.speakers or []]
    sources += [folder_source(d, speakers=False) for d in args.audio or []]
    debs = Path(args.debs) if args.debs else None
    if debs is not None and not debs.is_dir():
        raise InputError(f"{debs}: no such folder of .deb files")
    bars: list[ProgressBar] = []

    def progress_for(label: str) -> ProgressBar:
        for bar in bars:
            bar.close()
        bars.append(ProgressBar(label))
        return bars[-1]
    try:
        result = build_corpus(args.out, sources, BuildOptions(transcribe=not args.no_transcribe, debs=debs),
                              progress_for, mapper_from_args(args))
    finally:
        for bar in bars:
            bar.close()
    for r in result.reports:
        state = "already built" if r.skipped else f"dropped {dict(r.dropped) or 'nothing'}"
        print(f"{r.source}: {r.utterances} utterances, {r.speakers} speakers, {r.minutes:.1f} min ({state})",
              file=sys.stderr)
        for line in r.errors[:5]:
            print(f"  problem: {line}", file=sys.stderr)
        if len(r.errors) > 5:
            print(f"  ... and {len(r.errors) - 5} more problems", file=sys.stderr)
    if result.left_out_speakers:
        print(f"left out (too little clean speech): {', '.join(result.left_out_speakers)}", file=sys.stderr)
    print(corpus_table(result.entries))
    if not result.entries:
        raise InputError("no speech made it into the corpus; see the problems above")
    print(f"wrote {Path(args.out) / 'manifest.jsonl'}", file=sys.stderr)


def _cmd_anonymise(args: argparse.Namespace) -> int:
    from anyvoice.corpus.anonymise import anonymise_corpus

    config = AnonymiseConfig(seed=args.seed, method=args.method, engine=args.engine, keep_sex=not args.any_sex,
                             speakers=tuple(s for s in (args.speakers or "").split(",") if s),
                             per_speaker=args.per_speaker)
    runner = runner_from_args(args)
    s = with_progress("utterances", lambda bar: anonymise_corpus(args.corpus, args.out, config, runner, bar))
    for i, message in s.failed:
        print(f"anyvoice: utterance {i} failed: {message}", file=sys.stderr)
    done = "respoken" if args.method == "respeak" else "converted"
    print(f"{s.total} utterances: {s.done} {done}, {s.skipped} already done before, {len(s.failed)} failed; "
          f"wrote {Path(args.out) / 'manifest.jsonl'} and {Path(args.out) / 'mapping.csv'} (the mapping undoes "
          "the anonymisation: keep it apart)", file=sys.stderr)
    return 1 if s.failed else 0


def _cmd_info(args: argparse.Namespace) -> None:
    from anyvoice.corpus.manifest import read_manifest
    from anyvoice.corpus.summary import corpus_table

    print(corpus_table(read_manifest(Path(args.corpus) / "manifest.jsonl")))


def _cmd_sources(args: argparse.Namespace) -> None:
    from anyvoice.corpus.sources import SOURCES

    for s in SOURCES.values():
        print(f"{s.name:18s} {', '.join(s.packages)}  ({s.licence})")


def add_corpus_commands(sub: argparse._SubParsersAction) -> None:
    """Register `corpus build|info|sources` on the main parser's subcommands."""
    c = sub.add_parser("corpus", help="build a corpus of real speech for training and measuring")
    csub = c.add_subparsers(dest="corpus_command", required=True)
    b = csub.add_parser("build", help="fetch, cut, label and transcribe real speech into a folder (resumable)")
    b.add_argument("--out", required=True, help="corpus folder (a rerun resumes where it stopped)")
    b.add_argument("--sources", help="comma-separated Debian sources (default: all; see `anyvoice corpus sources`)")
    b.add_argument("--speakers", action="append", help="a folder of your own: SPEAKER/**/audio (repeatable)")
    b.add_argument("--audio", action="append",
                   help="a folder of unlabelled recordings; speakers are found by clustering (repeatable)")
    b.add_argument("--debs", help="a folder of .deb files already downloaded (else apt-get download)")
    b.add_argument("--no-transcribe", action="store_true",
                   help="leave utterances without package text untranscribed (Whisper base is slow on a CPU)")
    add_ray_options(b, transfer=False)  # the sources side by side; every node must see --out
    b.set_defaults(func=_cmd_build)
    a = csub.add_parser("anonymise", help="say every utterance in a designed pseudo-speaker, one per speaker "
                        "(resumable; on Ray with --ray)")
    a.add_argument("corpus", help="corpus folder (with manifest.jsonl)")
    a.add_argument("--out", required=True, help="folder for the anonymised corpus")
    a.add_argument("--seed", type=int, default=0, help="the same seed gives every speaker the same pseudo-speaker")
    a.add_argument("--speakers", help="comma-separated speakers (default: all)")
    a.add_argument("--per-speaker", type=int, metavar="N", help="at most N utterances of each speaker")
    a.add_argument("--any-sex", action="store_true", help="draw the pseudo-speaker's sex too (default: the "
                   "source speaker's, as measured)")
    a.add_argument("--method", choices=METHODS, default=AnonymiseConfig.method,
                   help="respeak (default): the words said anew from text (the transcript, or what is heard): nothing "
                   "of the sound stays, spoken languages only; convert: each recording converted (keeps intonation "
                   "and timing, any language, but enough of the speaker stays for a speaker-ID probe to find most)")
    a.add_argument("--engine", default=DEFAULT_ENGINE, help=f"engine that makes the voice (default {DEFAULT_ENGINE})")
    add_ray_options(a)
    a.set_defaults(func=_cmd_anonymise)
    i = csub.add_parser("info", help="minutes and speakers per source of a built corpus")
    i.add_argument("corpus", help="corpus folder")
    i.set_defaults(func=_cmd_info)
    s = csub.add_parser("sources", help="the Debian sources the builder knows")
    s.set_defaults(func=_cmd_sources)
