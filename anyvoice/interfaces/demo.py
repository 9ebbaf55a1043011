"""The main job on bundled defaults: make a reference voice (or take the user's recording), clone it, speak with
every engine, design a voice from a description, report."""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.audio.vad import speech_regions
from anyvoice.engines import DEFAULT_ENGINE, ENGINES, create_engine
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import dnsmos, speaker_similarity, transcribe, wer
from anyvoice.evaluation.plots import spectrogram_figure, voice_space_figure
from anyvoice.files import write_text
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.progress import Progress
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.tts import TtsOptions, tts
from anyvoice.voice import Voice
from anyvoice.voice.describe import describe
from anyvoice.voice.design import design_voice, shared_bank

REFERENCE_STYLE = "kokoro:jf_nezumi"
REFERENCE_TEXT = ["Every morning the old ferry crossed the harbour while gulls circled above the grey water.",
                  "She kept a small notebook of recipes, maps and the names of strangers she met on trains.",
                  "Nobody expected the storm to arrive so early, but the wheat was already in."]
HELD_OUT_TEXT = "Music drifted from an open window as the evening light turned the street gold."
STYLED_TEXT = "And it can *also* sound like this."
STYLE = "cheerful"
DEMO_TEXT = "Hello! This voice was cloned from a short recording, offline, on an ordinary laptop processor."
DESIGN_PROMPT = "a calm, deep voice of an older man"
DESIGN_TEXT = "And this voice was made from nothing but a description."
HELD_OUT_SHARE = 0.25  # of a user's recording, kept back: similarity is measured on speech the voice never heard
MIN_REFERENCE_S = 6.0  # enough for a voice from the rest once the held-out quarter is cut off


def run_demo(out_dir: str | Path, progress: Progress | None = None, reference: str | Path | None = None) -> Path:
    """Write reference.wav, reference.voice, one clip per engine, a styled clip, a designed voice and its clip,
    demo.png (spectrograms), voice_space.png (the voice-space map) and report.md. The voice cloned is a bundled
    Kokoro style's, or with `reference` the voice of that recording (its last quarter held out)."""
    steps = 4 + len(ENGINES.names())
    tick = (lambda i: progress(i, steps)) if progress else (lambda i: None)
    reference_wav, held_out_wav, sr_ref, origin = _reference(reference)
    tick(1)
    voice = Voice.from_audio(reference_wav, sr_ref, name="demo-reference")  # a recording it refuses leaves no folder
    held_out = speaker_embedding(held_out_wav, sr_ref)  # after the refusal: silence has no speaker to embed
    tick(2)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_audio(out / "reference.wav", reference_wav, sr_ref)
    voice.save(out / "reference.voice")

    base = create_synthesizer("piper")
    source = base.synthesize(DEMO_TEXT)
    sr = base.sample_rate
    rows, clips, outputs = [], [("reference (the voice to clone)", reference_wav, sr_ref)], {}
    for i, name in enumerate(ENGINES.names(), start=3):
        outputs[name], row = _engine_clip(name, source, sr, voice, held_out, out)
        rows.append(row)
        clips.append((f"engine '{name}'" + (" (default)" if name == DEFAULT_ENGINE else ""), outputs[name], sr))
        tick(i)
    styled, _ = tts(STYLED_TEXT, voice, TtsOptions(style=STYLE))
    save_audio(out / "tts_styled.wav", styled, sr)
    clips.append((f"default engine, style '{STYLE}', *emphasis* on one word", styled, sr))
    designed = design_voice(text=DESIGN_PROMPT, name="designed")
    designed.save(out / "designed.voice")
    spoken, sr_design = tts(DESIGN_TEXT, designed)
    save_audio(out / "tts_designed.wav", spoken, sr_design)
    clips.append((f"designed from \"{DESIGN_PROMPT}\"", spoken, sr_design))
    tick(steps - 1)
    spectrogram_figure(clips, out / "demo.png")
    bank = shared_bank()
    voice_space_figure(bank.embeddings, bank.female_scores(),
                       [("reference", voice.embedding),
                        (f"{DEFAULT_ENGINE} output", speaker_embedding(outputs[DEFAULT_ENGINE], sr)),
                        ("base voice (Piper)", speaker_embedding(source, sr)),
                        ("designed", speaker_embedding(spoken, sr_design))], out / "voice_space.png")
    tick(steps)

    lines = _report(voice, origin, len(reference_wav) / sr_ref, rows, designed)
    write_text(out / "report.md", "\n".join(lines))
    results = {"voice": voice.summary(), "engines": rows,
               "designed": {**designed.summary(), "description": describe(designed)}}
    write_text(out / "results.json", json.dumps(results, indent=1))
    return out / "report.md"


def _reference(path: str | Path | None) -> tuple[np.ndarray, np.ndarray, int, str]:
    """(the speech a voice is made from, held-out speech of the same voice, their sample rate, where they came
    from): a bundled Kokoro style reading, or the user's recording at `path` cut in two."""
    if path is None:
        synth = create_synthesizer(REFERENCE_STYLE)
        sr = synth.sample_rate
        spoken = join_with_pauses([synth.synthesize(t) for t in REFERENCE_TEXT], sr, 0.3)
        return spoken, synth.synthesize(HELD_OUT_TEXT), sr, f"{REFERENCE_STYLE} reading {len(REFERENCE_TEXT)} sentences"
    wav, sr = load_audio(path)
    if len(wav) / sr < MIN_REFERENCE_S:
        raise InputError(f"{path}: {len(wav) / sr:.1f} s of audio; the demo needs a recording of at least "
                         f"{MIN_REFERENCE_S:.0f} s (it holds back the last quarter to measure similarity)")
    cut = held_out_cut(wav, sr)
    return wav[:cut], wav[cut:], sr, f"{Path(path).name}, with its last {(len(wav) - cut) / sr:.1f} s held out"


def held_out_cut(wav: np.ndarray, sr: int) -> int:
    """The sample where the held-out part of a recording starts: the pause between two stretches of speech nearest
    to the last HELD_OUT_SHARE of it (within its middle half to nine tenths), else that point itself."""
    target = (1 - HELD_OUT_SHARE) * len(wav)
    regions = speech_regions(wav, sr)
    pauses = [(end + start) // 2 for (_, end), (start, _) in zip(regions, regions[1:])
              if 0.5 * len(wav) <= (end + start) // 2 <= 0.9 * len(wav)]
    return int(min(pauses, key=lambda p: abs(p - target), default=target))


def _engine_clip(name: str, source: np.ndarray, sr: int, voice: Voice, held_out: np.ndarray, out: Path
                 ) -> tuple[np.ndarray, dict]:
    """`source` converted by engine `name` into `voice`, saved as tts_NAME.wav, and its row of the report."""
    t0 = time.perf_counter()
    wav = create_engine(name).convert(source, sr, voice)
    rtf = (time.perf_counter() - t0) / (len(source) / sr)
    save_audio(out / f"tts_{name}.wav", wav, sr)
    return wav, {"engine": name, "similarity": round(speaker_similarity(wav, sr, held_out), 3),
                 "wer": round(wer(DEMO_TEXT, transcribe(wav, sr)), 3), "dnsmos_ovrl": round(dnsmos(wav, sr)["ovrl"], 2),
                 "rtf": round(rtf, 3)}


def _report(voice: Voice, origin: str, reference_s: float, rows: list[dict], designed: Voice) -> list[str]:
    """The lines of report.md."""
    lines = ["# anyvoice demo", "", f"Reference: {origin} ({reference_s:.1f} s cloned). Text spoken by the Piper base "
             "voice, then rendered in the cloned voice by each engine. Similarity is to held-out speech of the "
             "reference speaker.", "",
             "## Voice", "", "```json", json.dumps(voice.summary(), indent=1), "```", "",
             "## Engines", "", "| engine | similarity | WER | DNSMOS | RTF |", "|---|---|---|---|---|"]
    lines += [f"| {r['engine']} | {r['similarity']:.3f} | {r['wer']:.2f} | {r['dnsmos_ovrl']:.2f} | {r['rtf']:.3f} |"
              for r in rows]
    return lines + ["", "`none` is the base voice unchanged (the baseline).", "",
                    f"`tts_styled.wav`: \"{STYLED_TEXT}\" with style '{STYLE}'.", "",
                    "## Designed voice", "", f"`tts_designed.wav`: \"{DESIGN_TEXT}\" in the voice designed from "
                    f"\"{DESIGN_PROMPT}\". `anyvoice voice describe` reads it back as: \"{describe(designed)}\"; "
                    f"and the cloned reference as: \"{describe(voice)}\".", "", "Where each attribute came from:", "",
                    *[f"- {line}" for line in designed.design.explanation], "",
                    "![spectrograms and pitch](demo.png)", "", "![voice space](voice_space.png)", ""]
