"""`anyvoice train bank|aggregator|extractor|cfm`: the recipes of the trained parts from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_cfm import add_train_cfm
from anyvoice.interfaces.cli_support import with_progress


def _cmd_train_bank(args: argparse.Namespace) -> None:
    from anyvoice.training.bank import build_bank

    bank = with_progress("bank voices", lambda bar: build_bank(progress=bar))
    bank.save(args.out)
    print(f"wrote {args.out} ({len(bank)} voices)", file=sys.stderr)


def _cmd_train_aggregator(args: argparse.Namespace) -> None:
    from anyvoice.training.aggregator import TrainConfig, bank_examples, train_aggregator
    from anyvoice.training.corpora import (
        corpus_examples,
        load_face_voice,
        load_libritts_p,
        load_speech_corpus,
        load_vctk,
    )
    from anyvoice.voice.bank import VoiceBank

    examples = bank_examples(VoiceBank.load(args.bank)) if not args.no_bank else []
    speakers = []
    if args.vctk:
        speakers += load_vctk(args.vctk)
    if args.libritts_p:
        speakers += load_libritts_p(*args.libritts_p)
    if args.face_voice:
        speakers += load_face_voice(args.face_voice)
    if args.corpus:
        speakers += load_speech_corpus(args.corpus)
    if speakers:
        examples += with_progress("measuring corpus voices", lambda bar: corpus_examples(speakers, progress=bar))
    path = with_progress("training", lambda bar: train_aggregator(
        examples, args.out, TrainConfig(steps=args.steps, batch=args.batch), progress=bar))
    print(f"wrote {path} (losses in {Path(args.out) / 'train_log.jsonl'})", file=sys.stderr)


def _cmd_train_extractor(args: argparse.Namespace) -> None:
    from anyvoice.training.extractor import ExtractorTrainConfig, train_extractor
    from anyvoice.training.mixtures import (
        PoolConfig,
        SpeakerPool,
        build_pool,
        corpus_speakers,
        folder_speakers,
        validation_pool,
        varied_speakers,
    )

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    parts = []
    if not args.no_bundled:
        parts.append(with_progress("speakers", lambda bar: SpeakerPool.cached(out / "pool.npz", lambda: build_pool(
            PoolConfig(synthetic_speakers=args.synthetic_speakers), progress=bar))))
    if args.speakers:
        parts.append(SpeakerPool.cached(out / "corpus_pool.npz",
                                  lambda: SpeakerPool.from_utterances(folder_speakers(args.speakers))))
    if args.corpus:
        def real() -> SpeakerPool:
            utts = corpus_speakers(args.corpus)
            return with_progress("real speakers", lambda bar: SpeakerPool.from_utterances(
                utts + varied_speakers(utts, args.real_variants, PoolConfig()), bar))
        parts.append(SpeakerPool.cached(out / "real_pool.npz", real))
    if not parts:
        raise InputError("nothing to train on: drop --no-bundled or give --speakers DIR or --corpus DIR")
    pool = SpeakerPool.merge(parts)
    validation = SpeakerPool.cached(out / "validation.npz", lambda: SpeakerPool.from_utterances(
        corpus_speakers(args.corpus, held_out=True, per_speaker=6)) if args.corpus else validation_pool())
    path = with_progress("training", lambda bar: train_extractor(
        pool, out, ExtractorTrainConfig(steps=args.steps, batch=args.batch, lr=args.lr or ExtractorTrainConfig.lr),
        validation=validation, progress=bar, init=args.init))
    print(f"wrote {path} (losses and validation SI-SDR improvement in {out / 'train_log.jsonl'})", file=sys.stderr)


def add_train_commands(sub: argparse._SubParsersAction) -> None:
    """`anyvoice train WHAT`."""
    tr = sub.add_parser("train", help="train the voice bank, the multimodal voice aggregator, the extractor or the "
                        "cfm decoder")
    tr = tr.add_subparsers(dest="train_command", required=True, metavar="WHAT")
    b = tr.add_parser("bank", help="speak and measure the bank voices (bases x pitch x formant; ~10 min on 2 cores)")
    b.add_argument("--out", required=True, help="bank file to write (.npz)")
    b.set_defaults(func=_cmd_train_bank)
    a = tr.add_parser("aggregator", help="train the KV-Former aggregator (resumes from OUT/checkpoint.pt)")
    a.add_argument("--out", required=True, help="folder for checkpoints, losses and aggregator.pt")
    a.add_argument("--bank", help="voice bank file (default: the bundled one)")
    a.add_argument("--no-bank", action="store_true", help="train on the given corpora only")
    a.add_argument("--vctk", help="VCTK root (speaker-info.txt, wav48_silence_trimmed/)")
    a.add_argument("--libritts-p", nargs=2, metavar=("ROOT", "PROMPTS_CSV"), help="LibriTTS root and prompts CSV")
    a.add_argument("--corpus", help="a real-speech corpus (anyvoice corpus build): its training speakers")
    a.add_argument("--face-voice", help="face-voice corpus root (LRS3 / VoxCeleb layout: SPEAKER/.../*.wav, *.jpg)")
    a.add_argument("--steps", type=int, default=2000)
    a.add_argument("--batch", type=int, default=64)
    a.set_defaults(func=_cmd_train_aggregator)
    x = tr.add_parser("extractor", help="train the target speaker extractor (resumes from OUT/checkpoint.pt; "
                      "~15 min to build the speakers, then ~0.5 s a step on 2 cores)")
    x.add_argument("--out", required=True, help="folder for speaker pools, checkpoints, losses and extractor.pt")
    x.add_argument("--speakers", help="your own corpus: a folder with one sub-folder of recordings per speaker")
    x.add_argument("--corpus", help="a real-speech corpus (anyvoice corpus build): its training speakers join the "
                   "pool and its held-out speakers validate")
    x.add_argument("--real-variants", type=int, default=2,
                   help="each corpus speaker also moved to this many new pitches and vocal tracts")
    x.add_argument("--init", help="start from this extractor checkpoint (e.g. the shipped one) instead of random")
    x.add_argument("--no-bundled", action="store_true", help="train on --speakers/--corpus only")
    x.add_argument("--synthetic-speakers", type=int, default=200, help="speakers made from the bundled voices")
    x.add_argument("--steps", type=int, default=4000)
    x.add_argument("--batch", type=int, default=8)
    x.add_argument("--lr", type=float, help="peak learning rate (default 1e-3; lower it to fine-tune from --init)")
    x.set_defaults(func=_cmd_train_extractor)
    add_train_cfm(tr)
