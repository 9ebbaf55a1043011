"""Words-kept probe: how much of what is said a content representation carries, for speakers it never saw.

A linear reader (one 1-D convolution over five frames, no hidden layer) learns with CTC to spell the transcripts of
some speakers' utterances from their content frames, then spells other speakers' utterances; its character error
rate on them is the measure. So small a reader can only spell what the frames already hold in a form that does not
change with the speaker, which is what a decoder conditioned on them needs. It is the counterpart of the
timbre-leakage probe (`leakage.py`): good content frames spell well for unheard speakers and name the speaker
poorly. Both read the frames on the same number of principal axes, as the `cfm` decoder does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from anyvoice.evaluation.metrics import cer
from anyvoice.text.words import normalize_words
from anyvoice.voice.space import principal_axes


@dataclass(frozen=True)
class ProbeConfig:
    """How the reader is trained."""

    axes: int = 64  # principal axes of the training frames the reader sees (the cfm decoder reads 64)
    context: int = 5  # frames the reader sees at once (odd; 5 is 0.1 s)
    epochs: int = 60  # passes over the training utterances
    batch: int = 16  # utterances per step
    lr: float = 3e-3  # Adam's step size
    seed: int = 0  # the reader's initial weights and the order of its batches


@dataclass(frozen=True)
class Utterance:
    """One utterance's content frames and what was said in it."""

    frames: np.ndarray  # (T, D) at 50 per second
    text: str  # the transcript (any case, numbers as written)


@dataclass
class ProbeResult:
    """What the reader spelled."""

    cer: float  # character error rate on the test speakers' utterances (all characters pooled)
    train_cer: float  # the same on the training utterances: how well the reader fits at all
    utterances: int  # test utterances read


def spelled(text: str, language: str) -> str:
    """The characters the reader learns to write: the words as the metrics normalise them, joined by spaces."""
    return " ".join(normalize_words(text, language))


class PrincipalAxes:
    """Frames on the principal axes of some frames (found on at most 20000 of them), standardised: how both
    probes read a representation, at the width the cfm decoder reads it."""

    def __init__(self, frames: np.ndarray, axes: int):
        self.mean = frames.mean(0)
        centred = frames - self.mean
        self.basis = principal_axes(centred[:: max(1, len(centred) // 20000)], axes).T
        projected = centred @ self.basis
        self.scale = projected.std(0) + 1e-6

    def __call__(self, frames: np.ndarray) -> np.ndarray:
        return ((frames - self.mean) @ self.basis / self.scale).astype(np.float32)


def _batch(xs: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    lengths = torch.tensor([len(x) for x in xs])
    out = torch.zeros(len(xs), int(lengths.max()), xs[0].shape[1])
    for i, x in enumerate(xs):
        out[i, :len(x)] = x
    return out.transpose(1, 2), lengths


def _greedy(logits: torch.Tensor, length: int, alphabet: str) -> str:
    best = logits[:, :length].argmax(0).tolist()
    chars, last = [], 0
    for k in best:
        if k != last and k != 0:
            chars.append(alphabet[k - 1])
        last = k
    return " ".join("".join(chars).split())


def _pooled_cer(reader: nn.Module, xs: list[torch.Tensor], texts: list[str], alphabet: str, language: str) -> float:
    errors = total = 0.0
    with torch.no_grad():
        for x, text in zip(xs, texts):
            heard = _greedy(reader(x.T[None])[0], len(x), alphabet)
            errors += cer(text, heard, language) * len(text)
            total += len(text)
    return errors / max(total, 1.0)


def ctc_probe(train: list[Utterance], test: list[Utterance], language: str,
              config: ProbeConfig = ProbeConfig()) -> ProbeResult:
    """Train the reader on `train` and measure it on `test` (other speakers, same language). Utterances whose
    transcript has no letters, or more characters than frames, are left out."""
    def usable(utts: list[Utterance]) -> tuple[list[np.ndarray], list[str]]:
        kept = [(u.frames, spelled(u.text, language)) for u in utts]
        kept = [(f, t) for f, t in kept if t and 2 * len(t) + 1 <= len(f)]
        return [f for f, _ in kept], [t for _, t in kept]

    (train_frames, train_texts), (test_frames, test_texts) = usable(train), usable(test)
    if not train_frames or not test_frames:
        raise ValueError("the probe needs training and test utterances with transcripts that fit their frames")
    alphabet = "".join(sorted(set("".join(train_texts))))
    index = {c: i + 1 for i, c in enumerate(alphabet)}  # 0 is CTC's blank
    axes = PrincipalAxes(np.concatenate(train_frames), config.axes)
    train_x = [torch.from_numpy(axes(f)) for f in train_frames]
    test_x = [torch.from_numpy(axes(f)) for f in test_frames]
    targets = [torch.tensor([index[c] for c in t]) for t in train_texts]

    torch.manual_seed(config.seed)
    reader = nn.Conv1d(config.axes, len(alphabet) + 1, config.context, padding=config.context // 2)
    optimiser = torch.optim.Adam(reader.parameters(), lr=config.lr)
    ctc = nn.CTCLoss(zero_infinity=True)
    order = np.random.default_rng(config.seed)
    for _ in range(config.epochs):
        shuffled = order.permutation(len(train_x))
        for start in range(0, len(train_x), config.batch):
            pick = shuffled[start:start + config.batch]
            x, lengths = _batch([train_x[i] for i in pick])
            y = [targets[i] for i in pick]
            log_probs = reader(x).log_softmax(1).permute(2, 0, 1)  # (T, B, V)
            loss = ctc(log_probs, torch.cat(y), lengths, torch.tensor([len(t) for t in y]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    # characters the training texts never had cannot be written: they count as errors, as they should
    return ProbeResult(cer=_pooled_cer(reader, test_x, test_texts, alphabet, language),
                       train_cer=_pooled_cer(reader, train_x, train_texts, alphabet, language),
                       utterances=len(test_x))
