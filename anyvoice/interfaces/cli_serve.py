"""`anyvoice serve`: the HTTP API and the web page."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.interfaces.cli_support import add_cfm_checkpoint_option


def _cmd_serve(args: argparse.Namespace) -> None:
    from anyvoice.interfaces.server import ServerConfig, serve

    try:
        config = ServerConfig(host=args.host, port=args.port, library=args.library, workers=args.workers,
                              queue=args.queue, timeout_s=args.timeout, max_upload_mb=args.max_upload_mb,
                              max_text_chars=args.max_text_chars, max_audio_s=args.max_audio_seconds,
                              allow_hosts=tuple(args.allow_host or ()), allow_origins=tuple(args.allow_origin or ()),
                              api_keys=_api_keys(args), rate_limit=args.rate_limit,
                              head_timeout_s=args.head_timeout, body_timeout_s=args.body_timeout,
                              body_idle_s=min(30.0, args.body_timeout), cfm_checkpoint=args.cfm_checkpoint,
                              preload=tuple(args.preload or ()))
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if args.no_http and not args.wyoming:
        raise InputError("--no-http leaves nothing to serve; give --wyoming URI too")
    if args.no_http and args.preload:
        raise InputError("--preload readies the HTTP server's engines, and --no-http serves none; the Wyoming "
                         "service loads its models on its first request")
    if args.wyoming:
        _start_wyoming(args.wyoming, config, in_background=not args.no_http)
    if args.no_http:
        return
    print(f"anyvoice: serving on http://{config.host}:{config.port}/ (web page), API docs at /docs, "
          f"voices in {config.library}{', API key required' if config.api_keys else ''}", file=sys.stderr)
    serve(config)


def _api_keys(args: argparse.Namespace) -> tuple[str, ...]:
    """--api-key (repeatable), the lines of --api-keys-file, or ANYVOICE_API_KEY."""
    keys = list(args.api_key or [])
    if args.api_keys_file:
        try:
            lines = Path(args.api_keys_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"--api-keys-file {args.api_keys_file}: cannot read it ({exc.strerror})") from None
        keys += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not keys and os.environ.get("ANYVOICE_API_KEY"):
        keys.append(os.environ["ANYVOICE_API_KEY"])
    return tuple(keys)


def _start_wyoming(uri: str, config, in_background: bool) -> None:
    """The Wyoming service on `uri`, on the same voice library; beside HTTP it runs in its own thread."""
    import asyncio
    import threading

    from wyoming.server import AsyncServer

    from anyvoice.interfaces.wyoming_server import WyomingConfig, serve_wyoming

    try:
        AsyncServer.from_uri(uri)
    except ValueError as exc:
        raise InputError(f"--wyoming {uri}: {exc}, e.g. tcp://127.0.0.1:10200") from None
    wyoming = WyomingConfig(uri=uri, library=config.library, workers=config.workers)
    print(f"anyvoice: Wyoming text to speech on {uri}, voices in {config.library}", file=sys.stderr)
    if in_background:
        threading.Thread(target=asyncio.run, args=(serve_wyoming(wyoming),), name="wyoming", daemon=True).start()
    else:
        asyncio.run(serve_wyoming(wyoming))


def add_serve_command(sub: argparse._SubParsersAction) -> None:
    """Register `serve` on the main parser's subcommands."""
    s = sub.add_parser("serve", help="HTTP server: OpenAI-compatible /v1/audio/speech, every task, a voice "
                       "library, and a web page")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--library", help="SQLite file of saved voices (default $ANYVOICE_HOME/voices.sqlite3 or "
                   "~/.local/share/anyvoice/voices.sqlite3)")
    s.add_argument("--workers", type=int, default=0, help="requests worked on at once (default: half the cores)")
    s.add_argument("--queue", type=int, default=32, help="requests that may wait; beyond that 429 (default 32)")
    s.add_argument("--preload", action="append", metavar="MODEL", help="an engine (or tts-1...) to load at start-up, "
                   "so its first request is as quick as the rest (repeatable, e.g. --preload cfm-filter)")
    s.add_argument("--timeout", type=float, default=300.0, help="seconds one unit of work may take (default 300)")
    s.add_argument("--max-upload-mb", type=float, default=25.0)
    s.add_argument("--max-text-chars", type=int, default=4096)
    s.add_argument("--max-audio-seconds", type=float, default=600.0)
    s.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a host name clients may use besides loopback and --host (repeatable; '*': any). Requests "
                   "to other names are refused, which stops DNS-rebinding attacks")
    s.add_argument("--allow-origin", action="append", metavar="URL",
                   help="a web site whose pages may call this server, e.g. https://app.example.org (repeatable); "
                   "browser requests from other sites are refused")
    s.add_argument("--head-timeout", type=float, default=10.0, metavar="S",
                   help="close a connection whose request headers take longer than this (default 10)")
    s.add_argument("--body-timeout", type=float, default=120.0, metavar="S",
                   help="answer 408 to a request body that takes longer than this, or pauses over 30 s "
                   "(default 120)")
    s.add_argument("--api-key", action="append", metavar="KEY",
                   help="require 'Authorization: Bearer KEY' on every /v1 call (repeatable: any of the keys; or set "
                   "ANYVOICE_API_KEY); the web page asks for it")
    s.add_argument("--api-keys-file", metavar="FILE", help="API keys, one per line ('#' starts a comment)")
    s.add_argument("--rate-limit", type=int, default=0, metavar="N",
                   help="at most N /v1 requests per minute per key (per client address without keys); beyond "
                   "that 429 with Retry-After (default 0: no limit)")
    s.add_argument("--wyoming", metavar="URI", help="also speak the Wyoming protocol (Home Assistant's text to "
                   "speech) at this address: tcp://HOST:PORT, unix://PATH or stdio://")
    s.add_argument("--no-http", action="store_true", help="with --wyoming: serve Wyoming only")
    add_cfm_checkpoint_option(s)
    s.set_defaults(func=_cmd_serve)
