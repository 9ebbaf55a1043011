import json

import pytest

from anyvoice.engines import ENGINES
from anyvoice.interfaces.cli import main

pytestmark = pytest.mark.slow  # the whole demo job


def test_demo_writes_audio_picture_and_report(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    for name in ["reference.wav", "reference.voice", "demo.png", "report.md", "tts_styled.wav", "designed.voice",
                 "tts_designed.wav", "voice_space.png"]:
        assert (out / name).stat().st_size > 0, name
    rows = {r["engine"]: r for r in json.load(open(out / "results.json"))["engines"]}
    assert set(rows) == set(ENGINES.names())
    assert rows["select"]["similarity"] > rows["none"]["similarity"]
    report = capsys.readouterr().out
    assert "| select |" in report and "older man" in report
