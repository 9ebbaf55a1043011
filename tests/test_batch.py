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


@pytest.mark.parametrize("header,row,message", [
    ("task,output,text,voise", "tts,a.wav,Hi.,me.voice", "unknown column 'voise'; did you mean 'voice'?"),
    ("task,output,text,stlye", "tts,a.wav,Hi.,calm", "did you mean 'style'?"),
    ("task,output,input,speed", "enhance,a.wav,in.wav,1.2", "task 'enhance' takes no 'speed'"),
    ("task,output,text,strict", "tts,a.wav,Hi.,true", "task 'tts' takes no 'strict'"),
    ("task,output,describe,format", "design,a.voice,a calm man,mp3", "format 'mp3' does not apply"),
    ("task,output,text", "tts,a.wav,Hi.,extra", "more cells than the header"),
])
def test_job_lists_with_unknown_or_misplaced_columns_are_refused_before_anything_runs(tmp_path, header, row,
                                                                                         message):
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(f"{header}\n{row}\n")
    with pytest.raises(InputError, match=message.replace("?", r"\?")):
        read_jobs(jobs)


def test_every_per_job_option_has_a_column(tmp_path, piper_speech):
    src = tmp_path / "src.wav"
    save_audio(src, *piper_speech)
    rows = [{"task": "tts", "text": "Speaking slowly now.", "output": str(tmp_path / "normal.wav")},
            {"task": "tts", "text": "Speaking slowly now.", "speed": "0.6", "format": "flac",
             "output": str(tmp_path / "slow.wav")},
            {"task": "design", "attributes": "female=1; pitch_st=3", "edit": "older",
             "output": str(tmp_path / "her.voice")},
            {"task": "extract", "input": str(src), "voice": str(tmp_path / "her.voice"),
             "output": str(tmp_path / "x.wav")},
            {"task": "enhance", "input": str(src), "attenuation_limit": "6", "output": str(tmp_path / "e.wav")}]
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    summary = run_batch(jobs)
    assert summary.done == 5 and not summary.failed, summary.failed
    normal, sr = load_audio(tmp_path / "normal.wav")
    slow, _ = load_audio(tmp_path / "slow.flac")  # the format column set the type
    assert len(slow) > 1.3 * len(normal)
    from anyvoice.voice import Voice

    her = Voice.load(tmp_path / "her.voice")
    assert her.attributes.f0_median_hz > 160 and her.edits == ("older",)
    # the woman is not in the man's sentence: reported once, and with strict the job fails
    assert [n for n in summary.notes if "x.wav" in n] and len(summary.notes) == 1
    rows[3].update(strict="true", output=str(tmp_path / "strict.wav"))
    jobs.write_text(json.dumps(rows[3]) + "\n")
    again = run_batch(jobs)
    assert again.failed and "nothing written" in again.failed[0][1] and not (tmp_path / "strict.wav").exists()
