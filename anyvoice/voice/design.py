"""Voice design: a Voice from a description, a face, attribute values, a recording, or several at once.

The modality encoders read each input; their explicit cues are fused by rank (voice/fusion.py); the aggregator
places the request in the speaker-embedding space and guesses what nobody said (gender, age); norms turn the
targets into measurable attributes; the nearest voices of the bank give the base synthesizer and the timbre.
The engines then render any text or conversion in it like any other Voice.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import torch

from anyvoice.errors import InputError
from anyvoice.inputs.attributes import SPEED_OF_SOUND_CM_S, VoiceAttributes
from anyvoice.models import load
from anyvoice.style.prosody import Prosody
from anyvoice.synth.kokoro import ACCENTS
from anyvoice.voice.aggregator import VoiceAggregator, decode_heads, slider_vector
from anyvoice.voice.bank import VoiceBank
from anyvoice.voice.fusion import Cue, DesignTargets, check_sliders, fuse
from anyvoice.voice.norms import NEUTRAL_ENERGY_DB, NEUTRAL_LOG_F0_STD, NEUTRAL_RATE, READING_RATE, likely_female, norm
from anyvoice.voice.record import Design, Rendering
from anyvoice.voice.timbre import shape_envelope
from anyvoice.voice.voice import Voice

#: Where relative pitch and size words stop for a voice whose gender was asked for (the perceived-gender
#: crossover of `likely_female` lies near 160 Hz and 16 cm).
FEMALE_FLOOR_HZ, FEMALE_MAX_TRACT_CM = 170.0, 15.4
MALE_CEILING_HZ, MALE_MIN_TRACT_CM = 150.0, 16.8

#: Below this confidence a face's apparent gender is reported as unclear (its value, near 0.5, still counts)
UNSURE_FACE = 0.3


def shared_bank() -> VoiceBank:
    """The bundled voice bank, loaded once (through the model registry)."""
    return load("voice-bank")


def shared_aggregator() -> VoiceAggregator:
    """The bundled aggregator, loaded once (through the model registry)."""
    return load("aggregator")


def aggregate(model: VoiceAggregator, inputs: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, float]]:
    """One request through the aggregator: (unit 256-d embedding, decoded attribute heads)."""
    with torch.no_grad():
        emb, heads = model({m: torch.as_tensor(np.asarray(x, np.float32))[None] for m, x in inputs.items()})
    return emb[0].numpy(), decode_heads(heads[0].numpy())


@dataclass
class BankChoice:
    """The bank voices a design is rendered from: the base synthesizer, the blended timbre, and why."""

    base: str
    base_rate: float  # the base's own speaking rate (syllables/s, as `measure_attributes` counts them)
    reading_rate: float  # the base's syllables of text per second (0: an older bank that did not measure it)
    envelope: np.ndarray
    entries: list[tuple[str, float]]  # (bank entry, weight)


#: Designs render from Kokoro bases only: Piper's own pitch is so irregular (10th-90th percentile 80-240 Hz in one
#: sentence) that PSOLA misses pitch targets on it by several semitones, while Kokoro's bases reach them to within
#: a semitone; Kokoro also speaks the accents.
DESIGN_BASE_FAMILY = "kokoro"


def bank_scores(bank: VoiceBank, embedding: np.ndarray, f0_hz: float, vtl_cm: float, female: float,
                family: str | None = DESIGN_BASE_FAMILY) -> np.ndarray:
    """How well each bank voice fits: near in the embedding space, in pitch, vocal tract and perceived gender, and
    lightly transformed (a small shift from the base sounds better than a large one); `family` limits the bases
    (the others score -inf)."""
    attrs = bank.attribute_matrix()
    pitch_gap = np.abs(12 * (attrs[:, 0] - math.log(f0_hz)) / math.log(2))
    tract_gap = np.abs(attrs[:, 1] - vtl_cm)
    gender_gap = np.abs(np.array([likely_female(math.exp(a[0]), a[1]) for a in attrs]) - female)
    transform = np.array([abs(e.pitch_shift_st) / 4 + abs(math.log(e.formant_ratio)) * 5 for e in bank.entries])
    score = 4 * (bank.embeddings @ embedding) - pitch_gap / 2 - tract_gap - 3 * gender_gap - 0.5 * transform
    if family is not None:
        score = np.where([e.base.split(":")[0] == family for e in bank.entries], score, -np.inf)
    return score


def choose_from_bank(bank: VoiceBank, embedding: np.ndarray, f0_hz: float, vtl_cm: float, female: float,
                     k: int = 3, family: str | None = DESIGN_BASE_FAMILY) -> BankChoice:
    """The `k` bank voices that fit best (`bank_scores`), their timbres blended by fit."""
    score = bank_scores(bank, embedding, f0_hz, vtl_cm, female, family)
    top = np.argsort(-score)[:k]
    w = np.exp(2 * (score[top] - score[top].max()))
    w /= w.sum()
    env = (bank.envelopes[top] * w[:, None]).sum(0)
    first = bank.entries[top[0]]
    return BankChoice(first.base, first.base_rate, first.reading_rate, env.astype(np.float32),
                      [(bank.entries[i].name, round(float(x), 3)) for i, x in zip(top, w)])


def base_pace(pick: BankChoice) -> float:
    """The speed at which tts speaks with the chosen base, so that it reads text at the norm's pace (Kokoro's
    styles read English a fifth slower than fluent speech) before age and the asked-for pace are applied."""
    if pick.reading_rate > 0:
        return round(min(max(READING_RATE / pick.reading_rate, 0.8), 1.35), 3)
    return round(min(max(NEUTRAL_RATE / pick.base_rate, 0.8), 1.25), 3) if pick.base_rate else 1.0


def target_attributes(targets: DesignTargets) -> tuple[VoiceAttributes, float]:
    """Design targets -> the attributes the engines render, and the pace factor for the age's speaking rate.

    Pitch: an explicit Hz value is exact; a recording's pitch is moved by any semitone words ("higher"); with
    neither, the norm for the gender and age is moved by them."""
    values = targets.values
    n = norm(values["female"], values["age"])
    shift = 2 ** (values["pitch_st"] / 12)
    vtl = n.vtl_cm * values["tract"]
    if values["pitch_hz"] > 0:
        f0 = values["pitch_hz"] * (shift if targets.origin["pitch_hz"].startswith("speech") else 1.0)
    else:
        f0 = n.f0_hz * shift
        # Relative words move a voice within its gender: "a deep woman" still sounds like a woman.
        if values["female"] >= 0.75 and values["age"] >= 13:
            f0, vtl = max(f0, FEMALE_FLOOR_HZ), min(vtl, FEMALE_MAX_TRACT_CM)
        elif values["female"] <= 0.25 and values["age"] >= 16:
            f0, vtl = min(f0, MALE_CEILING_HZ), max(vtl, MALE_MIN_TRACT_CM)
    log_std = NEUTRAL_LOG_F0_STD * values["range"]
    formants = tuple((2 * k - 1) * SPEED_OF_SOUND_CM_S / (4 * vtl) for k in range(1, 5))
    hnr = 20.0 - 10.0 * values["breathiness"] - 8.0 * values["roughness"]
    return VoiceAttributes(
        f0_median_hz=f0, f0_range_st=12 * 2 * 1.645 * log_std / math.log(2), log_f0_mean=math.log(f0),
        log_f0_std=log_std, formants_hz=formants, vtl_cm=vtl, speaking_rate=n.rate * values["pace"],
        energy_db=NEUTRAL_ENERGY_DB + values["energy_db"], hnr_db=hnr, voiced_seconds=0.0), n.rate / NEUTRAL_RATE


def target_delivery(values: dict[str, float], age_pace: float) -> Prosody:
    """How the designed voice speaks: pace (asked for, and the age's) and breath noise for breathy and rough
    voices."""
    whisper = min(0.45, 0.35 * values["breathiness"] + 0.15 * values["roughness"])
    return Prosody(pace=min(max(values["pace"] * age_pace, 0.5), 2.0), whisper=whisper)


def _face_cues(face) -> list[Cue]:
    looks = f"looks {'female' if face.female > 0.5 else 'male'} ({face.gender_confidence:.0%})" \
        if face.gender_confidence >= UNSURE_FACE else f"gender unclear in the photo ({face.female:.0%} female)"
    return [Cue("female", face.female, "face", looks), Cue("age", face.age, "face", f"looks about {face.age:.0f}")]


def _speech_cues(ref: Voice) -> list[Cue]:
    a = ref.attributes
    female = likely_female(a.f0_median_hz, a.vtl_cm)
    n = norm(round(female), 35.0)
    return [Cue("female", round(female), "speech", f"sounds {'female' if female > 0.5 else 'male'}"),
            Cue("pitch_hz", a.f0_median_hz, "speech", f"pitch {a.f0_median_hz:.0f} Hz"),
            Cue("tract", min(max(a.vtl_cm / n.vtl_cm, 0.8), 1.2), "speech", f"tract {a.vtl_cm:.1f} cm"),
            Cue("range", min(max(a.log_f0_std / NEUTRAL_LOG_F0_STD, 0.3), 2.5), "speech", "pitch spread")]


def _read_inputs(text: str | None, face: "str | os.PathLike | np.ndarray | None", attributes: dict[str, float] | None,
                 speech: "Voice | str | os.PathLike | None"
                 ) -> tuple[list[Cue], dict[str, np.ndarray], tuple[str, str] | None, Voice | None]:
    """Each given input encoded: the attribute cues it gives, its vector for the aggregator (by modality), the
    accent the description names (code, words) and the reference voice. InputError when none is given."""
    from anyvoice.inputs.description import encode_description
    from anyvoice.inputs.face import encode_face
    from anyvoice.voice.resolve import resolve_voice

    cues: list[Cue] = []
    inputs: dict[str, np.ndarray] = {}
    accent = None
    if text is not None:
        d = encode_description(text)
        accent = d.accent
        cues += [Cue(c.attribute, c.value, "text", c.words) for c in d.cues]
        inputs["text"] = d.embedding
    if face is not None:
        f = encode_face(face)
        cues += _face_cues(f)
        inputs["face"] = f.vector()
    if attributes:
        cues += check_sliders(attributes)
        inputs["attributes"] = slider_vector(attributes)
    ref = resolve_voice(speech) if speech is not None else None
    if ref is not None:
        cues += _speech_cues(ref)
        inputs["speech"] = ref.embedding
    if not inputs:
        raise InputError("nothing to design from; give a description, a face photo, attribute values or a "
                         "recording")
    return cues, inputs, accent, ref


def design_voice(text: str | None = None, face: "str | os.PathLike | np.ndarray | None" = None,
                 attributes: dict[str, float] | None = None, speech: "Voice | str | os.PathLike | None" = None,
                 name: str = "designed", bank: VoiceBank | None = None, aggregator: VoiceAggregator | None = None
                 ) -> Voice:
    """Design a voice from any mix of a text description, a face photo, attribute values and a reference
    recording (or saved voice). `voice.design` explains where each attribute came from.

    Ranking when inputs disagree: attribute values > description words > face > recording > the aggregator's
    guesses. Raises InputError when nothing usable is given (no voice words, no face found, bad values).
    """
    cues, inputs, accent, ref = _read_inputs(text, face, attributes, speech)
    emb, guess = aggregate(aggregator or shared_aggregator(), inputs)
    cues += [Cue("female", guess["female"], "model", "aggregator"), Cue("age", min(max(guess["age"], 4), 95),
                                                                         "model", "aggregator")]
    targets = fuse(cues)
    attrs, age_pace = target_attributes(targets)
    if ref is not None:  # timbre from the recording itself
        envelope, frames, base, pick, chosen = ref.envelope_mean, ref.envelope_frames, None, None, []
    else:
        pick = choose_from_bank(bank or shared_bank(), emb, attrs.f0_median_hz, attrs.vtl_cm,
                                targets.values["female"])
        envelope, frames = pick.envelope, np.zeros((0, len(pick.envelope)), np.float16)
        base, chosen = pick.base, pick.entries
    v = targets.values
    envelope = shape_envelope(envelope, warmth=v["warmth"], nasality=v["nasality"],
                              brightness=v["brightness"] + 0.25 * v["energy_db"])
    explanation = targets.explain()
    if accent is not None:
        explanation.append(f"accent = {ACCENTS[accent[0]]} from text: '{accent[1]}'")
        if base and accent[0] != "en-us":
            base = f"{base}@{accent[0]}"
    design = Design({k: round(x, 3) for k, x in v.items()}, tuple(explanation), tuple(sorted(inputs)), text,
                    tuple(chosen))
    rendering = Rendering(base, base_pace(pick) if base else 1.0, accent[0] if accent is not None else None)
    return Voice(embedding=emb.astype(np.float32), attributes=attrs, envelope_mean=envelope.astype(np.float32),
                 envelope_frames=frames, name=name, delivery=target_delivery(v, age_pace), rendering=rendering,
                 design=design)

