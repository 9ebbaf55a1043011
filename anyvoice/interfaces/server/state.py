"""What every request handler shares: settings, the voice library, the worker pool and the voice resolver."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from anyvoice.interfaces.server.config import ServerConfig
from anyvoice.interfaces.server.voices import VoiceResolver, engine_for_model
from anyvoice.interfaces.server.work import WorkQueue
from anyvoice.voice.library import VoiceLibrary

if TYPE_CHECKING:
    from anyvoice.engines import Engine


@dataclass
class ServerState:
    config: ServerConfig
    library: VoiceLibrary
    work: WorkQueue
    voices: VoiceResolver

    def engine(self, model: str) -> "Engine | str":
        """The engine a request's `model` field names (InputError when unknown), with this server's own cfm
        decoder when it was started with one."""
        from anyvoice.engines.cfm.engine import engine_named

        return engine_named(engine_for_model(model), self.config.cfm_checkpoint)


async def server_state(request: Request) -> ServerState:
    """FastAPI dependency: the app's shared state (async: FastAPI runs it on the event loop, not a thread)."""
    return request.app.state.anyvoice
