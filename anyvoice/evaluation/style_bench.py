"""The style benchmark: does measured prosody move as each style asks, keeping words and speaker?"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from anyvoice.audio.world import estimate_f0
from anyvoice.evaluation.evalset import SR, human_targets, synthetic_targets
from anyvoice.evaluation.metrics import speaker_similarity, transcribe, wer
from anyvoice.inputs.asr import word_timings
from anyvoice.inputs.attributes import VoiceAttributes, measure_attributes
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.style.alignment import match_tokens
from anyvoice.style.presets import STYLES
from anyvoice.style.prosody import Prosody
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice

BENCH_STYLES = ["cheerful", "excited", "sad", "angry", "calm", "whispering", "slow", "fast", "tired", "fearful",
                "monotone", "loud"]
SENTENCES = ["The museum opens again next week after a long renovation.",
             "I left the keys on the kitchen table this morning.",
             "We should take the early train if the weather stays clear."]
EMPHASIS = [("Nobody told me the meeting was *cancelled* today.", "cancelled"),
            ("She wanted the *blue* car, not the red one.", "blue"),
            ("Put the box *under* the table, please.", "under")]


def spectral_tilt_db(wav: np.ndarray, sr: int) -> float:
    """Level of 2-6 kHz relative to 100 Hz-1 kHz, in dB (higher = brighter / breathier)."""
    spec = np.abs(np.fft.rfft(wav)) ** 2
    f = np.fft.rfftfreq(len(wav), 1 / sr)
    hi = spec[(f > 2000) & (f < 6000)].sum()
    lo = spec[(f > 100) & (f < 1000)].sum()
    return float(10 * np.log10((hi + 1e-12) / (lo + 1e-12)))


@dataclass
class Measured:
    """What the bench reads off one rendering."""

    attrs: VoiceAttributes
    duration: float
    tilt: float

    @property
    def voiced_fraction(self) -> float:
        return self.attrs.voiced_seconds / self.duration


def measure(wav: np.ndarray, sr: int) -> Measured:
    return Measured(measure_attributes(wav, sr), len(wav) / sr, spectral_tilt_db(wav, sr))


def expected_moves(p: Prosody) -> dict[str, Callable[[Measured, Measured], bool]]:
    """Checks implied by a style: name -> test(styled, neutral)."""
    checks: dict[str, Callable[[Measured, Measured], bool]] = {}
    if p.whisper >= 0.5:
        checks["voicing down"] = lambda s, n: s.voiced_fraction < 0.5 * n.voiced_fraction
        checks["tilt up (breath)"] = lambda s, n: s.tilt > n.tilt
    else:
        if p.pitch_st >= 1:
            checks["pitch up"] = lambda s, n: s.attrs.f0_median_hz > n.attrs.f0_median_hz
        if p.pitch_st <= -1:
            checks["pitch down"] = lambda s, n: s.attrs.f0_median_hz < n.attrs.f0_median_hz
        if p.pitch_range >= 1.2:
            checks["range up"] = lambda s, n: s.attrs.f0_range_st > n.attrs.f0_range_st
        if p.pitch_range <= 0.85:
            checks["range down"] = lambda s, n: s.attrs.f0_range_st < n.attrs.f0_range_st
        if abs(p.tilt_db) >= 1.5:
            checks["tilt"] = lambda s, n, up=p.tilt_db > 0: (s.tilt > n.tilt) == up
    if p.pace >= 1.05:
        checks["faster"] = lambda s, n: s.duration < n.duration
    if p.pace <= 0.95:
        checks["slower"] = lambda s, n: s.duration > n.duration
    if p.loudness_db >= 2:
        checks["louder"] = lambda s, n: s.attrs.energy_db > n.attrs.energy_db
    if p.loudness_db <= -2:
        checks["quieter"] = lambda s, n: s.attrs.energy_db < n.attrs.energy_db
    return checks


@dataclass
class StyleCase:
    """One styled rendering compared to the neutral rendering of the same sentence and voice."""

    style: str
    voice: str
    checks: dict[str, bool]
    wer: float
    neutral_wer: float
    similarity_to_neutral: float


def _word_prominence(wav: np.ndarray, sr: int, word: str) -> tuple[float, float] | None:
    """(pitch in semitones, level in dB) of `word` minus the mean of its neighbours, or None if not heard."""
    words = word_timings(wav, sr)
    idx = next((i for i, w in enumerate(words) if match_tokens(w.text) == match_tokens(word)), None)
    if idx is None:
        return None
    f0 = estimate_f0(wav, sr)

    def stats(w) -> tuple[float, float]:
        a, b = int(w.start * sr), int(w.end * sr)
        seg = f0[int(w.start * 200): int(w.end * 200)]
        v = seg[seg > 0]
        level = 10 * np.log10(np.mean(wav[a:b].astype(np.float64) ** 2) + 1e-12)
        return (12 * np.log2(np.median(v)) if v.size else np.nan), level

    me = stats(words[idx])
    nb = [stats(words[j]) for j in (idx - 1, idx + 1) if 0 <= j < len(words)]
    return me[0] - np.nanmean([n[0] for n in nb]), me[1] - np.mean([n[1] for n in nb])


def run_style_bench(n_voices: int = 3, log: Callable[[str], None] = print, cache=None, n_sentences: int = 3
                    ) -> tuple[list[StyleCase], list[bool]]:
    """Render every style for several voices and sentences; also test emphasis. Returns (cases, emphasis hits)."""
    targets = synthetic_targets(cache)[:1] + human_targets(cache=cache)[: max(0, n_voices - 1)]
    cases: list[StyleCase] = []
    emphasis_hits: list[bool] = []
    for target in targets:
        voice = Voice.from_audio(target.reference, SR, name=target.name)
        for text in SENTENCES[:n_sentences]:
            neutral, sr = tts(text, voice)
            n = measure(neutral, sr)
            n_wer = wer(text, transcribe(neutral, sr))
            n_emb = speaker_embedding(neutral, sr)
            for style in BENCH_STYLES:
                wav, _ = tts(text, voice, TtsOptions(style=style))
                s = measure(wav, sr)
                checks = {name: bool(test(s, n)) for name, test in expected_moves(STYLES[style]).items()}
                cases.append(StyleCase(style, target.name, checks, wer(text, transcribe(wav, sr)), n_wer,
                                       speaker_similarity(wav, sr, n_emb)))
            log(f"{target.name}: {text[:40]}... " + " ".join(
                f"{c.style}:{sum(c.checks.values())}/{len(c.checks)}" for c in cases[-len(BENCH_STYLES):]))
        for text, word in EMPHASIS[:n_sentences]:
            plain, sr = tts(text.replace("*", ""), voice)
            stressed, _ = tts(text, voice)
            a, b = _word_prominence(stressed, sr, word), _word_prominence(plain, sr, word)
            hit = a is not None and b is not None and (a[0] - b[0] > 0.5 or a[1] - b[1] > 1.0)
            emphasis_hits.append(bool(hit))
    return cases, emphasis_hits


def _row(label: str, cases: list[StyleCase]) -> str:
    ok = sum(sum(c.checks.values()) for c in cases)
    total = sum(len(c.checks) for c in cases)
    return (f"| {label} | {ok}/{total} ({100 * ok / max(total, 1):.1f} %) | "
            f"{100 * np.mean([c.wer for c in cases]):.1f} % ({100 * np.mean([c.neutral_wer for c in cases]):.1f} %) | "
            f"{np.mean([c.similarity_to_neutral for c in cases]):.3f} |")


def summary_table(cases: list[StyleCase]) -> str:
    """Per-style markdown table: share of prosody checks that moved as asked, WER against neutral's WER,
    speaker similarity to the neutral rendering; the last row is over all styles."""
    lines = ["| style | checks moved as asked | WER (neutral) | similarity to neutral |", "|---|---|---|---|"]
    lines += [_row(style, [c for c in cases if c.style == style]) for style in dict.fromkeys(c.style for c in cases)]
    return "\n".join(lines + [_row("**all**", cases)])
