import time

import numpy as np

from anyvoice.cache import ArrayMemo, cache_dir, uncached


def _counting(value: np.ndarray, calls: list):
    def make() -> np.ndarray:
        calls.append(1)
        return value

    return make


def test_a_result_is_made_once_and_read_back_in_this_process_and_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    x, calls = np.linspace(0, 1, 1000), []
    memo = ArrayMemo("test", version="1")
    first = memo.get(x, "a", _counting(x * 2, calls))
    first[:] = -1  # a caller's changes stay its own
    again = memo.get(x.copy(), "a", _counting(x * 3, calls))
    assert calls == [1] and np.array_equal(again, x * 2)
    assert len(list((cache_dir() / "test").glob("*.npy"))) == 1
    assert np.array_equal(ArrayMemo("test", version="1").get(x, "a", _counting(x * 3, calls)), x * 2)  # from disk
    assert calls == [1]
    for other in ((x, "b", "1"), (x.astype(np.float32), "a", "1"), (x, "a", "2"), (x[::-1], "a", "1")):
        ArrayMemo("test", version=other[2]).get(other[0], other[1], _counting(x, calls))
    assert len(calls) == 5  # other settings, type, version or content: made afresh


def test_uncached_work_is_made_each_time_and_kept_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    x, calls, memo = np.ones(10), [], ArrayMemo("test", version="1")
    with uncached():
        memo.get(x, "", _counting(x, calls))
        memo.get(x, "", _counting(x, calls))
    assert calls == [1, 1] and not (tmp_path / "test").exists()


def test_with_the_cache_off_nothing_is_written_and_results_stay_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYVOICE_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    x, calls, memo = np.ones(10), [], ArrayMemo("test", version="1")
    assert cache_dir() is None
    memo.get(x, "", _counting(x, calls))
    memo.get(x, "", _counting(x, calls))
    assert calls == [1] and list(tmp_path.iterdir()) == []
    ArrayMemo("test", version="1").get(x, "", _counting(x, calls))
    assert calls == [1, 1]  # another process makes it again


def test_a_spoilt_file_is_made_again_and_a_folder_that_cannot_be_written_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    x, calls = np.arange(5.0), []
    ArrayMemo("test", version="1").get(x, "", _counting(x, calls))
    (spoilt,) = (tmp_path / "test").glob("*.npy")
    spoilt.write_bytes(b"\x93NUMPY half a file")
    assert np.array_equal(ArrayMemo("test", version="1").get(x, "", _counting(x + 1, calls)), x + 1)
    assert len(calls) == 2
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv("ANYVOICE_CACHE", str(blocked))
    memo = ArrayMemo("test", version="1")
    assert np.array_equal(memo.get(x, "", _counting(x * 2, calls)), x * 2)
    assert np.array_equal(memo.get(x, "", _counting(x * 3, calls)), x * 2) and len(calls) == 3  # kept in memory


def test_the_folder_keeps_at_most_its_share_the_oldest_going_first(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    memo = ArrayMemo("test", version="1", on_disk=4)
    for i in range(5):
        memo.get(np.full(3, float(i)), "", lambda: np.zeros(1))
        time.sleep(0.02)  # a file time's step
    assert len(list((tmp_path / "test").glob("*.npy"))) == 2  # down to half once over 4
    calls, fresh = [], ArrayMemo("test", version="1")
    fresh.get(np.full(3, 4.0), "", _counting(np.zeros(1), calls))
    fresh.get(np.full(3, 3.0), "", _counting(np.zeros(1), calls))
    assert calls == []  # the newest two are still there
    fresh.get(np.full(3, 0.0), "", _counting(np.zeros(1), calls))
    assert calls == [1]


def test_a_pitch_track_is_read_back_for_the_same_samples_with_its_progress_done(alsa_files, tmp_path, monkeypatch):
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.world import speaker_f0

    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    wav, sr = load_audio(alsa_files[0], sr=16000)
    with uncached():
        fresh = speaker_f0(wav, sr)
    made, seen = speaker_f0(wav, sr), []
    read = speaker_f0(wav, sr, progress=lambda done, total: seen.append((done, total)))
    assert np.array_equal(fresh, made) and np.array_equal(made, read) and (made > 0).mean() > 0.2
    assert seen == [(0, 1), (1, 1)]
    assert len(list((tmp_path / "f0").glob("*.npy"))) == 1
