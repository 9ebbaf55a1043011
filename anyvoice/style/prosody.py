"""`Prosody`: the explicit style controls, relative to the voice's own neutral delivery."""
from __future__ import annotations

from dataclasses import dataclass, fields

from anyvoice.errors import InputError


@dataclass(frozen=True)
class Prosody:
    """Relative prosody. Neutral is all zeros and ones.

    pitch_st: pitch level shift in semitones; pitch_range: factor on the spread of pitch around its median;
    pace: speaking-rate factor (>1 faster); loudness_db: level change; pause: factor on pauses between sentences;
    tilt_db: spectral tilt in dB per octave above 1 kHz (+ brighter/tenser, - softer/darker);
    whisper: 0..1, how much voiced excitation is replaced by breath noise;
    emphasis_st / emphasis_db: pitch and level boost on words marked *like this*.
    """

    pitch_st: float = 0.0
    pitch_range: float = 1.0
    pace: float = 1.0
    loudness_db: float = 0.0
    pause: float = 1.0
    tilt_db: float = 0.0
    whisper: float = 0.0
    emphasis_st: float = 3.0
    emphasis_db: float = 4.0

    def __post_init__(self) -> None:
        limits = {"pitch_st": (-12, 12), "pitch_range": (0.0, 4.0), "pace": (0.4, 2.5), "loudness_db": (-20, 12),
                  "pause": (0.0, 5.0), "tilt_db": (-6, 6), "whisper": (0.0, 1.0), "emphasis_st": (0, 12),
                  "emphasis_db": (0, 12)}
        for f in fields(self):
            lo, hi = limits[f.name]
            v = getattr(self, f.name)
            if not lo <= v <= hi:
                raise InputError(f"prosody {f.name}={v} is out of range; use {lo} to {hi}")

    def combine(self, other: "Prosody") -> "Prosody":
        """Both changes at once: shifts add, factors multiply, whisper takes the stronger (limits applied)."""
        def clip(v, lo, hi):
            return min(max(v, lo), hi)
        return Prosody(pitch_st=clip(self.pitch_st + other.pitch_st, -12, 12),
                       pitch_range=clip(self.pitch_range * other.pitch_range, 0, 4),
                       pace=clip(self.pace * other.pace, 0.4, 2.5),
                       loudness_db=clip(self.loudness_db + other.loudness_db, -20, 12),
                       pause=clip(self.pause * other.pause, 0, 5), tilt_db=clip(self.tilt_db + other.tilt_db, -6, 6),
                       whisper=max(self.whisper, other.whisper), emphasis_st=max(self.emphasis_st, other.emphasis_st),
                       emphasis_db=max(self.emphasis_db, other.emphasis_db))

    def scaled(self, k: float) -> "Prosody":
        """The same change k times as strong (k=0.5: 'slightly', k=1.5: 'very')."""
        return Prosody(pitch_st=self.pitch_st * k, pitch_range=self.pitch_range ** k, pace=self.pace ** k,
                       loudness_db=self.loudness_db * k, pause=self.pause ** k, tilt_db=self.tilt_db * k,
                       whisper=min(1.0, self.whisper * k), emphasis_st=self.emphasis_st, emphasis_db=self.emphasis_db)

    def changes_nothing(self) -> bool:
        """Whether speech spoken with it stays as it is, unless words are marked for emphasis."""
        return self.changes_only() == Prosody()

    def changes_only(self) -> "Prosody":
        """This prosody with the emphasis settings reset (they act only on marked words)."""
        return Prosody(self.pitch_st, self.pitch_range, self.pace, self.loudness_db, self.pause, self.tilt_db,
                       self.whisper)
