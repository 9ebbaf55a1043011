"""Moving a trained cfm decoder to another content encoder (`anyvoice train cfm --init DECODER --content-encoder
OTHER`).

The decoder reads the content through one layer only (`content_in`, a 1x1 convolution on the projected frames).
The same speech is read by both encoders, a linear map from the new encoder's projected frames to the old one's is
fitted by least squares, and that layer is rewritten through it: the decoder starts out hearing the new encoder's
frames much as it heard the old one's, and fine-tuning goes on from there instead of from random weights.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch

from anyvoice.engines.cfm.model import CfmDecoder
from anyvoice.inputs.content import CONTENT_ENCODERS, content_features
from anyvoice.progress import Progress

#: the encoders' window when fitting the map: the engine's own (CfmEngineConfig.content_window_s), a third of
#: Whisper's 30 s, whose frames it matches within cosine 0.99
MAP_WINDOW_S = 10.0


@dataclass(frozen=True)
class ContentMap:
    """old ≈ new @ matrix + offset, between two encoders' projected frames of the same speech."""

    matrix: np.ndarray  # (new axes, old axes)
    offset: np.ndarray  # (old axes,)
    explained: float  # share of the old frames' variance the map reproduces on frames it was not fitted on


def projected_frames(wavs: list[np.ndarray], sr: int, encoder: str, mean: np.ndarray, basis: np.ndarray,
                     progress: Progress | None = None) -> np.ndarray:
    """(frames, axes): every utterance's content frames read by `encoder`, projected on (mean, basis), joined."""
    out = []
    for k, wav in enumerate(wavs, 1):
        out.append((content_features(wav, sr, MAP_WINDOW_S, encoder) - mean) @ basis)
        if progress:
            progress(k, len(wavs))
    return np.concatenate(out).astype(np.float64)


def fit_content_map(new: np.ndarray, old: np.ndarray, ridge: float = 1e-3, held_out: float = 0.2,
                    seed: int = 0) -> ContentMap:
    """The least-squares map (with a small ridge, relative to the frames' energy) from `new` (n, a) to `old`
    (n, b), frames of the same speech; `explained` is measured on a random `held_out` share of the frames, and the
    map returned is fitted on all of them."""
    if new.shape[0] != old.shape[0] or new.shape[0] < 2 * new.shape[1]:
        raise ValueError(f"need paired frames, at least twice as many as axes; got {new.shape} and {old.shape}")

    def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mx, my = x.mean(0), y.mean(0)
        xc = x - mx
        gram = xc.T @ xc
        matrix = np.linalg.solve(gram + ridge * np.trace(gram) / len(gram) * np.eye(len(gram)), xc.T @ (y - my))
        return matrix, my - mx @ matrix

    test = np.random.default_rng(seed).random(len(new)) < held_out
    matrix, offset = fit(new[~test], old[~test])
    residual = old[test] - (new[test] @ matrix + offset)
    explained = 1.0 - float((residual ** 2).sum() / ((old[test] - old[test].mean(0)) ** 2).sum())
    matrix, offset = fit(new, old)
    return ContentMap(matrix.astype(np.float32), offset.astype(np.float32), explained)


def moved_decoder(decoder: CfmDecoder, content_map: ContentMap, encoder: str, mean: np.ndarray,
                  basis: np.ndarray) -> CfmDecoder:
    """`decoder` reading `encoder`'s frames projected on (mean, basis): every weight kept but the content input,
    rewritten through `content_map` (from those frames to the decoder's own projection)."""
    cfg = replace(decoder.cfg, content_encoder=encoder, content_dim=CONTENT_ENCODERS[encoder].dim,
                  content_pca=basis.shape[1])
    moved = CfmDecoder(cfg)
    state = {k: v for k, v in decoder.state_dict().items()
             if not k.startswith("content_in.") and k not in ("content_mean", "content_basis")}
    moved.load_state_dict(state, strict=False)
    weight = decoder.content_in.weight.detach()[:, :, 0].float()  # (hidden, old axes)
    matrix, offset = (torch.from_numpy(a) for a in (content_map.matrix, content_map.offset))
    with torch.no_grad():
        moved.content_mean.copy_(torch.from_numpy(np.asarray(mean, np.float32)))
        moved.content_basis.copy_(torch.from_numpy(np.asarray(basis, np.float32)))
        moved.content_in.weight.copy_((weight @ matrix.T)[:, :, None])
        moved.content_in.bias.copy_(decoder.content_in.bias.detach().float() + weight @ offset)
    return moved.eval()


def move_decoder(decoder: CfmDecoder, wavs: list[np.ndarray], sr: int, encoder: str, mean: np.ndarray,
                 basis: np.ndarray, progress: Progress | None = None) -> tuple[CfmDecoder, ContentMap]:
    """`decoder` moved to `encoder`'s frames projected on (mean, basis), the map fitted on `wavs` (utterances of many
    speakers; a few hundred are plenty for 64 axes)."""
    steps = len(wavs) * 2
    half = (lambda k, n: progress(k, steps)) if progress else None
    old = projected_frames(wavs, sr, decoder.cfg.content_encoder, decoder.content_mean.numpy(),
                           decoder.content_basis.numpy(), half)
    rest = (lambda k, n: progress(len(wavs) + k, steps)) if progress else None
    new = projected_frames(wavs, sr, encoder, mean, basis, rest)
    content_map = fit_content_map(new, old)
    return moved_decoder(decoder, content_map, encoder, mean, basis), content_map
