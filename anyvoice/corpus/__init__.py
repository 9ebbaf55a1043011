"""The real-speech corpus: sources in Debian packages (or a user's folders), the builder, the manifest and the
fixed held-out split."""
