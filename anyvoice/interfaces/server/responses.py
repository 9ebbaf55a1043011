"""Audio responses: whole files, and streams that start before the audio is finished."""
from __future__ import annotations

import base64
import json
from typing import AsyncIterator, Callable, Iterator, Literal
from urllib.parse import quote

import numpy as np
from fastapi.responses import Response, StreamingResponse

from anyvoice.audio.encode import AUDIO_FORMATS, STREAMABLE, StreamEncoder, encode_audio
from anyvoice.audio.signal import StreamResampler, resample
from anyvoice.interfaces.server.work import Lease

AudioFormat = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
#: OpenAI's rate for every format (and the only one its raw pcm may have)
SPEECH_RATE = 24000
_OPUS_OK = (8000, 12000, 16000, 24000, 48000)

#: OpenAPI description of an audio answer, for the routes' `responses`
AUDIO_RESPONSE = {200: {"content": {mime: {"schema": {"type": "string", "format": "binary"}}
                                    for mime in sorted(set(AUDIO_FORMATS.values()))},
                        "description": "the audio, in the requested format"}}


def _rate_for(fmt: str, sr: int) -> int:
    return SPEECH_RATE if fmt == "pcm" or (fmt == "opus" and sr not in _OPUS_OK) else sr


def encoded_audio(wav: np.ndarray, sr: int, fmt: str) -> tuple[bytes, int]:
    """The whole of `wav` as one file's bytes, and its rate: raw pcm and opus at a rate they allow (24 kHz)."""
    out_sr = _rate_for(fmt, sr)
    return encode_audio(resample(wav, sr, out_sr), out_sr, fmt), out_sr


def audio_response(wav: np.ndarray, sr: int, fmt: str, headers: dict[str, str] | None = None) -> Response:
    """The whole of `wav` as one file (see `encoded_audio`)."""
    data, out_sr = encoded_audio(wav, sr, fmt)
    return Response(data, media_type=AUDIO_FORMATS[fmt], headers={"X-Sample-Rate": str(out_sr), **(headers or {})})


#: printable ASCII a header value carries as it is (every other character, and '%', is percent-encoded)
_HEADER_SAFE = "".join(chr(c) for c in range(32, 127) if chr(c) != "%")


def safe_header(text: str) -> str:
    """Text (its first 500 characters) as a header value: printable ASCII as it is, anything else (Cyrillic, kana,
    a line break) and '%' percent-encoded as UTF-8, so a client decodes it the way a URL is decoded."""
    return quote(text[:500], safe=_HEADER_SAFE)


def result_response(result, fmt: str, headers: dict[str, str] | None = None) -> Response:
    """A task's result (TaskResult) as one audio file; its warnings in X-Anyvoice-Warning."""
    warning = {"X-Anyvoice-Warning": safe_header("; ".join(result.warnings))} if result.warnings else {}
    return audio_response(result.audio, result.sample_rate, fmt, {**warning, **(headers or {})})


async def _encoded(lease: Lease, chunks: Iterator[np.ndarray], first: np.ndarray, sr: int,
                   fmt: str) -> AsyncIterator[bytes]:
    """`first`, then each further chunk as the worker makes it, encoded at 24 kHz (the bytes of one chunk may be
    none: a muxer holds pages back), then the encoder's last bytes. The lease is released at the end (or when the
    client goes away). FLAC, which needs the total length up front, comes whole at the end."""
    encoder = StreamEncoder(fmt, SPEECH_RATE, whole=fmt not in STREAMABLE)
    to_rate = StreamResampler(sr, SPEECH_RATE)  # one resampler over all chunks: a sentence may come in pieces
    try:
        chunk = first
        while chunk is not None:
            yield encoder.write(to_rate.push(chunk))
            chunk = await lease.call(next, chunks, None)
        yield encoder.write(to_rate.flush()) + encoder.close()
    finally:
        lease.release()


def streamed_audio(lease: Lease, chunks: Iterator[np.ndarray], first: np.ndarray, sr: int, fmt: str,
                   headers: dict[str, str] | None = None) -> StreamingResponse:
    """The audio of `first` and the further chunks, sent as it is made (see `_encoded`)."""
    async def body():
        async for data in _encoded(lease, chunks, first, sr, fmt):
            if data:
                yield data

    return StreamingResponse(body(), media_type=AUDIO_FORMATS[fmt],
                             headers={"X-Sample-Rate": str(SPEECH_RATE), **(headers or {})})


def _event(payload: dict) -> bytes:
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def streamed_events(lease: Lease, chunks: Iterator[np.ndarray], first: np.ndarray, sr: int, fmt: str,
                    pending: Callable[[], list[dict]], usage: Callable[[], dict],
                    headers: dict[str, str] | None = None) -> StreamingResponse:
    """The audio as server-sent events in OpenAI's shape (`speech.audio.delta` with base64 audio, then
    `speech.audio.done` with `usage()`); after each chunk's audio, the events `pending()` has ready for it."""
    async def body():
        async for data in _encoded(lease, chunks, first, sr, fmt):
            if data:
                yield _event({"type": "speech.audio.delta", "audio": base64.b64encode(data).decode()})
            for event in pending():
                yield _event(event)
        for event in pending():  # the last sentence is timed once the stream has ended
            yield _event(event)
        yield _event({"type": "speech.audio.done", "usage": usage()})

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"X-Sample-Rate": str(SPEECH_RATE), "Cache-Control": "no-cache",
                                      **(headers or {})})
