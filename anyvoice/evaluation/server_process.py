"""`anyvoice serve` in a child process on loopback, and a client for it: used by the tests and the benchmarks."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import requests


@dataclass
class Server:
    """A running server: its address, its process, and the file its output goes to."""

    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(library: Path, log: Path, *options: str, wait_s: float = 120.0) -> Server:
    """Launch `anyvoice serve` with the voice library at `library` and `options` (e.g. "--workers", "2"), and
    wait until /health answers."""
    port = free_port()
    out = open(log, "ab")
    proc = subprocess.Popen([sys.executable, "-m", "anyvoice", "serve", "--port", str(port), "--library",
                             str(library), *options], stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{server.output()[-3000:]}")
        try:
            if requests.get(server.url + "/health", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the server did not answer in {wait_s:.0f} s:\n{server.output()[-3000:]}")


def stop(server: Server, kill: bool = False) -> None:
    """Stop the server: politely (SIGTERM), or as a crash would (SIGKILL)."""
    if kill:
        server.process.kill()
    else:
        server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


class Client(requests.Session):
    """A requests session whose paths are relative to the server's address."""

    def __init__(self, base_url: str, timeout: float = 300.0):
        super().__init__()
        self.base_url, self.timeout = base_url, timeout

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, self.base_url + url, *args, **kwargs)


@contextmanager
def running_server(library: Path, log: Path, *options: str) -> Iterator[Server]:
    """A started server, stopped at the end of the block."""
    server = start(library, log, *options)
    try:
        yield server
    finally:
        stop(server)
