"""OpenAI-compatible speech: POST /v1/audio/speech and GET /v1/models, so existing clients work unchanged; and
GET /v1/languages, the languages it speaks."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from anyvoice.engines import ENGINES
from anyvoice.errors import InputError
from anyvoice.interfaces.server.responses import (
    AUDIO_RESPONSE,
    AudioFormat,
    encoded_audio,
    safe_header,
    streamed_audio,
    streamed_events,
)
from anyvoice.interfaces.server.state import ServerState, server_state
from anyvoice.interfaces.server.voices import MODEL_ALIASES, engine_for_model
from anyvoice.style.presets import style_from_prompt
from anyvoice.style.prosody import Prosody
from anyvoice.tasks.requests import SpeakRequest
from anyvoice.tasks.tts import SpeechStream, TtsOptions, language_base
from anyvoice.text.languages import LANGUAGES
from anyvoice.voice import Voice
from anyvoice.voice.spec import VoiceSpec

router = APIRouter(tags=["speech (OpenAI-compatible)"])


class ProsodyValues(BaseModel):
    """Explicit prosody (anyvoice extension), applied on top of `instructions`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    pitch_st: float = Field(0.0, ge=-12, le=12, description="pitch level shift, semitones")
    pitch_range: float = Field(1.0, ge=0.1, le=3, description="factor on pitch range")
    pace: float = Field(1.0, ge=0.5, le=2, description="speaking-rate factor (>1 faster)")
    loudness_db: float = Field(0.0, ge=-20, le=20, description="level change, dB")
    pause: float = Field(1.0, ge=0, le=4, description="factor on pauses between sentences")


class VoiceRef(BaseModel):
    """A voice given as an object, as newer OpenAI clients may send it."""

    id: str = Field(..., min_length=1, max_length=200)


class SpeechRequest(BaseModel):
    """OpenAI's request shape for /v1/audio/speech, plus anyvoice's `prosody`."""

    # extra fields: clients send those of newer API versions; strict: no "1" for 1 or false for 0
    model_config = ConfigDict(extra="ignore", strict=True)
    model: str = Field("tts-1", max_length=100, examples=["tts-1"],
                       description="tts-1, tts-1-hd, gpt-4o-mini-tts, or an anyvoice engine name "
                                   "(select, dsp, cfm, none)")
    input: str = Field(..., min_length=1, examples=["Hello there. How are *you* today?"],
                       description="the text to speak (*word* stresses a word)")
    voice: str | VoiceRef = Field("alloy", examples=["alloy"],
                                  description="a saved voice's id or name, a built-in voice (alloy, echo, nova, ...) "
                                              "or a base (piper, kokoro:jf_alpha)")
    response_format: AudioFormat = "mp3"
    speed: float = Field(1.0, ge=0.25, le=4.0)
    instructions: str | None = Field(None, max_length=4096, examples=["cheerful"],
                                     description="how to speak: cheerful, sad, whispering, 'calm and slow', "
                                                 "'very excited', ...")
    stream_format: Literal["audio", "sse"] | None = None
    prosody: ProsodyValues | None = None
    input_format: Literal["text", "ssml"] = Field("text", description="ssml: the input is SSML (<break>, "
                                                  "<emphasis>, <prosody>, <say-as>, <sub>, <phoneme>, <voice name>)")
    language: str | None = Field(None, max_length=16, examples=["en"],
                                 description=f"the text's language ({', '.join(LANGUAGES)}); absent: detected")
    lexicon: dict[str, str] | None = Field(None, max_length=10_000, examples=[{"Nguyen": "win"}],
                                           description="how to say words the voice says wrong: word -> respelling "
                                           "or /IPA/ (over a saved voice's own lexicon)")


def _start(st: ServerState, req: SpeechRequest) -> tuple[SpeechStream, list[str]]:
    """Resolve voice, engine and style, and start speaking (every request error raises here)."""
    speaker = st.voices.resolve(req.voice.id if isinstance(req.voice, VoiceRef) else req.voice)
    used = style_from_prompt(req.instructions)[1] if req.instructions and req.instructions.strip() else []
    options = TtsOptions(engine=st.engine(req.model), base=speaker.base, speed=req.speed,
                         style=req.instructions if used else None,
                         prosody=Prosody(**req.prosody.model_dump()) if req.prosody else None,
                         lexicon=req.lexicon or {}, pieces=True, language=req.language)
    request = SpeakRequest(req.input, VoiceSpec(speaker.voice), options, ssml=req.input_format == "ssml",
                           voices=st.voices.named)
    return request.stream(), used


#: what a preloaded model says once at start-up (long enough to be streamed as a request would be)
WARM_UP_TEXT = "The server is ready to speak."


def warm_up(st: ServerState, model: str) -> None:
    """Speak WARM_UP_TEXT with `model` into a voice cloned from the base voice's own reading of it, as a request
    for a saved voice would, so the models it needs are loaded (and the cfm decoder's graph opened) before the
    first request comes."""
    from anyvoice.synth import create_synthesizer

    base = create_synthesizer("piper")
    voice = Voice.from_audio(base.synthesize(WARM_UP_TEXT), base.sample_rate, name="warm-up")
    request = SpeakRequest(WARM_UP_TEXT, VoiceSpec(voice), TtsOptions(engine=st.engine(model), pieces=True))
    for _chunk in request.stream().chunks:
        pass


def _check(st: ServerState, req: SpeechRequest) -> None:
    """What can be refused before waiting for a worker: the text's length, the model, the voice's name."""
    if len(req.input) > st.config.max_text_chars:
        raise InputError(f"'input' has {len(req.input)} characters; the limit is {st.config.max_text_chars}, "
                         "split the text into several requests")
    engine_for_model(req.model)
    st.voices.check(req.voice.id if isinstance(req.voice, VoiceRef) else req.voice)


class WordTime(BaseModel):
    word: str = Field(..., description="a word as written in the input ('$5' covers the time of 'five dollars')")
    start_time: float = Field(..., description="seconds from the start of the audio")
    end_time: float


def _word_times(words: list) -> list[WordTime]:
    return [WordTime(word=w.text, start_time=round(w.start, 3), end_time=round(w.end, 3)) for w in words]


#: one server-sent event of stream_format "sse", as OpenAPI 3.1 documents an event stream: each event's fields
_SPEECH_EVENT = {"type": "object", "required": ["data"], "properties": {
    "event": {"type": "string"},
    "data": {"type": "string", "contentMediaType": "application/json",
             "description": 'JSON with "type": speech.audio.delta ("audio": base64 audio in response_format), '
                            'speech.words ("words": [{"word", "start_time", "end_time"}]) or speech.audio.done '
                            '("usage": words spoken)'}}}


@router.post("/v1/audio/speech", responses={**AUDIO_RESPONSE, 200: {**AUDIO_RESPONSE[200], "content": {
    **AUDIO_RESPONSE[200]["content"], "text/event-stream": {"schema": _SPEECH_EVENT}}}},
             summary="Speak text in a voice")
async def create_speech(req: SpeechRequest, st: ServerState = Depends(server_state)):
    """Text to speech. The answer streams sentence by sentence (chunked), at 24 kHz like OpenAI's; headers say
    the sample rate, the style used and the language spoken (given or detected; "mul" for SSML in several). With
    `stream_format: "sse"` it comes as server-sent events in OpenAI's shape (`speech.audio.delta`, then
    `speech.audio.done`), and after each sentence's audio a `speech.words` event gives its words' start and end
    times."""
    from anyvoice.tasks.timings import timed_chunks

    _check(st, req)
    sse = req.stream_format == "sse"
    sentences: list = []
    lease = st.work.acquire()
    try:
        stream, used = await lease.call(_start, st, req)
        chunks = timed_chunks(stream, sentences) if sse else stream.chunks
        first = await lease.call(next, chunks, None)  # the first sentence before any header: errors stay 4xx
    except BaseException:
        lease.release()
        raise
    if first is None:
        lease.release()
        raise InputError("nothing to speak in 'input'")
    headers = {"X-Anyvoice-Style": ", ".join(used) or "neutral", "X-Anyvoice-Language": stream.language}
    if stream.warnings:  # a short prompt is one sentence: its check is done before the answer starts
        headers["X-Anyvoice-Warning"] = safe_header(" ".join(stream.warnings))
    if not sse:
        return streamed_audio(lease, chunks, first, stream.sample_rate, req.response_format, headers=headers)
    told = 0

    def pending() -> list[dict]:
        nonlocal told
        events = [{"type": "speech.words", "words": [t.model_dump() for t in _word_times(words)]}
                  for words in sentences[told:]]
        told = len(sentences)
        return events

    def usage() -> dict:  # anyvoice counts words, not tokens
        spoken = sum(len(words) for words in sentences)
        return {"input_tokens": spoken, "output_tokens": 0, "total_tokens": spoken}

    return streamed_events(lease, chunks, first, stream.sample_rate, req.response_format, pending, usage, headers)


class CaptionedSpeech(BaseModel):
    audio: str = Field(..., description="the whole speech as one file of response_format, base64")
    audio_format: str
    sample_rate: int
    timestamps: list[WordTime]


@router.post("/v1/audio/captioned_speech", response_model=CaptionedSpeech,
             summary="Speak text, and say when each word is said")
async def captioned_speech(req: SpeechRequest, st: ServerState = Depends(server_state)) -> CaptionedSpeech:
    """The speech /v1/audio/speech makes, whole, with every word's start and end (each sentence aligned as it is
    spoken), as other OpenAI-compatible servers give captioned speech."""
    import base64

    import numpy as np

    from anyvoice.tasks.timings import timed_chunks

    _check(st, req)

    def run():
        stream, _ = _start(st, req)
        sentences: list = []
        parts = list(timed_chunks(stream, sentences))
        if not parts:
            raise InputError("nothing to speak in 'input'")
        return np.concatenate(parts), stream.sample_rate, sentences

    audio, sr, sentences = await st.work.run(run)
    data, out_sr = encoded_audio(audio, sr, req.response_format)
    return CaptionedSpeech(audio=base64.b64encode(data).decode(), audio_format=req.response_format, sample_rate=out_sr,
                           timestamps=[t for words in sentences for t in _word_times(words)])


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    owned_by: str = "anyvoice"
    description: str = ""


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


@router.get("/v1/models", response_model=ModelList, summary="Models (engines) this server speaks with")
def list_models() -> ModelList:
    """OpenAI's model names (aliases of the default engine) and every anyvoice engine."""
    docs = ENGINES.describe()
    cards = [ModelCard(id=alias, description=f"alias of the '{engine}' engine") for alias, engine in
             MODEL_ALIASES.items()]
    return ModelList(data=cards + [ModelCard(id=name, description=docs[name]) for name in ENGINES.names()])


class LanguageCard(BaseModel):
    code: str = Field(..., description="ISO 639-1, as the speech request's 'language' takes it")
    name: str
    base: str = Field(..., description="the base synthesizer that speaks it on this server (where Kokoro speaks "
                                       "it, each voice takes the nearest of the language's styles)")


class LanguageList(BaseModel):
    object: Literal["list"] = "list"
    data: list[LanguageCard]


@router.get("/v1/languages", response_model=LanguageList, summary="Languages this server speaks")
def list_languages() -> LanguageList:
    """Every spoken language, with the base that speaks it here (what `anyvoice info` lists)."""
    return LanguageList(data=[LanguageCard(code=spoken.code, name=spoken.name, base=language_base(spoken, None))
                              for spoken in LANGUAGES.values()])
