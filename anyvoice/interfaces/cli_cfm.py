"""`anyvoice train cfm`: the cfm engine's training recipe from the command line."""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from anyvoice.errors import InputError
from anyvoice.inputs.content import CONTENT_ENCODERS
from anyvoice.interfaces.cli_support import ConfigFile, add_ray_options, mapper_from_args, with_progress

if TYPE_CHECKING:
    from anyvoice.engines.cfm.model import CfmDecoder
    from anyvoice.training.cfm import CfmCorpus
    from anyvoice.training.mixtures import SpeakerPool

#: utterances the map between two content encoders is fitted on (a decoder moved to another encoder)
MOVE_UTTERANCES = 300


def _speaker_pool(args: argparse.Namespace, out: Path) -> SpeakerPool:
    """The speakers `train cfm` builds its corpus from: the bundled pool (unless --no-bundled) and every corpus
    given, each cached in OUT."""
    from anyvoice.training.cfm import SHIPPED_POOL, UTTERANCES_PER_SPEAKER, corpus_utterances
    from anyvoice.training.corpora import load_libritts, load_vctk
    from anyvoice.training.mixtures import SpeakerPool, build_pool, corpus_speakers, folder_speakers

    parts = []
    if not args.no_bundled:
        pool_cfg = replace(SHIPPED_POOL, synthetic_speakers=args.synthetic_speakers)
        parts.append(with_progress("speakers", lambda bar: SpeakerPool.cached(
            out / "pool.npz", lambda: build_pool(pool_cfg, progress=bar))).first_of_each(UTTERANCES_PER_SPEAKER))
    for flag, loader in (("speakers", folder_speakers), ("vctk", load_vctk), ("libritts", load_libritts)):
        root = getattr(args, flag)
        if root:
            utts = loader(root) if flag == "speakers" else corpus_utterances(loader(root), args.per_speaker)
            parts.append(SpeakerPool.cached(out / f"{flag}_pool.npz", lambda u=utts: SpeakerPool.from_utterances(u)))
    if args.corpus:
        parts.append(SpeakerPool.cached(out / "real_pool.npz", lambda: SpeakerPool.from_utterances(
            corpus_speakers(args.corpus, per_speaker=args.per_speaker))))
    if not parts:
        raise InputError("nothing to train on: drop --no-bundled or give --corpus, --speakers, --vctk or --libritts")
    return SpeakerPool.merge(parts)


def _moved_init(args: argparse.Namespace, out: Path, corpus: CfmCorpus, init: CfmDecoder) -> Path:
    """OUT/moved.pt: the --init decoder moved to the corpus's content encoder (made once; a rerun reuses it)."""
    import numpy as np

    from anyvoice.training.cfm import MAX_UTTERANCE_SECONDS
    from anyvoice.training.cfm_transfer import move_decoder
    from anyvoice.training.mixtures import SR

    path = out / "moved.pt"
    if path.is_file():
        return path
    pool = _speaker_pool(args, out)
    pick = np.random.default_rng(0).permutation(len(pool.offsets) - 1)[:MOVE_UTTERANCES]
    wavs = [pool.utterance(int(i))[:int(MAX_UTTERANCE_SECONDS * SR)] for i in np.sort(pick)]
    decoder, content_map = with_progress("moving the decoder", lambda bar: move_decoder(
        init, wavs, SR, corpus.content_encoder, corpus.content_mean, corpus.content_basis, progress=bar))
    decoder.save(path, extra={"init": str(args.init), "explained": content_map.explained})
    print(f"moved {args.init} to {corpus.content_encoder}: the map reproduces {content_map.explained:.0%} of its "
          "content frames' variance", file=sys.stderr)
    return path


def _cmd_train_cfm(args: argparse.Namespace) -> None:
    from anyvoice.engines.cfm.model import CfmConfig, CfmDecoder
    from anyvoice.inputs.content import CONTENT_MODEL
    from anyvoice.training.cfm import (
        MAX_UTTERANCE_SECONDS,
        CfmCorpus,
        CfmTrainConfig,
        build_corpus,
        decoder_projection,
        map_here,
        train_cfm,
    )
    from anyvoice.training.placement import world_size

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus_path = out / "corpus.npz"
    if not corpus_path.is_file() and world_size() > 1:
        raise InputError(f"{corpus_path} is missing: build the corpus once with --corpus-only (one process), "
                         "then start torchrun")
    decoder = CfmDecoder.load(args.init).float() if args.init else None
    # the encoder the content is read by: --content-encoder, else the --init decoder's, else the default
    encoder = args.content_encoder or (decoder.cfg.content_encoder if decoder else CONTENT_MODEL)
    if not corpus_path.is_file():
        pool = _speaker_pool(args, out)
        # a fine-tune on the decoder's own encoder keeps its projection; one on another moves the decoder (below)
        projection = decoder_projection(decoder) if decoder and decoder.cfg.content_encoder == encoder else None
        mapper = mapper_from_args(args, map_here)
        with_progress("features", lambda bar: build_corpus(pool, max_seconds=MAX_UTTERANCE_SECONDS, progress=bar,
                                                           projection=projection, mapper=mapper,
                                                           encoder=encoder)).save(corpus_path)
    if args.corpus_only:
        print(f"wrote {corpus_path}", file=sys.stderr)
        return
    corpus = CfmCorpus.load(corpus_path)
    if args.content_encoder and args.content_encoder != corpus.content_encoder:
        raise InputError(f"{corpus_path} was read by {corpus.content_encoder}, not {args.content_encoder}; give "
                         "another --out folder for a corpus read by the other encoder")
    moving = decoder is not None and decoder.cfg.content_encoder != corpus.content_encoder
    init = _moved_init(args, out, corpus, decoder) if moving else args.init
    cfg = CfmTrainConfig(steps=args.steps, batch=args.batch, device=args.device, lr=args.lr, train=args.train)
    size = CfmConfig(hidden=args.hidden, blocks=args.blocks, heads=max(1, args.hidden // 48),
                     fsq_levels=(7,) * args.bottleneck)
    path = with_progress("training", lambda bar: train_cfm(corpus, out, cfg, progress=bar, model_config=size,
                                                           init=init))
    print(f"wrote {path} (losses in {out / 'train_log.jsonl'}); use it with --engine cfm --cfm-checkpoint {path}",
          file=sys.stderr)


def add_train_cfm(tr: argparse._SubParsersAction) -> None:
    """Register `train cfm` on the `train` subcommands."""
    c = tr.add_parser("cfm", help="train the cfm engine's flow-matching decoder (resumes from OUT/checkpoint.pt; "
                      "several GPUs: torchrun --nproc-per-node N -m anyvoice train cfm ...)")
    c.add_argument("--out", required=True, help="folder for the corpus, checkpoints, losses and cfm.pt")
    c.add_argument("--config", action=ConfigFile, metavar="FILE",
                   help="a run's options in a YAML file (configs/cfm/shipped.yaml is the run that made the shipped "
                   "decoder); options given on the command line win")
    c.add_argument("--corpus", help="a real-speech corpus (anyvoice corpus build): its training speakers join")
    c.add_argument("--init", help="fine-tune this decoder (e.g. anyvoice/data/cfm.pt) instead of starting afresh; "
                   "the features are projected on its content basis, or, with another --content-encoder, the "
                   "decoder is moved to that encoder's frames first (OUT/moved.pt)")
    c.add_argument("--content-encoder", choices=list(CONTENT_ENCODERS),
                   help="what reads the words: whisper-tiny-en (English; the shipped decoder's, and the default) or "
                   "whisper-base (multilingual: spells other languages better, encodes about 2x slower)")
    c.add_argument("--speakers", help="your own corpus: one sub-folder of recordings per speaker")
    c.add_argument("--vctk", help="VCTK root (speaker-info.txt, wav48_silence_trimmed/)")
    c.add_argument("--libritts", help="LibriTTS root (SUBSET/SPEAKER/CHAPTER/*.wav)")
    c.add_argument("--per-speaker", type=int, default=20,
                   help="recordings used per speaker of --corpus, VCTK or LibriTTS")
    c.add_argument("--no-bundled", action="store_true", help="train on the given corpora only")
    c.add_argument("--synthetic-speakers", type=int, default=120, help="speakers made from the bundled voices")
    c.add_argument("--corpus-only", action="store_true", help="build OUT/corpus.npz and stop")
    add_ray_options(c, transfer=False)  # the features of each utterance, made on a Ray cluster
    c.add_argument("--steps", type=int, default=3000)
    c.add_argument("--batch", type=int, default=16)
    c.add_argument("--lr", type=float, default=3e-4, help="peak learning rate (fine-tuning: about 1e-4)")
    c.add_argument("--train", choices=["all", "content"], default="all",  # training.cfm.TRAINABLE, without torch
                   help="what learns: all (default), or content: only the layers before the content bottleneck "
                   "(for a decoder moved to another encoder: the rest stays as it was)")
    c.add_argument("--device", default="auto", help="auto (a GPU when there is one), cpu, cuda")
    c.add_argument("--hidden", type=int, default=192, help="model width (the shipped model: 192)")
    c.add_argument("--blocks", type=int, default=6, help="decoder blocks (the shipped model: 6)")
    c.add_argument("--bottleneck", type=int, default=8, help="content bottleneck values per frame (7 levels each): "
                   "more keeps more of the words and more of the speaker")
    c.set_defaults(func=_cmd_train_cfm)
