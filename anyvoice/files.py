"""Writing files so that a reader never sees a half-written one, and never over the file it reads."""
from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

#: A temporary file of ours this old was left by a writer that died (a write takes seconds, not hours).
STALE_TEMP_SECONDS = 6 * 3600


def _umask() -> int:
    try:  # Linux shows it; setting it to read it would race with threads creating files
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^Umask:\s*([0-7]+)", status, re.M).group(1), 8)
    except (OSError, AttributeError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


@functools.lru_cache(maxsize=1)
def _process_space() -> str:
    """A short name for the set of process IDs this process lives among: its host, the kernel's boot and its PID
    namespace. Two machines (or two containers) of the same host name never share it, so a process ID read from
    a temporary's name is asked about only where it means the same process."""
    parts = [socket.gethostname()]
    for source in (lambda: Path("/proc/sys/kernel/random/boot_id").read_text().strip(),
                   lambda: str(os.stat("/proc/self/ns/pid").st_ino)):
        try:
            parts.append(source())
        except OSError:
            parts.append("")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


def writer_tag() -> str:
    """This process's mark in the names of its temporary files (where it runs and its process ID): what tells
    whose a temporary is, so that one left by a process that died can be removed at once."""
    return f"{_process_space()}-{os.getpid()}"


def _temp_name(path: Path, suffix: str, writer: str | None) -> re.Pattern:
    """mkstemp's names for `atomic_path`'s temporaries of `path` (by `writer`, or by any)."""
    who = re.escape(writer) if writer else r"[A-Za-z0-9-]+"
    return re.compile(re.escape("." + path.name) + "~" + who + r"~[a-z0-9_]{8}" + re.escape(suffix))


def _writer_gone(name: str) -> bool:
    """Whether the writer named in a temporary's name ran among this process's process IDs and is no longer
    alive."""
    space, _, pid = name.split("~")[-2].rpartition("-")
    if space != _process_space() or not pid.isdigit():
        return False  # another machine's (or container's) writer: only its age tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        pass  # alive, another user's
    return False


def _temps_of(path: Path, suffix: str, writer: str | None = None) -> Iterator[Path]:
    """The temporaries of `path` that `atomic_path` made (`writer`'s alone, when given)."""
    ours = _temp_name(path, suffix, writer)
    return (tmp for tmp in (path.parent.iterdir() if path.parent.is_dir() else ()) if ours.fullmatch(tmp.name))


def remove_temps(path: str | os.PathLike, suffix: str = "", older_than_s: float = 0.0,
                 writer: str | None = None) -> None:
    """Delete the temporary siblings of `path` (as `atomic_path` makes them; `writer`'s alone, when given) older
    than `older_than_s`: what a writer known to have died (a killed worker, say) left behind."""
    now = time.time()
    for tmp in _temps_of(Path(path), suffix, writer):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime >= older_than_s:
                tmp.unlink()
        except OSError:
            pass  # another process took it, or it is not ours to delete


def remove_writer_temps(folder: str | os.PathLike, writer: str) -> None:
    """Delete every temporary `writer` (a `writer_tag`) left anywhere under `folder`: a worker that died while
    writing in a folder shared by many pieces of work."""
    mark = f"~{writer}~"
    for root, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and mark in name:
                Path(root, name).unlink(missing_ok=True)


def _remove_stale_temps(path: Path, suffix: str) -> None:
    """Remove the temporaries of `path` whose writers died: one of this host that is gone, or any after
    STALE_TEMP_SECONDS (a write takes seconds, not hours; a writer elsewhere cannot be asked)."""
    now = time.time()
    for tmp in _temps_of(path, suffix):
        try:
            if _writer_gone(tmp.name) or now - tmp.stat().st_mtime >= STALE_TEMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


@contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside `path` (ending in `suffix`, for writers that choose by it) to write to: it replaces
    `path` when the block ends, with the permissions an ordinary new file gets (the umask's), and is removed if
    the block fails. The folder is made when missing; temporaries of `path` that dead writers left are removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path, suffix)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}~{writer_tag()}~", suffix=suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output should be like any new file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | os.PathLike) -> None:
    """InputError naming `path` when a file cannot be written there (it is a folder, or no file can be made in
    its folder): told before the work, not after it. Folders still to be made are not made here: a command that
    fails later leaves none behind."""
    from anyvoice.errors import InputError

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the name of a file to write in it")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}~{writer_tag()}~")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror or exc}); choose another output path") from None


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_path(path, suffix=Path(path).suffix) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file (through links, `..` or case-insensitive file systems too)."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def refuse_overwriting(output: str | os.PathLike, inputs: Iterable[str | os.PathLike | None]) -> None:
    """InputError when `output` is one of `inputs`: writing it would destroy what is being read."""
    from anyvoice.errors import InputError

    for source in inputs:
        if source is not None and str(source) not in ("", "-") and same_file(output, source):
            raise InputError(f"the output {output} is the input {source}; write to another file")
