"""Speaking other languages: text to speech in every spoken language into English-speaking real voices, heard by
the multilingual Whisper base.

    .venv/bin/python bench/multilingual_bench.py [--engine select] [--cfm-checkpoint CKPT] [--styles]
        [--languages es,fr,...] [--sentences N] [--corpus corpus] [--out out/bench-multilingual]

For each language of text/languages.py (the evaluation set's 24 sentences each, the same sentences in every language,
or the first N) and each English reference voice (real speakers: the alsa-utils woman and the klettres English
speaker): WER (Japanese, Chinese: CER) with Whisper base told the language, the base each voice was spoken from and
its own error reading the sentences with no voice, similarity to a held-out clip of the reference speaker beside the
same voice speaking the same sentences in English (the cross-lingual gap; by GE2E and by the d-vector, two embedders
trained apart), DNSMOS and RTF, and raw Piper's RTF on English in the same run; the WER's interval is the bootstrap's
over the sentences (a sentence in both voices drawn together), how far the figure could move with other sentences of
the kind; every sentence not heard right is printed with what was heard. `--styles` first measures every bundled
Kokoro style reading each language raw (no voice), the sweep that chose each language's style. `--corpus` (a built
real-speech corpus) adds the cross-lingual gap of a real person: a speaker of the corpus recorded in English and
another language, their clips in each language against their English reference; and cross-lingual cloning the other
way: the corpus's held-out speakers of the languages anyvoice speaks (Italian, Russian, French), cloned from their own
recordings, speaking their language and English.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from anyvoice.engines import Engine
from anyvoice.evaluation.evalset import LANGUAGE_TEXTS, SR, human_targets
from anyvoice.evaluation.intervals import Interval, bootstrap_interval
from anyvoice.evaluation.metrics import dnsmos, error_rate, phoneme_error_rate
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.speech import cosine, dvector_embedding, speaker_embedding
from anyvoice.tasks.tts import language_base
from anyvoice.text.languages import LANGUAGES
from anyvoice.voice import Voice


def heard_errors(wav: np.ndarray, sr: int, text: str, code: str, show: str = "") -> tuple[float, float]:
    """WER (CER for Japanese, in kana, and Chinese, in simplified characters) and phoneme error rate of what Whisper
    base hears told the language; with `show`, a sentence not heard right is printed after it, with what was
    heard. The phonemes tell a sound heard otherwise from a homophone spelled otherwise ("mère" for "mer")."""
    heard = transcribe_language(wav, sr, code)[0]
    error = error_rate(text, heard, code)
    if show and error > 0:
        print(f"  {show} {code} {100 * error:.0f} %: {text!r} heard as {heard!r}", flush=True)
    return error, phoneme_error_rate(text, heard, code)


def sentences(code: str, count: int | None = None) -> list[str]:
    """The sentences spoken in `code`, the first `count` of them (None: all); English's are the reference the gap
    is taken to."""
    return LANGUAGE_TEXTS[code][:count]


def embeddings(wav: np.ndarray, sr: int = SR) -> tuple[np.ndarray, np.ndarray]:
    """The GE2E embedding and the d-vector of `wav`: the two measures of similarity. They were trained
    apart, so a gap both show is the voice's, not one embedder's view of a language."""
    return speaker_embedding(wav, sr), dvector_embedding(wav, sr)


def similarities(wav: np.ndarray, sr: int, held: tuple[np.ndarray, np.ndarray]) -> tuple[float, float]:
    """GE2E and d-vector similarity of `wav` to `held` (the `embeddings` of other speech of the speaker)."""
    return tuple(cosine(mine, theirs) for mine, theirs in zip(embeddings(wav, sr), held))


@dataclass(frozen=True)
class Spoken:
    """A voice speaking one language's sentences: each sentence's error and phoneme error, mean GE2E and d-vector
    similarity to other speech of the voice's speaker, mean DNSMOS and RTF."""

    errors: tuple[float, ...]
    phoneme_errors: tuple[float, ...]
    ge2e: float
    dvector: float
    mos: float
    rtf: float

    @property
    def error(self) -> float:
        return float(np.mean(self.errors))


def speak(voice: Voice, held: tuple[np.ndarray, np.ndarray], code: str, engine: Engine | str,
          count: int | None = None) -> Spoken:
    """`voice` speaking `code`'s first `count` sentences through `engine`, measured against `held` (the
    `embeddings` of other speech of the voice's speaker)."""
    import anyvoice

    options = anyvoice.TtsOptions(engine=engine, language=code)
    errors, sims, quality, compute, audio = [], [], [], 0.0, 0.0
    for text in sentences(code, count):
        t = time.perf_counter()
        wav, sr = anyvoice.tts(text, voice, options)
        compute += time.perf_counter() - t
        audio += len(wav) / sr
        errors.append(heard_errors(wav, sr, text, code, show=voice.name))
        sims.append(similarities(wav, sr, held))
        quality.append(dnsmos(wav, sr)["ovrl"])
    ge2e, dvector = np.mean(sims, axis=0)
    words, sounds = zip(*errors)
    print(f"{voice.name} {code}: error {np.mean(words):.2f} (phonemes {np.mean(sounds):.2f}) similarity {ge2e:.3f} "
          f"(d-vector {dvector:.3f})", flush=True)
    return Spoken(words, sounds, float(ge2e), float(dvector), float(np.mean(quality)), compute / audio)


def error_interval(spoken: list[Spoken], phonemes: bool = False) -> Interval:
    """The mean error (phoneme error with `phonemes`) of one language's sentences across the voices, with its
    bootstrap interval over sentences (a sentence's errors in every voice drawn together: the sentences are the
    sample)."""
    errors = [e for s in spoken for e in (s.phoneme_errors if phonemes else s.errors)]
    return bootstrap_interval(errors, clusters=[k for s in spoken for k in range(len(s.errors))])


def base_errors(bases: set[str], code: str, count: int | None = None) -> tuple[float, float]:
    """The bases reading `code`'s first `count` sentences with no voice: their mean error and phoneme error (what
    is lost before any voice)."""
    from anyvoice.synth import create_synthesizer

    errors = []
    for base in sorted(bases):
        synth = create_synthesizer(base, code)
        errors += [heard_errors(synth.synthesize(t), synth.sample_rate, t, code, show=f"raw {base}")
                   for t in sentences(code, count)]
    return tuple(float(e) for e in np.mean(errors, axis=0))


def bilingual_gap(corpus: Path, clips: int = 40, reference_s: float = 30.0) -> list[list]:
    """For each speaker of the corpus recorded in English and another language: mean similarity (GE2E, d-vector)
    of their own clips in each language to a reference made of their other English clips (what a real person loses
    across languages, by the same measures)."""
    from anyvoice.audio.io import load_audio
    from anyvoice.corpus.manifest import by_speaker, read_manifest

    rows, rng = [], np.random.default_rng(0)
    for speaker, own in by_speaker(read_manifest(corpus / "manifest.jsonl")).items():
        languages = sorted({e.language for e in own} - {"en", ""})
        english = [e for e in own if e.language == "en" and e.duration >= 2.0]
        if "en" not in {e.language for e in own} or not languages or len(english) < clips + 4:
            continue
        english = [english[i] for i in rng.permutation(len(english))]
        take = int(np.searchsorted(np.cumsum([e.duration for e in english]), reference_s)) + 1
        held = embeddings(np.concatenate([load_audio(corpus / e.path, sr=SR)[0] for e in english[:take]]))

        def similarity(entries: list) -> np.ndarray:
            picked = [entries[i] for i in rng.permutation(len(entries))[:clips]]
            return np.mean([similarities(load_audio(corpus / e.path, sr=SR)[0], SR, held) for e in picked], axis=0)

        english_sim = similarity(english[take:])
        for code in languages:
            sim = similarity([e for e in own if e.language == code and e.duration >= 2.0])
            rows.append([speaker, code, *english_sim, *sim, *(sim - english_sim)])
    return rows


def native_voices(corpus: Path, engine: Engine | str, count: int | None = None) -> list[list]:
    """Cross-lingual cloning the other way: each held-out speaker of the corpus who speaks a language anyvoice
    speaks, cloned from their reference, speaking their own language and English; similarity to other clips of
    theirs in each case."""
    import anyvoice
    from anyvoice.corpus.manifest import read_manifest
    from anyvoice.corpus.split import held_out_speakers
    from anyvoice.evaluation.real_voices import real_targets

    spoken = {h.speaker: h.reference[0].language for h in held_out_speakers(read_manifest(corpus / "manifest.jsonl"))}
    rows = []
    for target in real_targets(corpus):
        code = spoken[target.name]
        if code not in LANGUAGES or code == "en":
            continue
        voice = anyvoice.Voice.from_audio(target.reference, SR, name=target.name)
        held = embeddings(target.held_out)
        own, english = speak(voice, held, code, engine, count), speak(voice, held, "en", engine)
        rows.append([target.name, code, 100 * own.error, own.ge2e, 100 * english.error, english.ge2e,
                     english.ge2e - own.ge2e, english.dvector - own.dvector])
    return rows


def style_sweep(codes: list[str], count: int | None = None) -> None:
    """Every bundled Kokoro style reading each language of `codes` (its first `count` sentences), with no voice:
    WER per style."""
    from anyvoice.models import load
    from anyvoice.synth.kokoro import KokoroSynthesizer

    styles = list(load("kokoro").styles)
    rows = []
    for code in codes:
        texts, row = sentences(code, count), [code]
        for style in styles:
            synth = KokoroSynthesizer(style=style, language=code)
            row.append(float(np.mean([heard_errors(synth.synthesize(t), synth.sample_rate, t, code)[0]
                                      for t in texts])))
        rows.append(row)
        print(" ".join(f"{c}" if isinstance(c, str) else f"{c:.2f}" for c in row), flush=True)
    print("\n### Kokoro styles reading each language (WER, Whisper base)\n")
    print(markdown_table(["language", *styles], rows))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", default="select")
    p.add_argument("--cfm-checkpoint", help="a cfm decoder of your own for --engine cfm or cfm-filter")
    p.add_argument("--styles", action="store_true", help="first sweep the Kokoro styles per language")
    p.add_argument("--languages", default=",".join(c for c in LANGUAGE_TEXTS if c != "en"),
                   help="comma-separated codes to measure (English is always measured: the gap is to it)")
    p.add_argument("--corpus", type=Path, help="a built real-speech corpus: add a bilingual speaker's own gap and "
                   "its held-out speakers of other languages speaking English")
    p.add_argument("--sentences", type=int, help="the first N sentences of each language (default: all "
                   f"{len(LANGUAGE_TEXTS['es'])})")
    p.add_argument("--out", default="out/bench-multilingual")
    args = p.parse_args()
    if args.sentences is not None and args.sentences < 1:
        p.error(f"--sentences must be 1 or more, got {args.sentences}")
    import anyvoice
    from anyvoice.engines.cfm.engine import engine_named
    from anyvoice.synth import create_synthesizer

    codes = [c for c in args.languages.split(",") if c in LANGUAGE_TEXTS and c != "en"]
    engine = engine_named(args.engine, args.cfm_checkpoint)
    cache = Path(args.out) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    if args.styles:
        style_sweep(codes, args.sentences)
    targets = [t for t in human_targets(cache=cache) if t.name in ("human-alsa", "human-klettres-en")]
    piper = create_synthesizer("piper")
    t0 = time.perf_counter()
    english = [piper.synthesize(t) for t in sentences("en", args.sentences)]
    piper_rtf = (time.perf_counter() - t0) / (sum(map(len, english)) / piper.sample_rate)
    rows, per_language, bases = [], {}, {}
    for target in targets:
        voice = anyvoice.Voice.from_audio(target.reference, SR, name=target.name)
        held = embeddings(target.held_out)
        for code in ["en", *codes]:
            bases.setdefault(code, set()).add(language_base(LANGUAGES[code], voice))
            per_language.setdefault(code, []).append(speak(voice, held, code, engine, args.sentences))
    english_sim = np.mean([(m.ge2e, m.dvector) for m in per_language["en"]], axis=0)
    for code, measures in per_language.items():
        sim, dvector, mos, rtf = np.mean([(m.ge2e, m.dvector, m.mos, m.rtf) for m in measures], axis=0)
        base_words, base_sounds = base_errors(bases[code], code, args.sentences)
        rows.append([f"{code} ({LANGUAGES[code].name})", ", ".join(sorted(bases[code])), 100 * base_words,
                     100 * base_sounds, error_interval(measures).percent(), error_interval(measures, True).percent(),
                     sim, sim - english_sim[0], dvector - english_sim[1], mos, rtf, rtf / piper_rtf])
    checkpoint = f" ({args.cfm_checkpoint})" if args.cfm_checkpoint else ""
    print(f"\n### Text to speech per language, engine {args.engine}{checkpoint}, into {len(targets)} real English "
          f"voices ({len(sentences('es', args.sentences))} sentences a language, English too)\n")
    print(markdown_table(["language", "base", "base alone: WER %", "base alone: phoneme error %",
                          "WER % (ja, zh: CER; 95 % interval, sentences resampled)",
                          "phoneme error % (95 % interval)", "similarity",
                          "vs the voice speaking English", "the same by d-vector", "DNSMOS", "RTF",
                          "x raw Piper (English)"], rows))
    print(f"\nraw Piper RTF (English, same run): {piper_rtf:.3f}")
    if args.corpus:
        print("\n### A real person across languages (their own clips against their English reference)\n")
        print(markdown_table(["speaker", "language", "similarity, English clips", "d-vector", "similarity, this "
                              "language", "d-vector", "gap", "d-vector gap"], bilingual_gap(args.corpus)))
        print("\n### Real voices of other languages speaking their own language and English\n")
        print(markdown_table(["speaker", "language", "WER % in it", "similarity in it", "WER % in English",
                              "similarity in English", "gap (English - own)", "d-vector gap"],
                             native_voices(args.corpus, engine, args.sentences)))


if __name__ == "__main__":
    main()
