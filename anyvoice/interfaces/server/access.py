"""Who may call the server, and how often: a Host and Origin allow-list, optional API keys, and a request limit
per key (or per client address when there are no keys).

A browser on any web site can be made to send requests to a server on the user's own machine: a form posted
from another origin (cross-site request forgery), or a page whose host name an attacker re-points at 127.0.0.1
(DNS rebinding). The Host check refuses requests addressed to any name the server was not told it has; the
Origin check refuses requests a browser sends on behalf of another site. Clients that are not browsers (curl,
OpenAI's libraries) send no Origin and pass it; with an API key, every call to /v1 must carry it as a bearer
token. A key (or address) over its limit gets 429 with Retry-After: the seconds until its next request counts.
"""
from __future__ import annotations

import collections
import hmac
import ipaddress
import json
import math
import threading
import time
from urllib.parse import urlsplit

from anyvoice.interfaces.server.guards import error_body

#: the names a server on loopback is reached by
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: paths open without the API key: the health check, and the page and docs that ask for the key themselves
PUBLIC_PREFIXES = ("/health", "/web/", "/docs", "/redoc", "/openapi.json")


def allowed_hosts(bind: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Host names the server answers to: loopback names, the address it is bound to (unless it is every
    interface, which names no host), and `extra` ("*" allows any)."""
    names = {*LOOPBACK_HOSTS, *(h.lower().strip("[]") for h in extra)}
    try:
        if not ipaddress.ip_address(bind).is_unspecified:
            names.add(bind.lower())
    except ValueError:  # a name, not an address
        names.add(bind.lower())
    return frozenset(names)


def _host_name(host: str) -> str:
    """'example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class RequestLimit:
    """At most `per_minute` requests per caller in any 60 seconds (a sliding window); thread-safe."""

    WINDOW_S = 60.0
    MAX_CALLERS = 10_000  # callers remembered; beyond this the idle ones are forgotten

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self._seen: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def wait_s(self, caller: str) -> int:
        """0 when `caller` may go on (the request is counted), else the whole seconds until it may."""
        now = self.clock()
        with self._lock:
            if len(self._seen) > self.MAX_CALLERS:
                self._seen = {k: q for k, q in self._seen.items() if q and now - q[-1] < self.WINDOW_S}
            times = self._seen.setdefault(caller, collections.deque())
            while times and now - times[0] >= self.WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(1, math.ceil(self.WINDOW_S - (now - times[0])))
            times.append(now)
            return 0


class AccessGuard:
    """ASGI middleware: the Host and Origin allow-list, then the API keys (when set), then the request limit."""

    def __init__(self, app, hosts: frozenset[str], origins: tuple[str, ...] = (), api_keys: tuple[str, ...] = (),
                 rate_limit: int = 0):
        self.app, self.hosts, self.api_keys = app, hosts, tuple(api_keys)
        self.origins = frozenset(o.rstrip("/").lower() for o in origins)
        self.limit = RequestLimit(rate_limit) if rate_limit else None

    async def _refuse(self, send, status: int, message: str, kind: str, retry_after: int = 0) -> None:
        body = json.dumps(error_body(message, kind)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if status == 401:
            headers.append((b"www-authenticate", b'Bearer realm="anyvoice"'))
        if retry_after:
            headers.append((b"retry-after", str(retry_after).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _problem(self, scope) -> tuple | None:
        """(status, message, kind[, retry-after seconds]) when the request is refused, else None."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if "*" not in self.hosts and _host_name(host) not in self.hosts:
            return (400, f"this server does not answer to the host name {host[:100]!r}; start it with "
                         f"--allow-host {_host_name(host)[:100] or 'NAME'} to allow it", "invalid_request_error")
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/").lower() not in self.origins:
            parts = urlsplit(origin)
            same = parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()
            if not same:
                return (403, f"requests from pages of {origin[:100]!r} are refused; start the server with "
                             f"--allow-origin {origin[:100]} to allow that site", "permission_error")
        if scope["path"] == "/" or scope["path"].startswith(PUBLIC_PREFIXES):
            return None
        caller = (scope.get("client") or ("unknown",))[0]
        if self.api_keys:
            scheme, _, token = headers.get("authorization", "").partition(" ")
            token = token.strip().encode()
            # every key is compared, so the time taken says nothing about which one was nearly right
            matches = [hmac.compare_digest(token, key.encode()) for key in self.api_keys]
            if scheme.lower() != "bearer" or not any(matches):
                return (401, "this server needs an API key: send the header 'Authorization: Bearer KEY' (OpenAI's "
                             "clients: api_key=KEY)", "authentication_error")
            caller = f"key {matches.index(True)}"
        wait = self.limit.wait_s(caller) if self.limit is not None else 0
        if wait:
            return (429, f"more than {self.limit.per_minute} requests in a minute; retry after {wait} s",
                    "rate_limit_error", wait)
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                return await self._refuse(send, *problem)
        return await self.app(scope, receive, send)
