import numpy as np
import pytest

import anyvoice
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import transcribe, wer
from anyvoice.tasks.convert import convert, split_points


def test_tts_in_a_cloned_voice_speaks_the_text(kokoro_female):
    text = "Good evening. The train to Boston leaves at 7 tonight."
    seen = []
    wav, sr = anyvoice.tts(text, kokoro_female["voice"], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]
    assert wer(text, transcribe(wav, sr)) <= 0.25  # Whisper tiny.en sometimes mishears one short word
    f0 = anyvoice.Voice.from_audio(wav, sr).attributes.f0_median_hz
    assert abs(12 * np.log2(f0 / kokoro_female["voice"].attributes.f0_median_hz)) < 2


def test_tts_of_many_paragraphs(tmp_path):
    text = "\n\n".join(f"Paragraph {i}. It has two sentences." for i in range(1, 7))
    wav, sr = anyvoice.tts(text, None)  # the base voice
    assert len(wav) / sr > 12
    heard = transcribe(wav, sr).lower()
    assert "paragraph six" in heard.replace("6", "six")


def test_tts_rejects_bad_requests(kokoro_female):
    with pytest.raises(InputError, match="nothing to speak"):
        anyvoice.tts("?!?! ...", kokoro_female["voice"])
    with pytest.raises(InputError, match="unknown engine"):
        anyvoice.tts("Hello.", kokoro_female["voice"], anyvoice.TtsOptions(engine="nope"))
    with pytest.raises(InputError, match="speed"):
        anyvoice.tts("Hello.", None, anyvoice.TtsOptions(speed=10))
    with pytest.raises(InputError, match="unknown base synthesizer"):
        anyvoice.tts("Hello.", None, anyvoice.TtsOptions(base="nope"))


def test_convert_keeps_length_and_words(piper_speech, kokoro_female):
    wav, sr = piper_speech
    out = anyvoice.convert(wav, sr, kokoro_female["voice"])
    assert len(out) == len(wav)
    assert wer("The committee will publish its final report on Thursday afternoon.", transcribe(out, sr)) <= 0.2
    # English heard in it, or stated: the conversion a recording of no stated language gets
    for language in ("auto", "en-GB"):
        assert np.array_equal(anyvoice.convert(wav, sr, kokoro_female["voice"], language=language), out), language


def test_a_recording_heard_in_spanish_is_converted_as_one_stated_spanish(kokoro_female):
    from anyvoice.synth import create_synthesizer

    pico = create_synthesizer("pico", "es")
    wav, sr = pico.synthesize("Mañana vamos al mercado con mis dos hermanos."), pico.sample_rate
    heard = anyvoice.convert(wav, sr, kokoro_female["voice"], language="auto")
    assert np.array_equal(heard, anyvoice.convert(wav, sr, kokoro_female["voice"], language="es"))
    assert not np.array_equal(heard, anyvoice.convert(wav, sr, kokoro_female["voice"]))  # not stated: as English


def test_convert_rejects_silence_and_missing_voice(tmp_path, piper_speech, kokoro_female):
    with pytest.raises(InputError, match="silent"):
        anyvoice.convert(np.zeros(16000, np.float32), 16000, kokoro_female["voice"])
    with pytest.raises(InputError, match="no such voice file"):
        anyvoice.convert(*piper_speech, tmp_path / "missing.voice")
    with pytest.raises(InputError, match="'Spanish' is not a language code; give the recording's ISO 639-1 code"):
        anyvoice.convert(*piper_speech, kokoro_female["voice"], language="Spanish")


def test_long_sources_are_cut_at_quiet_points():
    sr = 1000
    rng = np.random.default_rng(1)
    wav = rng.normal(0, 0.3, sr * 70).astype(np.float32)
    wav[21 * sr: 21 * sr + 200] = 0  # a pause near the first 20 s mark
    cuts = split_points(wav, sr)
    assert cuts[0] == 0 and cuts[-1] == len(wav)
    assert 21 * sr <= cuts[1] <= 21 * sr + 200
    assert all(b - a <= 30 * sr for a, b in zip(cuts[:-1], cuts[1:]))


def test_base_synthesis_is_deterministic():
    from anyvoice.synth import create_synthesizer

    s = create_synthesizer("piper")
    assert np.array_equal(s.synthesize("Same words, same sound."), s.synthesize("Same words, same sound."))


def test_converting_into_a_slow_designed_voice_keeps_the_source_timing(piper_speech):
    from anyvoice.voice.design import design_voice

    slow = design_voice(text="a slow, calm voice of an old man")
    assert slow.delivery.pace < 0.95  # it speaks slowly when it speaks itself
    wav, sr = piper_speech
    assert abs(len(convert(wav, sr, slow, engine="dsp")) - len(wav)) < 10
    assert len(convert(wav, sr, slow, engine="dsp", style="slow")) > 1.1 * len(wav)  # unless asked


def test_short_prompts_are_listened_to_and_retried_or_warned(kokoro_female, monkeypatch):
    from anyvoice.tasks import tts as tts_module

    wav, sr = anyvoice.tts("Hello there.", kokoro_female["voice"])  # heard right: no warning, as before
    assert len(wav) / sr > 0.4
    tried = []

    def deaf(wav, sr, words):  # a listener that never hears the words: every rendering is tried, then a warning
        tried.append(len(wav))
        return 0.0

    monkeypatch.setattr(tts_module, "heard_share", deaf)
    with pytest.warns(UserWarning, match="may not be heard right"):
        wav, sr = anyvoice.tts("We won!", kokoro_female["voice"], anyvoice.TtsOptions(engine="dsp",
                                                                                       style="very excited"))
    assert len(tried) == 3 and len(wav) == tried[0]  # style, half style, then select; the first is kept
    stream = tts_module.tts_stream("This sentence has more than three words.", kokoro_female["voice"])
    list(stream.chunks)
    assert not stream.warnings and len(tried) == 3  # longer text is not listened to
    # nor the base voice with no style, which every try would render the same: it is spoken once, unheard
    stream = tts_module.tts_stream("We won!", None)
    assert len(list(stream.chunks)) == 1 and not stream.warnings and len(tried) == 3
    list(tts_module.tts_stream("We won!", None, anyvoice.TtsOptions(style="very excited")).chunks)
    assert len(tried) == 5  # a style is listened to, with no voice too (the style, then half of it)


def test_a_word_whisper_hears_in_pieces_counts_as_heard(kokoro_female):
    from anyvoice.inputs.asr import word_timings
    from anyvoice.tasks import tts as tts_module

    # Whisper gives "o'clock" as "o" + "'clock": the pieces are one word again, so the short prompt is heard
    # whole (it was rendered three times and warned about)
    stream = tts_module.tts_stream("It is seven o'clock.", kokoro_female["voice"])
    wav = np.concatenate(list(stream.chunks))
    assert not stream.warnings
    assert "o'clock" in [w.text.strip(".").lower() for w in word_timings(wav, stream.sample_rate)]


def test_a_lexicon_changes_what_is_heard_for_a_made_up_word():
    from anyvoice.tasks.tts import TtsOptions

    text = "I met Grumbo today."
    wav, sr = anyvoice.tts(text, options=TtsOptions(lexicon={"grumbo": "Jumbo"}))
    assert "jumbo" in transcribe(wav, sr).lower()
    plain, _ = anyvoice.tts(text)
    assert "jumbo" not in transcribe(plain, sr).lower()
    said, _ = anyvoice.tts(text, options=TtsOptions(lexicon={"grumbo": "/ˈdʒʌmboʊ/"}))  # the same, in IPA
    assert "jumbo" in transcribe(said, sr).lower()
