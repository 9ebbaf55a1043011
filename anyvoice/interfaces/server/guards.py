"""What stands between a request and a crash: limits on the body's size and speed, and one error format for
every failure.

Errors come back in OpenAI's shape, {"error": {"message", "type", "param", "code"}}, so its clients show the
message, with the status that says whose fault it was: 4xx for the request, 429 when busy, 503 when the server
could not finish in time or misses a model.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from anyvoice.errors import ConflictError, InputError, ModelMissingError, NotFoundError, UnprocessableError
from anyvoice.interfaces.server.work import BusyError, WorkTimeoutError

log = logging.getLogger("anyvoice.server")

#: exception class -> (HTTP status, OpenAI error type); the first match in order wins
_STATUS = [(NotFoundError, 404, "not_found_error"), (ConflictError, 409, "conflict_error"),
           (UnprocessableError, 422, "invalid_request_error"),
           (InputError, 400, "invalid_request_error"), (BusyError, 429, "rate_limit_error"),
           (WorkTimeoutError, 503, "timeout_error"), (ModelMissingError, 503, "server_error")]


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorResponse(BaseModel):
    """Every error: what went wrong and what to do, in OpenAI's shape."""

    error: ErrorDetail


#: the error statuses any route may answer with, for the OpenAPI spec
ERROR_RESPONSES = {status: {"model": ErrorResponse, "description": text} for status, text in [
    (400, "the request cannot be worked on (bad text, audio, voice, option); the message says why"),
    (404, "no such saved voice or route"), (409, "a voice with that name exists"),
    (401, "the server needs an API key (Authorization: Bearer KEY)"),
    (403, "a browser request from a page of another site"),
    (408, "the request body came too slowly"),
    (413, "the body is larger than the server's upload limit"), (422, "the request does not fit the schema"),
    (429, "the server is busy; retry after Retry-After seconds"),
    (503, "the work took longer than the server's time-out, or a model is missing")]}


def error_body(message: str, kind: str, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": None}}


def _error(status: int, message: str, kind: str, param: str | None = None, headers: dict | None = None):
    return JSONResponse(error_body(message, kind, param), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    parts, param = [], None
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "form"))
        param = param or where or None
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid", param


def _documented_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI spec gives for the route template that `path` matches."""
    for template, operations in app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", template), path):
            return sorted(m.upper() for m in operations)
    return []


def install_error_handlers(app: FastAPI) -> None:
    """Map anyvoice's errors, validation errors and anything unexpected to JSON error responses."""

    for cls, status, kind in _STATUS:
        def handler(request: Request, exc: Exception, status=status, kind=kind):
            headers = {"Retry-After": "2"} if status in (429, 503) else None
            return _error(status, str(exc), kind, headers=headers)
        app.add_exception_handler(cls, handler)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        message, param = _validation_message(exc)
        return _error(422, message, "invalid_request_error", param)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        kind = "not_found_error" if exc.status_code == 404 else "invalid_request_error"
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # Starlette names only the first route's methods; name every route's
            headers["Allow"] = ", ".join(_documented_methods(app, request.url.path))
        return _error(exc.status_code, str(exc.detail), kind, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({exc.__class__.__name__}); the server keeps running, please report it",
                      "server_error")


class BodyLimits:
    """ASGI middleware: read the request body here, whole, before the app sees it: over `max_bytes` it is refused
    with 413 (at once when the declared length says so), and a client that stops sending for `idle_s` or takes
    longer than `total_s` for the whole body gets 408 (a slow sender holds no worker and no socket for long)."""

    def __init__(self, app, max_bytes: int, idle_s: float = 30.0, total_s: float = 120.0):
        self.app, self.max_bytes, self.idle_s, self.total_s = app, max_bytes, idle_s, total_s

    @staticmethod
    async def _refuse(send, status: int, message: str) -> None:
        body = json.dumps(error_body(message, "invalid_request_error")).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def _read(self, receive) -> bytes | int:
        """The body, or the status to refuse it with."""
        chunks, size = [], 0
        deadline = asyncio.get_running_loop().time() + self.total_s
        while True:
            left = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), min(self.idle_s, max(left, 0.0)))
            except asyncio.TimeoutError:
                return 408
            if message["type"] != "http.request":
                return 499  # the client went away: nothing to answer
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                return 413
            if not message.get("more_body"):
                return b"".join(chunks)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_big = (f"the request body is larger than the server's limit of {self.max_bytes / 2**20:g} MB; send a "
                   "shorter or compressed file")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = self.max_bytes + 1
            if declared > self.max_bytes:
                return await self._refuse(send, 413, too_big)
        body = await self._read(receive)
        if body == 413:
            return await self._refuse(send, 413, too_big)
        if body == 408:
            return await self._refuse(send, 408, f"the request body did not arrive in time (a pause over "
                                                 f"{self.idle_s:g} s, or over {self.total_s:g} s in all); send it "
                                                 "again on a faster connection")
        if body == 499:
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send)
