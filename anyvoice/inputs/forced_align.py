"""Forced alignment: where each word of a known text lies in a recording, to about 10 ms.

Whisper's word timestamps come from its cross-attention and are often 50-150 ms off, too coarse to cut speech
at. Here the bundled Piper voice speaks the text and reports how many samples each phoneme took (its duration
predictor's output), which gives exact word spans in that guide rendering. Text in another language is read by
espeak-ng in that language and spoken by the same voice from those phones (with an English accent: only the
timing matters). Dynamic time warping between the guide and the recording (on Whisper encoder frames, which carry
the phones more than the speaker, plus MFCCs for the fine timing) carries those spans over to the recording. On
Piper speech slowed by 15 % and moved 6 semitones up, word boundaries land 3-6 ms from the truth on average,
against 75-90 ms for Whisper's own.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from anyvoice.audio.signal import frame_energy, resample
from anyvoice.inputs.asr import Word
from anyvoice.models import load
from anyvoice.text.languages import language as spoken
from anyvoice.text.languages import word_languages

RATE = 100.0  # DTW frames per second
MAX_SECONDS = 60.0  # the DTW cost matrix grows with the product of the lengths; longer audio goes in pieces
#: seconds of audio the content encoder reads at a time: a sentence fits, and 10 s is about 6x faster than Whisper's
#: 30-s window for nearly the same frames
WINDOW_S = 10.0
_SR = 16000
_IGNORED = set("^$_ ,.!?;:-…—\"'()ˈˌ")  # tokens that are not phones: boundaries, punctuation, stress marks


@dataclass(frozen=True)
class GuideSpeech:
    """The guide voice speaking a text: its audio and each word's (start, end) seconds in it."""

    audio: np.ndarray
    sample_rate: int
    spans: list[tuple[float, float]]


def _phones(phonemes: list[list[str]]) -> list[str]:
    return [p for sentence in phonemes for p in sentence if p not in _IGNORED]


def _sentence_phonemes(text: str, language: str) -> list[list[str]]:
    """The guide voice's phonemes of `text` by sentence: its own reading of English, espeak-ng's reading in
    `language` otherwise, without the phones the voice has no symbol for."""
    voice = load("piper-joe")
    read = voice.phonemize(text) if language == "en" else load("espeak").phonemize(spoken(language).espeak, text)
    known = voice.config.phoneme_id_map
    return [[p for p in sentence if p in known] for sentence in read]


def pronunciation(word: str, language: str = "en") -> str:
    """The phones espeak gives `word` in `language` (stress and punctuation left out): "harbor" and "harbour", "9"
    and "nine" sound the same."""
    return "".join(_phones(_sentence_phonemes(word, language)))


def _fill_owners(owners: list[int], n_words: int) -> None:
    """Give the phones that matched no word (espeak says "a" as "ɐ" in a sentence, "eɪ" alone) to the words
    between their matched neighbours, split evenly in order; with no word between, to the word before."""
    i = 0
    while i < len(owners):
        if owners[i] >= 0:
            i += 1
            continue
        j = i
        while j < len(owners) and owners[j] < 0:
            j += 1
        prev = owners[i - 1] if i > 0 else -1
        nxt = owners[j] if j < len(owners) else n_words
        between = list(range(prev + 1, nxt)) or [max(prev, 0)]
        for k in range(i, j):
            owners[k] = between[(k - i) * len(between) // (j - i)]
        i = j


def _spoken_phonemes(voice, phonemes: list[str], cfg) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """Piper `voice` speaking one sentence's `phonemes` (all in its symbol map): the audio, peak-normalised as
    Piper's own synthesis is, and each phoneme with the samples it took (its duration predictor's output)."""
    from piper.const import BOS, EOS, PAD

    ids = voice.phonemes_to_ids(phonemes)
    result = voice.phoneme_ids_to_audio(ids, cfg, include_alignments=True)
    if not isinstance(result, tuple) or result[1] is None or len(result[1]) != len(ids):
        raise RuntimeError("the bundled Piper voice gave no phoneme timings; forced alignment needs them")
    audio, samples = result
    id_map = voice.config.phoneme_id_map
    pad = len(id_map.get(PAD, []))
    timed, at = [], 0
    for phoneme in [BOS, *phonemes, EOS]:  # each phoneme's ids, and the pad after it (none after the last)
        n = len(id_map[phoneme]) + (pad if phoneme != EOS else 0)
        timed.append((phoneme, int(np.sum(samples[at:at + n]))))
        at += n
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    return (audio / peak if peak > 1e-8 else audio).astype(np.float32), timed


def speak_guide(words: list[str], speed: float = 1.0, language: str = "en") -> GuideSpeech:
    """Piper speaking `words` in `language` (at `speed`) with its phoneme timings, each word's span found by
    matching the phones of the words phonemized one by one against the phones of the whole text (espeak joins
    "of the")."""
    from piper import SynthesisConfig

    voice = load("piper-joe")
    sr = int(voice.config.sample_rate)
    audio, timed, t = [], [], 0  # timed: (phone, start sample, end sample)
    pending = None  # a stress mark's time belongs to the phone after it
    cfg = SynthesisConfig(length_scale=1.0 / speed, noise_scale=0.0, noise_w_scale=0.0)
    # words in another script ("Война и мир" in French) are read in the language they are said in
    codes = [lang.code for lang in word_languages(words, spoken(language))]
    runs = [(" ".join(w for w, _ in run), code) for code, run in groupby(zip(words, codes), key=lambda wc: wc[1])]
    for phonemes in (sentence for text, code in runs for sentence in _sentence_phonemes(text, code)):
        if not phonemes:
            continue
        wav, durations = _spoken_phonemes(voice, phonemes, cfg)
        for phoneme, n in durations:
            if phoneme in "ˈˌ":
                pending = t if pending is None else pending
            elif phoneme not in _IGNORED:
                timed.append((phoneme, t if pending is None else pending, t + n))
                pending = None
            else:
                pending = None
            t += n
        audio.append(wav)
    per_word = [_phones(_sentence_phonemes(w, code)) for w, code in zip(words, codes)]
    owner_of = [k for k, phones in enumerate(per_word) for _ in phones]
    flat = [p for phones in per_word for p in phones]
    owners = [-1] * len(timed)
    for i, j, size in difflib.SequenceMatcher(a=[p for p, _, _ in timed], b=flat, autojunk=False) \
            .get_matching_blocks():
        owners[i:i + size] = owner_of[j:j + size]
    _fill_owners(owners, len(words))
    spans: list[tuple[float, float]] = []
    for k in range(len(words)):
        mine = [(s, e) for (_, s, e), o in zip(timed, owners) if o == k]
        if mine:
            spans.append((mine[0][0] / sr, mine[-1][1] / sr))
        else:  # a word with no phones of its own ("—", or merged away): an empty span where it would be
            at = spans[-1][1] if spans else 0.0
            spans.append((at, at))
    wav = np.concatenate(audio).astype(np.float32) if audio else np.zeros(0, np.float32)
    return GuideSpeech(wav, sr, spans)


def _features(wav: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame unit vectors at RATE: Whisper encoder frames (repeated to RATE) and MFCCs with deltas, each
    mean-removed over the clip so a steady difference of voice or channel cancels."""
    import librosa

    from anyvoice.inputs.content import CONTENT_RATE, content_features

    x = resample(np.asarray(wav, np.float32), sr, _SR)
    mfcc = librosa.feature.mfcc(y=x, sr=_SR, n_mfcc=20, n_fft=512, hop_length=int(_SR / RATE))[1:]
    m = np.vstack([mfcc, librosa.feature.delta(mfcc)]).T
    w = np.repeat(content_features(x, _SR, WINDOW_S), int(RATE / CONTENT_RATE), axis=0)
    n = min(len(m), len(w))
    out = []
    for f in (m[:n], w[:n]):
        f = f - f.mean(axis=0)
        out.append((f / (np.linalg.norm(f, axis=1, keepdims=True) + 1e-8)).astype(np.float32))
    return out[0], out[1]


@functools.lru_cache(maxsize=16)
def _guide(words: tuple[str, ...], language: str) -> tuple[GuideSpeech, tuple[np.ndarray, np.ndarray]]:
    # Cached: speech editing aligns several takes of one phrase against the same guide.
    guide = speak_guide(list(words), language=language)
    return guide, _features(guide.audio, guide.sample_rate)


def _warp(guide: tuple[np.ndarray, np.ndarray], target: tuple[np.ndarray, np.ndarray]):
    """A function mapping times (seconds) in the guide to times in the target (same words), by DTW on their
    `_features`."""
    import librosa

    (gm, gw), (tm, tw) = guide, target
    cost = 1.0 - 0.5 * (gm @ tm.T + gw @ tw.T)
    _, path = librosa.sequence.dtw(C=cost.astype(np.float64), backtrack=True)
    path = path[::-1]
    # Each guide frame maps to the mean of the recording frames matched to it: a non-decreasing function.
    sums = np.bincount(path[:, 0], weights=path[:, 1], minlength=len(gm))
    counts = np.maximum(np.bincount(path[:, 0], minlength=len(gm)), 1)
    centres = (sums / counts + 0.5) / RATE
    frame_t = (np.arange(len(gm)) + 0.5) / RATE
    return lambda t: float(np.interp(t, frame_t, centres))


def align_words(wav: np.ndarray, sr: int, words: list[str], language: str = "en") -> list[Word]:
    """Where each of `words` (what mono `wav` says, in order, in `language`) starts and ends, in seconds. Audio up
    to MAX_SECONDS; see `refine_timings` for longer recordings."""
    if len(wav) > MAX_SECONDS * sr:
        raise ValueError(f"align_words takes up to {MAX_SECONDS:.0f} s; use refine_timings for longer audio")
    if not words:
        return []
    guide, guide_features = _guide(tuple(words), language)
    to_wav = _warp(guide_features, _features(wav, sr))
    end = len(wav) / sr
    spans = [(min(to_wav(s), end), min(to_wav(e), end)) for s, e in guide.spans]
    return [Word(w, s, e) for w, (s, e) in zip(words, _shrink_to_sound(spans, wav, sr))]


def _shrink_to_sound(spans: list[tuple[float, float]], wav: np.ndarray, sr: int, hop_s: float = 0.01,
                     floor_db: float = 55.0) -> list[tuple[float, float]]:
    """Spans without the silence at their edges. The guide speaks without pauses, so where the recording pauses
    DTW stretches a word boundary over the pause; frames more than `floor_db` below the loudest of their word
    (and far below the recording's loudest) are not the word."""
    e = 10 * np.log10(frame_energy(wav, sr, hop_s) + 1e-12)
    floor = e.max() - 60.0 if len(e) else 0.0
    out = []
    for s, t in spans:
        a, b = int(s / hop_s), min(len(e), int(np.ceil(t / hop_s)))
        loud = np.flatnonzero(e[a:b] > max(e[a:b].max() - floor_db, floor)) if b > a else np.zeros(0, int)
        out.append((s, t) if not len(loud) else (max(s, (a + loud[0]) * hop_s), min(t, (a + loud[-1] + 1) * hop_s)))
    return out


def refine_timings(wav: np.ndarray, sr: int, heard: list[Word], language: str = "en") -> list[Word]:
    """The recognised words `heard` (in `language`) with their times made exact by forced alignment. Recordings
    longer than MAX_SECONDS go in pieces cut in the widest pauses between recognised words."""
    if not heard:
        return []
    out: list[Word] = []
    start = 0
    while start < len(heard):
        t0 = 0.0 if start == 0 else (heard[start - 1].end + heard[start].start) / 2
        stop = start + 1
        while stop < len(heard) and heard[stop].end - t0 <= MAX_SECONDS - 1.0:
            stop += 1
        if stop < len(heard):  # end the piece in the widest pause of its second half
            lo = start + max(1, (stop - start) // 2)
            stop = max(range(lo, stop), key=lambda i: heard[i].start - heard[i - 1].end)
        t1 = len(wav) / sr if stop == len(heard) else (heard[stop - 1].end + heard[stop].start) / 2
        t1 = min(t1, t0 + MAX_SECONDS)
        piece = wav[int(t0 * sr):int(t1 * sr)]
        aligned = align_words(piece, sr, [w.text for w in heard[start:stop]], language)
        out += [Word(w.text, w.start + t0, w.end + t0) for w in aligned]
        start = stop
    return out
