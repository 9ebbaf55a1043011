"""What `anyvoice serve` is allowed to take on: limits, concurrency and where the voice library lives."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_library_path() -> Path:
    """$ANYVOICE_HOME/voices.sqlite3, or ~/.local/share/anyvoice/voices.sqlite3."""
    home = os.environ.get("ANYVOICE_HOME") or Path.home() / ".local" / "share" / "anyvoice"
    return Path(home) / "voices.sqlite3"


@dataclass
class ServerConfig:
    """Server settings; every limit turns a request that would hurt the server into a clear 4xx."""

    host: str = "127.0.0.1"
    port: int = 8000
    library: Path | None = None  # None: default_library_path()
    workers: int = 0  # requests worked on at once; 0: half the CPU cores (at least 1), keeping the machine usable
    queue: int = 32  # requests that may wait for a worker; beyond that 429
    timeout_s: float = 300.0  # one unit of work (a request, or one sentence of a stream); beyond that 503
    max_upload_mb: float = 25.0
    max_text_chars: int = 4096  # OpenAI's own limit for /v1/audio/speech
    max_audio_s: float = 600.0  # uploaded audio, decoded (counted at up to 48 kHz stereo)
    allow_hosts: tuple[str, ...] = ()  # host names beyond loopback and the bound address ("*": any)
    allow_origins: tuple[str, ...] = ()  # web sites whose pages may call the server (scheme://host[:port])
    api_keys: tuple[str, ...] = ()  # when set, every /v1 call needs "Authorization: Bearer KEY" with one of them
    rate_limit: int = 0  # /v1 requests per minute per key (per client address without keys); 0: no limit
    head_timeout_s: float = 10.0  # a request's head must arrive within this
    body_idle_s: float = 30.0  # longest pause while a body is sent
    body_timeout_s: float = 120.0  # a whole body must arrive within this
    cfm_checkpoint: str | None = None  # the cfm engine's decoder; None: the shipped one
    preload: tuple[str, ...] = ()  # models (engines or OpenAI's names) made ready at start-up, not on first use

    def __post_init__(self) -> None:
        if self.workers <= 0:
            self.workers = max(1, (os.cpu_count() or 2) // 2)
        self.library = Path(self.library) if self.library else default_library_path()
        if self.queue < 0 or min(self.timeout_s, self.max_upload_mb, self.max_text_chars, self.max_audio_s,
                                 self.head_timeout_s, self.body_idle_s, self.body_timeout_s) <= 0:
            raise ValueError("server limits must be positive (queue may be 0)")
        if any(len(key) < 8 for key in self.api_keys):
            raise ValueError("an API key is too short; use at least 8 characters")
        if self.rate_limit < 0:
            raise ValueError("the rate limit must be 0 (none) or a number of requests per minute")
        from anyvoice.interfaces.server.voices import engine_for_model

        for model in self.preload:
            engine_for_model(model)  # an unknown name is refused before the server starts

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
