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


def test_each_api_key_has_its_own_request_limit_and_health_has_none():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from anyvoice.interfaces.server.access import AccessGuard

    app = FastAPI()
    app.get("/v1/models")(lambda: {"ok": True})
    app.get("/health")(lambda: {"ok": True})
    app.add_middleware(AccessGuard, hosts=frozenset({"testserver"}), api_keys=("first-key-123", "second-key-456"),
                       rate_limit=3)
    client = TestClient(app)
    first, second = ({"Authorization": f"Bearer {k}"} for k in ("first-key-123", "second-key-456"))
    assert client.get("/v1/models").status_code == 401
    assert client.get("/v1/models", headers={"Authorization": "Bearer first-key-12"}).status_code == 401
    assert [client.get("/v1/models", headers=first).status_code for _ in range(3)] == [200, 200, 200]
    over = client.get("/v1/models", headers=first)
    assert over.status_code == 429 and 1 <= int(over.headers["Retry-After"]) <= 60
    assert over.json()["error"]["type"] == "rate_limit_error"
    assert client.get("/v1/models", headers=second).status_code == 200  # another key, its own minute
    assert all(client.get("/health").status_code == 200 for _ in range(5))


def test_the_request_limit_slides_with_the_minute():
    from anyvoice.interfaces.server.access import RequestLimit

    now = [0.0]
    limit = RequestLimit(2, clock=lambda: now[0])
    assert (limit.wait_s("a"), limit.wait_s("a"), limit.wait_s("a")) == (0, 0, 60)
    now[0] = 30.0
    assert limit.wait_s("a") == 30 and limit.wait_s("b") == 0
    now[0] = 60.0  # the first two requests have left the window
    assert (limit.wait_s("a"), limit.wait_s("a"), limit.wait_s("a")) == (0, 0, 60)


def test_a_preloaded_engine_is_ready_when_the_server_starts(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from anyvoice.interfaces.server import ServerConfig, routes_speech
    from anyvoice.interfaces.server.app import create_app

    with pytest.raises(InputError, match="unknown model 'fast'"):
        ServerConfig(library=tmp_path / "voices.sqlite3", preload=("fast",))
    spoken, real = [], routes_speech.warm_up

    def warm_up(st, model):  # the real warm-up, recorded
        real(st, model)
        spoken.append(model)

    monkeypatch.setattr(routes_speech, "warm_up", warm_up)
    config = ServerConfig(library=tmp_path / "voices.sqlite3", preload=("tts-1", "cfm-filter"),
                          allow_hosts=("testserver",))
    with TestClient(create_app(config)) as client:
        assert spoken == ["tts-1", "cfm-filter"]  # both spoke before the first request is answered
        assert client.get("/health").status_code == 200
