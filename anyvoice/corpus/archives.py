"""Packages whose speech lies inside one archive file: read out into ordinary audio files before cutting.

An archive reader, chosen by name (`Source.archive`), takes an unpacked package tree and writes its clips into a
folder of its own (never into the package or a user's folder), once: a marker file says it finished, so a rerun
reads nothing again.
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Callable

from anyvoice.errors import InputError

_QUEEN_HEADER = struct.Struct(">4s5sIH")  # tag, game version, speech compression, number of entries
_QUEEN_ENTRY = struct.Struct(">12sBII")  # name, bundle, offset, size
_QUEEN_MP3 = 1


def queen_entries(data: bytes) -> list[tuple[str, int, int]]:
    """(name, offset, size) of every resource in a Flight of the Amazon Queen data file (`queen.1c`): a QTBL table
    of fixed-size entries at the start, offsets counted from the start of the file."""
    if len(data) < _QUEEN_HEADER.size or data[:4] != b"QTBL":
        raise InputError("not a Flight of the Amazon Queen data file (it does not start with a QTBL table)")
    _, _, _, count = _QUEEN_HEADER.unpack_from(data)
    end = _QUEEN_HEADER.size + count * _QUEEN_ENTRY.size
    if end > len(data):
        raise InputError(f"the Queen data file is cut short: its table lists {count} entries, the file ends first")
    entries = []
    for i in range(count):
        raw, _, offset, size = _QUEEN_ENTRY.unpack_from(data, _QUEEN_HEADER.size + i * _QUEEN_ENTRY.size)
        if offset + size > len(data):
            raise InputError(f"the Queen data file is cut short: entry {i} ends past the end of the file")
        entries.append((raw.split(b"\0")[0].decode("ascii", "replace"), offset, size))
    return entries


def extract_queen(root: Path, into: Path) -> None:
    """Every speech clip (`*.SB`) of the `queen.1c` under `root`, written as `into/<NAME>.mp3`."""
    found = sorted(root.rglob("queen.1c"))
    if not found:
        raise InputError(f"{root}: no queen.1c in it")
    data = found[0].read_bytes()
    entries = queen_entries(data)
    compression = _QUEEN_HEADER.unpack_from(data)[2]
    if compression != _QUEEN_MP3:
        raise InputError(f"{found[0]}: its speech is stored with compression {compression}; only the MP3 release "
                         "(the one Debian ships) is read")
    into.mkdir(parents=True, exist_ok=True)
    for name, offset, size in entries:
        if name.upper().endswith(".SB"):
            (into / f"{name[:-3]}.mp3").write_bytes(data[offset:offset + size])


ARCHIVES: dict[str, Callable[[Path, Path], None]] = {"queen": extract_queen}


def extracted(reader: str, root: Path, into: Path) -> Path:
    """`into`, holding the clips that archive reader `reader` finds under `root` (read once; a marker says so)."""
    done = into / ".extracted"
    if not done.is_file():
        ARCHIVES[reader](root, into)
        done.write_text("")
    return into
