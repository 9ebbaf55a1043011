"""Timed text as files: SubRip (.srt) and WebVTT (.vtt) subtitles, plain text and JSON transcripts. Pure: cues
in, text out."""
from __future__ import annotations

import json
from typing import Iterable, Protocol, Sequence

TRANSCRIPT_FORMATS = ("txt", "srt", "vtt", "json")


class Cue(Protocol):
    start: float
    end: float
    text: str


def _stamp(seconds: float, separator: str) -> str:
    ms = int(round(max(seconds, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def to_srt(cues: Iterable[Cue]) -> str:
    """SubRip: numbered cues, times as 00:00:01,250."""
    return "\n".join(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
                     for i, c in enumerate(cues, 1))


def to_vtt(cues: Iterable[Cue]) -> str:
    """WebVTT: a header, then cues with times as 00:00:01.250."""
    return "WEBVTT\n\n" + "\n".join(f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in cues)


def render_transcript(cues: Sequence[Cue], fmt: str, duration: float, language: str = "en") -> str:
    """A transcript of timed `cues` in `fmt`: txt, srt, vtt or json (text, language, duration, segments)."""
    text = " ".join(c.text for c in cues)
    if fmt == "srt":
        return to_srt(cues)
    if fmt == "vtt":
        return to_vtt(cues)
    if fmt == "json":
        return json.dumps({"text": text, "language": language, "duration": round(duration, 3),
                           "segments": [{"start": round(c.start, 2), "end": round(c.end, 2), "text": c.text}
                                        for c in cues]}, indent=1, ensure_ascii=False)
    return text + "\n"
