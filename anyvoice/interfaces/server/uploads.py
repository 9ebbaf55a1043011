"""Uploaded files turned into what the tasks take: audio arrays, face photos, voices."""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
from fastapi import UploadFile

from anyvoice.audio.io import load_audio
from anyvoice.errors import InputError
from anyvoice.voice import Voice


@contextmanager
def _as_file(data: bytes, filename: str | None) -> Iterator[Path]:
    """The upload as a temporary file keeping its suffix (decoders choose by it), removed afterwards."""
    suffix = Path(filename or "").suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    fd, tmp = tempfile.mkstemp(prefix="anyvoice-upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        yield Path(tmp)
    finally:
        Path(tmp).unlink(missing_ok=True)


async def read_upload(upload: UploadFile | None, field: str) -> tuple[bytes, str]:
    """The bytes and file name of an uploaded form field; InputError when it is missing or empty."""
    if upload is None or not hasattr(upload, "read"):
        raise InputError(f"'{field}': attach a file")
    data = await upload.read()
    if not data:
        raise InputError(f"'{field}': the uploaded file is empty")
    return data, upload.filename or field


def decode_audio(data: bytes, filename: str, max_seconds: float, mono: bool = True) -> tuple[np.ndarray, int]:
    """Float32 audio from an uploaded file of any common format (mono, or with `mono=False` (samples, channels)
    with every channel kept); InputError with the field's name."""
    with _as_file(data, filename) as path:
        try:
            return load_audio(path, max_seconds=max_seconds, mono=mono)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), f"uploaded file {filename!r}")) from None


def decode_face(data: bytes, filename: str) -> np.ndarray:
    """An RGB photo from an uploaded image file."""
    from anyvoice.inputs.face import load_image

    with _as_file(data, filename) as path:
        try:
            return load_image(path)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), f"uploaded file {filename!r}")) from None


def decode_voice(data: bytes, filename: str) -> Voice:
    """A Voice from an uploaded .voice file."""
    return Voice.from_bytes(data, label=f"uploaded file {filename!r}")
