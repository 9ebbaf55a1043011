"""Forced alignment (anyvoice/inputs/forced_align.py) on real speech with known word timings."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.audio.psola import shift_voice
from anyvoice.audio.signal import resample, trim_silence
from anyvoice.inputs import forced_align
from anyvoice.inputs.asr import Word
from anyvoice.inputs.forced_align import align_words, refine_timings, speak_guide

TEXT = "Our library closes at 9, but the reading room stays open of the evening until midnight."


def test_guide_gives_every_word_an_ordered_span_inside_its_audio():
    words = TEXT.split() + ["—", "Mr.", "Smith's", "a", "house."]
    g = speak_guide(words)
    assert len(g.spans) == len(words)
    starts = [s for s, _ in g.spans]
    assert starts == sorted(starts)
    assert all(0 <= s <= e <= len(g.audio) / g.sample_rate for s, e in g.spans)
    assert g.spans[words.index("—")][0] == g.spans[words.index("—")][1]  # no phones: an empty span
    # espeak joins "of the" into one word and says "a" as a schwa; both still get time of their own
    for w in ("of", "the", "a", "9,"):
        s, e = g.spans[words.index(w)]
        assert e - s > 0.03, w


def test_alignment_finds_word_boundaries_in_slower_higher_speech():
    words = TEXT.split()
    truth = speak_guide(words, speed=0.8)  # the same voice slowed down, then moved up: known word times
    wav = shift_voice(truth.audio, truth.sample_rate, 6.0, 1.18)
    got = align_words(wav, truth.sample_rate, words)
    assert [w.text for w in got] == words
    err = np.array([[abs(w.start - s), abs(w.end - e)] for w, (s, e) in zip(got, truth.spans)])
    # spans keep to the sound of a word: the silent closure of a stop after a pause ("9, but") may fall outside
    assert err.mean() < 0.025 and err.max() < 0.12, err


def test_alignment_reads_another_language_with_its_own_phones():
    words = "Mañana por la mañana vamos al mercado del pueblo para comprar pan, queso y fruta fresca.".split()
    truth = speak_guide(words, speed=0.8, language="es")  # Spanish phones, slowed and moved up: known word times
    wav = shift_voice(truth.audio, truth.sample_rate, 6.0, 1.18)
    got = align_words(wav, truth.sample_rate, words, "es")
    err = np.array([[abs(w.start - s), abs(w.end - e)] for w, (s, e) in zip(got, truth.spans)])
    # read as English, the same words land 21 ms off on average and up to 71 ms
    assert err.mean() < 0.012 and err.max() < 0.05, err


def test_alignment_reads_words_in_another_script_in_their_own_language():
    from anyvoice.synth import create_synthesizer

    french, russian = create_synthesizer("pico:fr-FR", "fr"), create_synthesizer("festival:msu_ru_nsh_clunits", "ru")
    sr, parts, bounds, t = french.sample_rate, [], [], 0.0
    for text, synth in (("J'ai lu le roman", french), ("Война и мир", russian), ("l'été dernier.", french)):
        wav = trim_silence(synth.synthesize(text), synth.sample_rate, floor_db=40.0)
        parts += [resample(wav, synth.sample_rate, sr), np.zeros(int(0.12 * sr), np.float32)]
        bounds.append((t, t + len(parts[-2]) / sr))
        t = bounds[-1][1] + 0.12
    words = "J'ai lu le roman Война и мир l'été dernier.".split()
    got = align_words(np.concatenate(parts), sr, words, "fr")
    _, (title_start, title_end), _ = bounds
    # read as French, the title's letters were phones of nothing and "Война" took 1.6 s of the French around it
    assert abs(got[4].start - title_start) < 0.1 and abs(got[6].end - title_end) < 0.1, (got, bounds)
    assert got[3].end < title_start + 0.05 and got[7].start > title_end - 0.05, (got, bounds)


@pytest.mark.slow
def test_alignment_of_another_voice_with_known_pauses(kokoro_female):
    from anyvoice.synth import create_synthesizer

    s = create_synthesizer("kokoro:jf_alpha")
    words = ["morning", "harbour", "strangers", "barley"]
    parts, truth, t = [], [], 0.3
    for w in words:  # each word alone, 0.3 s of silence between: its span is where it was put
        x = s.synthesize(w)
        on = np.flatnonzero(np.abs(x) > 0.02 * np.abs(x).max())
        x = x[on[0]:on[-1] + 1]
        parts += [np.zeros(int(0.3 * s.sample_rate), np.float32), x]
        truth.append((t, t + len(x) / s.sample_rate))
        t += len(x) / s.sample_rate + 0.3
    got = align_words(np.concatenate(parts + [parts[0]]), s.sample_rate, words)
    for w, (a, b) in zip(got, truth):
        assert abs(w.start - a) < 0.06 and abs(w.end - b) < 0.08, (w, a, b)


def test_refine_timings_splits_long_recordings_in_pauses(monkeypatch):
    words = TEXT.split()
    g = speak_guide(words)
    gap = np.zeros(int(0.5 * g.sample_rate), np.float32)
    wav = np.concatenate([g.audio, gap, g.audio])
    rough = [Word(w, s + k * (len(g.audio) + len(gap)) / g.sample_rate + 0.1,
                  e + k * (len(g.audio) + len(gap)) / g.sample_rate + 0.1)
             for k in (0, 1) for w, (s, e) in zip(words, g.spans)]  # 100 ms late, as Whisper often is
    whole = refine_timings(wav, g.sample_rate, rough)
    monkeypatch.setattr(forced_align, "MAX_SECONDS", 0.75 * len(wav) / g.sample_rate)
    pieces = refine_timings(wav, g.sample_rate, rough)
    for got in (whole, pieces):
        assert [w.text for w in got] == [w.text for w in rough]
        err = [abs(w.start - (r.start - 0.1)) for w, r in zip(got, rough)]
        assert np.mean(err) < 0.02, err
    with pytest.raises(ValueError, match="refine_timings"):
        align_words(wav, g.sample_rate, words * 2)
