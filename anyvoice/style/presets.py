"""Named styles and a parser for short prompts such as "calm and slow" or "very excited"."""
from __future__ import annotations

import re

from anyvoice.errors import InputError
from anyvoice.style.prosody import Prosody
from anyvoice.text.words import INTENSIFIERS

#: Each style as a prosody change. Directions follow the acoustic correlates of vocal emotion reported in
#: the speech literature: arousal raises pitch, range, rate and level; sadness lowers all of them.
STYLES: dict[str, Prosody] = {
    "neutral": Prosody(),
    "cheerful": Prosody(pitch_st=2.5, pitch_range=1.4, pace=1.08, loudness_db=2.0, tilt_db=0.8),
    "excited": Prosody(pitch_st=4.0, pitch_range=1.6, pace=1.18, loudness_db=4.0, pause=0.7, tilt_db=1.5),
    "sad": Prosody(pitch_st=-2.0, pitch_range=0.6, pace=0.82, loudness_db=-4.0, pause=1.5, tilt_db=-1.5),
    "angry": Prosody(pitch_st=1.5, pitch_range=1.3, pace=1.1, loudness_db=6.0, pause=0.8, tilt_db=2.5),
    "calm": Prosody(pitch_st=-1.0, pitch_range=0.75, pace=0.9, loudness_db=-2.0, pause=1.3, tilt_db=-1.0),
    "whispering": Prosody(pitch_range=0.8, pace=0.92, loudness_db=-8.0, whisper=1.0),
    "slow": Prosody(pace=0.75, pause=1.5),
    "fast": Prosody(pace=1.3, pause=0.7),
    "tired": Prosody(pitch_st=-1.5, pitch_range=0.6, pace=0.85, loudness_db=-3.0, pause=1.4, tilt_db=-2.0),
    "fearful": Prosody(pitch_st=3.0, pitch_range=0.8, pace=1.15, loudness_db=-1.0, tilt_db=0.5),
    "serious": Prosody(pitch_st=-1.5, pitch_range=0.8, pace=0.93, loudness_db=1.0),
    "monotone": Prosody(pitch_range=0.35),
    "loud": Prosody(loudness_db=6.0, tilt_db=1.5),
    "soft": Prosody(loudness_db=-6.0, tilt_db=-1.5),
    "high": Prosody(pitch_st=3.0),
    "low": Prosody(pitch_st=-3.0),
    "expressive": Prosody(pitch_range=1.6),
}
#: Other words people use for the same styles.
SYNONYMS = {"happy": "cheerful", "joyful": "cheerful", "cheery": "cheerful", "upbeat": "cheerful",
            "enthusiastic": "excited", "energetic": "excited", "thrilled": "excited", "unhappy": "sad",
            "melancholic": "sad", "gloomy": "sad", "furious": "angry", "mad": "angry", "annoyed": "angry",
            "relaxed": "calm", "soothing": "calm", "gentle": "calm", "whisper": "whispering",
            "whispered": "whispering", "quickly": "fast", "quick": "fast", "slowly": "slow", "sleepy": "tired",
            "exhausted": "tired", "scared": "fearful", "afraid": "fearful", "nervous": "fearful",
            "anxious": "fearful", "stern": "serious", "formal": "serious", "flat": "monotone", "bored": "monotone",
            "quiet": "soft", "quietly": "soft", "softly": "soft", "shouting": "loud", "loudly": "loud",
            "lively": "expressive", "animated": "expressive"}


def style_from_prompt(prompt: str) -> tuple[Prosody, list[str]]:
    """Parse a short style prompt into a Prosody and the list of styles it used (for explanations).

    Words combine ("calm and slow"); an intensifier scales the next style ("very sad", "a bit faster").
    Raises InputError when no style word is recognised.
    """
    words = re.findall(r"[a-z]+", prompt.lower())
    result, used, k = Prosody(), [], 1.0
    for w in words:
        if w in INTENSIFIERS:
            k *= INTENSIFIERS[w]
            continue
        base = w[:-2] if w.endswith("er") and w[:-2] in STYLES else w  # "faster", "louder"
        name = SYNONYMS.get(base, base)
        if name in STYLES:
            result = result.combine(STYLES[name].scaled(k))
            used.append(name if k == 1.0 else f"{name} x{k:g}")
            k = 1.0
    if not used:
        raise InputError(f"no style recognised in {prompt!r}; use words such as "
                         + ", ".join(sorted(STYLES)) + " (optionally with very / slightly)")
    return result, used
