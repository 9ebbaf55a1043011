"""Interfaces: the command line (and later the server and web page)."""
