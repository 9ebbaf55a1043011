"""uvicorn's HTTP/1.1 protocol with a deadline for each request's head.

uvicorn closes idle keep-alive connections but waits without end for a request head that arrives a byte at a
time (slowloris): enough such connections hold every socket. Here a connection whose head is not complete
`head_timeout_s` after it opened, or after its previous response, is closed.
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class TimedH11Protocol(H11Protocol):
    """H11Protocol that closes a connection whose request head is too slow to arrive."""

    head_timeout_s = 10.0

    def _arm_head_deadline(self) -> None:
        self._head_deadline = self.loop.call_later(self.head_timeout_s, self._head_too_slow)

    def _head_too_slow(self) -> None:
        waiting_for_head = self.cycle is None or self.cycle.response_complete
        if waiting_for_head and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._head_deadline.cancel()  # the head is in: the body has its own limits (guards.BodyLimits)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._head_deadline.cancel()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_deadline.cancel()
        super().connection_lost(exc)


def timed_protocol(head_timeout_s: float) -> type[TimedH11Protocol]:
    """The protocol class with its deadline set (uvicorn takes a class, not an instance)."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"head_timeout_s": head_timeout_s})
