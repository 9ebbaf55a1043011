"""Speech editing: change words in a recording (replace, insert, delete) in the recording's own voice.

1. The recording is split into speech (DeepFilterNet's estimate) and background (the rest), so a noisy recording
   keeps its background under the edit.
2. Whisper hears the words (in the new text's language); forced alignment (inputs/forced_align.py) makes their
   times exact. The words heard are aligned to the new text, and every difference becomes an edit with a time
   span (an insertion has a zero-length span at a word boundary).
3. Each edit's new words are spoken in the recording's voice inside the phrase of their neighbouring words
   (natural prosody and coarticulation) and cut out of it at the forced-aligned word boundaries, then brought
   to the level of the speech around the edit. English is spoken by the voice bank's base nearest to the
   recording, at the pace that brings that base to the speaker's rate, both as it is and through the default
   engine (and by the next nearest bases while no take is heard right); another language by its own base
   through the default engine (and slower, while no take is heard right); the take whose new words Whisper hears
   when put between the recording's own speech, and whose voice is nearest the recording's (by a second
   speaker embedder, not the GE2E the benches report), goes in.
4. Cuts fall at the quietest 10 ms in the pause between words; the new speech goes in with short cross-fades, over
   the original background stretched (looped) to the new length. Everything outside the edits is the original
   audio, sample for sample.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from anyvoice.audio.signal import active_level_db, frame_energy, is_silent, resample, to_mono, trim_silence
from anyvoice.engines.base import DEFAULT_ENGINE
from anyvoice.errors import InputError
from anyvoice.inputs.asr import Word, word_timings
from anyvoice.inputs.forced_align import MAX_SECONDS, align_words, pronunciation, refine_timings
from anyvoice.inputs.speech import cosine, dvector_embedding
from anyvoice.progress import Progress
from anyvoice.style.alignment import heard_share, match_tokens
from anyvoice.text.languages import UNSPACED, Language, text_language
from anyvoice.voice import Voice
from anyvoice.voice.resolve import resolve_voice

Renderer = Callable[[str], tuple[np.ndarray, int]]  # text -> (audio, sample rate) in the recording's voice

FADE_S = 0.012
#: Deleting more than this much of a recording takes `allow_deletions`: it is more often a wording given only
#: in part (or a recognition slip) than a wish.
MAX_DELETION_S = 2.0
_CONTEXT_S = 1.5  # speech on each side of an edit: its level is met, and takes are heard between it


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


def _word_key(word: str, language: str) -> str:
    # Words that sound the same are the same here: re-speaking "harbor" as "harbour" would only add a seam.
    return pronunciation(word, language) or " ".join(match_tokens(word, language))


def plan_edits(heard: list[Word], new_text: str, language: str = "en") -> list[Edit]:
    """Align the words heard with the words of `new_text` (in `language`) by how they sound; each difference
    becomes an Edit (spans from the timings)."""
    new_words = new_text.split()
    a, b = [_word_key(w.text, language) for w in heard], [_word_key(w, language) for w in new_words]
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


def transcript_timings(heard: list[Word], transcript: str, language: str = "en") -> list[Word]:
    """The words of `transcript` (what the recording really says) with rough times taken from the words Whisper
    heard, matched by sound; a word Whisper missed or misheard shares the time between its matched neighbours.
    Forced alignment (`refine_timings`) then makes the times exact."""
    words = transcript.split()
    times: list[tuple[float, float] | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(a=[_word_key(w.text, language) for w in heard],
                                      b=[_word_key(w, language) for w in words], autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            times[j + k] = (heard[i + k].start, heard[i + k].end)
    out, j = [], 0
    while j < len(words):
        if times[j] is not None:
            out.append(Word(words[j], *times[j]))
            j += 1
            continue
        run = j
        while j < len(words) and times[j] is None:
            j += 1
        lo = out[-1].end if out else 0.0
        hi = times[j][0] if j < len(words) else heard[-1].end
        step = max(hi - lo, 0.0) / (j - run)
        out += [Word(words[run + k], lo + k * step, lo + (k + 1) * step) for k in range(j - run)]
    return out


def _quiet_point(energy: np.ndarray, lo: float, hi: float, hop_s: float = 0.01) -> float:
    """The middle of the quietest frame (of `hop_s` seconds) between `lo` and `hi` seconds."""
    lo, hi = min(lo, hi), max(lo, hi)
    a, b = max(0, int(lo / hop_s)), min(len(energy), int(hi / hop_s) + 1)
    return lo if b <= a else (a + int(np.argmin(energy[a:b]))) * hop_s + hop_s / 2


def _cut_new_words(wav: np.ndarray, sr: int, words: list[str], e: Edit, language: str) -> np.ndarray:
    """The new words cut out of their spoken phrase `words` ("before NEW after", in `language`, by forced
    alignment): from where the word before ends (a pause after it is trimmed as silence; the quietest moment
    before the new words can be their own soft first sound, the "v" of "vecchio") to the quietest point before the
    word after."""
    if not (e.before or e.after) or len(wav) > MAX_SECONDS * sr:
        return trim_silence(wav, sr)
    where = align_words(wav, sr, words, language)
    energy = frame_energy(wav, sr)
    a = where[0].end if e.before else 0.0
    b = _quiet_point(energy, where[-2].end, where[-1].start) if e.after else len(wav) / sr
    return trim_silence(wav[int(a * sr):int(b * sr)], sr)


@dataclass
class _Splice:
    """Where an edit's new words go: the recording just before and after, the level of its speech there, and
    the background that will lie under them (n samples of it)."""

    left: np.ndarray
    right: np.ndarray
    level_db: float | None
    background: Callable[[int], np.ndarray]


def _speak_in_context(groups: list[list[Renderer]], e: Edit, splice: _Splice, judge: np.ndarray | None,
                      sr: int, language: str) -> np.ndarray:
    """The new words of `e`, spoken inside the phrase "before NEW after" (natural prosody and coarticulation), cut
    out of it and brought to the level of the speech around.

    Each renderer of the first group speaks, and those of the next groups while no take yet is heard saying all
    the new words when its cut is put, over the background, between the recording's own audio. A take scores
    twice the share of new words heard plus the nearness of its voice, over the background, to the recording's
    (by the d-vector `judge`, an embedder apart from the GE2E that benches report). Judged against the denoised
    speech instead, the engine's take (aimed at a voice measured through the denoiser) won over a base that is the
    speaker's own voice."""
    words = [w for w in (e.before, *e.new.split(), e.after) if w]
    new = e.new.split()
    best, best_score, best_heard = None, -np.inf, 0.0
    for group in groups:
        for render in group:
            wav, tsr = render(" ".join(words))
            wav = resample(wav, tsr, sr)
            if is_silent(wav):
                continue
            piece = _cut_new_words(wav, sr, words, e, language)
            if splice.level_db is not None and not is_silent(piece):
                gain = 10 ** ((splice.level_db - active_level_db(piece, sr)) / 20)
                piece, wav = piece * gain, wav * gain
            heard = heard_share(np.concatenate([splice.left, piece + splice.background(len(piece)), splice.right]),
                                 sr, new, language)
            score = 2.0 * heard
            if judge is not None:
                score += cosine(dvector_embedding(wav + splice.background(len(wav)), sr), judge)
            if score > best_score:
                best, best_score, best_heard = piece, score, heard
        if best_heard >= 1.0:
            break
    if best is None:
        raise InputError(f"the new words {e.new!r} could not be spoken; check the new text")
    return best.astype(np.float32)


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


def _renderers(voice: Voice, base_as_is: bool, language: str = "en", bases: int = 3) -> list[list[Renderer]]:
    """Ways to speak text in `voice`, in groups tried in turn. English: a group per bank base (the `bases`
    nearest to the voice, nearest first): the base at the pace that brings it to the speaker's rate, through the
    default engine and (`base_as_is`) as it is. As it is wins when the base already is the voice (a conversion
    toward the voice it starts from only adds artefacts); the engine wins for others. Later bases are for words
    the nearer ones say badly. Another language: its own base through the default engine, then the same slower."""
    from anyvoice.models import load
    from anyvoice.tasks.tts import TtsOptions, tts
    from anyvoice.voice.design import bank_scores
    from anyvoice.voice.norms import likely_female

    if language != "en":  # the bank's bases speak English; each other language has its own base
        return [[lambda text, pace=pace: tts(text, voice, TtsOptions(engine=DEFAULT_ENGINE, speed=pace,
                                                                        language=language, listen=False))]
                for pace in (1.0, 0.9)]
    a, bank = voice.attributes, load("voice-bank")
    score = bank_scores(bank, voice.embedding, a.f0_median_hz, a.vtl_cm, likely_female(a.f0_median_hz, a.vtl_cm),
                        family=None)
    chosen = {}  # base -> its best-fitting bank entry
    for i in np.argsort(-score):  # nearest first; one entry per base
        chosen.setdefault(bank.entries[i].base, bank.entries[i])

    def through(engine: str, base: str, rate: float) -> Renderer:
        pace = float(np.clip(a.speaking_rate / rate, 0.75, 1.35)) if a.speaking_rate > 0 else 1.0
        # The takes are judged by ear here, spliced in, so tts need not listen to them on its own.
        return lambda text: tts(text, voice, TtsOptions(engine=engine, base=base, speed=pace, listen=False))
    return [[through(DEFAULT_ENGINE, e.base, e.base_rate)] + [through("none", e.base, e.base_rate)] * base_as_is
            for e in list(chosen.values())[:bases]]


def speech_edit(wav: np.ndarray, sr: int, new_text: str, voice: "Voice | str | os.PathLike | None" = None,
                progress: Progress | None = None, transcript: str | None = None, dry_run: bool = False,
                allow_deletions: bool = False, language: str | None = None) -> EditResult:
    """Make the recording say `new_text` (its full new wording), in `language` (None: the language the new text
    reads as). `voice` overrides the voice the new words are spoken in (default: the recording's own, measured
    from its speech).

    `transcript` is what the recording really says: the edits are then exactly the differences between it and
    `new_text` (without it, they are the differences from what Whisper hears, so a misheard word is re-spoken
    too). `dry_run` plans the edits and returns the recording unchanged. Deleting more than MAX_DELETION_S of the
    recording raises InputError unless `allow_deletions`."""
    from anyvoice.tasks.enhance import enhance

    x = to_mono(np.asarray(wav, np.float32))
    spoken = _check_request(x, new_text, transcript, language)
    speech = enhance(x, sr)
    heard = word_timings(speech, sr, spoken.code)
    if not heard:
        raise InputError(f"no words were recognised in the recording; speech editing needs clear speech in "
                         f"{spoken.name} (the language of the new text; give another with --lang)")
    heard_text = " ".join(w.text for w in heard)
    words = refine_timings(speech, sr, transcript_timings(heard, transcript, spoken.code) if transcript else heard,
                           spoken.code)
    edits = plan_edits(words, new_text, spoken.code)
    _check_deletions(edits, allow_deletions)
    if not edits or dry_run:
        return EditResult(x.copy(), sr, heard_text, edits)
    # The recording's own voice can judge the takes; a voice given from elsewhere is spoken by the engine alone.
    own = voice is None
    renderers = _renderers(Voice.from_audio(speech, sr) if own else resolve_voice(voice), own, spoken.code)
    judge = dvector_embedding(x, sr) if own else None
    out = _splice(x, speech, sr, edits, lambda e, splice: _speak_in_context(renderers, e, splice, judge, sr,
                                                                           spoken.code), progress)
    return EditResult(out, sr, heard_text, edits)


def _check_request(x: np.ndarray, new_text: str, transcript: str | None, language: str | None) -> Language:
    """The language of the edit, after what can be wrong with the request before any model runs."""
    if x.size == 0 or is_silent(x):
        raise InputError("the recording is empty or silent; give speech to edit")
    if not new_text or not new_text.strip():
        raise InputError("the new text is empty; give the full wording the recording should say")
    if transcript is not None and not transcript.split():
        raise InputError("the transcript is empty; give the words the recording says, or leave it out")
    spoken = text_language(new_text, language)  # a language no base speaks is refused here
    if spoken.code in UNSPACED:
        raise InputError(f"speech editing finds the words by the spaces between them, which {spoken.name} text "
                         f"does not have; speak the new wording anew instead (tts --lang {spoken.code})")
    return spoken


def _check_deletions(edits: list[Edit], allow: bool) -> None:
    """Refuse a new text that would cut more than MAX_DELETION_S of the recording, unless `allow`."""
    deleted = [e for e in edits if e.kind == "delete"]
    seconds = sum(e.end - e.start for e in deleted)
    if seconds > MAX_DELETION_S and not allow:
        raise InputError(f"the new text would delete {seconds:.1f} s of the recording ("
                         + "; ".join(repr(e.old[:60]) for e in deleted[:3]) + "); give the full wording, the "
                         "real transcript if the recording was misheard, or allow deletions")


def _splice(x: np.ndarray, speech: np.ndarray, sr: int, edits: list[Edit],
            speak: Callable[[Edit, _Splice], np.ndarray], progress: Progress | None) -> np.ndarray:
    """The recording `x` with each edit's span replaced by what `speak` says for it, over the background (`x`
    without its `speech`) of that span; each edit's new start and end are set."""
    background, energy = x - speech, frame_energy(speech, sr)
    out, cursor, fade = np.zeros(0, np.float32), 0, int(FADE_S * sr)
    for k, e in enumerate(edits):
        # Cuts fall in the pause between two words (by forced alignment), at its quietest 10 ms.
        start = _quiet_point(energy, *e.start_gap)
        end = start if e.kind == "insert" else _quiet_point(energy, *e.end_gap)
        a, b = max(cursor, int(start * sr)), max(cursor, int(end * sr))
        new = np.zeros(0, np.float32)
        if e.new:
            lo, hi = max(0, a - int(_CONTEXT_S * sr)), b + int(_CONTEXT_S * sr)
            ctx = np.concatenate([speech[lo:a], speech[b:hi]])
            splice = _Splice(x[lo:a], x[b:hi],
                             None if is_silent(ctx) else active_level_db(ctx, sr),
                             lambda n, a=a, b=b: _fill(background, a, b, n, sr))
            pad = np.zeros(int(0.04 * sr), np.float32) if e.kind == "insert" else np.zeros(0, np.float32)
            new = np.concatenate([pad, speak(e, splice), pad])
        out, _ = _append(out, x[cursor:a], fade)
        out, at = _append(out, new + _fill(background, a, b, len(new), sr), fade)
        e.new_start, e.new_end = at / sr, len(out) / sr
        cursor = b
        if progress:
            progress(k + 1, len(edits))
    out, _ = _append(out, x[cursor:], fade)
    return out.astype(np.float32)
