"""Where the speech is: voice-activity regions and utterance cuts (pure functions, sample rate explicit)."""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import resample

_VAD_SR = 16000
_FRAME_S = 0.03  # webrtcvad takes 10, 20 or 30 ms frames


def voiced_frames(wav: np.ndarray, sr: int, aggressiveness: int = 2) -> np.ndarray:
    """(frames,) bool: which 30-ms frames of mono `wav` hold speech (WebRTC VAD)."""
    import webrtcvad

    vad = webrtcvad.Vad(aggressiveness)
    x = resample(np.asarray(wav, np.float32), sr, _VAD_SR)
    pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2")
    step = int(_FRAME_S * _VAD_SR)
    return np.array([vad.is_speech(pcm[i:i + step].tobytes(), _VAD_SR)
                     for i in range(0, len(pcm) - step + 1, step)], bool)


def speech_regions(wav: np.ndarray, sr: int, min_pause_s: float = 0.3, min_speech_s: float = 0.15,
                   pad_s: float = 0.1) -> list[tuple[int, int]]:
    """(start, end) sample spans of speech in `wav`: voiced frames joined across pauses shorter than
    `min_pause_s`, spans shorter than `min_speech_s` dropped, each padded by `pad_s` on both sides."""
    voiced = voiced_frames(wav, sr)
    spans: list[list[int]] = []
    gap = int(round(min_pause_s / _FRAME_S))
    for i in np.flatnonzero(voiced):
        if spans and i - spans[-1][1] <= gap:
            spans[-1][1] = i + 1
        else:
            spans.append([i, i + 1])
    hop, pad = _FRAME_S * sr, int(pad_s * sr)
    return [(max(0, int(a * hop) - pad), min(len(wav), int(b * hop) + pad)) for a, b in spans
            if (b - a) * _FRAME_S >= min_speech_s]


def speech_span_s(wav: np.ndarray, sr: int) -> float:
    """Seconds from the first to the last speech in `wav` (its whole length when no speech is found)."""
    regions = speech_regions(wav, sr, pad_s=0.0)
    return (regions[-1][1] - regions[0][0]) / sr if regions else len(wav) / sr


def utterance_cuts(regions: list[tuple[int, int]], sr: int, max_s: float = 12.0) -> list[tuple[int, int]]:
    """Group consecutive speech regions into utterances of at most `max_s` (cut at pauses; a single region
    longer than that is cut into equal pieces)."""
    out: list[tuple[int, int]] = []
    limit = int(max_s * sr)
    for start, end in regions:
        if out and end - out[-1][0] <= limit:
            out[-1] = (out[-1][0], end)
            continue
        pieces = max(1, int(np.ceil((end - start) / limit)))
        bounds = np.linspace(start, end, pieces + 1).astype(int)
        out += [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]
    return out
