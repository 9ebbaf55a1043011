"""Building the voice bank from the bundled base voices (`anyvoice train bank`)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from anyvoice.audio.psola import shift_voice
from anyvoice.audio.signal import join_with_pauses
from anyvoice.progress import Progress
from anyvoice.voice import Voice
from anyvoice.voice.bank import BankEntry, VoiceBank

#: Base voices: Piper's one voice, the five Kokoro styles and blends that fill the space between them.
DEFAULT_BASES = ("piper", "kokoro:jf_alpha", "kokoro:jf_gongitsune", "kokoro:jf_nezumi", "kokoro:jf_tebukuro",
                 "kokoro:jm_kumo", "kokoro:jf_alpha+jm_kumo", "kokoro:jf_nezumi+jf_tebukuro",
                 "kokoro:jm_kumo*0.7+jf_tebukuro*0.3", "kokoro:jf_gongitsune*0.6+jm_kumo*0.4")
BANK_SENTENCES = ("The quick brown fox jumps over the lazy dog near the river bank.",
                  "Please call me back tomorrow morning, after the meeting has finished.")


@dataclass
class BankConfig:
    """What the bank spans: base voices x pitch shifts x formant scales."""

    bases: tuple[str, ...] = DEFAULT_BASES
    pitch_shifts_st: tuple[float, ...] = (-4.0, -2.0, 0.0, 2.0, 4.0)
    formant_ratios: tuple[float, ...] = (0.9, 1.0, 1.1)
    sentences: tuple[str, ...] = field(default=BANK_SENTENCES)


def reading_rate(wavs: list[np.ndarray], sr: int, sentences: tuple[str, ...]) -> float:
    """Syllables per second of `sentences` read as `wavs`, from the first to the last speech of each."""
    from anyvoice.audio.vad import speech_span_s
    from anyvoice.text.syllables import count_syllables

    seconds = sum(speech_span_s(wav, sr) for wav in wavs)
    return sum(count_syllables(s) for s in sentences) / max(seconds, 1e-3)


def build_bank(config: BankConfig | None = None, progress: Progress | None = None) -> VoiceBank:
    """Speak the bank sentences with every base, apply every transform, and measure each result."""
    from anyvoice.synth import create_synthesizer

    cfg = config or BankConfig()
    entries, embs, envs = [], [], []
    total = len(cfg.bases) * len(cfg.pitch_shifts_st) * len(cfg.formant_ratios)
    for base in cfg.bases:
        synth = create_synthesizer(base)
        sr = synth.sample_rate
        takes = [synth.synthesize(s) for s in cfg.sentences]
        wav = join_with_pauses(takes, sr, 0.3)
        own = Voice.from_audio(wav, sr)
        reading = reading_rate(takes, sr, cfg.sentences)
        for st in cfg.pitch_shifts_st:
            for ratio in cfg.formant_ratios:
                moved = wav if st == 0 and ratio == 1.0 else shift_voice(wav, sr, st, ratio,
                                                                         own.attributes.f0_median_hz)
                v = Voice.from_audio(moved, sr)
                entries.append(BankEntry(f"{base}|{st:+g}st|x{ratio:g}", base, st, ratio,
                                         own.attributes.speaking_rate, v.attributes, round(reading, 3)))
                embs.append(v.embedding)
                envs.append(v.envelope_mean)
                if progress:
                    progress(len(entries), total)
    return VoiceBank(entries, np.stack(embs).astype(np.float32), np.stack(envs).astype(np.float32))
