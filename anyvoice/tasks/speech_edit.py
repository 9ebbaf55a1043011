"""Speech editing: change words in a recording (replace, insert, delete) in the recording's own voice.

1. The recording is split into speech (DeepFilterNet's estimate) and background (the rest), so a noisy recording
   keeps its background under the edit.
2. Whisper word timings on the speech; the words heard are aligned to the new text, and every difference
   becomes an edit with a time span (an insertion has a zero-length span at a word boundary).
3. Each edit's new words are spoken in the recording's voice: the base synthesizer nearest to it in the voice
   bank, at the pace that brings that base to the speaker's rate, through the default engine to the recording's
   timbre, inside the phrase of their neighbouring words and cut out of it, then brought to the level of the
   speech around the edit.
4. Cuts fall at the quietest 10 ms in the pause between words; the new speech goes in with short cross-fades, over
   the original background stretched (looped) to the new length. Everything outside the edits is the original
   audio, sample for sample.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

import numpy as np

from anyvoice.audio.signal import active_level_db, frame_energy, is_silent, resample, to_mono
from anyvoice.errors import InputError
from anyvoice.inputs.asr import Word, word_timings
from anyvoice.style.alignment import match_tokens
from anyvoice.tasks.common import Progress, resolve_voice
from anyvoice.voice import Voice

FADE_S = 0.012
_SEARCH_S = 0.08  # a cut falls in the pause between two words (by Whisper), widened by half this on each side
_CONTEXT_S = 1.5  # speech on each side whose level the new words are matched to


@dataclass
class Edit:
    """One change: the words heard and the words wanted, and the span (seconds) of the original replaced."""

    kind: str  # "replace", "insert" or "delete"
    old: str
    new: str
    start: float
    end: float
    new_start: float = 0.0  # where the new words lie in the output (seconds)
    new_end: float = 0.0
    before: str = ""  # the new text's words around the edit: the new words are spoken between them
    after: str = ""
    start_gap: tuple[float, float] = (0.0, 0.0)  # the pauses (by Whisper) where the cuts may fall
    end_gap: tuple[float, float] = (0.0, 0.0)


@dataclass
class EditResult:
    """The edited audio (mono, at the input's rate), what was heard, and the edits made."""

    audio: np.ndarray
    sample_rate: int
    heard: str
    edits: list[Edit] = field(default_factory=list)


def _word_key(word: str) -> str:
    return " ".join(match_tokens(word))


def plan_edits(heard: list[Word], new_text: str) -> list[Edit]:
    """Align the words heard with the words of `new_text`; each difference becomes an Edit (spans from timings)."""
    new_words = new_text.split()
    a, b = [_word_key(w.text) for w in heard], [_word_key(w) for w in new_words]
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        gap_in = (heard[i1 - 1].end if i1 > 0 else 0.0, heard[i1].start if i1 < len(heard) else heard[-1].end)
        if i2 > i1:
            start, end = heard[i1].start, heard[i2 - 1].end
            gap_out = (heard[i2 - 1].end, heard[i2].start if i2 < len(heard) else heard[-1].end + 0.5)
        else:  # insertion: in the gap before word i1 (or after the last word)
            start = end = sum(gap_in) / 2
            gap_out = gap_in
        edits.append(Edit(op, " ".join(w.text for w in heard[i1:i2]), " ".join(new_words[j1:j2]), start, end,
                          before=new_words[j1 - 1] if j1 > 0 else "",
                          after=new_words[j2] if j2 < len(new_words) else "", start_gap=gap_in, end_gap=gap_out))
    return edits


def _quiet_point(energy: np.ndarray, t: float, lo: float, hi: float, hop_s: float) -> float:
    """The quietest 10 ms frame between t+lo and t+hi seconds."""
    a, b = max(0, int((t + lo) / hop_s)), min(len(energy), int((t + hi) / hop_s) + 1)
    return t if b <= a else (a + int(np.argmin(energy[a:b]))) * hop_s + hop_s / 2


def _trim(wav: np.ndarray, sr: int, floor_db: float = 50.0) -> np.ndarray:
    """Drop leading and trailing silence (frames more than `floor_db` below the loudest), keeping 30 ms, so weak
    consonants at the edges ("h", "t") stay."""
    hop = int(0.01 * sr)
    e = 10 * np.log10(frame_energy(wav, sr) + 1e-12)
    if len(e) < 3:
        return wav
    on = np.flatnonzero(e > e.max() - floor_db)
    return wav[max(0, (on[0] - 3) * hop):min(len(wav), (on[-1] + 4) * hop)]


def _speak_in_context(render, e: Edit, sr: int) -> np.ndarray:
    """The new words, spoken inside the phrase "before NEW after" (natural prosody and coarticulation) and cut
    out of it at the quietest points between the context words and the new ones; spoken alone when the
    recogniser cannot find the context words in the phrase."""
    phrase = " ".join(w for w in (e.before, e.new, e.after) if w)
    wav, tsr = render(phrase)
    wav = resample(wav, tsr, sr)
    if e.before or e.after:
        words = phrase.split()
        heard = word_timings(wav, sr)
        keys = [_word_key(w) for w in words]
        got = [_word_key(w.text) for w in heard]
        where = {}
        for a, b, size in difflib.SequenceMatcher(a=keys, b=got, autojunk=False).get_matching_blocks():
            where.update({a + k: heard[b + k] for k in range(size)})
        first, last, end = (1 if e.before else 0), len(words) - (2 if e.after else 1), len(words) - 1
        if (not e.before or 0 in where) and (not e.after or end in where):
            energy = frame_energy(wav, sr)
            a, b = 0.0, len(wav) / sr
            if e.before:  # between the context word before and the first new word
                gap_end = where[first].start if first in where else where[0].end
                a = _quiet_point(energy, (where[0].end + gap_end) / 2, -0.04, 0.04, 0.01)
            if e.after:  # between the last new word and the context word after
                gap_start = where[last].end if last in where else where[end].start
                b = _quiet_point(energy, (gap_start + where[end].start) / 2, -0.04, 0.04, 0.01)
            if b - a > 0.1:
                return _trim(wav[int(a * sr):int(b * sr)], sr)
        wav = resample(render(e.new)[0], tsr, sr)
    return _trim(wav, sr)


def _fill(background: np.ndarray, a: int, b: int, n: int, sr: int) -> np.ndarray:
    """`n` samples of background for a span [a, b) that becomes `n` long: the span itself, looped with
    cross-fades when it must grow (widened to 0.5 s of neighbouring background when it is shorter than that)."""
    if n <= 0:
        return np.zeros(0, np.float32)
    half = int(0.25 * sr)
    if b - a < 2 * half:
        mid = (a + b) // 2
        a, b = max(0, mid - half), min(len(background), mid + half)
    src = background[a:b]
    if len(src) == 0:
        return np.zeros(n, np.float32)
    fade = min(int(FADE_S * sr), len(src) // 4)
    out = src.copy()
    while len(out) < n:
        ramp = np.linspace(0, 1, fade, dtype=np.float32) if fade else np.zeros(0, np.float32)
        joined = out[-fade:] * (1 - ramp) + src[:fade] * ramp if fade else np.zeros(0, np.float32)
        out = np.concatenate([out[:len(out) - fade], joined, src[fade:]])
    return out[:n].astype(np.float32)


def _append(out: np.ndarray, part: np.ndarray, fade: int) -> tuple[np.ndarray, int]:
    """`out` + `part` with a linear cross-fade of up to `fade` samples; also returns where `part` starts."""
    f = min(fade, len(out), len(part))
    if not f:
        return np.concatenate([out, part]).astype(np.float32), len(out)
    ramp = np.linspace(0, 1, f, dtype=np.float32)
    joined = np.concatenate([out[:-f], out[-f:] * (1 - ramp) + part[:f] * ramp, part[f:]])
    return joined.astype(np.float32), len(out) - f


def _speaker_renderer(voice: Voice):
    """A function text -> audio in `voice`, from the bank base nearest to it at the speaker's pace."""
    from anyvoice.models import load
    from anyvoice.tasks.tts import TtsOptions, tts
    from anyvoice.voice.design import choose_from_bank
    from anyvoice.voice.norms import likely_female

    a = voice.attributes
    choice = choose_from_bank(load("voice-bank"), voice.embedding, a.f0_median_hz, a.vtl_cm,
                              likely_female(a.f0_median_hz, a.vtl_cm), k=1, family=None)
    pace = float(np.clip(a.speaking_rate / choice.base_rate, 0.75, 1.35)) if a.speaking_rate > 0 else 1.0

    def render(text: str) -> tuple[np.ndarray, int]:
        return tts(text, voice, TtsOptions(base=choice.base, speed=pace))
    return render


def speech_edit(wav: np.ndarray, sr: int, new_text: str, voice: "Voice | str | os.PathLike | None" = None,
                progress: Progress | None = None) -> EditResult:
    """Make the recording say `new_text` (its full new wording). `voice` overrides the voice the new words are
    spoken in (default: the recording's own, measured from its speech)."""
    from anyvoice.tasks.enhance import enhance

    x = to_mono(np.asarray(wav, np.float32))
    if x.size == 0 or is_silent(x):
        raise InputError("the recording is empty or silent; give speech to edit")
    if not new_text or not new_text.strip():
        raise InputError("the new text is empty; give the full wording the recording should say")
    speech = enhance(x, sr)
    background = x - speech
    heard = word_timings(speech, sr)
    if not heard:
        raise InputError("no words were recognised in the recording; speech editing needs clear English speech")
    edits = plan_edits(heard, new_text)
    heard_text = " ".join(w.text for w in heard)
    if not edits:
        return EditResult(x.copy(), sr, heard_text, [])
    target = resolve_voice(voice) if voice is not None else Voice.from_audio(speech, sr)
    render = _speaker_renderer(target)
    energy = frame_energy(speech, sr)
    out, cursor, fade = np.zeros(0, np.float32), 0, int(FADE_S * sr)
    for k, e in enumerate(edits):
        # Whisper's word edges are often 50-150 ms off; the pause between two words is a safer place to cut.
        g0, g1 = min(e.start_gap), max(e.start_gap)
        start = _quiet_point(energy, g0, -_SEARCH_S / 2, g1 - g0 + _SEARCH_S / 2, 0.01)
        g0, g1 = min(e.end_gap), max(e.end_gap)
        end = _quiet_point(energy, g0, -_SEARCH_S / 2, g1 - g0 + _SEARCH_S / 2, 0.01) if e.kind != "insert" \
            else start
        a, b = max(cursor, int(start * sr)), max(cursor, int(end * sr))
        new = np.zeros(0, np.float32)
        if e.new:
            new = _speak_in_context(render, e, sr)
            ctx = speech[max(0, a - int(_CONTEXT_S * sr)):min(len(speech), b + int(_CONTEXT_S * sr))]
            if not is_silent(ctx) and not is_silent(new):
                new = new * 10 ** ((active_level_db(ctx, sr) - active_level_db(new, sr)) / 20)
            pad = np.zeros(int(0.04 * sr), np.float32) if e.kind == "insert" else np.zeros(0, np.float32)
            new = np.concatenate([pad, new, pad])
        out, _ = _append(out, x[cursor:a], fade)
        out, at = _append(out, new + _fill(background, a, b, len(new), sr), fade)
        e.new_start, e.new_end = at / sr, len(out) / sr
        cursor = b
        if progress:
            progress(k + 1, len(edits))
    out, _ = _append(out, x[cursor:], fade)
    return EditResult(out.astype(np.float32), sr, heard_text, edits)
