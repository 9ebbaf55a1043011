import numpy as np
import pytest

import anyvoice
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import transcribe, wer
from anyvoice.inputs.attributes import measure_attributes
from anyvoice.style.alignment import locate_words
from anyvoice.style.apply import apply_prosody
from anyvoice.style.markup import mark_emphasis, parse_emphasis
from anyvoice.style.presets import style_from_prompt
from anyvoice.style.prosody import Prosody
from anyvoice.style.reference import prosody_from_reference
from anyvoice.text import prepare
from tests.conftest import HELD_OUT_TEXT


def test_prompts_combine_and_scale():
    calm_slow, used = style_from_prompt("calm and slow")
    assert used == ["calm", "slow"]
    assert calm_slow.pace < style_from_prompt("calm")[0].pace < 1
    very, _ = style_from_prompt("very excited")
    plain, _ = style_from_prompt("excited")
    assert very.pitch_st > plain.pitch_st > 0
    assert style_from_prompt("a bit faster")[0].pace < style_from_prompt("faster")[0].pace
    assert style_from_prompt("happy")[0] == style_from_prompt("cheerful")[0]


def test_unknown_prompt_and_out_of_range_values_are_refused():
    with pytest.raises(InputError, match="no style recognised"):
        style_from_prompt("purple elephant")
    with pytest.raises(InputError, match="pace=9"):
        Prosody(pace=9)


def test_emphasis_markup_survives_the_text_front_end():
    assert parse_emphasis("I said *never* do that *again please*.") == ("I said never do that again please.",
                                                                       [2, 5, 6])
    sentences = [parse_emphasis(s) for s in prepare(mark_emphasis("Pay *$5* now. Then the *3rd* one."))]
    assert sentences == [("Pay five dollars now.", [1, 2]), ("Then the third one.", [2])]


def test_prosody_moves_pitch_duration_and_level(kokoro_female):
    wav, sr = kokoro_female["held_out"], kokoro_female["sr"]
    base = measure_attributes(wav, sr)
    up = apply_prosody(wav, sr, Prosody(pitch_st=4, pace=1.25, loudness_db=-6))
    got = measure_attributes(up, sr)
    assert abs(12 * np.log2(got.f0_median_hz / base.f0_median_hz) - 4) < 1.0
    assert abs(len(up) / len(wav) - 1 / 1.25) < 0.03
    assert abs((got.energy_db - base.energy_db) + 6) < 1.0
    flat = measure_attributes(apply_prosody(wav, sr, Prosody(pitch_range=0.4)), sr)
    assert flat.f0_range_st < 0.7 * base.f0_range_st
    assert wer(HELD_OUT_TEXT, transcribe(up, sr)) <= 0.2


def test_whisper_removes_voicing(piper_speech):
    wav, sr = piper_speech
    w = apply_prosody(wav, sr, Prosody(whisper=1.0))
    assert measure_attributes(w, sr).voiced_seconds < 0.3 * measure_attributes(wav, sr).voiced_seconds


def test_world_resynthesis_asks_for_the_aperiodicity(piper_speech):
    from anyvoice.audio.world import analyze, synthesize

    wav, sr = piper_speech
    envelope_only = analyze(wav[:sr], sr, fast=True)
    assert envelope_only.ap is None
    with pytest.raises(ValueError, match="aperiodicity=True"):
        synthesize(envelope_only)
    full = analyze(wav[:sr], sr, fast=True, aperiodicity=True)
    assert full.ap.shape == full.sp.shape and np.array_equal(full.sp, envelope_only.sp)


def test_emphasis_raises_the_marked_word(kokoro_female):
    voice = kokoro_female["voice"]
    text = "She wanted the *blue* car, not the red one."
    plain, sr = anyvoice.tts(text.replace("*", ""), voice)
    stressed, _ = anyvoice.tts(text, voice)
    span_plain = locate_words(plain, sr, text.replace("*", "").split(), [3])
    span_stressed = locate_words(stressed, sr, text.replace("*", "").split(), [3])
    assert len(span_plain) == len(span_stressed) == 1

    def level(w, span):
        a, b = (int(t * sr) for t in span[0])
        return 10 * np.log10(np.mean(w[a:b] ** 2) / np.mean(w ** 2))

    assert level(stressed, span_stressed) > level(plain, span_plain) + 1.5


def test_style_reference_copies_delivery(piper_speech, kokoro_female):
    wav, sr = piper_speech
    slow_quiet = apply_prosody(wav, sr, Prosody(pace=0.7, loudness_db=-8))
    voice = anyvoice.Voice.from_audio(wav, sr)
    p = prosody_from_reference(slow_quiet, sr, voice)
    assert p.pace < 0.9 and p.loudness_db < -5 and p.whisper == 0


def test_tts_and_convert_with_style(piper_speech, kokoro_female):
    voice = kokoro_female["voice"]
    neutral, sr = anyvoice.tts("The museum opens again next week.", voice)
    sad, _ = anyvoice.tts("The museum opens again next week.", voice, anyvoice.TtsOptions(style="sad"))
    assert len(sad) > len(neutral)
    assert measure_attributes(sad, sr).f0_median_hz < measure_attributes(neutral, sr).f0_median_hz
    src, src_sr = piper_speech
    fast = anyvoice.convert(src, src_sr, voice, style="fast")
    assert len(fast) < 0.9 * len(src)


def test_spelling_variants_match_for_word_location():
    from anyvoice.style.alignment import match_tokens

    assert match_tokens("Cancelled!") == match_tokens("canceled")
    assert match_tokens("42") == ["forty", "two"]
