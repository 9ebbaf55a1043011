"""Word timings and subtitles for text to speech."""
from __future__ import annotations

import json

import numpy as np
import pytest

from anyvoice.inputs.asr import Word, word_timings
from anyvoice.interfaces.cli import main
from anyvoice.tasks.timings import captions, subtitles, timed_chunks

TEXT = "The kettle is on. Dinner is at seven, and the guests arrive at eight. Please close the window."


def test_captions_follow_sentences_and_split_long_ones():
    words = [[Word(w, i, i + 0.5) for i, w in enumerate("one two three".split())],
             [Word(w, 10 + i, 10.5 + i) for i, w in enumerate("a b c d e".split())]]
    cues = captions(words, max_words=3)
    assert [c.text for c in cues] == ["one two three", "a b c", "d e"]
    assert (cues[1].start, cues[1].end, cues[2].start) == (10, 12.5, 13)
    assert "2\n00:00:10,000 --> 00:00:12,500\na b c\n" in subtitles(words, "srt", 20.0, max_words=3)
    assert subtitles(words, "vtt", 20.0, max_words=3).startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\none two")


@pytest.mark.slow
def test_tts_writes_subtitles_and_word_times_where_the_words_are_said(tmp_path, kokoro_female, capsys):
    voice = tmp_path / "alpha.voice"
    kokoro_female["voice"].save(voice)
    out, timed = tmp_path / "speech.wav", tmp_path / "speech.json"
    assert main(["tts", TEXT, "--voice", str(voice), "-o", str(out), "--subtitles", str(timed)]) == 0
    doc = json.loads(timed.read_text())
    assert [c["text"] for c in doc["segments"]] == ["The kettle is on.", "Dinner is at seven, and the guests arrive "
                                                    "at eight.", "Please close the window."]
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


def test_subtitles_show_the_words_as_written(tmp_path):
    timed = tmp_path / "paid.json"
    lexicon = tmp_path / "names.lex"
    lexicon.write_text("Nguyen = win\n")
    assert main(["tts", "Dr. Nguyen paid $5 for it.", "--lexicon", str(lexicon), "-o", str(tmp_path / "paid.wav"),
                 "--subtitles", str(timed)]) == 0
    doc = json.loads(timed.read_text())
    words = doc["words"]
    assert [w["word"] for w in words] == ["Dr.", "Nguyen", "paid", "$5", "for", "it."]
    assert doc["segments"][0]["text"] == "Dr. Nguyen paid $5 for it."
    dollars = words[3]
    assert dollars["end"] - dollars["start"] > 0.4  # "five dollars": two words' time
    assert all(a["end"] <= b["start"] + 0.02 for a, b in zip(words, words[1:]))


def test_subtitles_of_speech_in_another_language_say_which(tmp_path):
    timed = tmp_path / "fr.json"
    text = "Demain nous allons au marché. Le train part à huit heures."
    assert main(["tts", text, "--lang", "fr", "-o", str(tmp_path / "fr.wav"), "--subtitles", str(timed)]) == 0
    doc = json.loads(timed.read_text())
    assert doc["language"] == "fr" and [w["word"] for w in doc["words"]] == text.split()


def test_each_sentence_of_speech_in_several_languages_is_timed_in_its_own():
    from anyvoice.tasks.ssml_tts import ssml_stream

    stream = ssml_stream("<speak>The train leaves at eight. <lang xml:lang='fr'>Le train part à huit heures.</lang>"
                         "</speak>")
    sentences: list = []
    audio = np.concatenate(list(timed_chunks(stream, sentences)))
    assert stream.language == "mul" and [s.language for s in stream.spoken] == ["en", "fr"]
    french = sentences[1]
    assert [w.text for w in french] == "Le train part à huit heures.".split()
    assert 0 < french[0].start < french[-1].end <= len(audio) / stream.sample_rate
