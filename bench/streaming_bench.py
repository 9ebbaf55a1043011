"""Time to first audio from the server: `anyvoice serve` on loopback, a voice saved from a real recording, and
three-sentence /v1/audio/speech requests answered as a stream, for each engine.

    .venv/bin/python bench/streaming_bench.py [--repeats 5] [--engines select,cfm,cfm-filter]
        [--out out/bench-streaming]

First audio is the time from sending the request to the first byte of audio (raw PCM, so no encoder holds it
back); total is the time to the last byte. Each engine is warmed up by one request first, so its models are
loaded: the times are those of a server that has been running.
"""
from __future__ import annotations

import argparse
import glob
import statistics
import time
from pathlib import Path

from anyvoice.evaluation.server_process import Client, running_server
from anyvoice.evaluation.tables import markdown_table

TEXT = ("The morning train leaves at seven. Bring a warm coat and something to read. "
        "We will be back before the evening rain.")


def timed_request(client: Client, voice: str, engine: str) -> tuple[float, float, int]:
    """(seconds to the first audio byte, seconds to the last, bytes) of one streamed speech request."""
    t0 = time.perf_counter()
    with client.post("/v1/audio/speech", json={"model": engine, "input": TEXT, "voice": voice,
                                               "response_format": "pcm"}, stream=True) as r:
        r.raise_for_status()
        first, size = None, 0
        for block in r.iter_content(chunk_size=None):
            if block and first is None:
                first = time.perf_counter() - t0
            size += len(block)
    return first or float("nan"), time.perf_counter() - t0, size


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--engines", default="select,cfm,cfm-filter")
    p.add_argument("--out", default="out/bench-streaming")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "voices.sqlite3").unlink(missing_ok=True)
    # A real speaker: the woman of Debian's alsa-utils reading channel names
    recordings = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)[:4]
    rows = []
    with running_server(out / "voices.sqlite3", out / "server.log") as server, Client(server.url, 600) as c:
        files = [("recording", (Path(f).name, Path(f).read_bytes())) for f in recordings]
        made = c.post("/v1/voices", files=files, data={"name": "alsa"})
        made.raise_for_status()
        voice = made.json()["id"]
        for engine in args.engines.split(","):
            timed_request(c, voice, engine)  # warm-up: the engine's models loaded
            runs = [timed_request(c, voice, engine) for _ in range(args.repeats)]
            audio_s = runs[0][2] / 2 / 24000  # 16-bit PCM at the server's 24 kHz
            first = [r[0] for r in runs]
            rows.append([engine, statistics.median(first), max(first), statistics.median(r[1] for r in runs),
                         audio_s])
            print(f"{engine}: first audio {first}, total {[round(r[1], 2) for r in runs]}", flush=True)
    print(f"\n### Time to first audio, server, three sentences ({args.repeats} requests each)\n")
    print(markdown_table(["engine", "first audio s (median)", "first audio s (max)", "total s (median)",
                          "audio s"], rows))


if __name__ == "__main__":
    main()
