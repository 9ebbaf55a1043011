"""Short prompts (one to three words) in every style and engine: are their words heard, or is the user warned?

    .venv/bin/python bench/short_prompt_bench.py [--engines select,dsp,cfm] [--styles all]

Speaks each prompt in a real human voice (Debian's alsa-utils recordings) with each engine and style, and
listens with the bundled Whisper. Counts, per engine: heard right, warned (tts rendered it again and could not
get the words heard), and lost without a warning (the case to avoid).
"""
from __future__ import annotations

import argparse
import glob

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import join_with_pauses
from anyvoice.evaluation.tables import markdown_table
from anyvoice.style.alignment import heard_share
from anyvoice.style.presets import STYLES
from anyvoice.tasks.tts import TtsOptions, tts_stream
from anyvoice.voice import Voice

PROMPTS = ["Hello.", "We won!", "Hello there.", "Yes.", "No way!", "Thank you.", "Good morning.", "Stop.",
           "Come here now.", "I know."]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engines", default="select,dsp,cfm")
    p.add_argument("--styles", default="neutral,excited,whispering,angry,sad,fast,slow,monotone",
                   help="comma-separated, or 'all' (neutral: no style)")
    args = p.parse_args()
    styles = ["neutral", *STYLES] if args.styles == "all" else args.styles.split(",")
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    voice = Voice.from_audio(join_with_pauses([load_audio(f, sr=24000)[0] for f in files], 24000, 0.3), 24000)
    rows = []
    for engine in args.engines.split(","):
        heard = warned = lost = 0
        for style in styles:
            for prompt in PROMPTS:
                options = TtsOptions(engine=engine, style=None if style == "neutral" else f"very {style}")
                stream = tts_stream(prompt, voice, options)
                wav = np.concatenate(list(stream.chunks))
                if heard_share(wav, stream.sample_rate, prompt.split()) == 1.0:
                    heard += 1
                elif stream.warnings:
                    warned += 1
                else:
                    lost += 1
        n = heard + warned + lost
        rows.append([engine, n, f"{100 * heard / n:.1f} %", f"{100 * warned / n:.1f} %", lost])
        print(f"{engine}: {heard} heard, {warned} warned, {lost} lost silently", flush=True)
    print(f"\n{len(PROMPTS)} prompts x {len(styles)} styles ('very' each), voice: the alsa-utils speaker\n")
    print(markdown_table(["engine", "renders", "heard right", "warned", "lost without a warning"], rows))


if __name__ == "__main__":
    main()
