"""anyvoice as a Wyoming text-to-speech service, the protocol Home Assistant speaks to Piper.

`describe` lists the voices (the built-in ones and every saved voice of the library, by name); `synthesize`
answers with audio-start, audio chunks and audio-stop, sent sentence by sentence as they are spoken. Streamed
text (synthesize-start, -chunk, -stop) is spoken a sentence at a time as soon as a sentence is complete, each as
its own audio-start ... audio-stop, then synthesize-stopped; the plain `synthesize` a client sends beside a
streamed one, for older servers, is then ignored. A request that cannot be spoken gets a Wyoming `error` event
with the reason, and the connection stays usable.
"""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.info import Attribution, Describe, Info, TtsProgram, TtsVoice
from wyoming.server import AsyncEventHandler, AsyncServer
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped

from anyvoice import __version__
from anyvoice.audio.encode import encode_audio
from anyvoice.errors import AnyVoiceError
from anyvoice.interfaces.server.voices import BUILTIN_VOICES, VoiceResolver
from anyvoice.tasks.requests import SpeakRequest
from anyvoice.tasks.tts import TtsOptions
from anyvoice.text.languages import LANGUAGES as SPOKEN
from anyvoice.voice.library import VoiceLibrary
from anyvoice.voice.spec import VoiceSpec

#: the languages every voice speaks (each request's is found from its text)
LANGUAGES = list(SPOKEN)
#: samples per audio chunk event (about 0.1 s at 22-24 kHz)
CHUNK_SAMPLES = 2048
_ATTRIBUTION = Attribution(name="anyvoice", url="")
#: a sentence is complete at its end mark followed by white space, or at a Japanese or Chinese one (the rest waits
#: for more)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+|[。！？]+[」』]*")


@dataclass(frozen=True)
class WyomingConfig:
    """How the Wyoming service speaks."""

    uri: str = "tcp://127.0.0.1:10200"  # tcp://HOST:PORT, unix://PATH or stdio://
    library: Path | None = None  # the saved voices (None: the server's default library)
    default_voice: str = "alloy"  # the voice of a request that names none
    engine: str = "select"  # the engine voices are rendered with
    workers: int = 1  # sentences spoken at once across all connections


def complete_sentences(text: str) -> tuple[str, str]:
    """`text` cut after its last complete sentence: (the complete sentences, the rest)."""
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return "", text
    cut = ends[-1].end()
    return text[:cut].strip(), text[cut:]


def describe_voices(library: VoiceLibrary) -> Info:
    """The Wyoming `info` answer: one TTS program whose voices are the built-in and the saved voices."""
    def voice(name: str, description: str) -> TtsVoice:
        return TtsVoice(name=name, description=description, attribution=_ATTRIBUTION, installed=True,
                        version=__version__, languages=LANGUAGES)

    voices = [voice(name, words or "the Piper base voice") for name, words in BUILTIN_VOICES.items()]
    voices += [voice(e.name, e.description or e.source) for e in library.list()]
    program = TtsProgram(name="anyvoice", description="anyvoice: any voice, from a recording or a description",
                         attribution=_ATTRIBUTION, installed=True, version=__version__, voices=voices,
                         supports_synthesize_streaming=True)
    return Info(tts=[program])


def pcm_chunks(wav: np.ndarray, rate: int) -> list[AudioChunk]:
    """Mono float32 audio as 16-bit audio chunk events."""
    pcm = encode_audio(wav, rate, "pcm")
    step = 2 * CHUNK_SAMPLES
    return [AudioChunk(rate=rate, width=2, channels=1, audio=pcm[i:i + step]) for i in range(0, len(pcm), step)]


class SpeakingHandler(AsyncEventHandler):
    """One client connection: answers describe, synthesize and streamed synthesis."""

    def __init__(self, reader, writer, config: WyomingConfig, library: VoiceLibrary, voices: VoiceResolver,
                 slots: asyncio.Semaphore):
        super().__init__(reader, writer)
        self.config, self.library, self.voices, self.slots = config, library, voices, slots
        self._streaming = False
        self._stream_voice: str | None = None
        self._pending = ""

    async def handle_event(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(describe_voices(self.library).event())
        elif Synthesize.is_type(event.type):
            if not self._streaming:  # beside a streamed request it only repeats the text, for older servers
                request = Synthesize.from_event(event)
                await self._speak(request.text, request.voice.name if request.voice else None,
                                  ssml=request.text_format == "ssml")
        elif SynthesizeStart.is_type(event.type):
            start = SynthesizeStart.from_event(event)
            self._streaming, self._pending = True, ""
            self._stream_voice = start.voice.name if start.voice else None
        elif SynthesizeChunk.is_type(event.type) and self._streaming:
            done, self._pending = complete_sentences(self._pending + SynthesizeChunk.from_event(event).text)
            if done:
                await self._speak(done, self._stream_voice)
        elif SynthesizeStop.is_type(event.type) and self._streaming:
            rest, self._pending, self._streaming = self._pending.strip(), "", False
            if rest:
                await self._speak(rest, self._stream_voice)
            await self.write_event(SynthesizeStopped().event())
        return True

    async def _speak(self, text: str, voice: str | None, ssml: bool = False) -> None:
        """Speak `text` (or SSML) as audio-start, chunks sentence by sentence, audio-stop; an error event if it
        cannot."""
        async with self.slots:
            try:
                await self._stream_audio(text, voice or self.config.default_voice, ssml)
            except AnyVoiceError as exc:
                await self.write_event(Error(text=str(exc), code=type(exc).__name__).event())

    async def _stream_audio(self, text: str, name: str, ssml: bool) -> None:
        def start():
            speaker = self.voices.resolve(name)
            options = TtsOptions(engine=self.config.engine, base=speaker.base, pieces=True)
            return SpeakRequest(text, VoiceSpec(speaker.voice), options, ssml=ssml,
                                voices=self.voices.named).stream()

        stream = await asyncio.to_thread(start)  # every request error raises here, before any audio
        pieces = iter(stream.chunks)
        await self.write_event(AudioStart(rate=stream.sample_rate, width=2, channels=1).event())
        while (piece := await asyncio.to_thread(next, pieces, None)) is not None:
            for chunk in pcm_chunks(piece, stream.sample_rate):
                await self.write_event(chunk.event())
        await self.write_event(AudioStop().event())


def handler_factory(config: WyomingConfig):
    """What makes a handler for each connection; all of them share the library, the voices and the slots.
    Call it inside the event loop the server runs in."""
    from anyvoice.interfaces.server.config import default_library_path

    library = VoiceLibrary(config.library or default_library_path())
    voices = VoiceResolver(library)
    slots = asyncio.Semaphore(max(1, config.workers))
    return lambda reader, writer: SpeakingHandler(reader, writer, config, library, voices, slots)


async def serve_wyoming(config: WyomingConfig) -> None:
    """Run the Wyoming service until it is stopped."""
    await AsyncServer.from_uri(config.uri).run(handler_factory(config))
