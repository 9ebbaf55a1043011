"""Who may call the server: a Host and Origin allow-list, and an optional API key.

A browser on any web site can be made to send requests to a server on the user's own machine: a form posted
from another origin (cross-site request forgery), or a page whose host name an attacker re-points at 127.0.0.1
(DNS rebinding). The Host check refuses requests addressed to any name the server was not told it has; the
Origin check refuses requests a browser sends on behalf of another site. Clients that are not browsers (curl,
OpenAI's libraries) send no Origin and pass it; with an API key, every call to /v1 must carry it as a bearer
token.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
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


class AccessGuard:
    """ASGI middleware: the Host and Origin allow-list, then the API key (when one is set)."""

    def __init__(self, app, hosts: frozenset[str], origins: tuple[str, ...] = (), api_key: str | None = None):
        self.app, self.hosts, self.api_key = app, hosts, api_key
        self.origins = frozenset(o.rstrip("/").lower() for o in origins)

    async def _refuse(self, send, status: int, message: str, kind: str) -> None:
        body = json.dumps(error_body(message, kind)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if status == 401:
            headers.append((b"www-authenticate", b'Bearer realm="anyvoice"'))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _problem(self, scope) -> tuple[int, str, str] | None:
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
        if self.api_key is not None and scope["path"] != "/" and not scope["path"].startswith(PUBLIC_PREFIXES):
            scheme, _, token = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self.api_key.encode()):
                return (401, "this server needs an API key: send the header 'Authorization: Bearer KEY' (OpenAI's "
                             "clients: api_key=KEY)", "authentication_error")
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                return await self._refuse(send, *problem)
        return await self.app(scope, receive, send)
