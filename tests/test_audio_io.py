import numpy as np
import pytest
import soundfile as sf

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import StreamResampler, active_level_db, match_level, resample
from anyvoice.errors import InputError


def _tone(sr: int, seconds: float = 1.0, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_stereo_44k_is_read_as_mono_and_resampled(tmp_path):
    x = _tone(44100)
    stereo = np.stack([x, 0.5 * x], axis=1)
    sf.write(tmp_path / "s.wav", stereo, 44100)
    wav, sr = load_audio(tmp_path / "s.wav", sr=16000)
    assert sr == 16000 and wav.ndim == 1
    assert abs(len(wav) - 16000) <= 2
    assert np.isclose(np.max(np.abs(wav)), 0.225, atol=0.01)  # mean of the two channels


@pytest.mark.parametrize("suffix", ["wav", "flac", "mp3", "ogg"])
def test_write_and_read_back_every_output_format(tmp_path, suffix):
    x = _tone(22050)
    path = save_audio(tmp_path / f"t.{suffix}", x, 22050)
    y, sr = load_audio(path)
    assert sr == 22050
    assert abs(len(y) - len(x)) < 0.1 * len(x)  # mp3 adds encoder padding
    n = min(len(x), len(y)) - 3000
    spec = np.abs(np.fft.rfft(y[1500:1500 + n]))
    assert abs(np.argmax(spec) * 22050 / n - 440) < 5


def test_an_mp3_whose_header_overstates_its_length_is_read_without_a_made_up_tail(tmp_path):
    """Bare MP3 frames (no Xing header, as games ship them): libsndfile guesses the length from the bit rate, past
    what the frames hold; only what decodes is read."""
    import av

    x = _tone(11025, 2.0)
    path = tmp_path / "bare.mp3"
    with av.open(str(path), "w", format="mp3", options={"write_xing": "0", "id3v2_version": "0"}) as out:
        stream = out.add_stream("libmp3lame", rate=11025, layout="mono")
        stream.bit_rate = 16000
        frame = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
        frame.sample_rate = 11025
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    with av.open(str(path)) as f:
        decoded = sum(fr.samples for fr in f.decode(audio=0))
    assert sf.info(str(path)).frames > decoded  # the header's guess
    y, sr = load_audio(path)
    assert sr == 11025 and len(y) == decoded
    assert np.abs(y[-2000:]).max() < 0.4  # the tone to its end, not memory that was never written


def test_an_mp3_is_read_as_ffmpeg_decodes_it_with_no_glitch_where_reads_meet(tmp_path):
    """libsndfile's MP3 decoder (at the MPEG-2 rates TTS speaks at, 22.05 and 24 kHz) changes samples at some seams
    of successive reads: a file must read as one whole, the same as FFmpeg's decoding of it."""
    from anyvoice.audio.io import _decode_with_av

    rng = np.random.default_rng(0)
    sr = 22050
    bursts = rng.standard_normal(sr * 15) * np.repeat(rng.uniform(0.0, 0.3, 15 * 21), 1050)  # 50-ms bursts
    path = save_audio(tmp_path / "bursts.mp3", (bursts[:sr * 15] + _tone(sr, 15.0)).astype(np.float32), sr)
    y, _ = load_audio(path)
    reference = _decode_with_av(str(path), "bursts.mp3", 60)[0][:, 0]
    assert len(y) == len(reference) and np.abs(y - reference).max() < 1e-4


def test_unknown_output_format_writes_nothing(tmp_path):
    with pytest.raises(InputError, match="unknown output format"):
        save_audio(tmp_path / "x.xyz", _tone(8000), 8000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content,match", [(b"", "empty"), (b"this is not audio at all" * 50, "not a readable")])
def test_empty_and_corrupt_files_are_rejected(tmp_path, content, match):
    p = tmp_path / "bad.wav"
    p.write_bytes(content)
    with pytest.raises(InputError, match=match):
        load_audio(p)


def test_missing_file_is_rejected(tmp_path):
    with pytest.raises(InputError, match="no such audio file"):
        load_audio(tmp_path / "nope.wav")


def test_three_hour_file_is_refused_from_its_header(tmp_path):
    p = tmp_path / "long.flac"
    block = np.zeros(8000 * 600, np.float32)  # silence compresses to almost nothing
    with sf.SoundFile(p, "w", samplerate=8000, channels=1, format="FLAC") as f:
        for _ in range(18):  # 3 hours
            f.write(block)
    with pytest.raises(InputError, match="longer than the limit"):
        load_audio(p)


def test_resample_and_level_helpers():
    x = _tone(48000)
    y = resample(x, 48000, 24000)
    assert len(y) == 24000
    z = match_level(x, 48000, -30.0)
    assert abs(active_level_db(z, 48000) + 30.0) < 0.1


def test_m4a_aac_is_decoded_through_ffmpeg(tmp_path):
    import av

    sr = 44100
    x = np.stack([_tone(sr, 2.0, 330.0)] * 2)  # stereo, planar
    path = tmp_path / "clip.m4a"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=sr, layout="stereo")
        frame = av.AudioFrame.from_ndarray(x.astype(np.float32), format="fltp", layout="stereo")
        frame.sample_rate = sr
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    wav, got_sr = load_audio(path, sr=16000)
    assert got_sr == 16000 and wav.ndim == 1
    assert abs(len(wav) / 16000 - 2.0) < 0.1
    spec = np.abs(np.fft.rfft(wav[2000:18000]))
    assert abs(np.argmax(spec) * 16000 / 16000 - 330) < 3
    from_bytes, _ = load_audio(path.read_bytes(), sr=16000)  # a browser's recording arrives as bytes
    np.testing.assert_array_equal(from_bytes, wav)


def test_sample_rates_and_channels_outside_the_limits_are_refused(tmp_path):
    sf.write(tmp_path / "fast.wav", np.zeros(400_000, np.float32), 400_000)
    sf.write(tmp_path / "slow.wav", np.zeros(10, np.float32), 1)
    sf.write(tmp_path / "many.wav", np.zeros((1000, 20), np.float32), 16000)
    for name, match in (("fast", "sample rate"), ("slow", "sample rate"), ("many", "20 channels")):
        with pytest.raises(InputError, match=match):
            load_audio(tmp_path / f"{name}.wav")


def test_the_limit_counts_samples_so_a_high_rate_file_may_be_shorter(tmp_path):
    sf.write(tmp_path / "hi.wav", np.zeros(192_000 * 40, np.float32), 192_000)  # 40 s at 192 kHz
    assert len(load_audio(tmp_path / "hi.wav", max_seconds=90)[0]) == 192_000 * 40  # 90 s at 96 k samples/s
    with pytest.raises(InputError, match="48 kHz stereo"):
        load_audio(tmp_path / "hi.wav", max_seconds=60)  # 40 s of it are under 60 s, but 7.7 M samples


def test_compressed_silence_stops_decoding_at_the_limit(tmp_path):
    import tracemalloc

    from anyvoice.evaluation.hostile import silence_mka

    (tmp_path / "hour.mka").write_bytes(silence_mka(3600))
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="longer than the limit of 2 min"):
            load_audio(tmp_path / "hour.mka", max_seconds=120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50e6  # an hour decoded whole would be 230 MB of samples


def test_stream_resampler_joins_chunks_as_one_call_would():
    x = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    for sr_out in (24000, 22050):
        stream = StreamResampler(22050, sr_out)
        pieces = [stream.push(x[a:a + n]) for a, n in ((0, 1000), (1000, 7000), (8000, 14050))]
        joined = np.concatenate([*pieces, stream.flush()])
        assert len(joined) == len(resample(x, 22050, sr_out))
        assert np.allclose(joined, resample(x, 22050, sr_out), atol=1e-5)
