"""The HTTP server: `create_app` wires the routes, limits and shared state; `serve` runs it with uvicorn."""
from __future__ import annotations

import asyncio
import logging
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from anyvoice import __version__, isolation
from anyvoice.interfaces.server import routes_audio, routes_speech, routes_voices
from anyvoice.interfaces.server.access import AccessGuard, allowed_hosts
from anyvoice.interfaces.server.config import ServerConfig
from anyvoice.interfaces.server.guards import ERROR_RESPONSES, BodyLimits, install_error_handlers
from anyvoice.interfaces.server.state import ServerState, server_state
from anyvoice.interfaces.server.voices import VoiceResolver
from anyvoice.interfaces.server.work import WorkQueue
from anyvoice.text.languages import ready_detection
from anyvoice.voice.library import VoiceLibrary

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
log = logging.getLogger("anyvoice.server")


class Health(BaseModel):
    status: str
    version: str
    workers: int
    admitted: int
    capacity: int
    saved_voices: int


def create_app(config: ServerConfig | None = None) -> FastAPI:
    """The anyvoice ASGI app; state (library, worker pool) is made at start-up and closed at shut-down."""
    config = config or ServerConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        isolation.use_helpers(config.workers)  # long native analyses leave this process's threads free
        library = VoiceLibrary(config.library)
        work = WorkQueue(config.workers, config.queue, config.timeout_s)
        app.state.anyvoice = ServerState(config, library, work, VoiceResolver(library))
        log.info("voice library %s (%d voices), %d workers, %d waiting", config.library, len(library),
                 config.workers, config.queue)
        await asyncio.to_thread(ready_detection)
        for model in config.preload:
            started = time.perf_counter()
            await asyncio.to_thread(routes_speech.warm_up, app.state.anyvoice, model)
            log.info("%s preloaded in %.1f s", model, time.perf_counter() - started)
        try:
            yield
        finally:
            work.shutdown()
            isolation.shutdown()

    app = FastAPI(title="anyvoice", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Make a voice from anything and speak with it. `POST /v1/audio/speech` follows "
                              "OpenAI's API, so its clients work unchanged; the other routes cover every "
                              "anyvoice task. Errors come as {\"error\": {\"message\": ...}} with a 4xx status "
                              "for bad requests and 429 when the server is busy.")
    install_error_handlers(app)
    app.add_middleware(BodyLimits, max_bytes=config.max_upload_bytes, idle_s=config.body_idle_s,
                       total_s=config.body_timeout_s)
    app.add_middleware(AccessGuard, hosts=allowed_hosts(config.host, config.allow_hosts),
                       origins=config.allow_origins, api_keys=config.api_keys,
                       rate_limit=config.rate_limit)  # outermost: refuses before reading
    for module in (routes_speech, routes_voices, routes_audio):
        app.include_router(module.router, responses=ERROR_RESPONSES)

    @app.get("/health", response_model=Health, tags=["server"], summary="Is the server up, and how busy",
             responses=ERROR_RESPONSES)
    async def health(st: ServerState = Depends(server_state)) -> Health:  # on the event loop: no thread to wait for
        return Health(status="ok", version=__version__, workers=st.work.workers, admitted=st.work.admitted,
                      capacity=st.work.capacity, saved_voices=len(st.library))

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html")

    app.mount("/web", StaticFiles(directory=WEB_DIR), name="web")
    _add_docs(app)
    return app


def _add_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc from files that ship with the install (fastapi-offline's copies),
    so the API docs work with no network; ReDoc without its web fonts."""
    from importlib.resources import files

    app.mount("/docs-assets", StaticFiles(directory=str(files("fastapi_offline") / "static")), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="anyvoice API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="anyvoice API",
                              redoc_js_url="/docs-assets/redoc.standalone.js",
                              redoc_favicon_url="/docs-assets/favicon.png", with_google_fonts=False)


def serve(config: ServerConfig) -> None:
    """Run the server until interrupted. Heavy libraries share the cores among the workers."""
    import torch
    import uvicorn

    from anyvoice.interfaces.server.protocol import timed_protocol

    torch.set_num_threads(max(1, (os.cpu_count() or 2) // config.workers))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="info",
                timeout_graceful_shutdown=5, http=timed_protocol(config.head_timeout_s))
