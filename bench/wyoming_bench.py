"""Wyoming benchmark: a Home Assistant-style round trip on loopback, as `anyvoice serve --wyoming` answers it.

    .venv/bin/python bench/wyoming_bench.py [--rounds 3] [--voices alloy,nova]

Per voice: `describe`, then `synthesize` of three sentences; it prints the time to the first audio chunk, the time
to audio-stop, the audio's length and the real-time factor (the first round of each voice includes loading its
models and, for a designed built-in voice, designing it).
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import numpy as np
from wyoming.audio import AudioChunk, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.info import Describe
from wyoming.server import AsyncServer
from wyoming.tts import Synthesize, SynthesizeVoice

from anyvoice.evaluation.server_process import free_port
from anyvoice.evaluation.tables import markdown_table
from anyvoice.interfaces.wyoming_server import WyomingConfig, handler_factory

THREE = "The kettle is on. Dinner is at seven, and the guests arrive at eight. Please close the window."


async def round_trip(port: int, voice: str) -> tuple[float, float, float]:
    """(seconds to the first chunk, seconds to audio-stop, seconds of audio) for one request."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Describe().event())
        await client.read_event()
        t0 = time.monotonic()
        await client.write_event(Synthesize(THREE, voice=SynthesizeVoice(name=voice)).event())
        first, samples, rate = None, 0, 1
        while True:
            event = await client.read_event()
            if AudioChunk.is_type(event.type):
                chunk = AudioChunk.from_event(event)
                first = first if first is not None else time.monotonic() - t0
                samples, rate = samples + len(chunk.audio) // 2, chunk.rate
            elif AudioStop.is_type(event.type):
                return first, time.monotonic() - t0, samples / rate


async def run(voices: list[str], rounds: int) -> list[list]:
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        server = AsyncServer.from_uri(f"tcp://127.0.0.1:{port}")
        await server.start(handler_factory(WyomingConfig(library=Path(home) / "voices.sqlite3")))
        rows = []
        try:
            for voice in voices:
                for r in range(rounds):
                    first, total, audio_s = await round_trip(port, voice)
                    rows.append([voice, r + 1, first, total, audio_s, total / audio_s])
        finally:
            await server.stop()
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--voices", default="alloy,nova", help="comma-separated voice names")
    args = p.parse_args()
    rows = asyncio.run(run(args.voices.split(","), args.rounds))
    print(markdown_table(["voice", "round", "first chunk s", "audio-stop s", "audio s", "RTF"], rows))
    warm = [r for r in rows if r[1] > 1]
    if warm:
        print(f"\nwarm rounds: first chunk {np.median([r[2] for r in warm]):.2f} s (median), "
              f"last sentence done {np.median([r[3] for r in warm]):.2f} s")


if __name__ == "__main__":
    main()
