"""The fixed split of the real-speech corpus: speakers kept out of every training run, for measuring on.

Eight speakers from four sources, four women and four men, in seven languages; each has minutes of speech, so a
10-30 s reference and other clips to compare against never overlap.
"""
from __future__ import annotations

from dataclasses import dataclass

from anyvoice.corpus.manifest import Entry, by_speaker

#: speaker id -> sex ("f"/"m"), by listening and by the package's own naming
HELD_OUT_SPEAKERS = {
    "asterisk-carlo": "m", "asterisk-ivrvoiceru": "f", "asterisk-armelle": "f", "fillets-v": "m",
    "tuxpaint-ro": "f", "tuxpaint-bg": "m", "tuxpaint-el": "f", "tuxpaint-ca": "m",
}


def training_entries(entries: list[Entry]) -> list[Entry]:
    """The entries any training may use: every speaker but the held-out ones."""
    return [e for e in entries if e.speaker not in HELD_OUT_SPEAKERS]


def held_out_entries(entries: list[Entry]) -> list[Entry]:
    """The entries of the held-out speakers (for validating and measuring only)."""
    return [e for e in entries if e.speaker in HELD_OUT_SPEAKERS]


@dataclass
class HeldOutSpeaker:
    """A held-out speaker's reference utterances (10-30 s together) and other utterances to compare with."""

    speaker: str
    sex: str
    reference: list[Entry]
    others: list[Entry]


def held_out_speakers(entries: list[Entry], reference_s: float = 15.0, max_reference_s: float = 30.0
                      ) -> list[HeldOutSpeaker]:
    """Each held-out speaker present in `entries`: the reference is their first utterances (in path order, the
    widest band first) up to `reference_s` and never over `max_reference_s`, the others are the rest."""
    speakers = by_speaker(entries)
    out = []
    for speaker, sex in HELD_OUT_SPEAKERS.items():
        mine = sorted(speakers.get(speaker, []), key=lambda e: (-e.band_hz // 1000, e.path))
        ref, total = [], 0.0
        for e in mine:
            if total >= reference_s:
                break
            if total + e.duration <= max_reference_s:
                ref.append(e)
                total += e.duration
        others = [e for e in mine if e not in ref]
        if ref and others:
            out.append(HeldOutSpeaker(speaker, sex, ref, others))
    return out
