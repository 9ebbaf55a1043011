"""Server parts without a server: audio encoding for responses, and the bounded worker pool."""
from __future__ import annotations

import asyncio
import io
import threading

import av
import numpy as np
import pytest

from anyvoice.audio.encode import AUDIO_FORMATS, STREAMABLE, StreamEncoder, encode_audio
from anyvoice.errors import InputError
from anyvoice.interfaces.server.work import BusyError, WorkQueue, WorkTimeoutError

SR = 24000
TONE = (0.3 * np.sin(2 * np.pi * 220 * np.arange(SR) / SR)).astype(np.float32)


def _decoded_seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as c:
        return sum(f.samples for f in c.decode(audio=0)) / c.streams.audio[0].rate


@pytest.mark.parametrize("fmt", sorted(AUDIO_FORMATS))
def test_whole_and_streamed_encodings_decode_to_the_audio(fmt):
    whole = encode_audio(TONE, SR, fmt)
    if fmt == "pcm":
        assert np.allclose(np.frombuffer(whole, "<i2") / 32767, TONE, atol=1e-4)
        return
    assert abs(_decoded_seconds(whole) - 1.0) < 0.1
    if fmt in STREAMABLE:
        enc = StreamEncoder(fmt, SR)
        parts = [enc.write(TONE) for _ in range(3)] + [enc.close()]
        assert abs(_decoded_seconds(b"".join(parts)) - 3.0) < 0.15
        if fmt != "opus":  # Ogg holds its pages back; the others send audio as it comes
            assert len(parts[0]) > 0


def test_encoding_errors():
    with pytest.raises(InputError, match="unknown audio format"):
        StreamEncoder("wma", SR)
    with pytest.raises(InputError, match="opus needs"):
        StreamEncoder("opus", 22050)


def test_work_queue_turns_away_and_gives_back():
    async def scenario():
        q = WorkQueue(workers=1, waiting=1, timeout_s=0.5)
        gate = threading.Event()
        first = asyncio.ensure_future(q.run(gate.wait, 5))
        second = asyncio.ensure_future(q.run(lambda: 2))
        await asyncio.sleep(0.05)
        assert q.admitted == 2
        with pytest.raises(BusyError, match="busy"):
            q.acquire()
        gate.set()
        assert await first is True and await second == 2
        assert q.admitted == 0
        slow = threading.Event()
        with pytest.raises(WorkTimeoutError, match="limit of 0.5 s"):
            await q.run(slow.wait, 2)
        assert q.admitted == 1  # the worker is still busy: its place is given back when it ends
        slow.set()
        await asyncio.sleep(0.1)
        assert q.admitted == 0
        q.shutdown()

    asyncio.run(scenario())
