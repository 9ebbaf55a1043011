"""Where each word of spoken text lies in the speech: word timings and subtitles for text to speech.

Each sentence a stream yields is aligned on its own (the forced aligner, about 10 ms on clean speech) and moved
to its place in the whole speech, so timings come as the speech is made and cost one short alignment per
sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from anyvoice.inputs.asr import Word
from anyvoice.tasks.tts import Said, SpeechStream
from anyvoice.text.written_form import said_words

#: a subtitle cue holds at most this many words (a long sentence is shown in parts)
CUE_WORDS = 10


@dataclass(frozen=True)
class Caption:
    """One subtitle cue: its text and when it is said (seconds)."""

    text: str
    start: float
    end: float


def timed_chunks(stream: SpeechStream, sentences: list[list[Word]]) -> Iterator[np.ndarray]:
    """The stream's chunks, unchanged; while they pass, `sentences` gets each sentence's words as written ("$5",
    timed from the start of "five" to the end of "dollars"), timed from the start of the whole speech. A sentence
    that comes in several chunks is timed once its last chunk has passed."""
    sr = stream.sample_rate
    offset, held = 0.0, []  # seconds before the sentence being heard; its chunks so far

    def time_held() -> None:
        nonlocal offset
        audio = np.concatenate(held)
        sentences.append(_timed_sentence(audio, sr, stream.spoken[len(sentences)], offset))
        offset += len(audio) / sr
        held.clear()

    for chunk in stream.chunks:
        if held and len(stream.spoken) > len(sentences) + 1:  # this chunk begins the next sentence
            time_held()
        held.append(chunk)
        yield chunk
    if held:
        time_held()


def _timed_sentence(audio: np.ndarray, sr: int, said: Said, offset: float) -> list[Word]:
    """The written words of one sentence's audio (which starts with `said.pause_s` of pause), read in the language
    it was spoken in, timed from `offset`."""
    from anyvoice.inputs.forced_align import align_words

    words = said_words(said.sentence)
    timed = align_words(audio[int(round(said.pause_s * sr)):], sr, words, said.language)
    groups = said.written if len(timed) == len(words) else tuple((w, 1) for w in words)
    at, placed, k = offset + said.pause_s, [], 0
    for text, n in groups:
        placed.append(Word(text, at + timed[k].start, at + timed[k + n - 1].end))
        k += n
    return placed


def captions(sentences: list[list[Word]], max_words: int = CUE_WORDS) -> list[Caption]:
    """Subtitle cues: one per sentence, a long sentence in parts of at most `max_words` words."""
    return [Caption(" ".join(w.text for w in part), part[0].start, part[-1].end)
            for words in sentences for part in (words[i:i + max_words] for i in range(0, len(words), max_words))]


def subtitles(sentences: list[list[Word]], fmt: str, duration: float, language: str = "en",
              max_words: int = CUE_WORDS) -> str:
    """The timed speech as a file's text: srt or vtt captions, txt, or json with its language and every word's
    start and end."""
    import json

    from anyvoice.text.subtitles import render_transcript

    text = render_transcript(captions(sentences, max_words), fmt, duration, language)
    if fmt != "json":
        return text
    timed = json.loads(text)
    timed["words"] = [{"word": w.text, "start": round(w.start, 3), "end": round(w.end, 3)}
                      for words in sentences for w in words]
    return json.dumps(timed, indent=1, ensure_ascii=False)
