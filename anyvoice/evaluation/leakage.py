"""Timbre-leakage probe: how well a speaker classifier does on content features, against chance.

Features are averaged over short segments (about a quarter of a second), a linear classifier learns the speakers
from some utterances and is tested on the others of the same speakers. High accuracy means the features still
carry who is speaking; near chance means the words come without the voice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from anyvoice.engines.cfm.model import CfmDecoder
from anyvoice.training.cfm import CfmCorpus

SEGMENT_FRAMES = 20


@dataclass
class LeakageResult:
    speakers: int
    segments: int
    chance: float  # the most frequent speaker's share of the test segments
    raw_accuracy: float  # Whisper encoder frames (on the corpus's principal axes)
    bottleneck_accuracy: float  # the cfm bottleneck's quantized codes


def _segments(features: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out, utt = [], []
    for i in range(len(offsets) - 1):
        x = features[offsets[i]:offsets[i + 1]]
        for s in range(0, len(x) - SEGMENT_FRAMES + 1, SEGMENT_FRAMES):
            out.append(x[s:s + SEGMENT_FRAMES].mean(0))
            utt.append(i)
    return np.array(out, np.float32), np.array(utt)


def _accuracy(x: np.ndarray, y: np.ndarray, train: np.ndarray) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x[train])
    clf = LogisticRegression(max_iter=2000).fit(scaler.transform(x[train]), y[train])
    return float(np.mean(clf.predict(scaler.transform(x[~train])) == y[~train]))


def leakage_probe(corpus: CfmCorpus, model: CfmDecoder, seed: int = 0) -> LeakageResult:
    """Speaker-classification accuracy on raw content and on the bottleneck codes, with the same split."""
    rng = np.random.default_rng(seed)
    content = corpus.content.astype(np.float32)
    with torch.no_grad():
        z = torch.from_numpy(content)[None]
        codes = model.codes(z, torch.ones(1, 1, len(content)))[0].T.numpy()
    raw, utt = _segments(content, corpus.offsets)
    coded, _ = _segments(codes, corpus.offsets)
    labels = corpus.speaker[utt]
    # per speaker, half the utterances (at least one) train the classifier, the rest test it
    train_utts = set()
    for s in np.unique(corpus.speaker):
        own = rng.permutation(np.flatnonzero(corpus.speaker == s))
        train_utts.update(own[:max(1, len(own) // 2)].tolist())
    train = np.isin(utt, list(train_utts))
    tested = labels[~train]
    chance = float(np.bincount(tested).max() / len(tested)) if len(tested) else float("nan")
    return LeakageResult(speakers=len(np.unique(labels)), segments=len(labels), chance=chance,
                         raw_accuracy=_accuracy(raw, labels, train),
                         bottleneck_accuracy=_accuracy(coded, labels, train))
