"""The SQLite voice library: round trips, names, and no voice lost or half-written when a writer is killed."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from anyvoice.errors import ConflictError, InputError, NotFoundError
from anyvoice.voice.library import VoiceLibrary


def test_round_trip_names_and_errors(tmp_path, kokoro_female):
    lib = VoiceLibrary(tmp_path / "lib" / "voices.sqlite3")
    voice = kokoro_female["voice"]
    a = lib.add(voice, name="Alpha One", source="recording", description="a woman")
    entry, loaded = lib.get("alpha one")  # names are case-insensitive
    assert entry == a and loaded.name == "Alpha One" and voice.name == "kokoro-alpha"  # the caller's voice is untouched
    assert np.array_equal(loaded.embedding, voice.embedding)
    assert np.array_equal(loaded.envelope_frames, voice.envelope_frames)
    with pytest.raises(ConflictError, match="exists already"):
        lib.add(voice, name="ALPHA ONE")
    for bad in [" ", "../etc", "x" * 65, "-dash"]:
        with pytest.raises(InputError, match="not allowed"):
            lib.add(voice, name=bad)
    b = lib.add(voice, name="beta")
    renamed = lib.update(b.id, name="gamma", description="renamed")
    assert renamed.updated >= b.updated and lib.get("gamma")[1].name == "gamma"
    assert [e.name for e in lib.list()] == ["Alpha One", "gamma"]
    assert lib.delete("gamma").id == b.id and len(lib) == 1
    with pytest.raises(NotFoundError, match="no saved voice"):
        lib.get("gamma")
    assert VoiceLibrary(lib.path).get(a.id)[0] == a  # a new instance (a restart) sees the same voices
    assert lib.integrity() == "ok"


WRITER = """
import sys
from anyvoice.voice import Voice
from anyvoice.voice.library import VoiceLibrary
lib, voice = VoiceLibrary(sys.argv[1]), Voice.load(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    e = lib.add(voice, name=f"{sys.argv[3]}-{i}")
    lib.update(e.id, voice=voice, description="rewritten")
    if i % 3 == 0:
        lib.delete(e.id)
    i += 1
"""


@pytest.mark.slow
def test_killed_writers_leave_no_half_written_voice(tmp_path, kokoro_female):
    voice_file = kokoro_female["voice"].save(tmp_path / "v.voice")
    db = tmp_path / "voices.sqlite3"
    VoiceLibrary(db)
    rng = np.random.default_rng(0)
    for round_ in range(4):
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(voice_file), f"w{round_}{k}"],
                                  stdout=subprocess.PIPE, text=True) for k in range(2)]
        for p in procs:
            assert p.stdout.readline().strip() == "ready"
        time.sleep(0.3 + rng.random() * 0.7)
        for p in procs:
            p.send_signal(signal.SIGKILL)
            p.wait()
    lib = VoiceLibrary(db)
    assert lib.integrity() == "ok"
    entries = lib.list()
    assert len(entries) > 8  # the writers did write
    for e in entries:
        _, v = lib.get(e.id)  # every row is a whole, readable voice
        assert np.array_equal(v.embedding, kokoro_female["voice"].embedding)


def test_atomic_writes_take_the_umask_and_clear_temporaries_of_dead_writers(tmp_path):
    import os
    import subprocess
    import time

    from anyvoice.files import STALE_TEMP_SECONDS, atomic_path, writer_tag

    here = writer_tag().rpartition("-")[0]
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale, fresh = tmp_path / ".out.wav~elsewhere-7~abcd1234.wav", tmp_path / ".out.wav~elsewhere-7~wxyz9876.wav"
    dead = tmp_path / f".out.wav~{here}-{gone.pid}~dead0000.wav"
    alive = tmp_path / f".out.wav~{writer_tag()}~live0000.wav"
    for f in (stale, fresh, dead, alive):
        f.write_bytes(b"left by a writer")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    previous = os.umask(0o027)
    try:
        with atomic_path(tmp_path / "out.wav", suffix=".wav") as tmp:
            tmp.write_bytes(b"new")
    finally:
        os.umask(previous)
    assert (tmp_path / "out.wav").read_bytes() == b"new"
    assert (tmp_path / "out.wav").stat().st_mode & 0o777 == 0o640
    assert not dead.exists() and alive.exists()  # this machine's writers are asked whether they still run
    assert not stale.exists() and fresh.exists()  # a recent one may belong to a writer still at work
