"""The main job on bundled defaults: make a reference voice, clone it, speak with every engine, report."""
from __future__ import annotations

import json
import time
from pathlib import Path

from anyvoice.audio.io import save_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.engines import DEFAULT_ENGINE, ENGINES, create_engine
from anyvoice.evaluation.metrics import dnsmos, speaker_similarity, transcribe, wer
from anyvoice.evaluation.plots import spectrogram_figure
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.common import Progress
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice

REFERENCE_STYLE = "kokoro:jf_nezumi"
REFERENCE_TEXT = ["Every morning the old ferry crossed the harbour while gulls circled above the grey water.",
                  "She kept a small notebook of recipes, maps and the names of strangers she met on trains.",
                  "Nobody expected the storm to arrive so early, but the wheat was already in."]
HELD_OUT_TEXT = "Music drifted from an open window as the evening light turned the street gold."
STYLED_TEXT = "And it can *also* sound like this."
STYLE = "cheerful"
DEMO_TEXT = "Hello! This voice was cloned from a short recording, offline, on an ordinary laptop processor."


def run_demo(out_dir: str | Path, progress: Progress | None = None) -> Path:
    """Write reference.wav, reference.voice, one clip per engine, a styled clip, demo.png and report.md."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    steps = 3 + len(ENGINES.names())
    tick = (lambda i: progress(i, steps)) if progress else (lambda i: None)

    ref_synth = create_synthesizer(REFERENCE_STYLE)
    sr_ref = ref_synth.sample_rate
    reference = join_with_pauses([ref_synth.synthesize(t) for t in REFERENCE_TEXT], sr_ref, 0.3)
    save_audio(out / "reference.wav", reference, sr_ref)
    held_out = speaker_embedding(ref_synth.synthesize(HELD_OUT_TEXT), sr_ref)
    tick(1)
    voice = Voice.from_audio(reference, sr_ref, name="demo-reference")
    voice.save(out / "reference.voice")
    tick(2)

    base = create_synthesizer("piper")
    source = base.synthesize(DEMO_TEXT)
    sr = base.sample_rate
    rows, clips = [], [("reference (Kokoro style, the voice to clone)", reference, sr_ref)]
    for i, name in enumerate(ENGINES.names(), start=3):
        engine = create_engine(name)
        t0 = time.perf_counter()
        wav = engine.convert(source, sr, voice)
        rtf = (time.perf_counter() - t0) / (len(source) / sr)
        save_audio(out / f"tts_{name}.wav", wav, sr)
        rows.append({"engine": name, "similarity": round(speaker_similarity(wav, sr, held_out), 3),
                     "wer": round(wer(DEMO_TEXT, transcribe(wav, sr)), 3),
                     "dnsmos_ovrl": round(dnsmos(wav, sr)["ovrl"], 2),
                     "rtf": round(rtf, 3)})
        clips.append((f"engine '{name}'" + (" (default)" if name == DEFAULT_ENGINE else ""), wav, sr))
        tick(i)
    styled, _ = tts(STYLED_TEXT, voice, TtsOptions(style=STYLE))
    save_audio(out / "tts_styled.wav", styled, sr)
    clips.append((f"default engine, style '{STYLE}', *emphasis* on one word", styled, sr))
    spectrogram_figure(clips, out / "demo.png")
    tick(steps)

    lines = ["# anyvoice demo", "", f"Reference: {REFERENCE_STYLE} reading {len(REFERENCE_TEXT)} sentences "
             f"({len(reference) / sr_ref:.1f} s). Text spoken by the Piper base voice, then rendered in the cloned "
             "voice by each engine. Similarity is to a held-out sentence of the reference speaker.", "",
             "## Voice", "", "```json", json.dumps(voice.summary(), indent=1), "```", "",
             "## Engines", "", "| engine | similarity | WER | DNSMOS | RTF |", "|---|---|---|---|---|"]
    lines += [f"| {r['engine']} | {r['similarity']:.3f} | {r['wer']:.2f} | {r['dnsmos_ovrl']:.2f} | {r['rtf']:.3f} |"
              for r in rows]
    lines += ["", "`none` is the base voice unchanged (the baseline).", "",
              f"`tts_styled.wav`: \"{STYLED_TEXT}\" with style '{STYLE}'.", "",
              "![spectrograms and pitch](demo.png)", ""]
    (out / "report.md").write_text("\n".join(lines))
    (out / "results.json").write_text(json.dumps({"voice": voice.summary(), "engines": rows}, indent=1))
    return out / "report.md"
