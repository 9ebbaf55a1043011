"""Wyoming benchmark: a Home Assistant-style round trip on loopback, as `anyvoice serve --wyoming` answers it.

    .venv/bin/python bench/wyoming_bench.py [--rounds 3] [--voices alloy,nova] [--no-wyoming-bench]

Per voice: `describe`, then `synthesize` of three sentences; it prints the time to the first audio chunk, the time
to audio-stop, the audio's length and the real-time factor (the first round of each voice includes loading its
models and, for a designed built-in voice, designing it). Then the community's own tool, `wyoming-bench tts`
(PyPI), measures the same server in its non-streaming and streaming modes, and its table is printed as it is.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
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


async def community_bench(port: int, voice: str, rounds: int) -> str:
    """`wyoming-bench tts` on the running server, for one voice: its report."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "wyoming_bench.cli", "tts", f"127.0.0.1:{port}", "--rounds", str(rounds),
        "--config", json.dumps({"voice": {"name": voice}}), "--texts", THREE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    return out.decode(errors="replace")


async def run(voices: list[str], rounds: int, community: bool) -> tuple[list[list], list[str]]:
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        server = AsyncServer.from_uri(f"tcp://127.0.0.1:{port}")
        await server.start(handler_factory(WyomingConfig(library=Path(home) / "voices.sqlite3")))
        rows, reports = [], []
        try:
            for voice in voices:
                for r in range(rounds):
                    first, total, audio_s = await round_trip(port, voice)
                    rows.append([voice, r + 1, first, total, audio_s, total / audio_s])
                if community:
                    reports.append(f"### wyoming-bench tts, voice {voice}\n\n" +
                                   await community_bench(port, voice, rounds))
        finally:
            await server.stop()
    return rows, reports


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--voices", default="alloy,nova", help="comma-separated voice names")
    p.add_argument("--no-wyoming-bench", dest="community", action="store_false",
                   help="skip the wyoming-bench (PyPI) run")
    args = p.parse_args()
    rows, reports = asyncio.run(run(args.voices.split(","), args.rounds, args.community))
    print(markdown_table(["voice", "round", "first chunk s", "audio-stop s", "audio s", "RTF"], rows))
    warm = [r for r in rows if r[1] > 1]
    if warm:
        print(f"\nwarm rounds: first chunk {np.median([r[2] for r in warm]):.2f} s (median), "
              f"last sentence done {np.median([r[3] for r in warm]):.2f} s")
    for report in reports:
        print("\n" + report)


if __name__ == "__main__":
    main()
