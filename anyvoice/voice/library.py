"""A library of saved voices in one SQLite file: survives restarts and crashes, shared by threads and processes.

Each voice is one row holding the whole voice file, written in one transaction, so a crash leaves either the
old state or the new one, never a half-written voice. Voices are found by id ("v_3f2a...") or by name (unique,
case-insensitive).
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterator

import numpy as np

from anyvoice.errors import ConflictError, InputError, NotFoundError
from anyvoice.voice.voice import Voice

MAX_NAME_CHARS = 64
_NAME = re.compile(r"^[\w][\w .'()+-]*$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS voices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    source TEXT NOT NULL,
    description TEXT NOT NULL,
    embedding BLOB NOT NULL,
    data BLOB NOT NULL
)"""


@dataclass(frozen=True)
class LibraryEntry:
    """What the library knows of a saved voice without opening its file."""

    id: str
    name: str
    created: float
    updated: float
    source: str  # how it was made: "recording", "design (text, face)", "edit: older", "upload"
    description: str  # describe() of the voice when it was saved

    def to_dict(self) -> dict:
        return asdict(self)


def check_name(name: str) -> str:
    """A voice name as stored: trimmed, 1-64 characters of letters, digits, spaces and . ' ( ) + - _."""
    name = str(name).strip()
    if not name or len(name) > MAX_NAME_CHARS or not _NAME.match(name):
        raise InputError(f"voice name {name[:80]!r} is not allowed; use 1-{MAX_NAME_CHARS} letters, digits, spaces "
                         "and . ' ( ) + - _, starting with a letter or digit")
    return name


class VoiceLibrary:
    """Saved voices in the SQLite database at `path` (created with its folder when missing)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            # WAL: readers never wait for a writer, and a crash mid-write rolls back on the next open
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=FULL")  # a committed voice is on disk before the call returns
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @staticmethod
    def _entry(row) -> LibraryEntry:
        return LibraryEntry(*row)

    def _find(self, db: sqlite3.Connection, key: str, columns: str) -> tuple:
        row = db.execute(f"SELECT {columns} FROM voices WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1",
                         (key, key, key)).fetchone()
        if row is None:
            raise NotFoundError(f"no saved voice with id or name {str(key)[:80]!r}; list them with GET /v1/voices")
        return row

    def add(self, voice: Voice, name: str | None = None, source: str = "", description: str = "") -> LibraryEntry:
        """Save `voice` under `name` (default: the voice's own name); raises ConflictError if the name is taken."""
        name = check_name(name or voice.name)
        voice = replace(voice, name=name)
        now = time.time()
        entry = LibraryEntry("v_" + secrets.token_hex(6), name, now, now, source, description)
        try:
            with self._write() as db:
                db.execute("INSERT INTO voices VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (*asdict(entry).values(), voice.embedding.astype(np.float32).tobytes(),
                            voice.to_bytes()))
        except sqlite3.IntegrityError:
            raise ConflictError(f"a voice named {name!r} exists already; choose another name or edit that one") \
                from None
        return entry

    def get(self, key: str) -> tuple[LibraryEntry, Voice]:
        """The entry and the voice with id or name `key`; NotFoundError when there is none."""
        with self._connect() as db:
            row = self._find(db, key, "id, name, created, updated, source, description, data")
        return self._entry(row[:6]), Voice.from_bytes(row[6], label=f"saved voice {row[1]!r}")

    def entry(self, key: str) -> LibraryEntry:
        """The entry with id or name `key`, without reading the voice."""
        with self._connect() as db:
            return self._entry(self._find(db, key, "id, name, created, updated, source, description"))

    def list(self) -> list[LibraryEntry]:
        """Every saved voice, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT id, name, created, updated, source, description FROM voices "
                              "ORDER BY created, id").fetchall()
        return [self._entry(r) for r in rows]

    def embeddings(self) -> list[tuple[LibraryEntry, np.ndarray]]:
        """Every saved voice's entry with its speaker embedding (for maps of the voice space)."""
        with self._connect() as db:
            rows = db.execute("SELECT id, name, created, updated, source, description, embedding FROM voices "
                              "ORDER BY created, id").fetchall()
        return [(self._entry(r[:6]), np.frombuffer(r[6], np.float32)) for r in rows]

    def update(self, key: str, voice: Voice | None = None, name: str | None = None, source: str | None = None,
               description: str | None = None) -> LibraryEntry:
        """Replace the voice and/or rename it, in one transaction."""
        try:
            with self._write() as db:
                old = self._entry(self._find(db, key, "id, name, created, updated, source, description"))
                new = LibraryEntry(old.id, check_name(name) if name is not None else old.name, old.created,
                                   time.time(), old.source if source is None else source,
                                   old.description if description is None else description)
                db.execute("UPDATE voices SET name = ?, updated = ?, source = ?, description = ? WHERE id = ?",
                           (new.name, new.updated, new.source, new.description, new.id))
                if voice is None and new.name != old.name:
                    data = db.execute("SELECT data FROM voices WHERE id = ?", (new.id,)).fetchone()[0]
                    voice = Voice.from_bytes(data)
                if voice is not None:
                    voice = replace(voice, name=new.name)
                    db.execute("UPDATE voices SET embedding = ?, data = ? WHERE id = ?",
                               (voice.embedding.astype(np.float32).tobytes(), voice.to_bytes(), new.id))
        except sqlite3.IntegrityError:
            raise ConflictError(f"a voice named {name!r} exists already; choose another name") from None
        return new

    def delete(self, key: str) -> LibraryEntry:
        """Remove the voice with id or name `key`; returns what was removed."""
        with self._write() as db:
            entry = self._entry(self._find(db, key, "id, name, created, updated, source, description"))
            db.execute("DELETE FROM voices WHERE id = ?", (entry.id,))
        return entry

    def __len__(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM voices").fetchone()[0]

    def integrity(self) -> str:
        """SQLite's own consistency check: "ok" when the database is sound."""
        with self._connect() as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0]
