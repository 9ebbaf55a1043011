"""Speech that leaves before it is finished: the vocoder in pieces, the cfm engine's stream, a sentence in
several chunks through text to speech and its word timings, and the content encoder on a short window."""
from __future__ import annotations

import numpy as np
import pytest

from anyvoice.audio.mel import hifigan_mel, mel_level_db
from anyvoice.audio.signal import active_level_db
from anyvoice.engines.cfm import CfmEngine, CfmEngineConfig
from anyvoice.engines.cfm.vocode import piece_bounds, vocode_pieces
from anyvoice.models import load

pytestmark = pytest.mark.slow  # the neural engine, several times over


def test_piece_bounds_cover_every_frame_growing_to_the_largest():
    bounds = piece_bounds(500, 32, 256)
    assert bounds[0] == (0, 32) and bounds[-1][1] == 500
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert [b - a for a, b in bounds[:3]] == [32, 128, 256]
    assert piece_bounds(10, 32, 256) == [(0, 10)]


def test_vocoded_pieces_join_into_the_one_pass_waveform(piper_speech):
    wav, sr = piper_speech  # Piper speaks at the vocoder's rate
    mel = hifigan_mel(wav[: len(wav) // 2])  # half the sentence: four pieces, their joins inside speech
    vocoder = load("hifigan")
    whole = next(vocode_pieces(vocoder, mel, [(0, len(mel))], "float32"))
    joined = np.concatenate(list(vocode_pieces(vocoder, mel, piece_bounds(len(mel), 8, 64), "float32")))
    assert len(joined) == len(whole)
    assert np.max(np.abs(joined - whole)) < 1e-3 * np.max(np.abs(whole))


def test_mel_level_follows_the_sound_level(piper_speech):
    wav, _ = piper_speech
    quieter = mel_level_db(hifigan_mel(wav)) - mel_level_db(hifigan_mel(wav * 0.25))
    assert quieter == pytest.approx(20 * np.log10(4), abs=0.2)


@pytest.mark.parametrize("rate", [22050, 16000])
def test_cfm_stream_is_the_conversion_in_pieces_at_about_the_voice_level(piper_speech, kokoro_female, rate):
    from anyvoice.audio.signal import resample

    wav, sr = piper_speech
    wav = resample(wav[: len(wav) // 2], sr, rate)  # half the sentence: still three pieces
    voice = kokoro_female["voice"]
    engine = CfmEngine(CfmEngineConfig(precision="float32", first_piece_frames=16))
    pieces = list(engine.convert_stream(wav, rate, voice))
    whole = engine.convert(wav, rate, voice)
    joined = np.concatenate(pieces)
    assert len(pieces) >= 3 and len(pieces[0]) < len(wav) / 4  # the first piece is a small part of the sentence
    assert len(joined) == len(whole) == len(wav)
    assert np.corrcoef(joined, whole)[0, 1] > 0.99  # the same sound; only the level is set differently
    assert active_level_db(joined, rate) == pytest.approx(voice.attributes.energy_db, abs=2.5)
    assert active_level_db(whole, rate) == pytest.approx(voice.attributes.energy_db, abs=0.5)


def test_tts_in_pieces_times_each_sentence_once(kokoro_female):
    from anyvoice.tasks.timings import timed_chunks
    from anyvoice.tasks.tts import TtsOptions, tts_stream

    text = "The red boat sails at dawn. It comes back before the evening rain."
    stream = tts_stream(text, kokoro_female["voice"], TtsOptions(engine="cfm", pieces=True))
    sentences: list = []
    chunks = list(timed_chunks(stream, sentences))
    assert len(chunks) > 2 and len(stream.spoken) == 2  # more chunks than sentences, one Said each
    assert [w.text for w in sentences[0]] == ["The", "red", "boat", "sails", "at", "dawn."]
    assert sentences[1][0].text == "It" and sentences[1][0].start > sentences[0][-1].end
    total = sum(len(c) for c in chunks) / stream.sample_rate
    assert sentences[1][-1].end <= total + 0.05


def test_sentences_stay_whole_where_a_style_acts_on_the_whole_sentence(kokoro_female):
    from anyvoice.tasks.tts import TtsOptions, tts_stream

    stream = tts_stream("The red boat sails at dawn.", kokoro_female["voice"],
                        TtsOptions(engine="cfm", pieces=True, style="cheerful"))
    assert len(list(stream.chunks)) == 1
