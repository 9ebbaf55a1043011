"""The mel spectrograms made here against the libraries the bundled models were trained with."""
import numpy as np
import pytest

from anyvoice.audio.mel import band_centres_hz, magnitude_frames, mel_filterbank


@pytest.mark.parametrize("sr,n_fft,n_mels,fmax", [(22050, 1024, 80, 8000.0), (16000, 400, 40, None)])
def test_the_filterbank_is_librosas_slaney_one(sr, n_fft, n_mels, fmax):
    import librosa

    theirs = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=0.0, fmax=fmax)
    np.testing.assert_allclose(mel_filterbank(sr, n_fft, n_mels, 0.0, fmax), theirs, rtol=1e-5, atol=1e-9)


def test_frames_and_band_centres_are_librosas(alsa_files):
    import librosa

    from anyvoice.audio.io import load_audio

    x = load_audio(alsa_files[0], sr=22050)[0].astype(np.float32)
    theirs = np.abs(librosa.stft(x, n_fft=1024, hop_length=256, window="hann", center=False))
    ours = magnitude_frames(x, 1024, 256)
    assert ours.shape == theirs.shape and np.abs(ours - theirs).max() < 1e-5 * theirs.max()
    np.testing.assert_allclose(band_centres_hz(), librosa.mel_frequencies(82, fmin=0.0, fmax=8000.0)[1:-1])


def test_the_speaker_embedding_is_the_encoders_own(alsa_files):
    from resemblyzer import preprocess_wav

    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import join_with_pauses
    from anyvoice.inputs.speech import EMBED_SR, speaker_embedding
    from anyvoice.models import load

    wav = join_with_pauses([load_audio(f, sr=EMBED_SR)[0] for f in alsa_files[:3]], EMBED_SR, 0.3)
    theirs = load("ge2e").embed_utterance(preprocess_wav(wav))  # resemblyzer's own mel (librosa's) and windows
    assert float(np.dot(speaker_embedding(wav, EMBED_SR), theirs)) > 0.99999
