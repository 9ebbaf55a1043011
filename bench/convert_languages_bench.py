"""Conversion of real people's speech in several languages into real voices no network trained on.

    .venv/bin/python bench/convert_languages_bench.py --corpus CORPUS [--languages en,es,fr,ru,cs]
        [--engines select,cfm-filter] [--clips 8]

CORPUS is a folder made by `anyvoice corpus build`. For each language, `--clips` recordings of its source speaker
(evaluation/real_voices.py: asterisk's Allison in English and Spanish, June in French, the festvox Russian reader,
the Fish Fillets big fish in Czech; 2.5-8 s, with the words said as the package writes them) are converted into
every held-out speaker of the corpus but the source's own, each engine told the recording's language as `anyvoice
convert --lang` tells it. Whisper base (tiny.en for English), told the language, hears the source and each
conversion: WER against the words said, and GE2E similarity of each conversion to other clips of its target. The
source's own WER is what the listener loses before any conversion; each engine's WER minus the source's comes with
its bootstrap interval over the recordings (a recording's conversions into every voice drawn together), so a
handful of recordings shows how little it can tell.
"""
from __future__ import annotations

import argparse

import numpy as np

from anyvoice.evaluation.evalset import SR
from anyvoice.evaluation.intervals import bootstrap_interval
from anyvoice.evaluation.metrics import error_rate, speaker_similarity
from anyvoice.evaluation.real_voices import real_sources, real_targets
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.speech import speaker_embedding


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--languages", default="en,es,fr,ru,cs")
    p.add_argument("--engines", default="select,cfm-filter")
    p.add_argument("--clips", type=int, default=8, help="recordings converted per language (with fewer, a loss "
                   "of a few points is within the noise)")
    args = p.parse_args()
    import anyvoice
    from anyvoice.engines import create_engine

    engines = {name: create_engine(name) for name in args.engines.split(",")}
    targets = [(anyvoice.Voice.from_audio(t.reference, SR, name=t.name), speaker_embedding(t.held_out, SR))
               for t in real_targets(args.corpus)]
    sources = real_sources(args.corpus, per_language=args.clips)
    rows = []
    for code in args.languages.split(","):
        mine = [s for s in sources if s.language == code]
        if not mine:
            print(f"{code}: the corpus has no source recordings in this language; skipped")
            continue

        def heard(wav: np.ndarray, text: str) -> float:
            return error_rate(text, transcribe_language(wav, SR, code)[0], code)

        source_errors = [heard(s.wav, s.text) for s in mine]
        row = [code, len(mine), 100 * float(np.mean(source_errors))]
        for name, any_language in engines.items():
            engine = any_language.for_recording_in(code)
            errors, lost, recording, sims = [], [], [], []
            for k, s in enumerate(mine):
                for voice, held in targets:
                    if voice.name != s.speaker:
                        y = engine.convert(s.wav, SR, voice)
                        errors.append(heard(y, s.text))
                        lost.append(errors[-1] - source_errors[k])
                        recording.append(k)
                        sims.append(speaker_similarity(y, SR, held))
            row += [100 * float(np.mean(errors)), bootstrap_interval(lost, recording).percent(sign=True),
                    float(np.mean(sims))]
            print(f"{code} {name}: WER {row[-3]:.1f} % similarity {row[-1]:.3f} ({len(errors)} conversions)",
                  flush=True)
        rows.append(row)
    print("\n### Real speech converted into the held-out voices\n")
    print(markdown_table(["language", "recordings", "source WER %",
                          *[f"{name} {m}" for name in engines
                            for m in ("WER %", "WER minus the source's (95 % interval)", "similarity")]], rows))


if __name__ == "__main__":
    main()
