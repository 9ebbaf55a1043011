"""The voice library over HTTP: create (from a recording, a description, a face, attributes, or several), list,
get, edit, rename, delete, download and upload voice files, and the map of the voice space."""
from __future__ import annotations

import functools
import json
from dataclasses import replace
from typing import Literal
from urllib.parse import quote

import numpy as np
from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from anyvoice.errors import InputError, NotFoundError
from anyvoice.interfaces.server.state import ServerState, server_state
from anyvoice.interfaces.server.uploads import decode_audio, decode_face, decode_voice, read_upload
from anyvoice.interfaces.server.voices import BUILTIN_VOICES
from anyvoice.text.lexicon import MAX_ENTRIES, check_lexicon
from anyvoice.voice import Voice
from anyvoice.voice.library import MAX_NAME_CHARS, LibraryEntry, check_name
from anyvoice.voice.space import VoiceSpaceMap
from anyvoice.voice.voice import REFERENCE_RATE, join_references

router = APIRouter(tags=["voices"])
MAX_RECORDINGS = 8


class VoiceInfo(BaseModel):
    """A voice as listed: saved voices have an id; built-in voices are named by OpenAI's names."""

    id: str
    name: str
    kind: Literal["saved", "builtin"]
    description: str = ""
    source: str = ""
    created: float | None = None
    updated: float | None = None


class VoiceDetail(VoiceInfo):
    """A saved voice with its measured attributes and how a design came about."""

    summary: dict = Field(default_factory=dict)
    explanation: list[str] = Field(default_factory=list)
    base: str | None = None
    lexicon: dict[str, str] = Field(default_factory=dict, description="how the voice says words: word -> "
                                    "respelling or /IPA/, used by every request in it")
    warnings: list[str] = Field(default_factory=list, description="what to know about the recordings it was made "
                                "from (noisy, a telephone's band)")


class VoiceList(BaseModel):
    object: Literal["list"] = "list"
    data: list[VoiceInfo]


class VoiceEdit(BaseModel):
    """Rename a saved voice and/or edit it in words ("older, brighter, +2 semitones")."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=MAX_NAME_CHARS)
    edit: str | None = Field(None, min_length=1, max_length=500)
    lexicon: dict[str, str] | None = Field(None, max_length=MAX_ENTRIES, examples=[{"Nguyen": "/wɪn/"}],
                                           description="the voice's pronunciation lexicon, replaced ({} drops it)")


class Deleted(BaseModel):
    id: str
    name: str
    deleted: bool = True


class MapPoint(BaseModel):
    x: float
    y: float
    female: float | None = None
    id: str | None = None
    name: str | None = None


class VoiceSpace(BaseModel):
    """The voice bank and the saved voices on the principal plane of the bank's speaker embeddings."""

    bank: list[MapPoint]
    voices: list[MapPoint]


def _info(entry: LibraryEntry) -> VoiceInfo:
    return VoiceInfo(kind="saved", **entry.to_dict())


def _detail(entry: LibraryEntry, voice: Voice, warnings: list[str] | None = None) -> VoiceDetail:
    return VoiceDetail(kind="saved", **entry.to_dict(), summary=voice.summary(),
                       explanation=list(voice.design.explanation) if voice.design else [], base=voice.rendering.base,
                       lexicon=dict(voice.rendering.lexicon), warnings=warnings or [])


def _form_json(text: str | None, field: str, example: str) -> object:
    """A form field holding JSON, read (None when absent); InputError naming the field otherwise."""
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"'{field}' is not JSON ({exc.msg}); send an object such as {example}") from None


def _attributes(text: str | None) -> dict[str, float]:
    values = _form_json(text, "attributes", '{"female": 1, "age": 30, "pace": 1.1}')
    if values is None:
        return {}
    if not isinstance(values, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                               for v in values.values()):
        raise InputError("'attributes' must be a JSON object of numbers, e.g. {\"female\": 1, \"pitch_st\": 2}")
    return {str(k): float(v) for k, v in values.items()}


def _lexicon(text: str | None) -> dict[str, str]:
    entries = _form_json(text, "lexicon", '{"Nguyen": "win", "tomato": "/təˈmɑːtoʊ/"}')
    return {} if entries is None else check_lexicon(entries)


def _check_name(name: str | None) -> None:
    if name is not None and name.strip().lower() in BUILTIN_VOICES:
        raise InputError(f"'{name.strip()}' is a built-in voice's name; choose another name")


def _builtin_info(name: str) -> VoiceInfo:
    return VoiceInfo(id=name, name=name, kind="builtin", source="built-in",
                     description=BUILTIN_VOICES[name] or "the Piper base voice (a US English man), fastest")


@router.get("/v1/voices", response_model=VoiceList, summary="Saved and built-in voices")
def list_voices(st: ServerState = Depends(server_state)) -> VoiceList:
    saved = [_info(e) for e in st.library.list()]
    return VoiceList(data=saved + [_builtin_info(name) for name in BUILTIN_VOICES])


@router.post("/v1/voices", response_model=VoiceDetail, status_code=201, summary="Create and save a voice")
async def create_voice(name: str = Form(None, max_length=MAX_NAME_CHARS),
                       description: str = Form(None, max_length=1000, examples=["a calm, deep voice of an older man"],
                                               description="the voice in words"),
                       attributes: str = Form(None, max_length=2000,
                                              description='JSON object, e.g. {"female": 1, "age": 30}'),
                       edit: str = Form(None, max_length=500, description="an edit applied after: 'older'"),
                       face: UploadFile = File(None, description="a photo of a face"),
                       recording: list[UploadFile] = File(None, description="reference recordings"),
                       lexicon: str = Form(None, max_length=2_000_000, description='JSON object: how the voice '
                                           'says words, e.g. {"Nguyen": "/wɪn/"}'),
                       clean: bool = Form(False, description="remove the recordings' background noise first"),
                       st: ServerState = Depends(server_state)) -> VoiceDetail:
    """A recording alone is cloned; a description, a face or attribute values (with or without a recording) are
    designed, ranked attributes > words > face > recording. `edit` changes the result in words."""
    from anyvoice.voice.spec import VoiceSpec

    _check_name(name)
    text = description.strip() if description and description.strip() else None
    spec = VoiceSpec(describe=text, attributes=_attributes(attributes), edit=edit.strip() if edit else None)
    entries = _lexicon(lexicon)
    recordings = [r for r in (recording or []) if r is not None]
    if len(recordings) > MAX_RECORDINGS:
        raise InputError(f"{len(recordings)} recordings; give at most {MAX_RECORDINGS}")
    audio = [await read_upload(r, "recording") for r in recordings]
    photo = await read_upload(face, "face") if face is not None else None
    if not (audio or photo or spec.designs):
        raise InputError("nothing to make a voice from; give a recording, a description, a face photo or "
                         "attribute values")
    spec.check()  # a bad edit is refused before minutes of design work

    def make() -> tuple[LibraryEntry, Voice, list[str]]:
        from anyvoice.inputs.reference import reference_warnings
        from anyvoice.tasks.enhance import enhance
        from anyvoice.voice.describe import describe

        ref, warnings = None, []
        if audio:
            wav = join_references([decode_audio(data, filename, st.config.max_audio_s) for data, filename in audio])
            wav = enhance(wav, REFERENCE_RATE) if clean else wav
            ref = Voice.from_audio(wav, REFERENCE_RATE, references=[f for _, f in audio])
            warnings = reference_warnings(wav, REFERENCE_RATE, ref.source.band_hz)
        full = replace(spec, voice=ref, face=decode_face(*photo) if photo else None)
        voice = full.build().with_lexicon(entries)
        label = audio[0][1].rsplit(".", 1)[0] if audio and not full.designs else "designed"
        entry = st.library.add(voice, name=name or _free_name(st, label), source=full.source(),
                               description=describe(voice))
        return entry, replace(voice, name=entry.name), warnings  # as saved

    entry, voice, warnings = await st.work.run(make)
    return _detail(entry, voice, warnings)


def _free_name(st: ServerState, label: str) -> str:
    """A name nobody uses yet, made from `label` ("designed", "designed-2", ...)."""
    try:
        base = check_name(label[:MAX_NAME_CHARS - 4])
    except InputError:
        base = "voice"
    taken = {e.name.lower() for e in st.library.list()} | set(BUILTIN_VOICES)
    name, k = base, 2
    while name.lower() in taken:
        name, k = f"{base}-{k}", k + 1
    return name


@router.post("/v1/voices/import", response_model=VoiceDetail, status_code=201, summary="Save an uploaded .voice file")
async def import_voice(file: UploadFile = File(..., description="a voice file made by anyvoice"),
                       name: str = Form(None, max_length=MAX_NAME_CHARS),
                       st: ServerState = Depends(server_state)) -> VoiceDetail:
    _check_name(name)
    data, filename = await read_upload(file, "file")

    def save() -> tuple[LibraryEntry, Voice]:
        from anyvoice.voice.describe import describe

        voice = decode_voice(data, filename)
        entry = st.library.add(voice, name=name or _free_name(st, voice.name), source="upload",
                               description=describe(voice))
        return entry, replace(voice, name=entry.name)  # as saved

    entry, voice = await st.work.run(save)
    return _detail(entry, voice)


@router.get("/v1/voices/{key}", response_model=VoiceDetail, summary="A saved or built-in voice, by id or name")
async def get_voice(key: str, st: ServerState = Depends(server_state)) -> VoiceDetail:
    def read() -> VoiceDetail:  # reading a voice inflates and checks its arrays: a worker's job
        try:
            return _detail(*st.library.get(key))
        except NotFoundError:
            name = key.strip().lower()
            if name not in BUILTIN_VOICES:
                raise
        voice = st.voices.builtin(name)  # designed on first use
        if voice is None:
            return VoiceDetail(**_builtin_info(name).model_dump(), base="piper")
        return VoiceDetail(**_builtin_info(name).model_dump(), summary=voice.summary(),
                           explanation=list(voice.design.explanation), base=voice.rendering.base)

    return await st.work.run(read)


def attachment(name: str) -> str:
    """A Content-Disposition header for a download called `name`: an ASCII stand-in for old clients and the
    real name in UTF-8 (RFC 6266 / RFC 5987)."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get("/v1/voices/{key}/file", summary="Download a saved voice as a .voice file",
            responses={200: {"content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                 "format": "binary"}}}}})
async def download_voice(key: str, st: ServerState = Depends(server_state)) -> Response:
    def read() -> tuple[LibraryEntry, bytes]:
        entry, voice = st.library.get(key)
        return entry, voice.to_bytes()

    entry, data = await st.work.run(read)
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": attachment(entry.name + ".voice")})


@router.patch("/v1/voices/{key}", response_model=VoiceDetail, summary="Rename or edit a saved voice")
async def edit_saved_voice(key: str, change: VoiceEdit, st: ServerState = Depends(server_state)) -> VoiceDetail:
    from anyvoice.voice.edit import parse_edit

    _check_name(change.name)
    if change.name is None and change.edit is None and change.lexicon is None:
        raise InputError("nothing to change; give 'name', 'edit' and/or 'lexicon'")
    if change.edit is not None:
        parse_edit(change.edit)  # refused at once, without waiting for a worker
    if change.lexicon is not None:
        check_lexicon(change.lexicon)

    def apply() -> tuple[LibraryEntry, Voice]:
        from anyvoice.voice.describe import describe
        from anyvoice.voice.edit import edit_voice

        entry, voice = st.library.get(key)
        if change.lexicon is not None:
            voice = voice.with_lexicon(change.lexicon)
        if change.edit is None:
            new = st.library.update(entry.id, voice=voice if change.lexicon is not None else None, name=change.name)
        else:
            voice = edit_voice(voice, change.edit)
            new = st.library.update(entry.id, voice=voice, name=change.name, description=describe(voice),
                                    source=f"{entry.source}; edit: {change.edit.strip()}")
        return new, replace(voice, name=new.name)  # as saved

    entry, voice = await st.work.run(apply)
    return _detail(entry, voice)


@router.delete("/v1/voices/{key}", response_model=Deleted, summary="Delete a saved voice")
def delete_voice(key: str, st: ServerState = Depends(server_state)) -> Deleted:
    entry = st.library.delete(key)
    return Deleted(id=entry.id, name=entry.name)


class AttributeRange(BaseModel):
    name: str
    neutral: float
    low: float
    high: float
    meaning: str


@router.get("/v1/voice-attributes", response_model=list[AttributeRange],
            summary="The attributes a design takes (the web page's sliders)")
def voice_attributes() -> list[AttributeRange]:
    from anyvoice.inputs.vocabulary import ATTRIBUTES, LIMITS

    return [AttributeRange(name=k, neutral=ATTRIBUTES[k][0], low=LIMITS[k][0], high=LIMITS[k][1],
                           meaning=ATTRIBUTES[k][1]) for k in LIMITS]


@functools.cache
def _bank_map() -> tuple[VoiceSpaceMap, list[MapPoint]]:
    """The map's axes and the bank's points: the same for every request, made once."""
    from anyvoice.voice.design import shared_bank

    bank = shared_bank()
    space = VoiceSpaceMap.fit(bank.embeddings)
    points = [MapPoint(x=float(x), y=float(y), female=float(f))
              for (x, y), f in zip(space.project(bank.embeddings), bank.female_scores())]
    return space, points


@router.get("/v1/voice-space", response_model=VoiceSpace, summary="Where the voices sit in the voice space")
def voice_space(st: ServerState = Depends(server_state)) -> VoiceSpace:
    """Map coordinates of the voice bank (coloured by perceived gender) and of every saved voice."""
    space, bank = _bank_map()
    saved = st.library.embeddings()
    sxy = space.project(np.stack([e for _, e in saved])) if saved else np.zeros((0, 2))
    return VoiceSpace(bank=bank, voices=[MapPoint(x=float(x), y=float(y), id=e.id, name=e.name)
                                         for (e, _), (x, y) in zip(saved, sxy)])
