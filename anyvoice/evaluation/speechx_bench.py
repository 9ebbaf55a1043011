"""The clean-up benchmark (SpeechX tasks): enhancement, speech removal, target speaker extraction, speech editing.

Everything is measured on mixtures made here, reproducibly from a seed, at 16 kHz:
- speakers: Piper (as is, and moved up 5 semitones with a shorter tract: a second synthetic voice), Kokoro styles,
  and real human recordings kept out of the extractor's training (alsa-utils and klettres en, en_GB, de, fr);
- noise: the kinds of `anyvoice.audio.noise` at 0-15 dB SNR.
Metrics (evaluation/metrics.py): SI-SDR and its improvement over the input, wide-band PESQ, STOI, DNSMOS OVRL,
WER and speaker similarity (GE2E).
"""
from __future__ import annotations

import difflib
import glob
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.audio.io import load_audio
from anyvoice.audio.noise import NOISE_KINDS, make_noise, scale_to_snr
from anyvoice.audio.psola import shift_voice
from anyvoice.audio.signal import join_with_pauses, resample
from anyvoice.evaluation import metrics
from anyvoice.evaluation.evalset import REFERENCE_TEXT, SYNTHETIC_STYLES, TTS_TEXT, cached_audio, kokoro_sentences
from anyvoice.evaluation.evalset import SR as SR_SET
from anyvoice.text.words import normalize_words
from anyvoice.training.mixtures import HELD_OUT_HUMANS, human_speakers

SR = 16000


@dataclass
class TestSpeaker:
    """A speaker of the bench: clips at 16 kHz, with their text where known."""

    name: str
    human: bool
    clips: list[np.ndarray]
    texts: list[str | None]


def _piper_clips(cache: Path | None, shift_st: float = 0.0, ratio: float = 1.0) -> list[np.ndarray]:
    """Piper reading TTS_TEXT, optionally moved in pitch and vocal tract (a second synthetic voice)."""
    from anyvoice.synth import create_synthesizer

    def make(text: str) -> np.ndarray:
        s = create_synthesizer("piper")
        wav = s.synthesize(text)
        if shift_st or ratio != 1.0:
            wav = shift_voice(wav, s.sample_rate, shift_st, ratio)
        return resample(wav, s.sample_rate, SR_SET)
    tag = f"{shift_st:+g}x{ratio:g}" if shift_st or ratio != 1.0 else ""
    return [resample(cached_audio(cache, f"piper{tag}-{i}", lambda t=t: make(t)), SR_SET, SR)
            for i, t in enumerate(TTS_TEXT)]


def test_speakers(cache: Path | None = None, quick: bool = False) -> list[TestSpeaker]:
    """The bench's speakers (see the module docstring); `quick` keeps two Kokoro styles."""
    styles = ["jf_alpha", "jm_kumo"] if quick else SYNTHETIC_STYLES
    out = [TestSpeaker("piper", False, _piper_clips(cache), list(TTS_TEXT)),
           TestSpeaker("piper+5st", False, _piper_clips(cache, 5.0, 1.12), list(TTS_TEXT))]
    out += [TestSpeaker(f"kokoro-{s}", False, [resample(c, SR_SET, SR) for c in kokoro_sentences(s, cache)],
                        list(REFERENCE_TEXT)) for s in styles]
    out += _human_speakers(cache)
    return out


def _human_speakers(cache: Path | None) -> list[TestSpeaker]:
    """alsa-utils phrases in pairs, and three utterances of each held-out klettres speaker (kept in the set)."""
    def kept(name: str, make) -> np.ndarray:
        return resample(cached_audio(cache, name, lambda: resample(make(), SR, SR_SET)), SR_SET, SR)

    out = []
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    if len(files) >= 6:
        pairs = [files[i:i + 2] for i in range(0, 6, 2)]
        clips = [kept(f"sx-human-alsa-{k}", lambda p=p: join_with_pauses([load_audio(f, sr=SR)[0] for f in p], SR,
                                                                           0.3)) for k, p in enumerate(pairs)]
        out.append(TestSpeaker("human-alsa", True, clips,
                               [" ".join(Path(f).stem.replace("_", " ") for f in p) for p in pairs]))
    utts = None
    for lang in HELD_OUT_HUMANS:
        if not glob.glob(f"/usr/share/klettres/{lang}/alpha/*.ogg"):
            continue

        def make(k: int, lang: str = lang) -> np.ndarray:
            nonlocal utts
            utts = utts or human_speakers(list(HELD_OUT_HUMANS), 3, seed=7)
            return [u.wav for u in utts if u.speaker == f"klettres-{lang}"][k]
        clips = [kept(f"sx-human-{lang}-{k}", lambda k=k: make(k)) for k in range(3)]
        out.append(TestSpeaker(f"human-{lang}", True, clips, [None] * 3))
    return out


# --- enhancement and speech removal ---------------------------------------------------------------------------
@dataclass
class NoisyJob:
    speaker: str
    human: bool
    noise: str
    snr_db: float
    clean: np.ndarray
    noise_wav: np.ndarray
    text: str | None

    @property
    def mixture(self) -> np.ndarray:
        return self.clean + self.noise_wav


def noisy_jobs(speakers: list[TestSpeaker], snrs: tuple[float, ...], seed: int = 0) -> list[NoisyJob]:
    """One job per (speaker, noise kind), the SNR and the clip taken in turn, so every SNR meets every kind."""
    rng = np.random.default_rng(seed)
    jobs = []
    for i, s in enumerate(speakers):
        for k, kind in enumerate(NOISE_KINDS):
            snr = snrs[(i + k) % len(snrs)]
            c = (i + k) % len(s.clips)
            clean = s.clips[c]
            noise = scale_to_snr(clean, make_noise(kind, len(clean), SR, rng), snr)
            jobs.append(NoisyJob(s.name, s.human, kind, snr, clean, noise, s.texts[c]))
    return jobs


@dataclass
class Scores:
    """One output measured against its reference."""

    system: str
    group: str  # e.g. the SNR, for per-condition tables
    si_sdr_in: float
    si_sdr: float
    pesq: float = float("nan")
    stoi: float = float("nan")
    dnsmos: float = float("nan")
    rtf: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def si_sdri(self) -> float:
        return self.si_sdr - self.si_sdr_in


def _speech_scores(system: str, group: str, out: np.ndarray, clean: np.ndarray, mix: np.ndarray, rtf: float,
                   with_dnsmos: bool = True, **extra) -> Scores:
    return Scores(system, group, metrics.si_sdr(mix, clean), metrics.si_sdr(out, clean),
                  metrics.pesq_wb(out, clean, SR), metrics.stoi(out, clean, SR),
                  metrics.dnsmos(out, SR)["ovrl"] if with_dnsmos else float("nan"), rtf, dict(extra))


def _timed(fn: Callable[[], np.ndarray], seconds: float) -> tuple[np.ndarray, float]:
    t = time.perf_counter()
    y = fn()
    return y, (time.perf_counter() - t) / seconds


def run_enhancement(jobs: list[NoisyJob], log: Callable[[str], None] = print, raw: bool = True) -> list[Scores]:
    """Noisy input, raw DeepFilterNet3 (when `raw`), and `enhance` (DeepFilterNet3 + high-pass) on every job."""
    from anyvoice.cleanup.denoiser import suppress_noise
    from anyvoice.tasks.enhance import enhance

    systems = {"noisy input": lambda x: x, "DeepFilterNet3 (raw)": lambda x: suppress_noise(x, SR),
               "anyvoice enhance": lambda x: enhance(x, SR)}
    if not raw:
        systems.pop("DeepFilterNet3 (raw)")
    out = []
    for i, job in enumerate(jobs):
        mix = job.mixture
        for name, fn in systems.items():
            y, rtf = _timed(lambda: fn(mix), len(mix) / SR)
            out.append(_speech_scores(name, f"{job.snr_db:g} dB", y, job.clean, mix, rtf, noise=job.noise,
                                      human=job.human))
        log(f"enhance {i + 1}/{len(jobs)} {job.speaker} {job.noise} {job.snr_db:g} dB: "
            f"{out[-len(systems)].si_sdr:.1f} -> {out[-1].si_sdr:.1f} dB")
    return out


def words_kept(heard_before: str, heard_after: str) -> float:
    """Share of the words heard in the speech that are still heard, in order, in the output (words Whisper
    invents on noise do not count, unlike in a word count)."""
    before, after = normalize_words(heard_before), normalize_words(heard_after)
    if not before:
        return float("nan")
    blocks = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(before)


def run_speech_removal(jobs: list[NoisyJob], log: Callable[[str], None] = print) -> list[Scores]:
    """`remove_speech`: the output against the true background; speech left = share of the words heard in the
    clean speech that are still heard in the output, and, where the text is known, the output's WER."""
    from anyvoice.tasks.enhance import remove_speech

    out = []
    for i, job in enumerate(jobs):
        mix = job.mixture
        y, rtf = _timed(lambda: remove_speech(mix, SR), len(mix) / SR)
        heard_clean, heard_in, heard_out = (metrics.transcribe(x, SR) for x in (job.clean, mix, y))
        level = 10 * np.log10((np.mean(y ** 2) + 1e-12) / (np.mean(job.noise_wav ** 2) + 1e-12))
        extra = {"words_kept_in": words_kept(heard_clean, heard_in), "words_kept": words_kept(heard_clean, heard_out),
                 "level_db": float(level)}
        if job.text:
            extra["wer_out"] = metrics.wer(job.text, heard_out)
        out.append(Scores("anyvoice remove_speech", f"{job.snr_db:g} dB", metrics.si_sdr(mix, job.noise_wav),
                          metrics.si_sdr(y, job.noise_wav), rtf=rtf, extra=extra))
        log(f"remove-speech {i + 1}/{len(jobs)} {job.noise}: background {out[-1].si_sdr_in:.1f} -> "
            f"{out[-1].si_sdr:.1f} dB, words kept {extra['words_kept_in']:.2f} -> {extra['words_kept']:.2f}")
    return out


# --- target speaker extraction --------------------------------------------------------------------------------
@dataclass
class MixJob:
    target: str
    interferer: str
    human: bool
    enrolment: np.ndarray
    clean: np.ndarray
    other: np.ndarray
    noise: np.ndarray
    absent_enrolment: np.ndarray  # a third speaker, not in the mixture

    @property
    def mixture(self) -> np.ndarray:
        return self.clean + self.other + self.noise


def mix_jobs(speakers: list[TestSpeaker], n: int, seed: int = 0) -> list[MixJob]:
    """`n` two-talker mixtures at 0 dB of two different speakers; every other one with noise at 5-15 dB."""
    rng = np.random.default_rng(seed)
    jobs = []
    for k in range(n):
        t, o, a = rng.choice(len(speakers), size=3, replace=False)
        ts, os_, absent = speakers[t], speakers[o], speakers[a]
        clean = ts.clips[1 + k % (len(ts.clips) - 1)]
        other = os_.clips[int(rng.integers(len(os_.clips)))]
        m = len(clean)
        other = np.pad(other, (0, max(0, m - len(other))))[:m]
        other = scale_to_snr(clean, other, 0.0)
        noise = np.zeros(m, np.float32)
        if k % 2:
            kind = NOISE_KINDS[int(rng.integers(len(NOISE_KINDS)))]
            noise = scale_to_snr(clean, make_noise(kind, m, SR, rng), float(rng.uniform(5, 15)))
        jobs.append(MixJob(ts.name, os_.name, ts.human, ts.clips[0], clean, other, noise, absent.clips[0]))
    return jobs


def run_extraction(jobs: list[MixJob], log: Callable[[str], None] = print,
                   model_path: str | None = None) -> list[Scores]:
    """The mixture as is, and `extract` with the target's enrolment clip; also whether `extract` reports a
    speaker who is not in the mixture as absent."""
    from anyvoice.tasks.extract import extract
    from anyvoice.voice import Voice

    out = []
    for i, job in enumerate(jobs):
        mix = job.mixture
        group = "noisy" if np.any(job.noise) else "two talkers"
        out.append(_speech_scores("mixture", group, mix, job.clean, mix, 0.0, human=job.human))
        voice = Voice.from_audio(job.enrolment, SR)
        res, rtf = _timed(lambda: extract(mix, SR, voice, model_path=model_path), len(mix) / SR)
        absent = extract(mix, SR, Voice.from_audio(job.absent_enrolment, SR), model_path=model_path)
        right = metrics.si_sdr(res.audio, job.clean) > metrics.si_sdr(res.audio, job.other)
        out.append(_speech_scores("anyvoice extract", group, res.audio, job.clean, mix, rtf, human=job.human,
                                  right_talker=bool(right), present=res.present, absent_flagged=not absent.present,
                                  similarity=res.similarity, absent_similarity=absent.similarity))
        log(f"extract {i + 1}/{len(jobs)} {job.target} vs {job.interferer} ({group}): "
            f"{out[-1].si_sdr_in:.1f} -> {out[-1].si_sdr:.1f} dB, right={right}, present={res.present} "
            f"(similarity {res.similarity}), absent flagged={not absent.present} (similarity {absent.similarity})")
    return out


# --- speech editing -------------------------------------------------------------------------------------------
#: Original text -> new wording: replacements, insertions and deletions of 2-4 words, for Piper (TTS_TEXT) and
#: Kokoro (REFERENCE_TEXT) recordings.
EDITS = {
    TTS_TEXT[0]: "The committee will publish its annual budget review on Thursday afternoon.",
    TTS_TEXT[1]: "Bright red kites were flying very high above the quiet sandy beach.",
    TTS_TEXT[2]: "He opened the letter and read it three times before speaking.",
    TTS_TEXT[3]: "Our library closes at half past eight, but the reading room stays open until midnight.",
    REFERENCE_TEXT[0]: "Every morning the small blue ferry crossed the harbour while gulls circled above the water.",
    REFERENCE_TEXT[1]: "She kept a small notebook of old songs and the names of strangers she met on trains.",
    REFERENCE_TEXT[2]: "Nobody expected the storm to arrive so early, but the farmers had already brought in the "
                       "barley and the hay.",
    REFERENCE_TEXT[3]: "Please remember to lock the front gate and feed the cat before you leave for the station.",
}
ALSA_EDITS = {"Front Center Front Left": "Rear Center Front Left",
              "Front Right Rear Center": "Front Right and the Rear Center"}


@dataclass
class EditScore:
    speaker: str
    human: bool
    noisy: bool
    wer: float  # whole output against the new text
    edited_word_error: float  # share of the new words (inside edits) not heard in place
    similarity: float | None  # GE2E of the edited regions against the rest
    rtf: float
    natural: float | None = None  # the same measure on the input: its replaced words against the rest


def edited_word_error(old_text: str, new_text: str, heard: str) -> float:
    """Share of the words that the edit introduced (in `new_text`, not in `old_text`) missing from `heard`."""
    old, new, got = (normalize_words(t) for t in (old_text, new_text, heard))
    introduced = set()
    for op, _, _, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("replace", "insert"):
            introduced.update(range(j1, j2))
    if not introduced:
        return 0.0
    matched = set()
    for a, _, size in difflib.SequenceMatcher(a=new, b=got, autojunk=False).get_matching_blocks():
        matched.update(range(a, a + size))
    return len(introduced - matched) / len(introduced)


def _inside_vs_rest(wav: np.ndarray, spans: list[tuple[int, int]]) -> float | None:
    """GE2E cosine of the audio inside `spans` (samples) against the rest; None when either is too short."""
    from anyvoice.inputs.speech import speaker_embedding

    inside = np.zeros(len(wav), bool)
    for a, b in spans:
        inside[a:b] = True
    try:
        return float(speaker_embedding(wav[inside], SR) @ speaker_embedding(wav[~inside], SR))
    except ValueError:
        return None


def run_speech_edit(speakers: list[TestSpeaker], noisy: bool, log: Callable[[str], None] = print,
                    seed: int = 0, max_per_speaker: int = 4) -> list[EditScore]:
    """Text edits (up to `max_per_speaker`) on every speaker with texts (clean, or with noise at 10 dB)."""
    from anyvoice.tasks.speech_edit import speech_edit

    rng = np.random.default_rng(seed)
    out = []
    for s in speakers:
        edits = {**EDITS, **ALSA_EDITS}
        cases = [(c, t, edits[t]) for c, t in zip(s.clips, s.texts) if t in edits][:max_per_speaker]
        for wav, old, new in cases:
            if noisy:
                wav = wav + scale_to_snr(wav, make_noise(["pink", "music", "rain"][len(out) % 3], len(wav), SR, rng),
                                         10.0)
            res, rtf = _timed(lambda: speech_edit(wav, SR, new), len(wav) / SR)
            heard = metrics.transcribe(res.audio, SR)
            spans = [(int(e.new_start * SR), int(e.new_end * SR)) for e in res.edits if e.new]
            old_spans = [(int(e.start * SR), int(e.end * SR)) for e in res.edits if e.old]
            sim, natural = _inside_vs_rest(res.audio, spans), _inside_vs_rest(wav, old_spans)
            out.append(EditScore(s.name, s.human, noisy, metrics.wer(new, heard), edited_word_error(old, new, heard),
                                 sim, rtf, natural))
            log(f"edit {s.name} {'noisy' if noisy else 'clean'}: {new!r} -> heard {heard!r}, "
                f"similarity {sim if sim is None else round(sim, 3)}")
    return out


# --- summaries ------------------------------------------------------------------------------------------------
def _mean(xs) -> float:
    xs = [x for x in xs if x is not None and np.isfinite(x)]
    return float(np.mean(xs)) if xs else float("nan")


def summarize_scores(scores: list[Scores]) -> dict[str, dict[str, dict[str, float]]]:
    """{system: {group or 'all': {metric: mean}}} with SI-SDR, SI-SDRi, PESQ, STOI, DNSMOS, RTF and the extras."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for system in dict.fromkeys(s.system for s in scores):
        rows = [s for s in scores if s.system == system]
        for group in ["all", *sorted(dict.fromkeys(s.group for s in rows))]:
            rs = rows if group == "all" else [s for s in rows if s.group == group]
            m = {"n": len(rs), "si_sdr_in": _mean(s.si_sdr_in for s in rs), "si_sdr": _mean(s.si_sdr for s in rs),
                 "si_sdri": _mean(s.si_sdri for s in rs), "pesq": _mean(s.pesq for s in rs),
                 "stoi": _mean(s.stoi for s in rs), "dnsmos_ovrl": _mean(s.dnsmos for s in rs),
                 "rtf": _mean(s.rtf for s in rs)}
            for key in dict.fromkeys(k for s in rs for k in s.extra):
                vals = [s.extra[key] for s in rs if isinstance(s.extra.get(key), (bool, int, float))]
                if vals:
                    m[key] = _mean([float(v) for v in vals])
            out.setdefault(system, {})[group] = m
    return out


def speech_table(summary: dict[str, dict[str, dict[str, float]]]) -> str:
    """A `summarize_scores` result as a markdown table, one row per system and condition."""
    from anyvoice.evaluation.tables import markdown_table

    rows = [[system, group, m["n"], m["si_sdr_in"], m["si_sdr"], m["si_sdri"], m["pesq"], m["stoi"],
             m["dnsmos_ovrl"], m["rtf"]] for system, groups in summary.items() for group, m in groups.items()]
    return markdown_table(["system", "condition", "n", "SI-SDR in", "SI-SDR out", "SI-SDRi", "PESQ", "STOI",
                           "DNSMOS", "RTF"], rows)


def summarize_edits(edits: list[EditScore]) -> dict[str, dict[str, float]]:
    """{condition: {metric: mean}} for clean, noisy and human recordings."""
    groups = {"clean": [e for e in edits if not e.noisy], "noisy": [e for e in edits if e.noisy],
              "human": [e for e in edits if e.human], "all": edits}
    return {g: {"n": len(es), "wer": _mean(e.wer for e in es),
                "edited_word_error": _mean(e.edited_word_error for e in es),
                "similarity": _mean(e.similarity for e in es), "natural": _mean(e.natural for e in es),
                "rtf": _mean(e.rtf for e in es)}
            for g, es in groups.items() if es}
