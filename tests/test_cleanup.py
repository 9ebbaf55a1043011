"""Clean-up tasks on real models: enhancement, speech removal, extraction, speech editing."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.audio.noise import NOISE_KINDS, make_noise, scale_to_snr
from anyvoice.audio.signal import resample
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import si_sdr, transcribe, wer
from anyvoice.inputs.speech import speaker_embedding

SR = 16000


@pytest.fixture(scope="module")
def clean(piper_speech) -> np.ndarray:
    wav, sr = piper_speech
    return resample(wav, sr, SR)


def test_noises_are_unit_rms_reproducible_and_mix_at_the_asked_snr(clean):
    for kind in NOISE_KINDS:
        a = make_noise(kind, SR, SR, np.random.default_rng(3))
        assert a.dtype == np.float32 and len(a) == SR
        assert abs(np.sqrt(np.mean(a.astype(np.float64) ** 2)) - 1) < 1e-3
        assert np.array_equal(a, make_noise(kind, SR, SR, np.random.default_rng(3)))
    n = scale_to_snr(clean, make_noise("pink", len(clean), SR, np.random.default_rng(0)), 7.0)
    assert abs(10 * np.log10(np.mean(clean ** 2) / np.mean(n ** 2)) - 7.0) < 1e-3
    with pytest.raises(ValueError, match="unknown noise"):
        make_noise("thunder", 10, SR, np.random.default_rng(0))


def test_overlap_chunks_is_seamless_for_an_identity():
    from anyvoice.audio.chunks import overlap_chunks

    x = np.random.default_rng(0).standard_normal(10_000).astype(np.float32)
    calls = []
    y = overlap_chunks(x, lambda c: c, chunk=3000, overlap=500, progress=lambda d, t: calls.append((d, t)))
    assert np.allclose(y, x, atol=1e-6)
    assert calls[-1][0] == calls[-1][1] > 1


@pytest.mark.parametrize("kind", ["pink", "rumble"])
def test_enhance_raises_si_sdr_at_5_db(clean, kind):
    from anyvoice.tasks.enhance import enhance

    noise = scale_to_snr(clean, make_noise(kind, len(clean), SR, np.random.default_rng(1)), 5.0)
    out = enhance(clean + noise, SR)
    assert out.shape == clean.shape
    assert si_sdr(out, clean) > si_sdr(clean + noise, clean) + 6


def test_enhance_keeps_stereo_rate_and_length_and_reports_progress(piper_speech):
    from anyvoice.tasks.enhance import enhance

    wav, sr = piper_speech  # 22.05 kHz
    noisy = np.stack([wav, 0.5 * wav], axis=1) + 0.02 * np.random.default_rng(0).standard_normal((len(wav), 2))
    seen = []
    out = enhance(noisy.astype(np.float32), sr, progress=lambda d, t: seen.append((d, t)))
    assert out.shape == noisy.shape and out.dtype == np.float32
    assert np.std(out[:, 0] - wav) < np.std(noisy[:, 0] - wav)
    assert seen[-1][0] == seen[-1][1]
    silent = np.zeros(1000, np.float32)
    assert np.array_equal(enhance(silent, sr), silent)
    with pytest.raises(InputError, match="empty"):
        enhance(np.zeros(0, np.float32), sr)
    with pytest.raises(InputError, match="attenuation"):
        enhance(wav, sr, attenuation_limit_db=0)


def test_remove_speech_keeps_the_background_and_drops_the_words(clean):
    from anyvoice.tasks.enhance import remove_speech
    from tests.conftest import SOURCE_TEXT

    noise = scale_to_snr(clean, make_noise("music", len(clean), SR, np.random.default_rng(2)), 5.0)
    out = remove_speech(clean + noise, SR)
    assert si_sdr(out, noise) > si_sdr(clean + noise, noise) + 6
    assert wer(SOURCE_TEXT, transcribe(out, SR)) > 0.8


def test_plan_edits_finds_replacements_insertions_and_deletions():
    from anyvoice.inputs.asr import Word
    from anyvoice.tasks.speech_edit import plan_edits

    heard = [Word(w, i * 0.5, i * 0.5 + 0.4) for i, w in enumerate("the cat sat on the mat.".split())]
    edits = plan_edits(heard, "the black cat sat on a mat")
    assert [(e.kind, e.old, e.new) for e in edits] == [("insert", "", "black"), ("replace", "the", "a")]
    assert edits[0].start == edits[0].end == pytest.approx(0.45)
    assert (edits[1].start, edits[1].end) == (2.0, 2.4)
    assert [(e.kind, e.old) for e in plan_edits(heard, "the cat sat")] == [("delete", "on the mat.")]
    assert plan_edits(heard, "The cat sat on the mat!") == []
    assert plan_edits(heard, "the cat sat on the matt") == []  # sounds the same: nothing to re-speak
    assert [e.new for e in plan_edits(heard, "the 2 cats sat on the mat.")] == ["2 cats"]


def test_speech_edit_says_the_new_words_and_keeps_the_rest(piper_speech):
    from anyvoice.tasks.speech_edit import FADE_S, speech_edit

    wav, sr = piper_speech
    new = "The committee will publish its annual budget review on Thursday afternoon."
    res = speech_edit(wav, sr, new)
    assert [e.kind for e in res.edits] == ["replace"]
    assert wer(new, transcribe(res.audio, sr)) <= 0.1
    e = res.edits[0]
    # the cut falls in the pause before the edit, behind a short cross-fade: before that, the original
    head = int(min(e.start_gap) * sr) - int(FADE_S * sr)
    assert head > sr and np.array_equal(res.audio[:head], wav[:head])
    assert 0 < e.new_start < e.new_end < len(res.audio) / sr
    # the new words sound like the rest (a 1-s stretch of the original against its rest measures about 0.8)
    inside = np.zeros(len(res.audio), bool)
    inside[int(e.new_start * sr):int(e.new_end * sr)] = True
    assert speaker_embedding(res.audio[inside], sr) @ speaker_embedding(res.audio[~inside], sr) > 0.7
    with pytest.raises(InputError, match="new text is empty"):
        speech_edit(wav, sr, "  ")


@pytest.mark.slow
def test_speech_edit_on_a_noisy_real_recording_keeps_the_background(alsa_files):
    from anyvoice.audio.io import load_audio
    from anyvoice.tasks.speech_edit import speech_edit

    wav, sr = load_audio([f for f in alsa_files if "Front_Left" in f][0], sr=SR)
    noise = scale_to_snr(wav, make_noise("pink", len(wav), SR, np.random.default_rng(4)), 10.0)
    res = speech_edit(wav + noise, sr, "Front right")
    assert "right" in transcribe(res.audio, sr).lower()
    e = res.edits[0]
    inside = res.audio[int(e.new_start * sr):int(e.new_end * sr)]
    # the background runs on under the new word: its gaps are not silent
    assert np.percentile(np.abs(inside), 5) > 0.2 * np.percentile(np.abs(noise), 5)


def test_edit_with_the_real_transcript_changes_only_the_words_asked(piper_speech, monkeypatch):
    from anyvoice.inputs.asr import Word
    from anyvoice.tasks import speech_edit as se
    from tests.conftest import SOURCE_TEXT

    wav, sr = piper_speech  # "The committee will publish its final report on Thursday afternoon."
    real = se.word_timings

    def mishearing(audio, rate, language):  # the recognizer gets two words wrong
        words = real(audio, rate, language)
        slips = {"committee": "comedy", "thursday": "thirsty"}
        return [Word(slips.get(w.text.lower().strip(".,"), w.text), w.start, w.end) for w in words]

    monkeypatch.setattr(se, "word_timings", mishearing)
    new = "The committee will publish its first report on Thursday afternoon."
    plain = se.speech_edit(wav, sr, new, dry_run=True)
    assert len(plain.edits) == 3  # the two slips are re-spoken too
    told = se.speech_edit(wav, sr, new, transcript=SOURCE_TEXT, dry_run=True)
    assert [(e.kind, e.old, e.new) for e in told.edits] == [("replace", "final", "first")]
    assert np.array_equal(told.audio, wav)  # a dry run changes nothing
    with pytest.raises(InputError, match="would delete"):
        se.speech_edit(wav, sr, "The committee will publish.", transcript=SOURCE_TEXT, dry_run=True)
    cut = se.speech_edit(wav, sr, "The committee will publish.", transcript=SOURCE_TEXT, dry_run=True,
                         allow_deletions=True)
    assert [e.kind for e in cut.edits] == ["delete"]
