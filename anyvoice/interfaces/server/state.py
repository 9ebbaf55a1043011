"""What every request handler shares: settings, the voice library, the worker pool and the voice resolver."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from anyvoice.interfaces.server.config import ServerConfig
from anyvoice.interfaces.server.voices import VoiceResolver
from anyvoice.interfaces.server.work import WorkQueue
from anyvoice.voice.library import VoiceLibrary


@dataclass
class ServerState:
    config: ServerConfig
    library: VoiceLibrary
    work: WorkQueue
    voices: VoiceResolver


async def server_state(request: Request) -> ServerState:
    """FastAPI dependency: the app's shared state (async: FastAPI runs it on the event loop, not a thread)."""
    return request.app.state.anyvoice
