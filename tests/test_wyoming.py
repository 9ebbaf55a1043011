"""The Wyoming service (Home Assistant's text to speech) on loopback, with the wyoming package's own client."""
from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.info import Describe, Info
from wyoming.server import AsyncServer
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped, SynthesizeVoice

from anyvoice.evaluation.metrics import wer
from anyvoice.evaluation.server_process import free_port
from anyvoice.inputs.asr import transcribe
from anyvoice.interfaces.wyoming_server import WyomingConfig, complete_sentences, handler_factory
from anyvoice.voice.library import VoiceLibrary

THREE = "The kettle is on. Dinner is at seven. Please close the window."


def test_complete_sentences_wait_for_the_rest_of_the_text():
    assert complete_sentences("Hello there. How are") == ("Hello there.", "How are")
    assert complete_sentences("No end yet") == ("", "No end yet")
    assert complete_sentences('He said "stop!" Then left. ') == ('He said "stop!" Then left.', "")
    assert complete_sentences("雨です。明日は") == ("雨です。", "明日は")  # Japanese puts no space after its stops


async def _events_until(client, done, limit=4000):
    """(event, arrival time) pairs until `done(event)`."""
    out = []
    for _ in range(limit):
        event = await asyncio.wait_for(client.read_event(), timeout=120)
        out.append((event, time.monotonic()))
        if done(event):
            return out
    raise AssertionError("the answer did not end")


def _audio(events) -> tuple[np.ndarray, int]:
    chunks = [AudioChunk.from_event(e) for e, _ in events if AudioChunk.is_type(e.type)]
    pcm = np.frombuffer(b"".join(c.audio for c in chunks), "<i2").astype(np.float32) / 32767
    return pcm, chunks[0].rate


@pytest.fixture(scope="module")
def library(tmp_path_factory, kokoro_female) -> VoiceLibrary:
    library = VoiceLibrary(tmp_path_factory.mktemp("wyoming") / "voices.sqlite3")
    library.add(kokoro_female["voice"], name="alpha", source="recording", description="a young woman")
    return library


def _talk(library: VoiceLibrary, conversation):
    """Run `conversation(client)` against a Wyoming service on loopback; its result."""
    async def run():
        port = free_port()
        server = AsyncServer.from_uri(f"tcp://127.0.0.1:{port}")
        await server.start(handler_factory(WyomingConfig(library=library.path)))
        try:
            async with AsyncTcpClient("127.0.0.1", port) as client:
                return await conversation(client)
        finally:
            await server.stop()

    return asyncio.run(run())


@pytest.mark.slow
def test_describe_then_speak_three_sentences_streamed_by_sentence(library):
    async def conversation(client):
        await client.write_event(Describe().event())
        info = Info.from_event(await asyncio.wait_for(client.read_event(), timeout=60))
        names = {v.name for v in info.tts[0].voices}
        assert {"alloy", "nova", "alpha"} <= names and info.tts[0].supports_synthesize_streaming
        assert all({"en", "es", "ru", "ja"} <= set(v.languages) for v in info.tts[0].voices)

        await client.write_event(Synthesize(THREE, voice=SynthesizeVoice(name="alloy")).event())
        sent = time.monotonic()
        events = await _events_until(client, lambda e: AudioStop.is_type(e.type))
        assert AudioStart.is_type(events[0][0].type)
        first_chunk = next(t for e, t in events if AudioChunk.is_type(e.type))
        wav, rate = _audio(events)
        assert len(wav) / rate > 3.0
        assert first_chunk < events[-1][1]  # the first sentence was sent before the last was spoken
        assert wer(THREE, transcribe(wav, rate)) < 0.25
        return first_chunk - sent, events[-1][1] - sent

    first, last = _talk(library, conversation)
    assert first < last


@pytest.mark.slow
def test_streamed_text_is_spoken_a_sentence_at_a_time_and_errors_keep_the_connection(library):
    async def conversation(client):
        voice = SynthesizeVoice(name="alpha")  # a saved voice, by name
        await client.write_event(SynthesizeStart(voice=voice).event())
        await client.write_event(Synthesize("Hello there. How are you today?", voice=voice).event())
        await client.write_event(SynthesizeChunk("Hello there. How are").event())
        await client.write_event(SynthesizeChunk(" you today?").event())
        await client.write_event(SynthesizeStop().event())
        events = await _events_until(client, lambda e: SynthesizeStopped.is_type(e.type))
        types = [e.type for e, _ in events if not AudioChunk.is_type(e.type)]
        # one segment per complete sentence, the compatibility `synthesize` ignored
        assert types == ["audio-start", "audio-stop", "audio-start", "audio-stop", "synthesize-stopped"]
        wav, rate = _audio(events)
        # both sentences, in a converted voice (tiny.en mishears one of its six words at times: "below there")
        assert wer("Hello there. How are you today?", transcribe(wav, rate)) <= 0.2 and len(wav) / rate > 1.5

        await client.write_event(Synthesize("Hi.", voice=SynthesizeVoice(name="nobody")).event())
        error = Error.from_event(await asyncio.wait_for(client.read_event(), timeout=60))
        assert "unknown voice" in error.text
        await client.write_event(Describe().event())  # still answered
        assert Info.is_type((await asyncio.wait_for(client.read_event(), timeout=60)).type)

    _talk(library, conversation)


def test_serve_refuses_a_wyoming_address_it_cannot_listen_on(capsys):
    from anyvoice.interfaces.cli import main

    assert main(["serve", "--wyoming", "http://127.0.0.1:10200", "--no-http"]) == 2
    assert "tcp://127.0.0.1:10200" in capsys.readouterr().err
    assert main(["serve", "--no-http"]) == 2
    assert "--wyoming" in capsys.readouterr().err
