"""Encoding audio to bytes in the formats HTTP clients ask for, whole or as a stream of chunks.

A `StreamEncoder` takes audio piece by piece (a sentence at a time) and returns the bytes that are ready, so a
server can send the start of a long answer while the rest is still being spoken. The formats and their MIME
types follow OpenAI's speech endpoint: mp3, opus (in Ogg), aac (ADTS), flac, wav, pcm (raw 16-bit little-endian).
"""
from __future__ import annotations

import io
import struct

import numpy as np

from anyvoice.errors import InputError

#: response format -> MIME type
AUDIO_FORMATS = {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
                 "wav": "audio/wav", "pcm": "audio/pcm"}
#: formats encoded by FFmpeg (PyAV): format -> (codec, container)
_AV_CODECS = {"mp3": ("libmp3lame", "mp3"), "opus": ("libopus", "ogg"), "aac": ("aac", "adts"),
              "flac": ("flac", "flac")}
#: formats whose bytes can be sent before the end is known (FLAC's header wants the total length)
STREAMABLE = ("mp3", "opus", "aac", "wav", "pcm")
_OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
#: a streamed WAV's data size is unknown up front; readers take this as "to the end of the stream"
_UNKNOWN_SIZE = 0xFFFFFFFF


#: channel count -> FFmpeg's layout name, for the formats FFmpeg encodes
_LAYOUTS = {1: "mono", 2: "stereo"}


def _wav_header(sample_rate: int, data_bytes: int, channels: int = 1) -> bytes:
    """A 44-byte header of 16-bit PCM WAV."""
    riff = _UNKNOWN_SIZE if data_bytes == _UNKNOWN_SIZE else 36 + data_bytes
    block = 2 * channels
    return (b"RIFF" + struct.pack("<I", riff) + b"WAVE" + b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * block, block, 16) + b"data"
        + struct.pack("<I", data_bytes))


def _pcm16(wav: np.ndarray) -> bytes:
    """16-bit little-endian samples, channels interleaved ((samples, channels) arrays are row-major)."""
    return (np.clip(np.asarray(wav, np.float32), -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


class _Sink:
    """A write-only file for FFmpeg's muxer; having no `seek`, the muxer writes as a stream (no header patching)."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def write(self, data) -> int:
        self.buffer += bytes(data)
        return len(data)

    def take(self) -> bytes:
        out, self.buffer = bytes(self.buffer), bytearray()
        return out


class _SeekableSink(io.BytesIO):
    """A whole file in memory: the muxer may go back and fill in sizes (FLAC's sample count)."""

    def take(self) -> bytes:
        return b""

    def value(self) -> bytes:
        return self.getvalue()


class StreamEncoder:
    """Encode float32 audio of `channels` channels (mono: 1-D chunks; else (samples, channels)) at `sample_rate`
    into `fmt`, chunk by chunk.

    `write(chunk)` returns the bytes ready so far (maybe none: some muxers hold pages back), `close()` the rest.
    The concatenation of everything returned is one valid file of the format. With `whole=True` the encoder keeps
    everything until `close()` and returns the finished file then (for formats not in STREAMABLE).
    """

    def __init__(self, fmt: str, sample_rate: int, whole: bool = False, channels: int = 1):
        if fmt not in AUDIO_FORMATS:
            raise InputError(f"unknown audio format '{fmt}'; use one of {', '.join(AUDIO_FORMATS)}")
        if fmt in _AV_CODECS and channels not in _LAYOUTS:
            raise InputError(f"{fmt} is written here with 1 or 2 channels, not {channels}; ask for wav or pcm, "
                             "or mix the audio down first")
        if fmt == "opus" and sample_rate not in _OPUS_RATES:
            raise InputError(f"opus needs a sample rate of {', '.join(map(str, _OPUS_RATES))} Hz, not {sample_rate}")
        self.fmt, self.sample_rate, self.channels = fmt, sample_rate, channels
        self._header_sent = False
        self._container = self._stream = self._sink = None
        if fmt in _AV_CODECS:
            import av  # PyAV ships FFmpeg with these encoders (a faster-whisper dependency)

            codec, container = _AV_CODECS[fmt]
            self._sink = _SeekableSink() if whole else _Sink()
            self._container = av.open(self._sink, "w", format=container)
            self._stream = self._container.add_stream(codec, rate=sample_rate, layout=_LAYOUTS[channels])

    def write(self, chunk: np.ndarray) -> bytes:
        """Encode one more piece of audio; returns the bytes ready to send."""
        chunk = np.asarray(chunk, np.float32).reshape(-1, self.channels)
        if self._container is None:
            head = b"" if self._header_sent or self.fmt == "pcm" else \
                _wav_header(self.sample_rate, _UNKNOWN_SIZE, self.channels)
            self._header_sent = True
            return head + _pcm16(chunk)
        if chunk.size:
            import av

            # packed float samples, channels interleaved, as one plane
            frame = av.AudioFrame.from_ndarray(np.clip(chunk, -1.0, 1.0).reshape(1, -1), format="flt",
                                               layout=_LAYOUTS[self.channels])
            frame.sample_rate = self.sample_rate
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        return self._sink.take()

    def close(self) -> bytes:
        """Flush the encoder; returns the last bytes of the file."""
        if self._container is None:
            return b"" if self._header_sent or self.fmt == "pcm" else \
                _wav_header(self.sample_rate, _UNKNOWN_SIZE, self.channels)
        for packet in self._stream.encode(None):
            self._container.mux(packet)
        self._container.close()
        return self._sink.value() if isinstance(self._sink, _SeekableSink) else self._sink.take()


def encode_audio(wav: np.ndarray, sample_rate: int, fmt: str) -> bytes:
    """The whole of `wav` (mono float32, or (samples, channels)) as one file of format `fmt` (see AUDIO_FORMATS).

    A whole WAV gets its real sizes in the header; only streamed WAVs say "unknown".
    """
    channels = 1 if np.ndim(wav) == 1 else int(np.shape(wav)[1])
    if fmt == "wav":
        data = _pcm16(wav)
        return _wav_header(sample_rate, len(data), channels) + data
    enc = StreamEncoder(fmt, sample_rate, whole=True, channels=channels)
    return enc.write(wav) + enc.close()
