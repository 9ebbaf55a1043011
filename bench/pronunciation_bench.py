"""Pronunciation benchmark: is a word said as the given phonemes, in every kind of voice?

    .venv/bin/python bench/pronunciation_bench.py [--targets 3] [--out out/bench-pronunciation]

Each sentence holds one written word and, in SSML, `<phoneme ph="...">` with the IPA of a different everyday word
("salad" said as /ˈpiːtsə/). Whisper listens: a hit is the phonemes' word heard and the written one not. Beside
it, the same sentence without the markup: how often the written word itself is heard (the listener's own
ceiling). Voices: the two bundled bases as they are, and real human voices (the default engine converting the
base's speech into them).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from anyvoice.evaluation.evalset import SR, human_targets
from anyvoice.evaluation.metrics import transcribe
from anyvoice.evaluation.tables import markdown_table
from anyvoice.tasks.requests import SpeakRequest
from anyvoice.tasks.tts import TtsOptions
from anyvoice.voice import Voice
from anyvoice.voice.spec import VoiceSpec

#: (sentence with {} for the word, the written word, IPA of another word, that word as heard)
ITEMS = [("I would like some {}, please.", "salad", "ˈpiːtsə", "pizza"),
         ("We met {} at the station today.", "Grumbo", "ˈdʒʌmboʊ", "jumbo"),
         ("Please put it next to the {}.", "door", "ˈwɪndoʊ", "window"),
         ("She bought a new {} yesterday.", "car", "ˈkæmərə", "camera"),
         ("They saw a {} at the zoo.", "lion", "ˈmʌŋki", "monkey"),
         ("He reads a {} every night.", "book", "ˈmæɡəziːn", "magazine"),
         ("Take the {} with you.", "umbrella", "ˈbæskɪt", "basket"),
         ("The {} is closed today.", "museum", "ˈlaɪbrɛri", "library")]


def heard(text: str, voice: Voice | None, base: str | None, ssml: bool) -> str:
    result = SpeakRequest(text, VoiceSpec(voice), TtsOptions(base=base), ssml=ssml).run()
    return transcribe(result.audio, result.sample_rate).lower()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--targets", type=int, default=3, help="real human voices (default 3)")
    p.add_argument("--out", default="out/bench-pronunciation", help="folder for the evaluation-audio cache")
    args = p.parse_args()
    cache = Path(args.out) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    voices = [("Piper base", None, "piper"), ("Kokoro base (jf_alpha)", None, "kokoro:jf_alpha")]
    voices += [(t.name, Voice.from_audio(t.reference, SR, name=t.name), None)
               for t in human_targets(cache=cache)[: args.targets]]
    rows = []
    for name, voice, base in voices:
        t0, hits, plain = time.time(), 0, 0
        for sentence, word, ipa, other in ITEMS:
            marked = sentence.format(f"<phoneme alphabet='ipa' ph='{ipa}'>{word}</phoneme>")
            said = heard(f"<speak>{marked}</speak>", voice, base, ssml=True)
            hits += other in said and word.lower() not in said
            plain += word.lower() in heard(sentence.format(word), voice, base, ssml=False)
        rows.append([name, len(ITEMS), f"{100 * hits / len(ITEMS):.0f}", f"{100 * plain / len(ITEMS):.0f}",
                     f"{time.time() - t0:.0f}"])
    print(markdown_table(["voice", "words", "said as the IPA %", "written word heard without it %", "s"], rows))


if __name__ == "__main__":
    main()
