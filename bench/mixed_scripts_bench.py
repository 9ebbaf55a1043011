"""Words in another script: sentences holding a name, a brand or a title written in a script their language is not
(Latin in Russian, Cyrillic in English and French, hanzi and kana in English), spoken and heard back.

    .venv/bin/python bench/mixed_scripts_bench.py [--show]

Each sentence is spoken three ways: by its language's base reading the whole sentence (how every base read such a
sentence before words were cut out by script), as `anyvoice tts` speaks it with no voice (each stretch in another
script by its own language's base), and so into a real English voice (the alsa-utils woman, the default engine).
Whisper base hears each twice: told the sentence's language, for the share of the sentence's own words heard, and
told the other script's language, for the share of the words in that script heard (in order; Chinese and Japanese by
character). Then the forced aligner (word timings, subtitles) times each sentence said run by run with no voice,
where each run's place is known: how far it puts the start and end of the words in the other script. `--show`
prints what was heard where a word was missed.
"""
from __future__ import annotations

import argparse
import difflib
from dataclasses import dataclass

import numpy as np

from anyvoice.audio.signal import resample, trim_silence
from anyvoice.evaluation.evalset import SR, human_targets
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.forced_align import align_words
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.tts import RUN_FLOOR_DB, RUN_JOIN_S, TtsOptions, language_base, tts
from anyvoice.text import prepare
from anyvoice.text.languages import language, script_runs
from anyvoice.text.words import normalize_words
from anyvoice.voice import Voice


@dataclass(frozen=True)
class Mixed:
    """A sentence in `code` holding `other`, written in the script of `other_code`."""

    code: str
    text: str
    other: str
    other_code: str


SENTENCES = [
    Mixed("ru", "Я купил новый iPhone вчера вечером.", "iPhone", "en"),
    Mixed("ru", "Мы смотрели фильм Star Wars в кино.", "Star Wars", "en"),
    Mixed("ru", "Она работает в Google уже три года.", "Google", "en"),
    Mixed("ru", "Скачай приложение WhatsApp на новый телефон.", "WhatsApp", "en"),
    Mixed("ru", "Мой брат играет в Minecraft каждый вечер.", "Minecraft", "en"),
    Mixed("ru", "Завтра выходит новый альбом Coldplay.", "Coldplay", "en"),
    Mixed("en", "My favourite novel is Война и мир by Tolstoy.", "Война и мир", "ru"),
    Mixed("en", "We met in Москва last winter.", "Москва", "ru"),
    Mixed("en", "The word спасибо means thank you.", "спасибо", "ru"),
    Mixed("fr", "J'ai lu le roman Война и мир l'été dernier.", "Война и мир", "ru"),
    Mixed("fr", "Mon ami habite à Санкт-Петербург depuis deux ans.", "Санкт-Петербург", "ru"),
    Mixed("de", "Der Roman Преступление и наказание ist sehr lang.", "Преступление и наказание", "ru"),
    Mixed("ru", "Вчера я смотрел матч Real Madrid по телевизору.", "Real Madrid", "en"),
    Mixed("ru", "Купи мне, пожалуйста, кофе в Starbucks.", "Starbucks", "en"),
    Mixed("ru", "Его любимая группа The Beatles.", "The Beatles", "en"),
    Mixed("en", "The ballet Лебединое озеро opens tonight.", "Лебединое озеро", "ru"),
    Mixed("en", "Her grandmother always said до свидания at the door.", "до свидания", "ru"),
    Mixed("es", "Mi abuelo leyó Анна Каренина dos veces.", "Анна Каренина", "ru"),
    Mixed("it", "Il treno per Москва parte alle nove.", "Москва", "ru"),
    Mixed("pt", "Ela estudou em Новосибирск por dois anos.", "Новосибирск", "ru"),
    Mixed("en", "We flew to 北京 in May.", "北京", "zh"),
    Mixed("en", "My teacher wrote 你好 on the board.", "你好", "zh"),
    Mixed("en", "We ate dinner at a place called すし屋 near the station.", "すし屋", "ja"),
    Mixed("en", "The sign at the door said ありがとう.", "ありがとう", "ja"),
]


def heard_share(said: list[str], heard: list[str]) -> float:
    """The share of `said` found in `heard`, in order."""
    matcher = difflib.SequenceMatcher(a=said, b=heard, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(said))


def tokens(text: str, code: str) -> list[str]:
    """Words to match (characters for Chinese and Japanese, written without spaces)."""
    words = normalize_words(text, code)
    return [c for word in words for c in word] if code in ("zh", "ja") else words


def whole_base(m: Mixed) -> tuple[np.ndarray, int]:
    """The sentence read whole by its language's base, no voice."""
    synth = create_synthesizer(language_base(language(m.code), None), m.code)
    parts = [synth.synthesize(s) for s in prepare(m.text, language=m.code)]
    return np.concatenate(parts), synth.sample_rate


def heard(m: Mixed, wav: np.ndarray, sr: int, show: str) -> tuple[float, float]:
    """The shares of the sentence's own words and of the other script's words that Whisper base hears."""
    own_heard = transcribe_language(wav, sr, m.code)[0]
    other_heard = transcribe_language(wav, sr, m.other_code)[0]
    own = heard_share(tokens(m.text.replace(m.other, " "), m.code), tokens(own_heard, m.code))
    other = heard_share(tokens(m.other, m.other_code), tokens(other_heard, m.other_code))
    if show and min(own, other) < 1:
        print(f"  {show}: {m.text!r} heard as {own_heard!r} ({m.code}) and {other_heard!r} ({m.other_code})")
    return own, other


def run_by_run(m: Mixed) -> tuple[np.ndarray, int, tuple[float, float]]:
    """The sentence spoken run by run as `tts` joins them (no voice), and where the run in the other script starts
    and ends in it (seconds): word timings with a known answer."""
    around = language(m.code)
    synth = create_synthesizer(language_base(around, None), m.code)
    sr, parts, span, at = synth.sample_rate, [], (0.0, 0.0), 0.0
    for text, spoken in script_runs(m.text, around):
        base = synth if spoken == around else create_synthesizer(language_base(spoken, None), spoken.code)
        wav = resample(trim_silence(base.synthesize(text), base.sample_rate, RUN_FLOOR_DB), base.sample_rate, sr)
        if spoken != around:
            span = (at, at + len(wav) / sr)
        parts += [wav, np.zeros(int(RUN_JOIN_S * sr), np.float32)]
        at += len(wav) / sr + RUN_JOIN_S
    return np.concatenate(parts), sr, span


def timing_errors(m: Mixed) -> tuple[float, float]:
    """How far (seconds) the forced aligner puts the start of the other script's first word and the end of its
    last from where that run was said."""
    wav, sr, (start, end) = run_by_run(m)
    words = m.text.split()
    first = next(i for i in range(len(words)) if " ".join(words[i:]).startswith(m.other))
    timed = align_words(wav, sr, words, m.code)
    return abs(timed[first].start - start), abs(timed[first + len(m.other.split()) - 1].end - end)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print what was heard where a word was missed")
    args = ap.parse_args()
    alsa = next(t for t in human_targets() if t.name == "human-alsa")
    voice = Voice.from_audio(alsa.reference, SR, name=alsa.name)
    ways = {
        "the base reads it whole": whole_base,
        "by script, no voice": lambda m: tts(m.text, options=TtsOptions(language=m.code, engine="none")),
        "by script, into the alsa-utils woman": lambda m: tts(m.text, voice, TtsOptions(language=m.code)),
    }
    rows = []
    for name, speak in ways.items():
        shares = np.array([heard(m, *speak(m), name if args.show else "") for m in SENTENCES])
        for pair, part in (("ru", "Latin in Russian"), ("en", "Cyrillic, hanzi, kana in other languages")):
            picked = [i for i, m in enumerate(SENTENCES) if (m.code == "ru") == (pair == "ru")]
            own, other = shares[picked].mean(axis=0)
            rows.append([name, part, len(picked), f"{100 * own:.0f}", f"{100 * other:.0f}"])
    print(markdown_table(["spoken", "sentences", "count", "own words heard %", "other script's words heard %"],
                         rows))
    errors = np.array([timing_errors(m) for m in SENTENCES])
    print("\nWhere the other script's words are timed (the sentence said run by run, no voice: each run's place is "
          "known):\n")
    print(markdown_table(["sentences", "start off (mean, ms)", "end off (mean, ms)", "both within 100 ms %"],
                         [[len(SENTENCES), f"{1000 * errors[:, 0].mean():.0f}", f"{1000 * errors[:, 1].mean():.0f}",
                           f"{100 * np.mean(errors.max(axis=1) < 0.1):.0f}"]]))


if __name__ == "__main__":
    main()
