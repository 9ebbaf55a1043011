"""Word timings and subtitles for text to speech."""
from __future__ import annotations

import json
import re

import numpy as np

from anyvoice.inputs.asr import Word, word_timings
from anyvoice.interfaces.cli import main
from anyvoice.tasks.timings import captions

TEXT = "The kettle is on. Dinner is at seven, and the guests arrive at eight. Please close the window."


def test_captions_follow_sentences_and_split_long_ones():
    words = [[Word(w, i, i + 0.5) for i, w in enumerate("one two three".split())],
             [Word(w, 10 + i, 10.5 + i) for i, w in enumerate("a b c d e".split())]]
    cues = captions(words, max_words=3)
    assert [c.text for c in cues] == ["one two three", "a b c", "d e"]
    assert (cues[1].start, cues[1].end, cues[2].start) == (10, 12.5, 13)


def test_tts_writes_subtitles_and_word_times_where_the_words_are_said(tmp_path, kokoro_female, capsys):
    voice = tmp_path / "alpha.voice"
    kokoro_female["voice"].save(voice)
    out, srt, timed = tmp_path / "speech.wav", tmp_path / "speech.srt", tmp_path / "speech.json"
    assert main(["tts", TEXT, "--voice", str(voice), "-o", str(out), "--subtitles", str(srt)]) == 0
    assert main(["tts", TEXT, "--voice", str(voice), "-o", str(out), "--subtitles", str(timed)]) == 0
    cues = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n(.+)", srt.read_text())
    assert [c[-1] for c in cues] == ["The kettle is on.", "Dinner is at seven, and the guests arrive at eight.",
                                     "Please close the window."]
    doc = json.loads(timed.read_text())
    words = doc["words"]
    assert [w["word"] for w in words] == TEXT.split()
    starts = [w["start"] for w in words]
    assert starts == sorted(starts) and all(w["end"] > w["start"] for w in words)
    assert words[-1]["end"] <= doc["duration"]
    import soundfile as sf

    wav, sr = sf.read(out, dtype="float32")
    heard = word_timings(wav, sr)  # Whisper's own word times, 50-150 ms off: a coarse second opinion
    ours = {w["word"].strip(".,").lower(): w["start"] for w in words}
    gaps = [abs(ours[h.text.strip(".,").lower()] - h.start) for h in heard if h.text.strip(".,").lower() in ours]
    assert len(gaps) >= 10 and np.median(gaps) < 0.2, gaps
    assert main(["tts", TEXT, "-o", str(out), "--subtitles", str(tmp_path / "speech.doc")]) == 2
    assert "unknown subtitle format" in capsys.readouterr().err
