"""SSML: the subset read, what each tag does to the audio, and clear refusals."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.audio.signal import active_level_db, frame_energy
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import transcribe, wer
from anyvoice.inputs.attributes import measure_attributes
from anyvoice.tasks.requests import SpeakRequest
from anyvoice.tasks.tts import TtsOptions
from anyvoice.text.ssml import read_ssml


def _speak(body: str, **kw) -> tuple[np.ndarray, int]:
    result = SpeakRequest(f"<speak>{body}</speak>", ssml=True, **kw).run()
    return result.audio, result.sample_rate


def _speech_frames(wav: np.ndarray, sr: int) -> np.ndarray:
    db = 10 * np.log10(frame_energy(wav, sr) + 1e-12)
    return db > db.max() - 40


def _longest_silence_s(wav: np.ndarray, sr: int) -> float:
    """The longest pause between the first and the last speech (10 ms frames)."""
    speech = np.flatnonzero(_speech_frames(wav, sr))
    return float(np.diff(speech).max() - 1) / 100 if len(speech) > 1 else 0.0


def _speaking_s(wav: np.ndarray, sr: int) -> float:
    speech = np.flatnonzero(_speech_frames(wav, sr))
    return (speech[-1] - speech[0]) / 100


def _median_f0(wav: np.ndarray, sr: int) -> float:
    return measure_attributes(wav, sr).f0_median_hz


def test_the_markup_is_read_into_spans_with_their_delivery():
    spans, tail = read_ssml('<speak xmlns="http://www.w3.org/2001/10/synthesis">Call <say-as interpret-as="telephone">'
                            '555-0199</say-as> on <say-as interpret-as="date">2026-11-30</say-as>.<break time="1.5s"/>'
                            '<prosody rate="80%" pitch="+2st" volume="+3dB">Slowly <emphasis>now</emphasis>.</prosody>'
                            '<sub alias="World Wide Web">WWW</sub> is <say-as interpret-as="ordinal">21</say-as>'
                            '<say-as interpret-as="characters">abc</say-as><break strength="strong"/></speak>')
    assert spans[0].text == ("Call five, five, five, zero, one, nine, nine on November thirtieth, twenty twenty-six.")
    assert spans[1].pause_before_s == 1.5 and spans[1].text == "Slowly *now*."
    assert (spans[1].delivery.pace, spans[1].delivery.pitch_st, spans[1].delivery.loudness_db) == (0.8, 2.0, 3.0)
    assert spans[2].text == "World Wide Web is twenty-first A B C" and tail == 0.7


@pytest.mark.parametrize("markup, message", [
    ("<speak>Hello <b>x</b></speak>", "tag <b> is not read"),
    ("<speak>Hello\n<break time='5'></speak>", "line 2, column"),
    ("<speak>Hi <break time='5'/></speak>", "500ms or 1.5s"),
    ("<speak><prosody rate='ludicrous'>Hi</prosody></speak>", "x-slow"),
    ("<speak><prosody pitch='+40st'>Hi</prosody></speak>", "-12st to \\+12st"),
    ("<speak><say-as interpret-as='date'>soon</say-as></speak>", "2026-11-30"),
    ("<speak><voice>Hi</voice></speak>", "needs name"),
    ("<speak><break time='1s'/></speak>", "no words"),
    ("Hello", "not well formed"),
    ("<p>Hello</p>", "must start with <speak>"),
    ("<speak>" + "<prosody>" * 200 + "Hi" + "</prosody>" * 200 + "</speak>", "nest more than"),
    ('<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><speak>&b;&b;&b;</speak>', "entit"),
    ("<speak><phoneme alphabet='x-sampa' ph='p_hIts@'>pizza</phoneme></speak>", "only ipa"),
    ("<speak><phoneme>pizza</phoneme></speak>", "needs ph"),
    ("<speak><phoneme ph='piz<1>'>pizza</phoneme></speak>", "not well formed"),
    ("<speak><phoneme ph='pi2za'>pizza</phoneme></speak>", "'2' in 'pi2za' is not an IPA symbol"),
])
def test_bad_markup_is_refused_with_the_tag_or_the_spot(markup, message):
    with pytest.raises(InputError, match=message):
        read_ssml(markup)


def test_text_without_xml_lang_is_in_the_document_s_language():
    from anyvoice.tasks.ssml_tts import ssml_stream

    # the break leaves "Le chat dort." alone, too short to tell from English by itself
    assert ssml_stream("<speak>Il fait très beau aujourd'hui. <break time='200ms'/> Le chat dort.</speak>",
                       options=TtsOptions(listen=False)).language == "fr"
    # a span in another script is that script's language
    assert ssml_stream("<speak>Il fait très beau aujourd'hui. <break time='200ms'/> Привет.</speak>").language == "mul"


def test_a_break_is_as_long_as_asked():
    short, sr = _speak("The kettle is on.<break time='300ms'/>Dinner is at seven.")
    long, _ = _speak("The kettle is on.<break time='1100ms'/>Dinner is at seven.")
    assert abs((_longest_silence_s(long, sr) - _longest_silence_s(short, sr)) - 0.8) <= 0.05


@pytest.mark.slow
def test_prosody_moves_rate_pitch_and_volume_as_asked():
    text = "Bright red kites were flying high above the sandy beach."
    plain, sr = _speak(text)
    slow, _ = _speak(f"<prosody rate='80%'>{text}</prosody>")
    loud, _ = _speak(f"<prosody volume='-6dB'>{text}</prosody>")
    assert 1.15 <= _speaking_s(slow, sr) / _speaking_s(plain, sr) <= 1.35  # asked 1.25
    assert -7.5 <= active_level_db(loud, sr) - active_level_db(plain, sr) <= -4.5
    kokoro = TtsOptions(base="kokoro:jf_alpha")  # a steady voice: Piper's own pitch wanders too much to measure
    steady, _ = _speak(text, options=kokoro)
    high, _ = _speak(f"<prosody pitch='+4st'>{text}</prosody>", options=kokoro)
    moved = 12 * np.log2(measure_attributes(high, sr).f0_median_hz / measure_attributes(steady, sr).f0_median_hz)
    assert abs(moved - 4) < 1.0


@pytest.mark.parametrize("base", ["piper", pytest.param("kokoro:jf_alpha", marks=pytest.mark.slow)])
def test_phoneme_is_heard_as_the_ipa_and_shown_as_written(base):
    from anyvoice.tasks.ssml_tts import ssml_stream

    markup = "<speak>I would like some <phoneme alphabet='ipa' ph='ˈpiːtsə'>salad</phoneme>, please.</speak>"
    stream = ssml_stream(markup, options=TtsOptions(base=base))
    heard = transcribe(stream.whole(), stream.sample_rate).lower()
    assert "pizza" in heard and "salad" not in heard
    assert stream.spoken[0].sentence == "I would like some salad, please."  # subtitles show the written word
    assert ("salad,", 1) in stream.spoken[0].written


@pytest.mark.slow
def test_sub_is_heard_as_its_alias_and_a_voice_tag_changes_the_voice(tmp_path, kokoro_female):
    wav, sr = _speak("Use the <sub alias='World Wide Web'>WWW</sub> today.")
    assert wer("Use the World Wide Web today.", transcribe(wav, sr)) <= 0.2
    her = tmp_path / "her.voice"
    kokoro_female["voice"].save(her)
    man, _ = _speak("The kettle is on.")
    both, _ = _speak(f"The kettle is on.<break time='500ms'/><voice name='{her}'>The kettle is on.</voice>")
    half = len(man) + int(0.25 * sr)
    assert _median_f0(both[half:], sr) > 1.4 * _median_f0(both[:len(man)], sr)
    # a base's name speaks in that base's own voice, not in the request's base
    both, _ = _speak("The kettle is on.<break time='500ms'/><voice name='kokoro:jf_alpha'>The kettle is on.</voice>")
    assert _median_f0(both[half:], sr) > 1.4 * _median_f0(both[:len(man)], sr)
