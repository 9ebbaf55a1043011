"""`anyvoice serve`: the HTTP API (OpenAI-compatible speech, every task, a saved-voice library) and the web page."""
from anyvoice.interfaces.server.app import create_app, serve
from anyvoice.interfaces.server.config import ServerConfig

__all__ = ["create_app", "serve", "ServerConfig"]
