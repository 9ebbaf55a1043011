import numpy as np

from anyvoice.evaluation.metrics import cer, dnsmos, speaker_similarity, transcribe, wer
from anyvoice.inputs.speech import speaker_embedding
from tests.conftest import SOURCE_TEXT


def test_wer_and_cer_known_values():
    assert wer("the cat sat", "the cat sat") == 0
    assert wer("the cat sat", "the dog sat") == 1 / 3
    assert wer("the cat sat", "") == 1
    assert wer("It costs $5.", "it costs five dollars") == 0  # normalised before comparing
    assert cer("abc", "abd") == 1 / 3


def test_whisper_reads_back_clean_speech(piper_speech):
    wav, sr = piper_speech
    assert wer(SOURCE_TEXT, transcribe(wav, sr)) <= 0.1


def test_similarity_same_clip_is_one_and_other_speaker_is_lower(piper_speech, kokoro_female):
    wav, sr = piper_speech
    e = speaker_embedding(wav, sr)
    assert np.isclose(speaker_similarity(wav, sr, e), 1.0, atol=1e-4)
    assert speaker_similarity(kokoro_female["held_out"], kokoro_female["sr"], e) < 0.8


def test_dnsmos_prefers_clean_speech_to_noisy(piper_speech):
    wav, sr = piper_speech
    noisy = wav + np.random.default_rng(0).normal(0, 0.1, len(wav)).astype(np.float32)
    clean, bad = dnsmos(wav, sr), dnsmos(noisy, sr)
    assert clean["ovrl"] > bad["ovrl"] + 0.5
    assert clean["bak"] > bad["bak"]


def test_transcription_is_deterministic():
    import anyvoice

    text = "\n\n".join(f"Paragraph {i}. It has two sentences." for i in range(1, 5))
    wav, sr = anyvoice.tts(text, None)
    assert len({transcribe(wav, sr) for _ in range(3)}) == 1


def test_si_sdr_known_values(piper_speech):
    from anyvoice.audio.noise import scale_to_snr
    from anyvoice.evaluation.metrics import si_sdr

    wav, _ = piper_speech
    assert si_sdr(wav, wav) > 100  # identical
    assert abs(si_sdr(0.3 * wav, wav) - si_sdr(wav, wav)) < 1e-6  # invariant to scale
    noise = np.random.default_rng(1).standard_normal(len(wav)).astype(np.float32)
    for snr in (0.0, 5.0, 20.0):  # white noise is orthogonal to speech: SI-SDR equals the SNR
        assert abs(si_sdr(wav + scale_to_snr(wav, noise, snr), wav) - snr) < 0.2


def test_pesq_and_stoi_rank_clean_above_noisy(piper_speech):
    from anyvoice.audio.noise import scale_to_snr
    from anyvoice.audio.signal import resample
    from anyvoice.evaluation.metrics import pesq_wb, stoi

    wav, sr = piper_speech
    x = resample(wav, sr, 16000)
    noise = np.random.default_rng(2).standard_normal(len(x)).astype(np.float32)
    assert pesq_wb(x, x, 16000) > 4.5 and stoi(x, x, 16000) > 0.99
    p5, p20 = (pesq_wb(x + scale_to_snr(x, noise, s), x, 16000) for s in (5.0, 20.0))
    s5, s20 = (stoi(x + scale_to_snr(x, noise, s), x, 16000) for s in (5.0, 20.0))
    assert 1.0 < p5 < p20 < 4.0
    assert 0.6 < s5 < s20 < 1.0
