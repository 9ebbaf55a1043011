"""`anyvoice batch`: jobs from CSV or JSONL, failures reported, resume after interruption."""
from __future__ import annotations

import json

import numpy as np
import pytest

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.errors import InputError
from anyvoice.interfaces.cli import main
from anyvoice.tasks.batch import read_jobs, run_batch, state_path


def test_csv_batch_reports_failures_and_resumes(tmp_path, piper_speech, capsys):
    noisy = tmp_path / "noisy.wav"
    wav, sr = piper_speech
    save_audio(noisy, wav + 0.02 * np.random.default_rng(0).standard_normal(len(wav)).astype(np.float32), sr)
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("task,output,text,input\n"
                    f"tts,{tmp_path}/a.wav,Hello from the batch.,\n"
                    f"enhance,{tmp_path}/b.flac,,{noisy}\n"
                    f"convert,{tmp_path}/c.wav,,{tmp_path}/missing.wav\n")
    assert main(["batch", str(jobs)]) == 1  # one job failed: exit 1, the others done
    err = capsys.readouterr().err
    assert "3 jobs: 2 done, 0 already done before, 1 failed" in err and "no such audio file" in err
    assert load_audio(tmp_path / "a.wav")[0].size > 0 and (tmp_path / "b.flac").exists()
    assert not (tmp_path / "c.wav").exists()
    first = (tmp_path / "a.wav").stat().st_mtime_ns
    summary = run_batch(jobs)  # resume: finished jobs are skipped, not redone
    assert (summary.done, summary.skipped, len(summary.failed)) == (0, 2, 1)
    assert (tmp_path / "a.wav").stat().st_mtime_ns == first
    (tmp_path / "b.flac").unlink()  # an output deleted since is made again
    assert run_batch(jobs).done == 1
    assert len(state_path(jobs).read_text().splitlines()) == 3


def test_jsonl_design_job_and_bad_lists(tmp_path):
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(json.dumps({"task": "design", "describe": "a calm older man", "output": str(tmp_path / "v.voice")})
                    + "\n")
    assert run_batch(jobs).done == 1 and (tmp_path / "v.voice").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"task": "sing", "output": "x.wav"}) + "\n")
    with pytest.raises(InputError, match="unknown task 'sing'"):
        read_jobs(bad)
    bad.write_text("\n".join(json.dumps({"task": "tts", "text": "Hi.", "output": "same.wav"}) for _ in range(2)))
    with pytest.raises(InputError, match="same output"):
        read_jobs(bad)
    with pytest.raises(InputError, match="no such job list"):
        read_jobs(tmp_path / "none.csv")
