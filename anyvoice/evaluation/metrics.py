"""Metrics, each a small function: speaker similarity, WER/CER, phoneme error rate, DNSMOS."""
from __future__ import annotations

import numpy as np

from anyvoice.audio.signal import resample
from anyvoice.inputs.asr import transcribe  # noqa: F401  (re-exported: metrics use it for WER)
from anyvoice.inputs.speech import cosine, dvector_embedding, speaker_embedding
from anyvoice.models import load
from anyvoice.text.chinese import chinese_phonemes, simplified_chinese
from anyvoice.text.japanese import japanese_kana
from anyvoice.text.languages import LANGUAGES, UNSPACED
from anyvoice.text.words import letters_joined, normalize_words, without_marks


def speaker_similarity(wav: np.ndarray, sr: int, reference: np.ndarray) -> float:
    """Cosine between the GE2E embedding of `wav` and a reference embedding (1 = same voice)."""
    return cosine(speaker_embedding(wav, sr), reference)


def _edit_distance(a: list, b: list) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def wer(reference: str, hypothesis: str, language: str = "en") -> float:
    """Word error rate of `hypothesis` against `reference` (0 = perfect; may exceed 1)."""
    ref = letters_joined(normalize_words(reference, language), language)
    hyp = letters_joined(normalize_words(hypothesis, language), language)
    if language != "en" and all(w.isascii() for w in ref):
        # A text written without its accents (many prompt lists are) cannot tell "numero" from "número": the
        # accents heard are not held against it.
        hyp = [without_marks(w) for w in hyp]
    if not ref:
        return float(bool(hyp))
    return _edit_distance(ref, hyp) / len(ref)


#: languages written without spaces, scored by characters
BY_CHARACTER = UNSPACED
#: languages whose words are spelled in more than one way, and the one way they are compared in
_ONE_SPELLING = {"ja": japanese_kana, "zh": simplified_chinese}


def cer(reference: str, hypothesis: str, language: str = "en") -> float:
    """Character error rate over the normalised words joined by spaces (BY_CHARACTER languages: by nothing);
    Japanese is compared in kana, one reading for a word's many spellings (text/japanese.py), Chinese in simplified
    characters with numbers as characters (text/chinese.py)."""
    def letters(text: str) -> str:
        joined = ("" if language in BY_CHARACTER else " ").join(normalize_words(text, language))
        return _ONE_SPELLING.get(language, str)(joined)

    ref, hyp = letters(reference), letters(hypothesis)
    if not ref:
        return float(bool(hyp))
    return _edit_distance(list(ref), list(hyp)) / len(ref)


#: what a comparison of sounds leaves out: stress, tie marks, word and clause boundaries
_NOT_SOUNDS = frozenset("ˈˌ-‿ ,.;:!?")


#: languages read into sounds by a reader of their own (their words joined without spaces): Japanese in kana, Chinese
#: in pinyin with its tones
_OWN_SOUNDS = {"ja": japanese_kana, "zh": lambda text: chinese_phonemes(simplified_chinese(text))}


def _sounds(text: str, language: str) -> list[str]:
    """The phonemes of `text`'s normalised words: by the language's espeak-ng voice, or its own reader
    (`_OWN_SOUNDS`)."""
    words = normalize_words(text, language)
    if language in _OWN_SOUNDS:
        return [c for c in _OWN_SOUNDS[language]("".join(words)) if c not in _NOT_SOUNDS]
    if language not in LANGUAGES:
        raise ValueError(f"no phoneme reader for language {language!r}; known: {', '.join(LANGUAGES)}")
    if not words:
        return []
    clauses = load("espeak").phonemize(LANGUAGES[language].espeak, " ".join(words))
    return [p for clause in clauses for p in clause if p not in _NOT_SOUNDS]


def phoneme_error_rate(reference: str, hypothesis: str, language: str = "en") -> float:
    """Edit distance between the sounds of `hypothesis` and of `reference` over the reference's (0 = perfect): both
    read into phonemes the same way (`_sounds`), so a homophone the listener spells otherwise ("mère" for "mer")
    or words it joins or splits are no error, and a sound heard otherwise is."""
    ref, hyp = _sounds(reference, language), _sounds(hypothesis, language)
    if not ref:
        return float(bool(hyp))
    return _edit_distance(ref, hyp) / len(ref)


def error_rate(reference: str, hypothesis: str, language: str = "en") -> float:
    """The language's usual score of how much was heard wrong: CER where words are not spaced, WER elsewhere."""
    return (cer if language in BY_CHARACTER else wer)(reference, hypothesis, language)


def dnsmos(wav: np.ndarray, sr: int) -> dict[str, float]:
    """DNSMOS P.835: {'sig', 'bak', 'ovrl'} on a 1-5 scale."""
    x = resample(wav, sr, 16000)
    x = x / (np.max(np.abs(x)) + 1e-9) * 0.95
    r = load("dnsmos").run(x, sr=16000)
    return {"sig": float(r["sig_mos"]), "bak": float(r["bak_mos"]), "ovrl": float(r["ovrl_mos"])}


def _aligned(est: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = min(len(est), len(ref))
    if n == 0:
        raise ValueError("SI-SDR, PESQ and STOI need two non-empty signals")
    return np.asarray(est[:n], np.float64), np.asarray(ref[:n], np.float64)


def si_sdr(estimate: np.ndarray, reference: np.ndarray) -> float:
    """Scale-invariant signal-to-distortion ratio in dB (Le Roux et al. 2019): how much of `estimate` is the
    (rescaled) `reference`; both at one rate, cut to the shorter."""
    est, ref = _aligned(estimate, reference)
    est, ref = est - est.mean(), ref - ref.mean()
    target = (est @ ref) / (ref @ ref + 1e-12) * ref
    return float(10 * np.log10((target @ target + 1e-12) / ((est - target) @ (est - target) + 1e-12)))


def pesq_wb(estimate: np.ndarray, reference: np.ndarray, sr: int) -> float:
    """Wide-band PESQ (ITU-T P.862.2, -0.5..4.64) of `estimate` against the clean `reference`, at 16 kHz."""
    from pesq import pesq

    est, ref = (resample(np.asarray(x, np.float32), sr, 16000) for x in _aligned(estimate, reference))
    return float(pesq(16000, ref, est, "wb"))


def stoi(estimate: np.ndarray, reference: np.ndarray, sr: int, extended: bool = False) -> float:
    """Short-time objective intelligibility (0..1; `extended` gives ESTOI) against the clean `reference`."""
    from pystoi import stoi as _stoi

    est, ref = _aligned(estimate, reference)
    return float(_stoi(ref, est, sr, extended=extended))


def speaker_similarity_dvector(wav: np.ndarray, sr: int, reference_wav: np.ndarray, reference_sr: int) -> float:
    """Cosine of the d-vectors of two recordings: the second opinion beside GE2E `speaker_similarity`."""
    return cosine(dvector_embedding(wav, sr), dvector_embedding(reference_wav, reference_sr))


# --- pitch and spectrum against a time-aligned reference ------------------------------------------------------
def f0_errors(f0: np.ndarray, f0_ref: np.ndarray) -> dict[str, float]:
    """F0 RMSE in cents over frames voiced in both tracks, and the voicing error (share of frames whose
    voiced/unvoiced decision differs). Tracks in Hz on one frame grid, 0 = unvoiced; cut to the shorter."""
    n = min(len(f0), len(f0_ref))
    a, b = np.asarray(f0[:n], np.float64), np.asarray(f0_ref[:n], np.float64)
    both = (a > 0) & (b > 0)
    rmse = float(np.sqrt(np.mean((1200 * np.log2(a[both] / b[both])) ** 2))) if both.any() else float("nan")
    return {"f0_rmse_cents": rmse, "voicing_error": float(np.mean((a > 0) != (b > 0))) if n else float("nan")}


def f0_errors_audio(wav: np.ndarray, reference: np.ndarray, sr: int) -> dict[str, float]:
    """`f0_errors` of two time-aligned recordings at `sr` (e.g. a conversion against its source), 10 ms frames."""
    from anyvoice.audio.psola import praat_f0

    return f0_errors(praat_f0(wav, sr), praat_f0(reference, sr))


def mel_cepstra(wav: np.ndarray, sr: int, order: int = 24) -> np.ndarray:
    """(frames, order) mel-cepstral coefficients c1..c_order (c0, the level, left out), 5 ms frames, from WORLD's
    spectral envelope on a mel-warped frequency axis."""
    import pyworld as pw

    from anyvoice.audio.world import analyze

    feat = analyze(np.asarray(wav, np.float32), sr, fast=True)
    coded = pw.code_spectral_envelope(np.ascontiguousarray(feat.sp, np.float64), sr, order + 1)
    return coded[:, 1:]


def mcd(wav: np.ndarray, reference: np.ndarray, sr: int, align: bool = True) -> float:
    """Mel cepstral distortion in dB, (10 / ln 10) * sqrt(2 * sum_d (c_d - c'_d)^2) averaged over frames; frames
    are matched by DTW when `align` (different durations), else by position. 0 for identical signals."""
    a, b = mel_cepstra(wav, sr), mel_cepstra(reference, sr)
    if align:
        import librosa

        _, path = librosa.sequence.dtw(a.T, b.T, metric="euclidean")
        a, b = a[path[::-1, 0]], b[path[::-1, 1]]
    else:
        n = min(len(a), len(b))
        a, b = a[:n], b[:n]
    return float(np.mean(10 / np.log(10) * np.sqrt(2 * np.sum((a - b) ** 2, axis=1))))


# --- UniSpeaker's MVC metrics (speaker embeddings in, one number out) -----------------------------------------
def sst(embeddings: np.ndarray, target: np.ndarray) -> float:
    """Speaker Similarity to Target: mean cosine between each generated utterance's embedding and the target
    speaker's embedding (higher: closer to the asked-for voice)."""
    return float(np.mean([cosine(e, target) for e in np.atleast_2d(embeddings)]))


def ssc(embeddings: np.ndarray) -> float:
    """Speaker Similarity Consistency: mean pairwise cosine among utterances generated from ONE description (or
    face) with different sentences (higher: the description gives one stable voice)."""
    e = np.atleast_2d(embeddings)
    if len(e) < 2:
        raise ValueError("SSC needs at least two utterances of one description")
    return float(np.mean([cosine(e[i], e[j]) for i in range(len(e)) for j in range(i + 1, len(e))]))


def ssd(embeddings: np.ndarray) -> float:
    """Speaker Similarity Diversity: mean pairwise (1 - cosine) among utterances generated from DIFFERENT
    descriptions (higher: different descriptions give different voices; 0 when every output is one voice)."""
    e = np.atleast_2d(embeddings)
    if len(e) < 2:
        raise ValueError("SSD needs utterances of at least two descriptions")
    return float(np.mean([1 - cosine(e[i], e[j]) for i in range(len(e)) for j in range(i + 1, len(e))]))


def attribute_adherence(asked: dict[str, float], measured: dict[str, float], tolerance: dict[str, float]) -> float:
    """Share of the asked-for attributes whose measured value lies within its tolerance (same units)."""
    names = [k for k in asked if k in measured and k in tolerance]
    if not names:
        raise ValueError("no attribute is both asked for, measured and given a tolerance")
    return float(np.mean([abs(measured[k] - asked[k]) <= tolerance[k] for k in names]))
