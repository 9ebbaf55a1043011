"""Timbre-leakage probe: how well a speaker classifier does on content features, against chance.

Features are averaged over short segments (about a quarter of a second); a linear classifier learns the speakers
from some utterances and is tested on the other utterances of the same speakers. High accuracy means the features
still carry who is speaking; near chance means the words come without the voice. The mel spectrogram, which
plainly carries the voice, is probed the same way as a control.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from anyvoice.engines.cfm.model import CfmDecoder
from anyvoice.training.mixtures import SR, SpeakerPool

SEGMENT_FRAMES = 12  # 0.24 s of content frames (50 per second)


@dataclass
class LeakageResult:
    speakers: int
    segments: int
    chance: float  # the most frequent speaker's share of the test segments
    mel_accuracy: float  # control: the log-mel spectrogram
    raw_accuracy: float  # Whisper encoder frames (on the decoder's principal axes)
    bottleneck_accuracy: float  # the cfm bottleneck's quantized codes
    normalised_accuracy: float  # the codes of utterance-mean-normalised content (what the cfm engine reads)


def _segments(features: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    out, utt = [], []
    for i, x in enumerate(features):
        for s in range(0, len(x) - SEGMENT_FRAMES + 1, SEGMENT_FRAMES):
            out.append(x[s:s + SEGMENT_FRAMES].mean(0))
            utt.append(i)
    return np.array(out, np.float32), np.array(utt)


def probe_accuracy(features: list[np.ndarray], speaker: np.ndarray, train_utts: np.ndarray) -> float:
    """Test accuracy of a logistic-regression speaker classifier on segment means of per-utterance `features`,
    trained on the utterances in `train_utts` and tested on the rest."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x, utt = _segments(features)
    y = speaker[utt]
    train = np.isin(utt, train_utts)
    scaler = StandardScaler().fit(x[train])
    clf = LogisticRegression(max_iter=3000).fit(scaler.transform(x[train]), y[train])
    return float(np.mean(clf.predict(scaler.transform(x[~train])) == y[~train]))


def chance_accuracy(features: list[np.ndarray], speaker: np.ndarray, train_utts: np.ndarray) -> float:
    """What `probe_accuracy` scores by always naming the most frequent speaker of its test segments."""
    _, utt = _segments(features)
    tested = speaker[utt][~np.isin(utt, train_utts)]
    return float(np.bincount(tested).max() / len(tested))


def leakage_probe(pool: SpeakerPool, model: CfmDecoder, seed: int = 0) -> LeakageResult:
    """Probe the Whisper content and the decoder's bottleneck on the pool's utterances, read as they are and with
    each utterance's mean content frame replaced by the corpus's (as the cfm engine reads them)."""
    from anyvoice.audio.mel import MEL_SR, hifigan_mel
    from anyvoice.audio.signal import resample
    from anyvoice.engines.cfm.features import normalise_content
    from anyvoice.inputs.content import content_features

    rng = np.random.default_rng(seed)
    n = len(pool.offsets) - 1

    corpus_mean = model.content_mean.numpy()

    def projected(content: np.ndarray) -> torch.Tensor:
        with torch.no_grad():
            return model.project(torch.from_numpy(content)[None])

    def codes_of(z: torch.Tensor) -> np.ndarray:
        with torch.no_grad():
            return model.codes(z, torch.ones(1, 1, z.shape[1]))[0].T.numpy()

    raw, codes, normalised, mels = [], [], [], []
    for i in range(n):
        wav = pool.utterance(i)
        content = content_features(wav, SR, encoder=model.cfg.content_encoder)
        z = projected(content)
        raw.append(z[0].numpy())
        codes.append(codes_of(z))
        normalised.append(codes_of(projected(normalise_content(content, corpus_mean))))
        mels.append(hifigan_mel(resample(wav, SR, MEL_SR))[::2])  # about the content's frame rate
    train = []
    for s in np.unique(pool.speaker):  # per speaker, half the utterances (at least one) train the classifier
        own = rng.permutation(np.flatnonzero(pool.speaker == s))
        train += own[:max(1, len(own) // 2)].tolist()
    train = np.array(train)
    return LeakageResult(speakers=len(np.unique(pool.speaker)), segments=len(_segments(raw)[1]),
                         chance=chance_accuracy(raw, pool.speaker, train),
                         mel_accuracy=probe_accuracy(mels, pool.speaker, train),
                         raw_accuracy=probe_accuracy(raw, pool.speaker, train),
                         bottleneck_accuracy=probe_accuracy(codes, pool.speaker, train),
                         normalised_accuracy=probe_accuracy(normalised, pool.speaker, train))
