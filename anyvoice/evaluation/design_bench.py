"""The voice design benchmark (UniSpeaker's MVC tasks): measured on the spoken output, not on the request.

- Design: >= 60 requests (descriptions, faces, slider settings, mixtures). Perceived gender of the output
  (`likely_female` on its measured pitch and vocal tract) against the requested gender; the output's median pitch
  against the requested band; pace (duration of the same sentence) and loudness (active level) against the same
  request without its pace / loudness words (its "twin").
- SSC: one description spoken in two sentences, mean GE2E similarity of the pair; SSD: mean GE2E distance
  (1 - cosine) between different descriptions; both beside a baseline that ignores the description (the default
  voice).
- AVE: edits of designed and real human voices; the edited attribute must move as asked, and the edited voice
  must stay similar to the original (GE2E cosine of the two renderings).
- describe(): applied to the text designs' outputs; the attributes it states must match the request.
"""
from __future__ import annotations

import importlib.resources as res
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import active_level_db
from anyvoice.evaluation.metrics import transcribe, wer
from anyvoice.inputs.speech import cosine, speaker_embedding
from anyvoice.tasks.tts import tts
from anyvoice.voice import Voice
from anyvoice.voice.describe import describe_voice
from anyvoice.voice.design import design_voice
from anyvoice.voice.edit import edit_voice
from anyvoice.voice.norms import likely_female, norm, semitones
from anyvoice.voice.timbre import spectral_tilt

SENTENCES = ("The garden was quiet after the long summer rain.",
             "We will meet at the station before the last train leaves.")
PITCH_BANDS = {"high": (1.0, 8.0), "low": (-8.0, -1.0), "mid": (-2.5, 2.5)}  # semitones against the norm


@dataclass
class Request:
    """One design request and what it asks for."""

    name: str
    kind: str  # text | face | attributes | mixture
    text: str | None = None
    face: str | None = None
    attributes: dict[str, float] | None = None
    twin: str | None = None  # the same request without its pace / loudness words
    pace: int = 0  # +1 faster, -1 slower (than the twin)
    energy: int = 0  # +1 louder, -1 softer
    consistency: bool = False  # also spoken in the second sentence (SSC)


@dataclass
class Measured:
    """What the bench reads off one rendering."""

    f0: float
    vtl: float
    log_f0_std: float
    hnr: float
    level_db: float
    duration: float
    tilt: float
    embedding: np.ndarray = field(repr=False)
    wer: float = 0.0


def measure(wav: np.ndarray, sr: int, text: str) -> Measured:
    """Pitch, tract, spread, HNR, level, speech duration, spectral tilt, embedding and WER of one rendering."""
    v = Voice.from_audio(wav, sr)
    a = v.attributes
    env = np.abs(wav) > 10 ** (-45 / 20) * max(float(np.abs(wav).max()), 1e-9)
    idx = np.flatnonzero(env)
    duration = (idx[-1] - idx[0]) / sr if idx.size else 0.0
    return Measured(a.f0_median_hz, a.vtl_cm, a.log_f0_std, a.hnr_db, active_level_db(wav, sr), duration,
                    spectral_tilt(v.envelope_mean), v.embedding, wer(text, transcribe(wav, sr)))


def face_path() -> str:
    return str(res.files("skimage") / "data" / "astronaut.png")


def design_requests() -> list[Request]:
    """The fixed request set: 36 descriptions, 6 face requests, 12 slider settings, 8 mixtures."""
    reqs: list[Request] = []
    variants = itertools.cycle([("fast", 1, 0), ("loud", 0, 1), ("slow", -1, 0), ("soft", 0, -1)])
    timbres = itertools.cycle(["warm", "bright", "breathy", "husky", "nasal", "clear"])
    for i, (noun, pitch, age) in enumerate(itertools.product(("woman", "man"), ("", "high-pitched", "deep"),
                                                             ("young", "", "older"))):
        base = " ".join(w for w in ("a", pitch, age, noun) if w)
        name = base.replace(" ", "-")
        reqs.append(Request(name, "text", text=base, consistency=i % 3 != 2))  # 12 of them for SSC
        word, pace, energy = next(variants)
        reqs.append(Request(f"{name}+{word}", "text", text=f"{base} with a {word}, {next(timbres)} voice",
                            twin=name, pace=pace, energy=energy))
    face = face_path()
    reqs += [Request("face", "face", face=face), Request("face+fast", "mixture", face=face,
                                                         attributes={"pace": 1.3}, twin="face", pace=1),
             Request("face+soft", "mixture", face=face, attributes={"energy_db": -6}, twin="face", energy=-1),
             Request("face+man", "mixture", face=face, text="a man"),
             Request("face+older", "mixture", face=face, text="an older woman"),
             Request("face+loud-text", "mixture", face=face, text="a loud woman", twin="face", energy=1)]
    for female, hz in ((0.0, 100.0), (0.0, 135.0), (1.0, 185.0), (1.0, 240.0)):
        name = f"sliders-f{female:g}-{hz:g}hz"
        vals = {"female": female, "pitch_hz": hz}
        reqs += [Request(name, "attributes", attributes=vals),
                 Request(name + "+fast", "attributes", attributes={**vals, "pace": 1.3}, twin=name, pace=1),
                 Request(name + "+soft", "attributes", attributes={**vals, "energy_db": -6}, twin=name, energy=-1)]
    reqs += [Request("deep-man+150hz", "mixture", text="a deep man", attributes={"pitch_hz": 150.0}),
             Request("woman+slow-slider", "mixture", text="a woman", attributes={"pace": 0.75},
                     twin="a-woman", pace=-1),
             Request("old-man+loud-slider", "mixture", text="an older man", attributes={"energy_db": 6.0},
                     twin="a-older-man", energy=1),
             Request("girl", "text", text="a little girl"), Request("teen-boy", "text", text="a teenage boy"),
             Request("70-year-old-woman", "text", text="a 70-year-old woman"),
             Request("man-100hz", "text", text="a man speaking at 100 Hz"),
             Request("grandfather-slow", "text", text="a slow, gravelly grandfather")]
    return reqs


@dataclass
class DesignOutcome:
    """One request's voice and the measurements of its renderings."""

    request: Request
    voice: Voice
    first: Measured
    second: Measured | None
    checks: dict[str, bool]


def _requested_gender(v: Voice) -> str | None:
    f = v.design.targets["female"]
    return "female" if f >= 0.75 else "male" if f <= 0.25 else None


def _pitch_band(v: Voice) -> tuple[str, float, float]:
    """The requested pitch band as (label, low Hz, high Hz)."""
    t = v.design.targets
    if t["pitch_hz"] > 0:
        return "exact", t["pitch_hz"] * 2 ** (-2 / 12), t["pitch_hz"] * 2 ** (2 / 12)
    label = "high" if t["pitch_st"] > 1 else "low" if t["pitch_st"] < -1 else "mid"
    n = norm(t["female"], t["age"])
    lo, hi = PITCH_BANDS[label]
    return label, n.f0_hz * 2 ** (lo / 12), n.f0_hz * 2 ** (hi / 12)


def describe_agreement(requests: list[Request], audio_dir: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """describe() on every text design's saved output against its request, for gender, pitch level, pace and
    loudness. "stated": of what describe() says, how much the request asked for (a word it adds unasked is a
    miss; the issue's measure); "asked": of what the request asked for, how much describe() says."""
    stated: dict[str, list[bool]] = {}
    asked_: dict[str, list[bool]] = {}
    for req in (r for r in requests if r.kind == "text"):
        v = design_voice(text=req.text)
        wav, sr = load_audio(audio_dir / f"{req.name}.wav")
        d = describe_voice(Voice.from_audio(wav, sr))
        t = v.design.targets
        g = _requested_gender(v)
        asked = {"gender": ("woman" if g == "female" else "man") if g and t["age"] >= 13 else None,
                 "pitch": {"high": "high-pitched", "low": "low-pitched"}.get(_pitch_band(v)[0], ""),
                 "pace": {1: "fast", -1: "slow"}.get(req.pace, ""),
                 "energy": {1: "loud", -1: "soft"}.get(req.energy, "")}
        said = {"gender": d.gender, "pitch": d.pitch, "pace": d.pace, "energy": d.energy}
        for k, want in asked.items():
            if want is None:
                continue
            if said[k]:
                stated.setdefault(k, []).append(said[k] == want)
            if want:
                asked_.setdefault(k, []).append(said[k] == want)
    return {"stated": {k: (int(sum(v)), len(v)) for k, v in stated.items()},
            "asked": {k: (int(sum(v)), len(v)) for k, v in asked_.items()}}


def run_design_requests(requests: list[Request], log: Callable[[str], None] = print,
                        audio_dir: Path | None = None) -> list[DesignOutcome]:
    """Design, speak and measure every request (saving the first sentence's audio to `audio_dir`, if given);
    then the twin checks."""
    outcomes: dict[str, DesignOutcome] = {}
    for r in requests:
        v = design_voice(text=r.text, face=r.face, attributes=r.attributes, name=r.name)
        wav, sr = tts(SENTENCES[0], v)
        m = measure(wav, sr, SENTENCES[0])
        second = None
        if r.consistency:
            wav2, sr2 = tts(SENTENCES[1], v)
            second = measure(wav2, sr2, SENTENCES[1])
        checks = {}
        g = _requested_gender(v)
        if g:
            checks["gender"] = (likely_female(m.f0, m.vtl) > 0.5) == (g == "female")
        _, lo, hi = _pitch_band(v)
        checks["pitch band"] = lo <= m.f0 <= hi
        if audio_dir is not None:
            save_audio(audio_dir / f"{r.name}.wav", wav, sr)
        outcomes[r.name] = DesignOutcome(r, v, m, second, checks)
        log(f"  {r.name:34s} f0 {m.f0:6.1f} Hz [{lo:5.0f}-{hi:5.0f}] tract {m.vtl:4.1f} cm  "
            f"{'ok' if all(checks.values()) else 'MISS ' + ','.join(k for k, ok in checks.items() if not ok)}")
    for o in outcomes.values():
        r = o.request
        if r.twin and r.twin in outcomes:
            t = outcomes[r.twin].first
            if r.pace:
                o.checks["pace"] = (o.first.duration < 0.95 * t.duration) if r.pace > 0 else \
                    (o.first.duration > 1.05 * t.duration)
            if r.energy:
                o.checks["energy"] = (o.first.level_db > t.level_db + 1.5) if r.energy > 0 else \
                    (o.first.level_db < t.level_db - 1.5)
    return list(outcomes.values())


def consistency_and_diversity(outcomes: list[DesignOutcome]) -> dict[str, float]:
    """SSC and SSD of the designs, and of the baseline that ignores the description (the default voice)."""
    pairs = [o for o in outcomes if o.second is not None]
    ssc = float(np.mean([cosine(o.first.embedding, o.second.embedding) for o in pairs]))
    embs = [o.first.embedding for o in pairs]
    ssd = float(np.mean([1 - cosine(a, b) for a, b in itertools.combinations(embs, 2)]))
    base = [speaker_embedding(*tts(s)) for s in SENTENCES]
    return {"ssc": ssc, "ssd": ssd, "baseline_ssc": cosine(base[0], base[1]),
            "baseline_ssd": 0.0,  # the default voice says every description the same way: no diversity at all
            "descriptions": len(pairs)}


EDIT_CHECKS: dict[str, Callable[[Measured, Measured], bool]] = {
    "+3 semitones": lambda e, o: semitones(e.f0, o.f0) > 1.5,
    "3 semitones lower": lambda e, o: semitones(e.f0, o.f0) < -1.5,
    "faster": lambda e, o: e.duration < 0.95 * o.duration,
    "slower": lambda e, o: e.duration > 1.05 * o.duration,
    "louder": lambda e, o: e.level_db > o.level_db + 2,
    "softer": lambda e, o: e.level_db < o.level_db - 2,
    "brighter": lambda e, o: e.tilt > o.tilt + 1,
    "darker": lambda e, o: e.tilt < o.tilt - 1,
    "more breathy": lambda e, o: e.hnr < o.hnr - 1,
    "older": lambda e, o: e.duration > 1.03 * o.duration and e.hnr < o.hnr - 0.5,
    "more expressive": lambda e, o: e.log_f0_std > 1.15 * o.log_f0_std,
    "monotone": lambda e, o: e.log_f0_std < 0.87 * o.log_f0_std,
}


@dataclass
class EditOutcome:
    """One edit of one voice."""

    voice: str
    edit: str
    moved: bool
    similarity: float


def run_edits(voices: list[Voice], log: Callable[[str], None] = print) -> list[EditOutcome]:
    """Every edit in EDIT_CHECKS on every voice, rendered with the same sentence as the original."""
    out = []
    for v in voices:
        orig = measure(*tts(SENTENCES[0], v), SENTENCES[0])
        for edit, check in EDIT_CHECKS.items():
            e = measure(*tts(SENTENCES[0], edit_voice(v, edit)), SENTENCES[0])
            out.append(EditOutcome(v.name, edit, bool(check(e, orig)), cosine(e.embedding, orig.embedding)))
            log(f"  {v.name:22s} {edit:18s} {'moved' if out[-1].moved else 'MISSED':7s} "
                f"similarity {out[-1].similarity:.3f}")
    return out


def _total(parts: dict[str, tuple[int, int]]) -> tuple[int, int]:
    return sum(h for h, _ in parts.values()), sum(n for _, n in parts.values())


def design_summary(outcomes: list[DesignOutcome], sscd: dict[str, float]) -> dict:
    """The design checks, overall and per request kind, with SSC/SSD and WER."""
    def rate(name: str, items=outcomes) -> tuple[int, int]:
        vals = [o.checks[name] for o in items if name in o.checks]
        return int(sum(vals)), len(vals)

    kinds = sorted({o.request.kind for o in outcomes})
    return {"requests": len(outcomes), "checks": {c: rate(c) for c in ("gender", "pitch band", "pace", "energy")},
            "by_kind": {k: {c: rate(c, [o for o in outcomes if o.request.kind == k])
                            for c in ("gender", "pitch band", "pace", "energy")} for k in kinds},
            "wer": float(np.mean([o.first.wer for o in outcomes])), **sscd}


def edit_summary(edits: list[EditOutcome]) -> dict:
    """How many edits moved as asked, per edit, and the similarity of edited to original."""
    return {"edits": (int(sum(e.moved for e in edits)), len(edits)),
            "edit_similarity_mean": float(np.mean([e.similarity for e in edits])),
            "edit_similarity_min": float(np.min([e.similarity for e in edits])),
            "edits_by_kind": {k: (int(sum(e.moved for e in edits if e.edit == k)), sum(e.edit == k for e in edits))
                              for k in EDIT_CHECKS}}


def _pct(hit_total) -> str:
    h, n = hit_total
    return f"{h}/{n} ({100 * h / n:.1f} %)" if n else "-"


def markdown(s: dict) -> str:
    """The report tables from design_summary + edit_summary + {"describe": describe_agreement(...)}."""
    lines = ["| check | all requests | " + " | ".join(s["by_kind"]) + " |",
             "|---|---|" + "---|" * len(s["by_kind"])]
    for c, v in s["checks"].items():
        lines.append(f"| {c} | {_pct(v)} | " + " | ".join(_pct(s["by_kind"][k][c]) for k in s["by_kind"]) + " |")
    lines += ["", "| | designed voices | baseline (default voice, ignores the description) |", "|---|---|---|",
              f"| SSC (same description, two sentences; higher = more consistent) | {s['ssc']:.3f} | "
              f"{s['baseline_ssc']:.3f} |",
              f"| SSD (different descriptions; higher = more diverse) | {s['ssd']:.3f} | {s['baseline_ssd']:.3f} |",
              "", f"WER of the designed outputs: {100 * s['wer']:.1f} %", "",
              "| edit | moved as asked |", "|---|---|"]
    lines += [f"| {k} | {_pct(v)} |" for k, v in s["edits_by_kind"].items()]
    lines += [f"| **all edits** | **{_pct(s['edits'])}** |", "",
              f"Speaker similarity of edited to original: mean {s['edit_similarity_mean']:.3f}, "
              f"min {s['edit_similarity_min']:.3f}", "",
              "| describe() on the text designs' outputs | gender | pitch | pace | loudness | all |",
              "|---|---|---|---|---|---|"]
    for way, label in (("stated", "what it states matches the request"), ("asked", "what was asked, it states")):
        parts = s["describe"][way]
        lines.append(f"| {label} | " + " | ".join(_pct(parts.get(k, (0, 0))) for k in ("gender", "pitch", "pace",
                                                                                        "energy"))
                     + f" | {_pct(_total(parts))} |")
    return "\n".join(lines)
