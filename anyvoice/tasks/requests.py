"""One request model for every front end: a typed request per task and one result type.

The command line, batch jobs and the HTTP server only parse their input (files, form fields, CSV cells) into a
request and hand it to `run`; what a task takes, checks, warns about and reports lives here once, so the front
ends cannot drift apart. Audio comes decoded: mono (samples,) or (samples, channels) float32 at `sample_rate`,
with every channel kept for the tasks that keep them (enhance, remove_speech).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from anyvoice.engines import DEFAULT_ENGINE, Engine
from anyvoice.errors import InputError, UnprocessableError
from anyvoice.progress import Progress
from anyvoice.style.prosody import Prosody
from anyvoice.tasks.tts import SpeechStream, TtsOptions
from anyvoice.voice.spec import VoiceSpec
from anyvoice.voice.voice import Voice


@dataclass(frozen=True)
class TaskResult:
    """What every audio task gives back."""

    audio: np.ndarray  # float32: mono (samples,) or (samples, channels)
    sample_rate: int
    warnings: tuple[str, ...] = ()  # what the user should be told (a voice not found in a mixture)
    details: dict = field(default_factory=dict)  # what the task measured or did, for logs and headers


def _target(spec: VoiceSpec, task: str) -> Voice:
    """The voice `task` speaks in; InputError when the request names none."""
    target = spec.build()
    if target is None:
        raise InputError(f"{task} needs a target voice: a voice (file or recording) or a design (a description, "
                         "a face or attribute values)")
    return target


@dataclass(frozen=True)
class SpeakRequest:
    """Text (or SSML) to speech in a voice (none: the base synthesizer's own)."""

    text: str
    voice: VoiceSpec = field(default_factory=VoiceSpec)
    options: TtsOptions = field(default_factory=TtsOptions)
    ssml: bool = False  # the text is SSML (text/ssml.py lists the tags read)
    voices: Callable[[str], tuple[Voice | None, str | None]] | None = None  # SSML <voice name> -> (voice, base)

    def stream(self, progress: Progress | None = None) -> SpeechStream:
        """Sentence by sentence: for a file written as it is spoken, or an HTTP answer sent as it is made."""
        if self.ssml:
            from anyvoice.tasks.ssml_tts import ssml_stream, voice_or_base

            return ssml_stream(self.text, self.voice.build(), self.options, self.voices or voice_or_base, progress)
        from anyvoice.tasks.tts import tts_stream

        return tts_stream(self.text, self.voice.build(), self.options, progress)

    def run(self, progress: Progress | None = None) -> TaskResult:
        """The whole speech at once."""
        stream = self.stream(progress)
        audio = stream.whole()
        return TaskResult(audio, stream.sample_rate, tuple(stream.warnings))


@dataclass(frozen=True)
class ConvertRequest:
    """Someone's speech in another voice, keeping the words and the intonation."""

    audio: np.ndarray
    sample_rate: int
    voice: VoiceSpec
    engine: Engine | str = DEFAULT_ENGINE
    style: str | None = None  # a style prompt ("calm and slow")
    prosody: Prosody | None = None  # explicit prosody values, on top of the prompt
    style_reference: str | os.PathLike | None = None  # "say it the way this clip says it"
    emphasis: tuple[tuple[float, float], ...] = ()  # (start, end) seconds of the source to stress
    language: str | None = None  # the recording's language code; None: not stated

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.convert import convert

        out = convert(self.audio, self.sample_rate, _target(self.voice, "conversion"), engine=self.engine,
                      progress=progress, style=self.style, prosody=self.prosody,
                      style_reference=self.style_reference, emphasis=self.emphasis, language=self.language)
        return TaskResult(out, self.sample_rate)


@dataclass(frozen=True)
class RespeakRequest:
    """Someone's words said anew in another voice from the text alone: none of the recording's sound is kept."""

    audio: np.ndarray
    sample_rate: int
    voice: VoiceSpec
    text: str | None = None  # the words; None: heard in the recording
    language: str | None = None  # the recording's language code; None: detected
    engine: Engine | str = DEFAULT_ENGINE

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.respeak import respeak

        said = respeak(self.audio, self.sample_rate, _target(self.voice, "respeaking"), self.text, self.language,
                       self.engine)
        return TaskResult(said.audio, said.sample_rate, details={"text": said.text})


@dataclass(frozen=True)
class EnhanceRequest:
    """Noise suppression; every channel is kept."""

    audio: np.ndarray
    sample_rate: int
    attenuation_limit_db: float = 100.0  # lower the noise by at most this much (12 keeps some ambience)

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.enhance import enhance

        return TaskResult(enhance(self.audio, self.sample_rate, self.attenuation_limit_db, progress=progress),
                          self.sample_rate)


@dataclass(frozen=True)
class RemoveSpeechRequest:
    """Keep the background, drop the speech; every channel is kept."""

    audio: np.ndarray
    sample_rate: int

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.enhance import remove_speech

        return TaskResult(remove_speech(self.audio, self.sample_rate, progress=progress), self.sample_rate)


@dataclass(frozen=True)
class ExtractRequest:
    """Only one speaker from a mixture. When the voice does not seem to be in it, the result warns; `strict`
    refuses instead (UnprocessableError), so nothing is written."""

    audio: np.ndarray
    sample_rate: int
    voice: VoiceSpec
    strict: bool = False
    model_path: str | None = None  # an extractor checkpoint of your own

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.extract import extract

        target = self.voice.build()
        if target is None:
            raise InputError("extraction needs the voice to extract: a voice file or a recording of it")
        r = extract(self.audio, self.sample_rate, target, progress=progress, model_path=self.model_path)
        if not r.present and self.strict:
            raise UnprocessableError(r.message + "; nothing written (strict)")
        return TaskResult(r.audio, r.sample_rate, () if r.present else (r.message,),
                          {"present": r.present, "similarity": r.similarity, "message": r.message})


@dataclass(frozen=True)
class EditRequest:
    """Make a recording say new words, in its own voice (or `voice`); `dry_run` plans the edits only."""

    audio: np.ndarray
    sample_rate: int
    text: str  # the full new wording
    voice: VoiceSpec = field(default_factory=VoiceSpec)  # none: the recording's own voice
    transcript: str | None = None  # what the recording really says
    allow_deletions: bool = False  # allow deleting more than 2 s
    dry_run: bool = False
    language: str | None = None  # the recording's; None: the language the new text reads as

    def run(self, progress: Progress | None = None) -> TaskResult:
        from anyvoice.tasks.speech_edit import speech_edit

        r = speech_edit(self.audio, self.sample_rate, self.text, voice=self.voice.build(), progress=progress,
                        transcript=self.transcript, dry_run=self.dry_run, allow_deletions=self.allow_deletions,
                        language=self.language)
        edits = [{"kind": e.kind, "old": e.old, "new": e.new, "at": [round(e.start, 2), round(e.end, 2)]}
                 for e in r.edits]
        return TaskResult(r.audio, r.sample_rate, details={"heard": r.heard, "edits": edits})
