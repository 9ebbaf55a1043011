"""Interpretable voice attributes measured from a recording (pitch, range, vocal tract, rate, energy, breathiness)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np

from anyvoice.audio.signal import active_level_db, band_limit_hz
from anyvoice.audio.world import speaker_f0

SPEED_OF_SOUND_CM_S = 35000.0
#: The range of each attribute a human voice (or a designed or edited one) can have. Values are clamped into it
#: wherever a voice comes from outside (a file) or is changed (an edit), so no later DSP call is asked for a
#: 10 kHz pitch or a 1-cm vocal tract.
BOUNDS: dict[str, tuple[float, float]] = {
    "f0_median_hz": (50.0, 600.0), "f0_range_st": (0.0, 36.0), "log_f0_mean": (math.log(50.0), math.log(600.0)),
    "log_f0_std": (0.0, 1.5), "formants_hz": (100.0, 6000.0), "vtl_cm": (6.0, 30.0), "speaking_rate": (0.5, 15.0),
    "energy_db": (-90.0, 0.0), "hnr_db": (-20.0, 60.0), "voiced_seconds": (0.0, 1e6),
}
#: Attributes a measurement may leave unknown (NaN): formants where Praat found none, HNR on pure noise.
MAY_BE_UNKNOWN = {"formants_hz", "vtl_cm", "hnr_db"}


@dataclass
class VoiceAttributes:
    """Measured attributes of a voice. Pitch in Hz and semitones, rate in syllables per second of speech."""

    f0_median_hz: float
    f0_range_st: float  # 5th..95th percentile span of voiced F0, in semitones
    log_f0_mean: float
    log_f0_std: float
    formants_hz: tuple[float, float, float, float]  # median F1..F4 over voiced frames
    vtl_cm: float  # vocal-tract length implied by the formants (uniform tube)
    speaking_rate: float  # syllable nuclei per second of speech
    energy_db: float  # active speech level, dBFS
    hnr_db: float  # harmonics-to-noise ratio; lower = breathier / rougher
    voiced_seconds: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["formants_hz"] = list(self.formants_hz)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "VoiceAttributes":
        """Attributes from `to_dict`'s form; ValueError for a missing or extra field, a value that is not a
        number, or NaN where a value must be known. Values are clamped to BOUNDS."""
        if not isinstance(d, dict) or set(d) != {f.name for f in fields(cls)}:
            raise ValueError("the attributes are not those of a voice")
        d = dict(d)
        formants = d["formants_hz"]
        if not isinstance(formants, (list, tuple)) or len(formants) != 4:
            raise ValueError("formants_hz must hold four numbers")
        d["formants_hz"] = tuple(formants)
        for name, value in d.items():
            for v in value if name == "formants_hz" else (value,):
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise ValueError(f"attribute {name} is not a number")
                if not (math.isfinite(v) or (math.isnan(v) and name in MAY_BE_UNKNOWN)):
                    raise ValueError(f"attribute {name} is {v}")
        return cls(**d).bounded()

    def bounded(self) -> "VoiceAttributes":
        """A copy with every known value clamped to BOUNDS (unknown ones stay NaN)."""
        def clamp(name: str, v: float) -> float:
            lo, hi = BOUNDS[name]
            return float(min(max(v, lo), hi)) if not math.isnan(v) else float("nan")

        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values = {k: tuple(clamp(k, x) for x in v) if k == "formants_hz" else clamp(k, v) for k, v in values.items()}
        return VoiceAttributes(**values)


def median_formants(wav: np.ndarray, sr: int, f0: np.ndarray, frame_s: float) -> tuple[float, float, float, float]:
    """Median F1..F4 (Hz) over voiced frames; `f0` is an F0 track with one value per `frame_s`."""
    import parselmouth

    voiced = np.flatnonzero(f0 > 0)
    if voiced.size == 0:
        return (float("nan"),) * 4  # type: ignore[return-value]
    # The formant ceiling follows the speaker: 5 kHz suits low voices, 5.5 kHz high ones.
    ceiling, count = (5500.0 if np.median(f0[voiced]) > 160 else 5000.0), 5.0
    x = np.asarray(wav, np.float64)
    band = band_limit_hz(x, sr)
    if 0 < band < ceiling:
        # A narrow band (a telephone's 3.4-4 kHz): above it there is nothing to find, and five formants looked for
        # below it are pressed low (any voice measured 19-20 cm). So look for as many as the band holds.
        count, ceiling = max(2.0, round(2 * count * band / ceiling) / 2), float(band)
    snd = parselmouth.Sound(x, sr)
    fm = snd.to_formant_burg(time_step=0.01, max_number_of_formants=count, maximum_formant=ceiling)
    times = voiced[:: max(1, int(round(0.02 / frame_s)))] * frame_s
    out = []
    for k in range(1, 5):
        vals = np.array([fm.get_value_at_time(k, t) for t in times])
        vals = vals[np.isfinite(vals)]
        out.append(float(np.median(vals)) if vals.size else float("nan"))
    return tuple(out)  # type: ignore[return-value]


def vocal_tract_length(formants: tuple[float, ...]) -> float:
    """Vocal-tract length (cm) of a uniform tube with these formants: Fk = (2k-1) c / 4L, median over k."""
    vtl = [(2 * k - 1) * SPEED_OF_SOUND_CM_S / (4 * fk) for k, fk in enumerate(formants, 1) if np.isfinite(fk)]
    return float(np.median(vtl)) if vtl else float("nan")


def _syllable_rate(snd, speech_seconds: float) -> float:
    """Count intensity peaks in voiced stretches that stand out from their surroundings by 3 dB (de Jong & Wempe
    style), per second of speech.

    Voicing comes from Praat's pitch tracker here, not Harvest: on Piper's speech Harvest marks only 25-50 % of
    frames voiced (Praat 56-64 %), which halved Piper's count; with Praat's voicing the count is 0.9-1.0 of the
    true syllables for Piper and Kokoro voices alike.
    """
    intensity = snd.to_intensity(minimum_pitch=75.0, time_step=0.01)
    db = intensity.values[0]
    t = intensity.xs()
    pitch = snd.to_pitch(time_step=0.01, pitch_floor=60.0, pitch_ceiling=500.0)
    v_at = np.interp(t, pitch.xs(), (pitch.selected_array["frequency"] > 0).astype(float)) > 0.5
    thresh = np.percentile(db, 99) - 25.0
    peaks = 0
    last = -1.0
    for i in range(1, len(db) - 1):
        if db[i] >= db[i - 1] and db[i] > db[i + 1] and db[i] > thresh and v_at[i]:
            lo = min(db[max(0, i - 8): i].min(initial=db[i]), db[i + 1: i + 9].min(initial=db[i]))
            if db[i] - lo >= 3.0 and t[i] - last > 0.08:
                peaks += 1
                last = t[i]
    return peaks / max(speech_seconds, 1e-3)


def measure_attributes(wav: np.ndarray, sr: int, f0_10ms: np.ndarray | None = None) -> VoiceAttributes:
    """Measure VoiceAttributes of the speech in `wav`; `f0_10ms` is its Harvest F0 track every 10 ms, without the
    voicing that is not the speaker's (`speaker_f0`), when the caller has one already (Harvest is the slowest
    step)."""
    import parselmouth

    snd = parselmouth.Sound(np.asarray(wav, np.float64), sr)
    if f0_10ms is None:
        f = speaker_f0(wav, sr, frame_ms=10.0)
    else:
        f = np.asarray(f0_10ms, np.float64)
    voiced = f > 0
    fv = f[voiced]
    if fv.size < 10:
        fv = np.array([np.nan])
    lf = np.log(fv)
    p5, p50, p95 = np.percentile(fv, [5, 50, 95]) if np.isfinite(fv).all() else (np.nan,) * 3
    forms = median_formants(wav, sr, f, 0.01)
    harm = snd.to_harmonicity_cc(time_step=0.01, minimum_pitch=60.0)
    hv = harm.values[0]
    hv = hv[hv > -100]
    voiced_s = float(voiced.sum() * 0.01)
    # Speech time = frames within 30 dB of the loudest, so pauses do not lower the rate.
    inten = snd.to_intensity(minimum_pitch=75.0, time_step=0.01).values[0]
    speech_s = float((inten > inten.max() - 30).sum() * 0.01)
    return VoiceAttributes(
        f0_median_hz=float(p50), f0_range_st=float(12 * np.log2(p95 / p5)) if np.isfinite(p5) else float("nan"),
        log_f0_mean=float(np.mean(lf)), log_f0_std=float(np.std(lf)),
        formants_hz=forms, vtl_cm=vocal_tract_length(forms),
        speaking_rate=_syllable_rate(snd, speech_s),
        energy_db=active_level_db(np.asarray(wav, np.float32), sr),
        hnr_db=float(np.mean(hv)) if hv.size else float("nan"), voiced_seconds=voiced_s)
