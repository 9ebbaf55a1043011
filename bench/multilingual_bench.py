"""Speaking other languages: text to speech in every spoken language into English-speaking real voices, heard by
the multilingual Whisper base.

    .venv/bin/python bench/multilingual_bench.py [--engine select] [--styles] [--languages es,fr,...]
        [--out out/bench-multilingual]

For each language of text/languages.py (the evaluation set's three sentences each) and each English reference
voice (real speakers: the alsa-utils woman and the klettres English speaker): WER (Japanese, Chinese: CER) with
Whisper base told the language, the base each voice was spoken from, similarity to a held-out clip of the
reference speaker beside the same voice speaking English (the cross-lingual gap), DNSMOS and RTF, and raw Piper's
RTF on English in the same run. `--styles` first measures every bundled Kokoro style reading each language raw (no
voice), the sweep that chose each language's style.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from anyvoice.evaluation.evalset import LANGUAGE_TEXTS, SR, TTS_TEXT, human_targets
from anyvoice.evaluation.metrics import dnsmos, error_rate, speaker_similarity
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.tasks.tts import language_base
from anyvoice.text.languages import LANGUAGES


def heard_error(wav: np.ndarray, sr: int, text: str, code: str) -> float:
    """WER, or CER for Japanese (in kana) and Chinese (in simplified characters), of what Whisper base hears told
    the language."""
    return error_rate(text, transcribe_language(wav, sr, code)[0], code)


def style_sweep(codes: list[str]) -> None:
    """Every bundled Kokoro style reading each language of `codes`, with no voice: WER per style."""
    from anyvoice.models import load
    from anyvoice.synth.kokoro import KokoroSynthesizer

    styles = list(load("kokoro").styles)
    rows = []
    for code in codes:
        texts, row = LANGUAGE_TEXTS[code], [code]
        for style in styles:
            synth = KokoroSynthesizer(style=style, language=code)
            row.append(float(np.mean([heard_error(synth.synthesize(t), synth.sample_rate, t, code) for t in texts])))
        rows.append(row)
        print(" ".join(f"{c}" if isinstance(c, str) else f"{c:.2f}" for c in row), flush=True)
    print("\n### Kokoro styles reading each language (WER, Whisper base)\n")
    print(markdown_table(["language", *styles], rows))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", default="select")
    p.add_argument("--styles", action="store_true", help="first sweep the Kokoro styles per language")
    p.add_argument("--languages", default=",".join(LANGUAGE_TEXTS),
                   help="comma-separated codes to measure (English is always measured: the gap is to it)")
    p.add_argument("--out", default="out/bench-multilingual")
    args = p.parse_args()
    import anyvoice
    from anyvoice.synth import create_synthesizer

    codes = [c for c in args.languages.split(",") if c in LANGUAGE_TEXTS]
    cache = Path(args.out) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    if args.styles:
        style_sweep(codes)
    targets = [t for t in human_targets(cache=cache) if t.name in ("human-alsa", "human-klettres-en")]
    piper = create_synthesizer("piper")
    t0 = time.perf_counter()
    english = [piper.synthesize(t) for t in TTS_TEXT[:3]]
    piper_rtf = (time.perf_counter() - t0) / (sum(map(len, english)) / piper.sample_rate)
    rows, per_language, bases = [], {}, {}
    for target in targets:
        voice = anyvoice.Voice.from_audio(target.reference, SR, name=target.name)
        held = speaker_embedding(target.held_out, SR)
        for code in ["en", *codes]:
            texts = TTS_TEXT[:3] if code == "en" else LANGUAGE_TEXTS[code]
            options = anyvoice.TtsOptions(engine=args.engine, language=code)
            bases.setdefault(code, set()).add(language_base(LANGUAGES[code], voice))
            errors, sims, quality, compute, audio = [], [], [], 0.0, 0.0
            for text in texts:
                t = time.perf_counter()
                wav, sr = anyvoice.tts(text, voice, options)
                compute += time.perf_counter() - t
                audio += len(wav) / sr
                errors.append(heard_error(wav, sr, text, code))
                sims.append(speaker_similarity(wav, sr, held))
                quality.append(dnsmos(wav, sr)["ovrl"])
            per_language.setdefault(code, []).append((np.mean(errors), np.mean(sims), np.mean(quality),
                                                      compute / audio))
            print(f"{target.name} {code}: error {np.mean(errors):.2f} similarity {np.mean(sims):.3f}", flush=True)
    english_sim = np.mean([m[1] for m in per_language["en"]])
    for code, measures in per_language.items():
        wer_, sim, mos, rtf = np.mean(measures, axis=0)
        rows.append([f"{code} ({LANGUAGES[code].name})", ", ".join(sorted(bases[code])), 100 * wer_, sim,
                     sim - english_sim, mos, rtf, rtf / piper_rtf])
    print(f"\n### Text to speech per language, engine {args.engine}, into {len(targets)} real English voices "
          f"({len(texts)} sentences each)\n")
    print(markdown_table(["language", "base", "WER % (ja, zh: CER)", "similarity", "vs the voice speaking English",
                          "DNSMOS", "RTF", "x raw Piper (English)"], rows))
    print(f"\nraw Piper RTF (English, same run): {piper_rtf:.3f}")


if __name__ == "__main__":
    main()
