"""Hostile and careless input, made on demand at any size, and replayed against a running server.

Each case sends one request of the kind that once froze the server, blew up its memory or answered 5xx, and
names the statuses that are right. The test suite replays small versions (`scale` well under 1); the
benchmark (bench/hostile.py) the full-size ones, measuring time, the server's peak memory and how long
/health took to answer meanwhile.
"""
from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass
from typing import Callable

import numpy as np

from anyvoice.evaluation.server_process import Client


# --- the inputs ---------------------------------------------------------------------------------------------
def voice_bomb(voice_bytes: bytes, inflated_bytes: int) -> bytes:
    """A voice file whose envelope frames inflate to `inflated_bytes` of zeros (a few kB per GB, compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(voice_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            if name != "envelope_frames.npy":
                z.writestr(name, src.read(name))
        rows = inflated_bytes // (96 * 4)
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": (rows, 96)})
        with z.open("envelope_frames.npy", "w", force_zip64=True) as f:
            f.write(header.getvalue())
            block = bytes(1 << 22)
            for _ in range(rows * 96 * 4 // len(block)):
                f.write(block)
            f.write(bytes(rows * 96 * 4 % len(block)))
    return out.getvalue()


def edited_voice_file(voice_bytes: bytes, change: Callable[[dict, dict], None]) -> bytes:
    """A copy of a voice file after `change(header, arrays)` edits its header and arrays in place."""
    with zipfile.ZipFile(io.BytesIO(voice_bytes)) as z:
        header = json.loads(z.read("voice.json"))
        arrays = {n[:-4]: np.load(io.BytesIO(z.read(n))) for n in z.namelist() if n.endswith(".npy")}
    change(header, arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("voice.json", json.dumps(header))
        for key, a in arrays.items():
            buf = io.BytesIO()
            np.save(buf, a)
            z.writestr(f"{key}.npy", buf.getvalue())
    return out.getvalue()


def silence_mka(seconds: float, sr: int = 16000) -> bytes:
    """`seconds` of digital silence as FLAC in Matroska: hours in a few hundred kB."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="matroska") as c:
        stream = c.add_stream("flac", rate=sr, layout="mono")
        n, pts = 16384, 0
        zeros = np.zeros((1, n), np.int16)
        for _ in range(int(seconds * sr) // n):
            frame = av.AudioFrame.from_ndarray(zeros, format="s16", layout="mono")
            frame.sample_rate, frame.pts = sr, pts
            pts += n
            for packet in stream.encode(frame):
                c.mux(packet)
        for packet in stream.encode(None):
            c.mux(packet)
    return out.getvalue()


def wav_bytes(seconds: float, sr: int, tone_hz: float = 200.0) -> bytes:
    """A 16-bit WAV of a quiet tone at any sample rate (1 Hz and 1 MHz included)."""
    import soundfile as sf

    t = np.arange(max(1, int(seconds * sr))) / sr
    out = io.BytesIO()
    sf.write(out, (0.1 * np.sin(2 * np.pi * tone_hz * t)).astype(np.float32), sr, format="WAV", subtype="PCM_16")
    return out.getvalue()


def blank_png(megapixels: float) -> bytes:
    """A black PNG of about `megapixels` (it compresses to almost nothing)."""
    from PIL import Image

    side = int((megapixels * 1e6) ** 0.5)
    out = io.BytesIO()
    Image.new("L", (side, side)).save(out, format="PNG", optimize=False)
    return out.getvalue()


# --- the cases ----------------------------------------------------------------------------------------------
@dataclass
class Setup:
    """What the cases need from the server under test: a saved voice's id, its file, and a WAV of speech."""

    voice_id: str
    voice_bytes: bytes
    speech: bytes


def make_setup(client: Client, speech: np.ndarray, sr: int) -> Setup:
    """Save a voice made from `speech` and speak once with it, so the cases do not pay for loading the models
    (a first load holds the interpreter for a while)."""
    from anyvoice.audio.encode import encode_audio

    wav = encode_audio(speech, sr, "wav")
    r = client.post("/v1/voices", files={"recording": ("reference.wav", wav)}, data={"name": "reference"})
    if r.status_code != 201:
        raise RuntimeError(f"could not make the voice the cases use: {r.text}")
    voice_id = r.json()["id"]
    for route, form in (("/v1/audio/enhance", {}), ("/v1/audio/convert", {"voice": voice_id})):
        client.post(route, files={"file": ("s.wav", wav)}, data=form)
    client.post("/v1/audio/speech", json={"input": "Warm up.", "voice": voice_id})
    return Setup(voice_id, client.get(f"/v1/voices/{voice_id}/file").content, wav)


def _speech_of(setup: Setup, seconds: float, sr: int = 16000) -> bytes:
    """The setup's speech repeated to `seconds`, at 16 kHz (10 minutes of it fit under the upload limit)."""
    import soundfile as sf

    from anyvoice.audio.signal import resample

    wav, file_sr = sf.read(io.BytesIO(setup.speech), dtype="float32")
    wav = resample(wav, file_sr, sr)
    out = io.BytesIO()
    sf.write(out, np.tile(wav, int(np.ceil(seconds * sr / len(wav))))[:int(seconds * sr)], sr, format="WAV",
             subtype="PCM_16")
    return out.getvalue()


Send = Callable[[Client], "object"]  # -> requests.Response


@dataclass(frozen=True)
class Case:
    """One hostile request and the statuses that are right for it. `prepare` makes the input (which can take a
    while: gigabytes to compress) and returns what sends it, so only the sending is timed."""

    name: str
    what: str
    prepare: Callable[[Setup], Send]
    ok: tuple[int, ...]


@dataclass
class Streamed:
    """A streamed answer read whole, with the time its first bytes took."""

    status_code: int
    content: bytes
    first_s: float

    def json(self) -> object:
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")


def _speech(text: str, **extra) -> Callable[[Setup], Send]:
    body = {"input": text, "voice": "alloy", "response_format": "wav", **extra}

    def send(c: Client) -> Streamed:
        t0 = time.monotonic()
        with c.post("/v1/audio/speech", json=body, stream=True) as r:
            chunks = r.iter_content(chunk_size=None)
            first = next(chunks, b"")
            first_s = time.monotonic() - t0
            return Streamed(r.status_code, first + b"".join(chunks), first_s)
    return lambda s: send


def _upload(route: str, data_of: Callable[[Setup], bytes], name: str, field_name: str = "file",
            form_of: Callable[[Setup], dict] = lambda s: {}) -> Callable[[Setup], Send]:
    def prepare(s: Setup) -> Send:
        data, form = data_of(s), form_of(s)
        return lambda c: c.post(route, files={field_name: (name, data)}, data=form)
    return prepare


def _call(fn: Callable[[Client, Setup], object]) -> Callable[[Setup], Send]:
    return lambda s: lambda c: fn(c, s)


def _set_attribute(name: str, value: float) -> Callable[[dict, dict], None]:
    def change(header: dict, arrays: dict) -> None:
        header["attributes"][name] = value
    return change


def _nan_envelope(header: dict, arrays: dict) -> None:
    arrays["envelope_mean"][:] = np.nan


def _bad_meta(header: dict, arrays: dict) -> None:
    header["design"] = ["not", "an", "object"]
    header["rendering"] = {"base": 7}


def cases(scale: float = 1.0) -> list[Case]:
    """Every hostile case at `scale` (1: the sizes that were reported; a test uses about 0.01)."""
    bomb_bytes = int(2.4e9 * scale)
    silence_s = 3600 * scale
    word = "a" * max(400, int(4000 * scale))
    long_s = max(5.0, 590 * scale)  # legitimate but heavy: the server's default limit is 600 s
    return [
        Case("edit +300 semitones", "PATCH a saved voice with the edit '+300 semitones'",
             _call(lambda c, s: c.patch(f"/v1/voices/{s.voice_id}", json={"edit": "+300 semitones"})), (400,)),
        Case("create with +300 semitones", "create a voice with the edit '+300 semitones'",
             _call(lambda c, s: c.post("/v1/voices", data={"description": "a calm man", "edit": "+300 semitones"})),
             (400,)),
        Case("voice with a 1 GHz pitch", "import a voice file whose pitch is 10^9 Hz, then speak with it",
             lambda s: _import_then_speak(edited_voice_file(s.voice_bytes, _set_attribute("f0_median_hz", 1e9))),
             (200,)),
        Case("voice zip bomb", f"import a .voice whose arrays inflate to {bomb_bytes / 1e9:.2g} GB",
             _upload("/v1/voices/import", lambda s: voice_bomb(s.voice_bytes, bomb_bytes), "bomb.voice"), (400,)),
        Case("NaN in a voice file", "import a .voice whose envelope is NaN",
             _upload("/v1/voices/import", lambda s: edited_voice_file(s.voice_bytes, _nan_envelope), "nan.voice"),
             (400,)),
        Case("malformed voice meta", "import a .voice whose meta fields have the wrong types",
             _upload("/v1/voices/import", lambda s: edited_voice_file(s.voice_bytes, _bad_meta), "meta.voice"),
             (400,)),
        Case("silence in Matroska", f"enhance a FLAC-in-Matroska upload of {silence_s / 60:.3g} min of silence",
             _upload("/v1/audio/enhance", lambda s: silence_mka(silence_s), "silence.mka"), (400,)),
        Case("WAV at 1 MHz", "enhance a 6-s WAV at 1 MHz",
             _upload("/v1/audio/enhance", lambda s: wav_bytes(6 * min(1.0, scale * 10), 1_000_000), "fast.wav"),
             (400,)),
        Case("WAV at 1 Hz", "enhance a WAV at 1 Hz",
             _upload("/v1/audio/enhance", lambda s: wav_bytes(10, 1), "slow.wav"), (400,)),
        Case(f"{len(word)}-letter word", f"speak one {len(word)}-letter word at speed 0.25",
             _speech(word, speed=0.25), (200,)),
        Case("NUL and escapes in text", "speak text holding NUL bytes and terminal escapes",
             _speech("Hello\x00 there,\x1b[31m friend."), (200,)),
        Case("only control characters", "speak text of control characters alone", _speech("\x00\x01\x1b\x7f"),
             (400,)),
        Case("a 300-digit number", "speak a number of 300 digits", _speech("Call " + "9" * 300 + " now."), (200,)),
        Case("NaN pitch", "speak with prosody pitch_st NaN",
             _call(lambda c, s: c.post("/v1/audio/speech", data='{"input": "Hi.", "prosody": {"pitch_st": NaN}}',
                                       headers={"content-type": "application/json"})), (422,)),
        Case("NaN Kokoro blend", "speak with the base kokoro:jf_alpha*nan+jm_kumo*inf",
             _speech("Hello.", voice="kokoro:jf_alpha*nan+jm_kumo*inf"), (400,)),
        Case("non-Latin-1 voice name", "download a saved voice named in Cyrillic", _call(_download_cyrillic), (200,)),
        Case("face of 180 MP", "design a voice from a 180-megapixel photo",
             _upload("/v1/voices", lambda s: blank_png(180 * min(1.0, scale * 100)), "face.png", "face"), (400,)),
        Case("long reference", f"make a voice from {long_s / 60:.2g} min of speech",
             _upload("/v1/voices", lambda s: _speech_of(s, long_s), "long.wav", "recording"), (201,)),
        Case("telephone reference", "make a voice from 8-kHz speech, whose band holds no fourth formant",
             _upload("/v1/voices", lambda s: _speech_of(s, 8.0, sr=8000), "phone.wav", "recording"), (201,)),
        Case("long conversion", f"convert {long_s / 60:.2g} min of speech",
             _upload("/v1/audio/convert", lambda s: _speech_of(s, long_s), "long.wav",
                     form_of=lambda s: {"voice": s.voice_id}), (200,)),
        Case("cross-origin form post", "a page of another site posts a voice form",
             _call(lambda c, s: c.post("/v1/voices", data={"description": "a calm man"},
                                       headers={"Origin": "http://evil.example"})), (403,)),
        Case("DNS rebinding", "a request addressed to another host name",
             _call(lambda c, s: c.get("/v1/voices", headers={"Host": "evil.example:8000"})), (400,)),
    ]


def _import_then_speak(data: bytes) -> Send:
    def send(c: Client):
        r = c.post("/v1/voices/import", files={"file": ("loud.voice", data)})
        if r.status_code != 201:
            return r
        return c.post("/v1/audio/speech", json={"input": "A short sentence.", "voice": r.json()["id"],
                                                "response_format": "wav"})
    return send


def _download_cyrillic(c: Client, s: Setup):
    r = c.post("/v1/voices/import", files={"file": ("v.voice", s.voice_bytes)}, data={"name": "Дмитрий"})
    if r.status_code != 201:
        return r
    return c.get(f"/v1/voices/{r.json()['id']}/file")


# --- watching the server ------------------------------------------------------------------------------------
def _watch(pid: int, url: str, ready, stop, peak_rss, slowest, failures) -> None:
    """Sample the server's memory and time /health until `stop` is set (in a process of its own, so the client's
    work on a case never delays a health check)."""
    import psutil
    import requests

    proc = psutil.Process(pid)
    while not stop.is_set():
        try:
            peak_rss.value = max(peak_rss.value, proc.memory_info().rss)
        except psutil.Error:
            pass
        t0 = time.monotonic()
        try:
            ok = requests.get(url + "/health", timeout=30).status_code == 200
        except requests.RequestException:
            ok = False
        slowest.value = max(slowest.value, time.monotonic() - t0)
        failures.value += not ok
        ready.set()
        stop.wait(0.1)


class Watch:
    """While a case runs: the server's peak resident memory and the slowest /health answer."""

    def __init__(self, pid: int, url: str):
        import multiprocessing as mp

        self._mp = mp.get_context("spawn")
        self._ready, self._stop = self._mp.Event(), self._mp.Event()
        self._values = (self._mp.Value("q", 0), self._mp.Value("d", 0.0), self._mp.Value("i", 0))
        self._process = self._mp.Process(target=_watch, args=(pid, url, self._ready, self._stop, *self._values),
                                         daemon=True)

    @property
    def peak_rss(self) -> int:
        return self._values[0].value

    @property
    def slowest_health_s(self) -> float:
        return self._values[1].value

    @property
    def health_failures(self) -> int:
        return self._values[2].value

    def __enter__(self) -> "Watch":
        self._process.start()
        self._ready.wait(60)  # the first sample is taken before the case starts
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._process.join()


@dataclass
class Outcome:
    """What one case did to the server."""

    case: Case
    status: int
    seconds: float
    first_s: float  # until the first bytes of the answer (a streamed answer starts long before it ends)
    extra_rss_mb: float
    slowest_health_s: float
    health_failures: int
    message: str

    @property
    def right(self) -> bool:
        return self.status in self.case.ok


def replay(case: Case, client: Client, setup: Setup, pid: int) -> Outcome:
    """Send `case` while watching the server process `pid`."""
    import psutil

    send = case.prepare(setup)
    before = psutil.Process(pid).memory_info().rss
    with Watch(pid, client.base_url) as watch:
        t0 = time.monotonic()
        r = send(client)
        seconds = time.monotonic() - t0
    try:
        message = r.json()["error"]["message"] if r.status_code >= 400 else ""
    except (ValueError, KeyError, TypeError):
        message = r.text[:200]
    return Outcome(case, r.status_code, seconds, getattr(r, "first_s", seconds),
                   max(0, watch.peak_rss - before) / 2**20, watch.slowest_health_s, watch.health_failures, message)


def outcome_table(outcomes: list[Outcome]) -> str:
    """The server cases as a markdown table."""
    from anyvoice.evaluation.tables import markdown_table

    rows = [(o.case.name, o.case.what, o.status, "yes" if o.right else "NO", o.first_s, o.seconds,
             o.extra_rss_mb, o.slowest_health_s, o.health_failures) for o in outcomes]
    return markdown_table(["case", "input", "status", "right", "first byte s", "whole answer s", "extra RSS MB",
                           "slowest /health s", "/health failed"], rows)


# --- the command line ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CliCase:
    """One `anyvoice` command with hostile input: the exit it must end with and the files it must not change."""

    name: str
    argv: list[str]
    exit_code: int
    untouched: list[str]


@dataclass
class CliOutcome:
    case: CliCase
    exit_code: int
    seconds: float
    peak_rss_mb: float
    changed: list[str]
    message: str

    @property
    def right(self) -> bool:
        return self.exit_code == self.case.exit_code and not self.changed


def cli_cases(d, speech: np.ndarray, sr: int, scale: float = 1.0) -> list[CliCase]:
    """The command-line cases, their input files written into the folder `d`."""
    import torch

    from anyvoice.audio.io import save_audio
    from anyvoice.voice import Voice

    save_audio(d / "a.wav", speech, sr)
    save_audio(d / "b.wav", speech, sr)
    (d / "p.png").write_bytes(blank_png(0.25))
    voice = Voice.from_audio(speech, sr).to_bytes()
    (d / "bomb.voice").write_bytes(voice_bomb(voice, int(2.4e9 * scale)))
    (d / "silence.mka").write_bytes(silence_mka(3600 * scale))
    (d / "run").mkdir(exist_ok=True)
    torch.save({"state": _Planted(str(d / "pwned")), "step": 1}, d / "run" / "checkpoint.pt")
    word = "a" * int(20000 * scale)
    return [
        CliCase("enhance into its input", ["enhance", f"{d}/a.wav", "-o", f"{d}/a.wav"], 2, ["a.wav"]),
        CliCase("voice create into its input", ["voice", "create", f"{d}/b.wav", "-o", f"{d}/b.wav"], 2, ["b.wav"]),
        CliCase("design into its face photo", ["voice", "design", "--face", f"{d}/p.png", "-o", f"{d}/p.png"], 2,
                ["p.png"]),
        CliCase("voice zip bomb", ["tts", "Hello.", "--voice", f"{d}/bomb.voice", "-o", f"{d}/out.wav"], 2,
                ["bomb.voice"]),
        CliCase("an hour of silence", ["enhance", f"{d}/silence.mka", "-o", f"{d}/out.wav"], 2, ["silence.mka"]),
        CliCase("planted checkpoint", ["train", "aggregator", "--out", f"{d}/run", "--steps", "1"], 2, []),
        CliCase(f"{len(word)}-letter word at speed 0.25", ["tts", word, "--speed", "0.25", "-o", f"{d}/word.wav"],
                0, []),
    ]


class _Planted:
    """What an attacker plants as a checkpoint: unpickling it would create a file."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def run_cli_case(case: CliCase, d) -> CliOutcome:
    """Run `anyvoice` with the case's arguments in a process of its own, sampling its memory."""
    import hashlib
    import subprocess
    import sys

    import psutil

    def digests() -> dict[str, str]:
        return {n: hashlib.sha256((d / n).read_bytes()).hexdigest() for n in case.untouched}

    before = digests()
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "anyvoice", *case.argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.monotonic() - t0
    after = digests()
    changed = [n for n in case.untouched if before[n] != after[n]]
    if (d / "pwned").exists():
        changed.append("pwned (code ran)")
    err = proc.stderr.read().strip().splitlines()
    return CliOutcome(case, proc.returncode, seconds, peak / 2**20, changed, err[-1] if err else "")


def cli_table(outcomes: list[CliOutcome]) -> str:
    """The command-line cases as a markdown table."""
    from anyvoice.evaluation.tables import markdown_table

    rows = [(o.case.name, o.exit_code, "yes" if o.right else "NO", o.seconds, o.peak_rss_mb,
             ", ".join(o.changed) or "none", o.message[:90]) for o in outcomes]
    return markdown_table(["case", "exit", "right", "seconds", "peak RSS MB", "inputs changed", "message"], rows)
