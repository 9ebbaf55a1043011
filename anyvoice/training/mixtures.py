"""Speakers and mixtures for training and measuring the target speaker extractor.

A `SpeakerPool` holds several utterances per speaker (16 kHz) with the GE2E embedding of each utterance. Speakers
come from two sources:
- synthetic: a bundled base voice (Piper, Kokoro styles and blends) moved to a random pitch and vocal-tract length
  by PSOLA, reading random sentences, so the pool spans many more voices than the bases;
- human: klettres-data speakers (letters and syllables read by native speakers), joined into utterances.
`MixtureSampler` then draws (mixture, target, enrolment embedding) triples: the target speaker, another speaker at
a random target-to-interferer ratio, and sometimes noise. Each speaker belongs to a source (the synthetic voices,
klettres, each source of a real-speech corpus); mixtures draw every source equally often, so a source of many
speakers (a game's 71 characters) does not drown the telephone prompts of a few.
"""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.audio.io import AUDIO_SUFFIXES, load_audio
from anyvoice.audio.noise import NOISE_KINDS, make_noise, scale_to_snr
from anyvoice.audio.signal import join_with_pauses, resample
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.progress import Progress

SR = 16000
#: klettres speakers kept out of training: the bench and the tests measure on them.
HELD_OUT_HUMANS = ("en", "en_GB", "de", "fr")

_SUBJECTS = ("the old sailor", "my neighbour", "a young doctor", "the small committee", "our teacher", "the farmer",
             "his sister", "the tired pilot", "a quiet student", "the baker", "every visitor", "the new manager")
_VERBS = ("painted", "carried", "forgot", "described", "followed", "repaired", "ordered", "watched", "borrowed",
          "explained", "photographed", "measured")
_OBJECTS = ("a yellow bicycle", "the broken clock", "seven wooden chairs", "the northern bridge", "a bowl of soup",
            "the heavy luggage", "three silver coins", "a map of the village", "the morning newspaper",
            "a jar of honey", "the leaking roof", "twelve green apples")
_TAILS = ("before the storm began.", "during the long winter.", "while everyone was sleeping.", "near the station.",
          "without saying a word.", "on Thursday afternoon.", "after the concert ended.", "beside the river.",
          "with surprising patience.", "at the edge of the forest.", "for the second time.", "under a grey sky.")


def random_sentences(n: int, rng: np.random.Generator) -> list[str]:
    """`n` random English sentences from a small grammar (varied sounds, about 2-4 s when spoken)."""
    def pick(words: tuple[str, ...]) -> str:
        return words[int(rng.integers(len(words)))]
    return [f"{pick(_SUBJECTS).capitalize()} {pick(_VERBS)} {pick(_OBJECTS)} {pick(_TAILS)}" for _ in range(n)]


@dataclass
class Utterance:
    """One recording of one speaker; `text_id` tells recordings of the same sentence apart (-1: none)."""

    speaker: str
    wav: np.ndarray
    human: bool
    text_id: int = -1
    source: str = ""  # where the speaker comes from ("synthetic", "klettres", a corpus source); "": the speaker alone


@dataclass
class PoolConfig:
    """What the pool spans."""

    synthetic_speakers: int = 200
    utterances_per_speaker: int = 3
    sentences_per_base: int = 10
    pitch_shift_st: float = 5.0  # shifts drawn from +-this
    formant_ratio: tuple[float, float] = (0.86, 1.14)
    human_speakers: tuple[str, ...] | None = None  # klettres languages; None = all but HELD_OUT_HUMANS
    human_utterances: int = 8
    human_variants: int = 8  # each real speaker also moved to this many new pitches and vocal tracts
    seed: int = 0


@dataclass
class SpeakerPool:
    """Utterances (16 kHz, concatenated) with speaker labels and per-utterance GE2E embeddings."""

    audio: np.ndarray
    offsets: np.ndarray  # (n_utt + 1,) start of each utterance in `audio`
    speaker: np.ndarray  # (n_utt,) speaker index
    embeddings: np.ndarray  # (n_utt, 256)
    names: list[str]  # speaker index -> name
    human: np.ndarray  # speaker index -> real recording
    text_id: np.ndarray  # (n_utt,) sentence read, -1 when unique
    sources: np.ndarray  # speaker index -> source name (a pool saved without them: each speaker its own)

    def utterance(self, i: int) -> np.ndarray:
        return self.audio[self.offsets[i]:self.offsets[i + 1]]

    def utterances_of(self, spk: int) -> np.ndarray:
        return np.flatnonzero(self.speaker == spk)

    def save(self, path: str | Path) -> None:
        """Write the pool to `path` (.npz) atomically: a killed build leaves no half file to load next time."""
        with atomic_path(path, suffix=".npz") as tmp:
            np.savez(tmp, audio=self.audio, offsets=self.offsets, speaker=self.speaker, embeddings=self.embeddings,
                     names=np.array(self.names), human=self.human, text_id=self.text_id, sources=self.sources)

    @classmethod
    def load(cls, path: str | Path) -> "SpeakerPool":
        z = np.load(path)
        names = [str(n) for n in z["names"]]
        return cls(z["audio"], z["offsets"], z["speaker"], z["embeddings"], names, z["human"], z["text_id"],
                   z["sources"] if "sources" in z.files else np.array(names))

    @classmethod
    def cached(cls, path: str | Path, make: "Callable[[], SpeakerPool]") -> "SpeakerPool":
        """The pool saved at `path`, or `make()` saved there first (building one takes minutes)."""
        if Path(path).is_file():
            return cls.load(path)
        pool = make()
        pool.save(path)
        return pool

    def first_of_each(self, n: int) -> "SpeakerPool":
        """A pool with each speaker's first `n` utterances only."""
        keep = np.sort(np.concatenate([self.utterances_of(s)[:n] for s in np.unique(self.speaker)]))
        starts = np.concatenate([[0], np.cumsum([self.offsets[i + 1] - self.offsets[i] for i in keep])])
        return SpeakerPool(np.concatenate([self.utterance(int(i)) for i in keep]), starts.astype(np.int64),
                           self.speaker[keep], self.embeddings[keep], self.names, self.human, self.text_id[keep],
                           self.sources)

    @classmethod
    def merge(cls, pools: list["SpeakerPool"]) -> "SpeakerPool":
        """One pool holding every speaker of `pools` (speaker names are kept apart by pool)."""
        if len(pools) == 1:
            return pools[0]
        speaker_base = np.cumsum([0] + [len(p.names) for p in pools[:-1]])
        text_base = np.cumsum([0] + [int(p.text_id.max(initial=-1)) + 1 for p in pools[:-1]])
        starts = np.cumsum([0] + [len(p.audio) for p in pools[:-1]])
        return cls(np.concatenate([p.audio for p in pools]),
                   np.concatenate([pools[0].offsets[:1]] + [p.offsets[1:] + s for p, s in zip(pools, starts)]),
                   np.concatenate([p.speaker + b for p, b in zip(pools, speaker_base)]),
                   np.concatenate([p.embeddings for p in pools]),
                   [f"{k}:{n}" for k, p in enumerate(pools) for n in p.names],
                   np.concatenate([p.human for p in pools]),
                   np.concatenate([np.where(p.text_id >= 0, p.text_id + b, -1) for p, b in zip(pools, text_base)]),
                   np.concatenate([p.sources for p in pools]))

    @classmethod
    def from_utterances(cls, utts: list[Utterance], progress: Progress | None = None) -> "SpeakerPool":
        """From utterances at 16 kHz; the embedding of each is measured here."""
        from anyvoice.inputs.speech import speaker_embedding

        names = list(dict.fromkeys(u.speaker for u in utts))
        index = {n: i for i, n in enumerate(names)}
        human = np.zeros(len(names), bool)
        sources = np.array(names, dtype=object)
        embeddings = []
        for k, u in enumerate(utts):
            human[index[u.speaker]] = u.human
            sources[index[u.speaker]] = u.source or u.speaker
            embeddings.append(speaker_embedding(u.wav, SR))
            if progress:
                progress(k + 1, len(utts))
        return cls(np.concatenate([u.wav for u in utts]).astype(np.float32),
                   np.concatenate([[0], np.cumsum([len(u.wav) for u in utts])]).astype(np.int64),
                   np.array([index[u.speaker] for u in utts], np.int64), np.stack(embeddings).astype(np.float32),
                   names, human, np.array([u.text_id for u in utts], np.int64), sources.astype(str))


def _random_shift(rng: np.random.Generator, cfg: PoolConfig) -> tuple[float, float]:
    """A new speaker's pitch shift (semitones) and formant ratio, drawn within the pool's ranges."""
    return float(rng.uniform(-cfg.pitch_shift_st, cfg.pitch_shift_st)), float(rng.uniform(*cfg.formant_ratio))


def synthetic_speakers(cfg: PoolConfig, progress: Progress | None = None) -> list[Utterance]:
    """Random speakers made from the bundled base voices (see the module docstring).

    Each base reads `sentences_per_base` sentences once (Kokoro runs near real time on a laptop CPU); every
    speaker is a base moved to its own pitch and vocal-tract length, reading a few of its base's sentences.
    """
    from anyvoice.audio.psola import median_pitch_hz, shift_voice
    from anyvoice.synth import create_synthesizer
    from anyvoice.training.bank import DEFAULT_BASES

    rng = np.random.default_rng(cfg.seed)
    stock: dict[str, list[tuple[int, np.ndarray, int, float]]] = {}
    sentences = random_sentences(cfg.sentences_per_base * len(DEFAULT_BASES), rng)
    for b, base in enumerate(DEFAULT_BASES):
        synth = create_synthesizer(base)
        stock[base] = []
        for j in range(cfg.sentences_per_base):
            text_id = b * cfg.sentences_per_base + j
            wav = synth.synthesize(sentences[text_id])
            stock[base].append((text_id, wav, synth.sample_rate, median_pitch_hz(wav, synth.sample_rate)))
            if progress:
                progress(text_id + 1, len(sentences) + cfg.synthetic_speakers)
    out = []
    for k in range(cfg.synthetic_speakers):
        base = DEFAULT_BASES[k % len(DEFAULT_BASES)]
        st, ratio = _random_shift(rng, cfg)
        name = f"{base}|{st:+.1f}st|x{ratio:.2f}"
        for j in rng.choice(len(stock[base]), size=cfg.utterances_per_speaker, replace=False):
            text_id, wav, sr, f0 = stock[base][j]
            out.append(Utterance(name, resample(shift_voice(wav, sr, st, ratio, f0), sr, SR), False, text_id,
                                 "synthetic"))
        if progress:
            progress(len(sentences) + k + 1, len(sentences) + cfg.synthetic_speakers)
    return out


def varied_speakers(utts: list[Utterance], variants: int, cfg: PoolConfig) -> list[Utterance]:
    """New speakers from real ones: each speaker's utterances moved together to `variants` random pitches and
    vocal-tract lengths by PSOLA. Real recordings are few (one speaker per klettres language); their variants keep
    real voice quality and recording conditions, which the synthetic bases lack."""
    from anyvoice.audio.psola import median_pitch_hz, shift_voice

    rng = np.random.default_rng(cfg.seed + 1)
    by_speaker: dict[str, list[Utterance]] = {}
    for u in utts:
        by_speaker.setdefault(u.speaker, []).append(u)
    out = []
    for name, own in by_speaker.items():
        f0 = median_pitch_hz(np.concatenate([u.wav for u in own]), SR)
        for _ in range(variants):
            st, ratio = _random_shift(rng, cfg)
            out += [Utterance(f"{name}|{st:+.1f}st|x{ratio:.2f}", shift_voice(u.wav, SR, st, ratio, f0), True,
                              source=u.source) for u in own]
    return out


def klettres_languages() -> list[str]:
    """The klettres-data speakers installed here (one per language folder with recordings)."""
    return sorted(Path(p).parent.name for p in glob.glob("/usr/share/klettres/*/alpha")
                  if glob.glob(f"{p}/*.ogg"))


def human_speakers(languages: list[str], utterances: int, seed: int = 0) -> list[Utterance]:
    """klettres speakers: 4-7 random letters or syllables joined into each utterance."""
    rng = np.random.default_rng(seed)
    out = []
    for lang in languages:
        files = sorted(glob.glob(f"/usr/share/klettres/{lang}/alpha/*.ogg") +
                       glob.glob(f"/usr/share/klettres/{lang}/syllab/*.ogg"))
        if len(files) < 8:
            continue
        clips = [load_audio(f, sr=SR)[0] for f in files]
        for _ in range(utterances):
            pick = rng.choice(len(clips), size=int(rng.integers(4, 8)), replace=False)
            wav = join_with_pauses([clips[i] for i in pick], SR, float(rng.uniform(0.08, 0.25)))
            out.append(Utterance(f"klettres-{lang}", wav, True, source="klettres"))
    return out


def folder_speakers(root: str | Path, max_seconds: float = 6.0) -> list[Utterance]:
    """A user's corpus: ROOT/SPEAKER/**/* (recordings in any format `load_audio` reads), one folder per speaker;
    long files are cut into pieces of at most `max_seconds`."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder; give a folder with one sub-folder of recordings per speaker")
    out = []
    for spk in sorted(d for d in root.iterdir() if d.is_dir()):
        for f in sorted(p for p in spk.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES):
            wav = load_audio(f, sr=SR)[0]
            step = int(max_seconds * SR)
            out += [Utterance(spk.name, wav[i:i + step], True, source=str(root)) for i in range(0, len(wav), step)
                    if len(wav[i:i + step]) >= SR]
    if len({u.speaker for u in out}) < 3:
        raise InputError(f"{root}: found recordings of {len({u.speaker for u in out})} speakers; "
                         "extractor training needs at least 3 (one sub-folder of audio files per speaker)")
    return out


def corpus_speakers(corpus: str | Path, held_out: bool = False, per_speaker: int = 40, seed: int = 0
                    ) -> list[Utterance]:
    """Utterances of a built real-speech corpus (`anyvoice corpus build`): the training speakers, or with
    `held_out` only the held-out ones; at most `per_speaker` each, drawn at random, so a speaker with hours does
    not drown one with minutes."""
    from anyvoice.corpus.manifest import by_speaker, read_manifest
    from anyvoice.corpus.split import held_out_entries, training_entries

    root = Path(corpus)
    entries = (held_out_entries if held_out else training_entries)(read_manifest(root / "manifest.jsonl"))
    rng = np.random.default_rng(seed)
    out = []
    for speaker, own in by_speaker(entries).items():
        for i in sorted(rng.choice(len(own), size=min(per_speaker, len(own)), replace=False)):
            out.append(Utterance(speaker, load_audio(root / own[i].path, sr=SR)[0], True, source=own[i].source))
    return out


def validation_pool() -> SpeakerPool:
    """The real speakers kept out of training (klettres HELD_OUT_HUMANS and the alsa-utils speaker)."""
    utts = human_speakers([lang for lang in HELD_OUT_HUMANS if lang in klettres_languages()], 6, seed=1)
    alsa = [load_audio(f, sr=SR)[0] for f in sorted(glob.glob("/usr/share/sounds/alsa/*.wav")) if "Noise" not in f]
    utts += [Utterance("alsa", join_with_pauses(alsa[i:i + 3], SR, 0.2), True) for i in range(0, len(alsa) - 2, 2)]
    if len({u.speaker for u in utts}) < 3:
        raise InputError("the validation speakers need the Debian packages klettres-data and alsa-utils; "
                         "install them (scripts/install.sh does)")
    return SpeakerPool.from_utterances(utts)


def build_pool(cfg: PoolConfig | None = None, progress: Progress | None = None) -> SpeakerPool:
    """Synthetic and human speakers, measured (about ten minutes on a laptop CPU with the defaults)."""
    cfg = cfg or PoolConfig()
    langs = list(cfg.human_speakers) if cfg.human_speakers is not None else \
        [lang for lang in klettres_languages() if lang not in HELD_OUT_HUMANS]
    humans = human_speakers(langs, cfg.human_utterances, cfg.seed)
    utts = synthetic_speakers(cfg, progress) + humans + varied_speakers(humans, cfg.human_variants, cfg)
    return SpeakerPool.from_utterances(utts, progress)


@dataclass
class MixConfig:
    """How training mixtures are drawn."""

    seconds: float = 3.0
    sir_db: tuple[float, float] = (-5.0, 5.0)  # target-to-interferer ratio
    noise_prob: float = 0.5
    snr_db: tuple[float, float] = (0.0, 20.0)
    extra_talker_prob: float = 0.2  # a third talker, quieter
    balance_sources: bool = True  # each source as often as any other (False: each speaker as often)


class MixtureSampler:
    """Draws (mixture, target, enrolment embedding) for the extractor, reproducibly from a seed."""

    def __init__(self, pool: SpeakerPool, cfg: MixConfig | None = None, seed: int = 0):
        self.pool, self.cfg = pool, cfg or MixConfig()
        self.rng = np.random.default_rng(seed)
        self.speakers = [s for s in range(len(pool.names)) if len(pool.utterances_of(s)) >= 2]
        self.by_source: dict[str, list[int]] = {}
        for s in self.speakers:
            self.by_source.setdefault(str(pool.sources[s]), []).append(s)
        self.source_names = sorted(self.by_source)

    def _crop(self, wav: np.ndarray, n: int) -> np.ndarray:
        if len(wav) >= n:
            start = int(self.rng.integers(0, len(wav) - n + 1))
            return wav[start:start + n]
        out = np.zeros(n, np.float32)
        start = int(self.rng.integers(0, n - len(wav) + 1))
        out[start:start + len(wav)] = wav
        return out

    def _speaker(self) -> int:
        if not self.cfg.balance_sources:
            return self.speakers[int(self.rng.integers(len(self.speakers)))]
        own = self.by_source[self.source_names[int(self.rng.integers(len(self.source_names)))]]
        return own[int(self.rng.integers(len(own)))]

    def _other_speaker(self, avoid: set[int]) -> int:
        while True:
            s = self._speaker()
            if s not in avoid:
                return s

    def sample(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One example: mixture, clean target (both `seconds` long at 16 kHz) and the enrolment embedding."""
        pool, cfg, n = self.pool, self.cfg, int(self.cfg.seconds * SR)
        spk = self._speaker()
        utt, enrol = self.rng.choice(pool.utterances_of(spk), size=2, replace=False)
        target = self._crop(pool.utterance(utt), n)
        others = [self._other_speaker({spk})]
        if self.rng.random() < cfg.extra_talker_prob:
            others.append(self._other_speaker({spk, others[0]}))
        mix = target.copy()
        for j, o in enumerate(others):
            choices = [u for u in pool.utterances_of(o) if pool.text_id[u] < 0 or pool.text_id[u] != pool.text_id[utt]]
            wav = self._crop(pool.utterance(int(self.rng.choice(choices or pool.utterances_of(o)))), n)
            sir = self.rng.uniform(*cfg.sir_db) + 5.0 * j
            mix += scale_to_snr(target, wav, sir)
        if self.rng.random() < cfg.noise_prob:
            kind = NOISE_KINDS[int(self.rng.integers(len(NOISE_KINDS)))]
            mix += scale_to_snr(target, make_noise(kind, n, SR, self.rng), self.rng.uniform(*cfg.snr_db))
        gain = self.rng.uniform(0.05, 0.5) / (np.max(np.abs(mix)) + 1e-9)
        return (mix * gain).astype(np.float32), (target * gain).astype(np.float32), pool.embeddings[enrol]

    def batch(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`size` examples stacked: (size, samples), (size, samples), (size, 256)."""
        items = [self.sample() for _ in range(size)]
        return tuple(np.stack(x) for x in zip(*items))
