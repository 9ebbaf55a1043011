"""Tasks on uploaded audio: voice conversion, respeaking, noise suppression, speech removal, target speaker extraction,
speech editing, describing a recording's voice and transcribing it. Audio comes back in the asked format at the
input's rate."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from anyvoice.engines import Engine
from anyvoice.interfaces.server.responses import AUDIO_RESPONSE, AudioFormat, result_response, safe_header
from anyvoice.interfaces.server.state import ServerState, server_state
from anyvoice.interfaces.server.uploads import decode_audio, read_upload
from anyvoice.tasks.requests import (
    ConvertRequest,
    EditRequest,
    EnhanceRequest,
    ExtractRequest,
    RemoveSpeechRequest,
    RespeakRequest,
)
from anyvoice.text.languages import LANGUAGES, recording_language
from anyvoice.voice.spec import VoiceSpec

router = APIRouter(tags=["audio tasks"])

_FILE = File(..., description="audio: wav, flac, ogg, mp3, m4a, ...")
_FORMAT = Form("wav", description="mp3, opus, aac, flac, wav or pcm (16-bit, rate in X-Sample-Rate)")
_VOICE = Form(..., max_length=200, examples=["nova"])
_MODEL = Form("select", max_length=100, description="engine: select, dsp, cfm, none")


@dataclass(frozen=True)
class _VoicedUpload:
    """An upload to work on with a saved voice (and the engine to render it, for the tasks that render): checked
    before any work is queued."""

    st: ServerState
    data: bytes
    name: str
    voice: str
    task: str
    engine: Engine | str | None

    @classmethod
    async def read(cls, st: ServerState, file: UploadFile, voice: str, task: str,
                   model: str | None = None) -> "_VoicedUpload":
        engine = st.engine(model) if model is not None else None
        st.voices.check(voice)
        data, name = await read_upload(file, "file")
        return cls(st, data, name, voice, task, engine)

    def decoded(self) -> tuple[np.ndarray, int, VoiceSpec]:
        """The audio and the target voice, in the worker (decoding and loading a voice take time)."""
        wav, sr = decode_audio(self.data, self.name, self.st.config.max_audio_s)
        return wav, sr, VoiceSpec(self.st.voices.voice(self.voice, self.task))


@router.post("/v1/audio/convert", responses=AUDIO_RESPONSE, response_class=Response,
             summary="Voice conversion: the words and intonation of the upload, in another voice")
async def convert_audio(file: UploadFile = _FILE, voice: str = _VOICE, model: str = _MODEL,
                        instructions: str = Form(None, max_length=4096, description="style prompt"),
                        language: str = Form(None, max_length=16, examples=["es"],
                                             description="the upload's language (ISO 639-1, any; auto: heard in "
                                                         "it); in one other than English more of its words are kept"),
                        response_format: AudioFormat = _FORMAT, st: ServerState = Depends(server_state)) -> Response:
    code = recording_language(language) if language else None  # a bad code is refused before any work is queued
    upload = await _VoicedUpload.read(st, file, voice, "conversion", model)

    def run():
        wav, sr, target = upload.decoded()
        return ConvertRequest(wav, sr, target, upload.engine, style=instructions or None, language=code).run()

    return result_response(await st.work.run(run), response_format)


@router.post("/v1/audio/respeak", responses=AUDIO_RESPONSE, response_class=Response,
             summary="Respeaking: the words of the upload said anew in a voice, nothing of its sound kept")
async def respeak_audio(file: UploadFile = _FILE, voice: str = _VOICE,
                        text: str = Form(None, max_length=4096, description="the words (default: what is heard)"),
                        language: str = Form(None, max_length=16, examples=["en"],
                                             description=f"the upload's language ({', '.join(LANGUAGES)}); "
                                                         "absent or auto: detected"),
                        model: str = _MODEL, response_format: AudioFormat = _FORMAT,
                        st: ServerState = Depends(server_state)) -> Response:
    """The strongest anonymisation: a speaker-ID probe finds little of the speaker, but intonation and timing are
    not kept. The words said come in X-Anyvoice-Text."""
    upload = await _VoicedUpload.read(st, file, voice, "respeaking", model)

    def run():
        wav, sr, target = upload.decoded()
        return RespeakRequest(wav, sr, target, text or None, language or None, upload.engine).run()

    result = await st.work.run(run)
    return result_response(result, response_format, {"X-Anyvoice-Text": safe_header(result.details["text"])})


@router.post("/v1/audio/enhance", responses=AUDIO_RESPONSE, response_class=Response,
             summary="Noise suppression (DeepFilterNet3)")
async def enhance_audio(file: UploadFile = _FILE,
                        attenuation_limit_db: float = Form(100.0, ge=0, le=100,
                                                           description="lower the noise by at most this much"),
                        response_format: AudioFormat = _FORMAT, st: ServerState = Depends(server_state)) -> Response:
    data, name = await read_upload(file, "file")

    def run():
        wav, sr = decode_audio(data, name, st.config.max_audio_s, mono=False)  # every channel kept, as on the CLI
        return EnhanceRequest(wav, sr, attenuation_limit_db).run()

    return result_response(await st.work.run(run), response_format)


@router.post("/v1/audio/remove-speech", responses=AUDIO_RESPONSE, response_class=Response,
             summary="Speech removal: keep the background, drop the speech")
async def remove_speech_audio(file: UploadFile = _FILE, response_format: AudioFormat = _FORMAT,
                              st: ServerState = Depends(server_state)) -> Response:
    data, name = await read_upload(file, "file")

    def run():
        return RemoveSpeechRequest(*decode_audio(data, name, st.config.max_audio_s, mono=False)).run()

    return result_response(await st.work.run(run), response_format)


@router.post("/v1/audio/extract", responses={**AUDIO_RESPONSE, 422: {"description": "strict, and the voice is "
                                                                                    "not in the mixture"}},
             response_class=Response, summary="Target speaker extraction: only the given voice, from a mixture")
async def extract_audio(file: UploadFile = _FILE, voice: str = _VOICE,
                        strict: bool = Form(False, description="fail (422) when the voice is not in the mixture"),
                        response_format: AudioFormat = _FORMAT, st: ServerState = Depends(server_state)) -> Response:
    """Headers X-Anyvoice-Present and X-Anyvoice-Similarity say whether the voice was found."""
    upload = await _VoicedUpload.read(st, file, voice, "extraction")

    def run():
        return ExtractRequest(*upload.decoded(), strict).run()

    result = await st.work.run(run)
    similarity = result.details["similarity"]
    headers = {"X-Anyvoice-Present": str(result.details["present"]).lower(),
               "X-Anyvoice-Similarity": "" if similarity is None else f"{similarity:.3f}"}
    return result_response(result, response_format, headers)


@router.post("/v1/audio/edit", responses=AUDIO_RESPONSE, response_class=Response,
             summary="Speech editing: make a recording say new words, in its own voice")
async def edit_audio(file: UploadFile = _FILE,
                     text: str = Form(..., min_length=1, max_length=2000, description="the full new wording"),
                     voice: str = Form(None, max_length=200, description="speak new words in this voice "
                                              "instead of the recording's own"),
                     transcript: str = Form(None, max_length=20000, description="what the recording really "
                                            "says: only the words that differ from it are edited"),
                     allow_deletions: bool = Form(False, description="allow deleting more than 2 s"),
                     language: str = Form(None, max_length=16, examples=["es"],
                                          description=f"the recording's language ({', '.join(LANGUAGES)}); "
                                          "absent: the language the new text reads as"),
                     response_format: AudioFormat = _FORMAT, st: ServerState = Depends(server_state)) -> Response:
    """Header X-Anyvoice-Heard: what the recording was heard to say."""
    if voice:
        st.voices.check(voice)
    data, name = await read_upload(file, "file")

    def run():
        wav, sr = decode_audio(data, name, st.config.max_audio_s)
        own = VoiceSpec(st.voices.voice(voice, "speech editing") if voice else None)
        return EditRequest(wav, sr, text, own, transcript or None, allow_deletions, language=language or None).run()

    result = await st.work.run(run)
    return result_response(result, response_format, {"X-Anyvoice-Heard": safe_header(result.details["heard"]),
                                                      "X-Anyvoice-Edits": str(len(result.details["edits"]))})


class Description(BaseModel):
    description: str = Field(..., description="the voice in words")
    summary: dict = Field(default_factory=dict, description="measured pitch, range, vocal tract, rate, ...")


@router.post("/v1/audio/describe", response_model=Description, summary="Describe the voice in a recording")
async def describe_audio(file: UploadFile = _FILE, st: ServerState = Depends(server_state)) -> Description:
    from anyvoice.voice import Voice
    from anyvoice.voice.describe import describe

    data, name = await read_upload(file, "file")

    def run():
        wav, sr = decode_audio(data, name, st.config.max_audio_s)
        voice = Voice.from_audio(wav, sr, name="described")
        return Description(description=describe(voice), summary=voice.summary())

    return await st.work.run(run)


class Transcription(BaseModel):
    """OpenAI's transcription answer (response_format json); verbose_json adds the language, the duration and
    timed segments."""

    text: str
    language: str | None = None
    duration: float | None = None
    segments: list[dict] | None = None


@router.post("/v1/audio/transcriptions", response_model=Transcription,
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
             summary="What a recording says, in its language (OpenAI-compatible)")
async def transcribe_audio(file: UploadFile = _FILE,
                           model: str = Form("whisper-1", max_length=100, description="any name: the bundled "
                                             "Whisper tiny.en answers for English, Whisper base for the others"),
                           language: str = Form(None, max_length=10, description="ISO 639-1 code (en, fr, ru, zh, "
                                                "...); absent: detected"),
                           response_format: Literal["json", "text", "srt", "vtt", "verbose_json"] = Form("json"),
                           st: ServerState = Depends(server_state)):
    from anyvoice.inputs.asr import detect_language, recognised_language, transcribe_segments
    from anyvoice.text.languages import language_name
    from anyvoice.text.subtitles import render_transcript

    data, name = await read_upload(file, "file")

    def run():
        code = recognised_language(language) if language else None
        wav, sr = decode_audio(data, name, st.config.max_audio_s)
        code = code or detect_language(wav, sr)[0]
        return transcribe_segments(wav, sr, code), len(wav) / sr, code

    segments, duration, code = await st.work.run(run)
    if response_format in ("text", "srt", "vtt"):
        body = render_transcript(segments, "txt" if response_format == "text" else response_format, duration)
        return PlainTextResponse(body, media_type="text/vtt" if response_format == "vtt" else "text/plain")
    text = " ".join(s.text for s in segments)
    if response_format == "json":
        return Transcription(text=text)
    return Transcription(text=text, language=language_name(code).split(" (")[0].lower(), duration=round(duration, 3),
                         segments=[{"id": i, "start": round(s.start, 2), "end": round(s.end, 2), "text": s.text}
                                   for i, s in enumerate(segments)])
