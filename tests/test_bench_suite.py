"""The benchmark command: evaluation-set manifest, the suite runner, the report."""
from __future__ import annotations

import json

import numpy as np
import pytest

from anyvoice.audio.io import save_audio
from anyvoice.errors import InputError
from anyvoice.evaluation.manifest import verify_evalset, write_manifest

pytestmark = pytest.mark.slow  # the benchmark command


def test_manifest_catches_missing_and_changed_clips(tmp_path):
    for i in range(2):
        save_audio(tmp_path / f"clip-{i}.flac", np.sin(np.arange(8000) * (0.01 + i / 100)).astype(np.float32), 16000)
    entries = write_manifest(tmp_path, {"short": ["Hi."]})
    assert [e.name for e in entries] == ["clip-0", "clip-1"] and entries[0].seconds == 0.5
    assert len(verify_evalset(tmp_path)) == 2
    save_audio(tmp_path / "clip-1.flac", np.zeros(8000, np.float32) + 0.1, 16000)
    with pytest.raises(InputError, match=r"changed: \['clip-1'\]"):
        verify_evalset(tmp_path)
    (tmp_path / "clip-0.flac").unlink()
    with pytest.raises(InputError, match=r"missing: \['clip-0'\]"):
        verify_evalset(tmp_path)
    with pytest.raises(InputError, match="no manifest.json"):
        verify_evalset(tmp_path / "elsewhere")


def test_bench_command_runs_a_task_and_writes_json_markdown_html(tmp_path, capsys, monkeypatch):
    from anyvoice.interfaces.cli import main
    from anyvoice.interfaces.cli_support import ProgressBar

    evalset = tmp_path / "set"
    evalset.mkdir()
    write_manifest(evalset)  # the speed task speaks the set's texts live; it needs no clips
    shown = []
    monkeypatch.setattr(ProgressBar, "__call__", lambda bar, done, total: shown.append((bar.desc, done, total)))
    assert main(["bench", "speed", "--quick", "--repeats", "1", "--engines", "select", "--out", str(tmp_path / "run"),
                 "--evalset", str(evalset)]) == 0
    assert shown == [("benchmark tasks", 0, 1), ("benchmark tasks", 1, 1)]  # a bar from the start
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    speed = results["speed"]
    # the engine asked for, beside the raw synthesizers and noise suppression
    assert set(speed) == {"raw Piper", "raw Kokoro", "tts:select", "convert:select", "tts:select streamed", "enhance"}
    assert all(0 < m["rtf@medium"] < 20 and m["peak_mb@medium"] > 100 for m in speed.values())
    # each call is timed against a raw Piper call right before it: Piper against itself is about even
    assert 0.5 < speed["raw Piper"]["x_raw_piper@medium"] < 2
    assert speed["tts:select"]["x_raw_piper@medium"] > 0
    # a whole process: the engine's models and Piper weigh more than Piper alone
    assert speed["tts:select"]["process_peak_mb"] > speed["raw Piper"]["process_peak_mb"] > 100
    streamed = speed["tts:select streamed"]  # the first sentence leaves no later than the whole is made
    assert 0 < streamed["first_audio_s@medium"] <= streamed["compute_s@medium"]
    # synthesis is slower than real time for nobody here but Kokoro on 2 cores: Piper must be the faster base
    assert speed["raw Piper"]["rtf@medium"] < speed["raw Kokoro"]["rtf@medium"]
    html = (tmp_path / "run" / "report.html").read_text()
    assert "<table>" in html and "Speed and memory" in html
    assert "| raw Piper |" in (tmp_path / "run" / "report.md").read_text()
    assert main(["bench", "warp", "--out", str(tmp_path / "run"), "--evalset", str(evalset)]) == 2
    assert "unknown benchmark task" in capsys.readouterr().err
    assert main(["bench", "speed", "--engines", "select,warp", "--out", str(tmp_path / "run2"),
                 "--evalset", str(evalset)]) == 2
    assert "unknown engine warp; choose from: none, dsp, select" in capsys.readouterr().err


def test_report_writes_nan_as_null_and_inlines_figures(tmp_path, piper_speech):
    from anyvoice.evaluation.plots import spectrogram_figure
    from anyvoice.evaluation.report import write_report
    from anyvoice.evaluation.suite import TaskOutcome

    fig = spectrogram_figure([("piper", *piper_speech)], tmp_path / "spec.png")
    out = write_report({"enhance": TaskOutcome({"sys": {"si_sdri": float("nan"), "pesq": 3.2}},
                                               "| a | b |\n|---|---|\n| 1 | 2 |", [fig], 1.0)}, tmp_path, "test")
    assert json.loads(out["json"].read_text()) == {"enhance": {"sys": {"si_sdri": None, "pesq": 3.2}}}
    html = out["html"].read_text()
    assert "data:image/png;base64," in html and "<td>1</td>" in html


def test_a_task_measured_in_anothers_run_says_so_instead_of_its_own_seconds(tmp_path):
    from anyvoice.evaluation.report import write_report
    from anyvoice.evaluation.suite import TaskOutcome

    table = "| a |\n|---|\n| 1 |"
    out = write_report({"clone_tts": TaskOutcome({}, table, seconds=72.0),
                        "vc": TaskOutcome({}, table, seconds=0.0, measured_with="clone_tts")}, tmp_path, "test")
    md = out["markdown"].read_text()
    assert "(`clone_tts`, 72 s)" in md and "(`vc`, measured in clone_tts's run)" in md and "0 s" not in md
    assert "(vc, measured in clone_tts&#x27;s run)" in out["html"].read_text()
