"""Which content frames carry the words of other languages, and how much of the speaker: Whisper tiny.en (what the
`cfm` engine reads) against the multilingual Whisper base, with the log-mel spectrogram as a control.

Words kept: a linear CTC reader (`anyvoice/evaluation/content_probe.py`) learns to spell one set of real speakers'
package transcripts in a language and spells another speaker's; character error rate on that speaker, pooled.
Leakage: the timbre-leakage probe's speaker classifier on the same frames (`anyvoice/evaluation/leakage.py`), over
the real speakers of these languages. Both read the frames on 64 principal axes, as the cfm decoder does. Needs a
built corpus (`anyvoice corpus build`).

    .venv/bin/python bench/content_probe_bench.py --corpus corpus
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from anyvoice.audio.io import load_audio
from anyvoice.audio.mel import MEL_SR, hifigan_mel
from anyvoice.audio.signal import resample
from anyvoice.corpus.manifest import Entry, by_speaker, read_manifest
from anyvoice.engines.cfm import CfmEngineConfig
from anyvoice.evaluation.content_probe import PrincipalAxes, ProbeConfig, Utterance, ctc_probe
from anyvoice.evaluation.leakage import chance_accuracy, probe_accuracy
from anyvoice.inputs.content import CONTENT_ENCODERS, content_features

#: language -> (speakers the reader learns from, the speaker it is measured on); all with the package's own text
PROBES = {
    "fr": (["asterisk-june"], "tuxpaint-fr"),
    "ru": (["festvox-ru", "tuxpaint-ru"], "asterisk-ivrvoiceru"),
    "cs": (["fillets-m"], "fillets-v"),
}
#: speakers probed for leakage only (no transcripts, or a language with one transcribed speaker)
LEAKAGE_ONLY = ["asterisk-armelle", "asterisk-carlo", "asterisk-menardi", "asterisk-allison", "asterisk-es-co"]
WINDOW_S = CfmEngineConfig().content_window_s  # the window the cfm engine reads content in


@dataclass
class Clip:
    """One corpus utterance, read."""

    speaker: str
    text: str
    wav: np.ndarray
    sr: int


def _clips(corpus: Path, per_speaker: int, leakage_per_speaker: int, seed: int) -> list[Clip]:
    speakers = by_speaker(read_manifest(corpus / "manifest.jsonl"))
    rng = np.random.default_rng(seed)
    wanted = {s: per_speaker for train, test in PROBES.values() for s in [*train, test]}
    wanted.update({s: leakage_per_speaker for s in LEAKAGE_ONLY})
    clips = []
    for speaker, count in wanted.items():
        if speaker not in speakers:
            raise SystemExit(f"{corpus} has no speaker {speaker}; build the whole corpus (anyvoice corpus build)")
        entries: list[Entry] = speakers[speaker]
        if speaker not in LEAKAGE_ONLY:
            entries = [e for e in entries if e.transcript and e.transcript_from == "package"]
        entries = [entries[i] for i in sorted(rng.permutation(len(entries))[:count])]
        for e in entries:
            wav, sr = load_audio(corpus / e.path)
            clips.append(Clip(speaker, e.transcript, wav, sr))
    return clips


def _mel(wav: np.ndarray, sr: int) -> np.ndarray:
    return hifigan_mel(resample(wav, sr, MEL_SR))[::2]  # about 43 frames a second, near the encoders' 50


def _features(clips: list[Clip]) -> tuple[dict[str, list[np.ndarray]], dict[str, float]]:
    readers = {e: lambda w, sr, e=e: content_features(w, sr, WINDOW_S, e) for e in CONTENT_ENCODERS}
    readers["log-mel (control)"] = _mel
    features: dict[str, list[np.ndarray]] = {name: [] for name in readers}
    seconds = dict.fromkeys(readers, 0.0)
    for clip in tqdm(clips, desc="content frames", unit="clip"):
        for name, read in readers.items():
            t0 = time.perf_counter()
            features[name].append(read(clip.wav, clip.sr))
            seconds[name] += time.perf_counter() - t0
    audio_s = sum(len(c.wav) / c.sr for c in clips)
    return features, {name: s / audio_s for name, s in seconds.items()}


def _leakage(frames: list[np.ndarray], speakers: np.ndarray, seed: int) -> tuple[float, float]:
    """(speaker accuracy, chance) on the frames' 64 principal axes."""
    axes = PrincipalAxes(np.concatenate(frames), 64)
    on_axes = [axes(f) for f in frames]
    rng = np.random.default_rng(seed)
    train = np.concatenate([rng.permutation(np.flatnonzero(speakers == s))[:max(1, int((speakers == s).sum()) // 2)]
                            for s in np.unique(speakers)])
    return probe_accuracy(on_axes, speakers, train), chance_accuracy(on_axes, speakers, train)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="a built corpus folder (manifest.jsonl)")
    ap.add_argument("--per-speaker", type=int, default=300, help="utterances per probed speaker")
    ap.add_argument("--leakage-per-speaker", type=int, default=60, help="utterances per leakage-only speaker")
    ap.add_argument("--epochs", type=int, default=ProbeConfig.epochs)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    clips = _clips(Path(args.corpus), args.per_speaker, args.leakage_per_speaker, args.seed)
    features, rtf = _features(clips)
    config = ProbeConfig(epochs=args.epochs, seed=args.seed)
    print("\n| frames | language | learned from | measured on | CER, unheard speaker | CER, its own speakers |")
    print("|---|---|---|---|---|---|")
    for name, frames in features.items():
        for language, (train_speakers, test_speaker) in PROBES.items():
            def utterances(wanted: list[str]) -> list[Utterance]:
                return [Utterance(f, c.text) for f, c in zip(frames, clips) if c.speaker in wanted]

            r = ctc_probe(utterances(train_speakers), utterances([test_speaker]), language, config)
            print(f"| {name} | {language} | {', '.join(train_speakers)} | {test_speaker} ({r.utterances}) | "
                  f"{100 * r.cer:.1f} % | {100 * r.train_cer:.1f} % |")
    # one class per speaker (asterisk-allison's English and Spanish are one class)
    names = sorted({c.speaker for c in clips})
    speakers = np.array([names.index(c.speaker) for c in clips])
    print(f"\nLeakage: speaker accuracy over {len(names)} real speakers\n")
    print("| frames | speaker accuracy | chance (the largest class of the test segments) "
          "| encoder seconds per second of audio |")
    print("|---|---|---|---|")
    for name, frames in features.items():
        accuracy, chance = _leakage(frames, speakers, args.seed)
        print(f"| {name} | {accuracy:.2f} | {chance:.2f} | {rtf[name]:.3f} |")


if __name__ == "__main__":
    main()
