"""The package's shape: the layer contracts hold, the light entry points stay light, and every command the
documentation shows is one the command line accepts."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from anyvoice.interfaces.cli import EPILOG, build_parser

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "scipy", "onnxruntime", "librosa", "anyvoice.evaluation", "anyvoice.training")


def test_the_layer_contracts_hold():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


@pytest.mark.parametrize("code", ["import anyvoice", "from anyvoice.interfaces.cli import build_parser; build_parser()",
                                  "from anyvoice.voice.voice import Voice"])
def test_light_entry_points_load_no_model_library(code):
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_importing_anyvoice_lets_idle_threads_sleep_unless_the_user_says_otherwise():
    import os

    from anyvoice.idle_threads import IDLE_ENV

    probe = "import anyvoice.interfaces.cli, os, json; print(json.dumps({k: os.environ[k] for k in %r}))" % list(
        IDLE_ENV)
    env = {k: v for k, v in os.environ.items() if k not in IDLE_ENV}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert json.loads(out.stdout) == IDLE_ENV
    env["GOMP_SPINCOUNT"] = "7"  # a user's own setting stays
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert json.loads(out.stdout) == {**IDLE_ENV, "GOMP_SPINCOUNT": "7"}


def _documented_commands() -> list[str]:
    """Every `anyvoice ...` line of the README's and docs' shell blocks and of the --help epilog."""
    lines = [re.split(r"\s{2,}", line.strip())[0] for line in EPILOG.splitlines()[1:] if line.strip()]
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"```bash\n(.*?)```", page.read_text(), re.S):
            lines += [line.strip() for line in block.replace("\\\n", " ").splitlines()]
    commands = []
    for line in lines:
        line = re.sub(r"^(\.venv/bin/|[A-Z_]+=\S+ )+", "", line.split("&&")[-1].strip())
        if line.startswith("anyvoice "):
            commands.append(line)
    return commands


def test_every_documented_command_parses():
    commands = _documented_commands()
    assert len(commands) > 30
    parser = build_parser()
    for command in commands:
        words = shlex.split(re.sub(r"\[(-[^]]*)\]", r"\1", command), comments=True)[1:]  # [--optional x]
        words = words[:words.index("|")] if "|" in words else words
        try:
            parser.parse_args(words)
        except SystemExit:
            pytest.fail(f"documented command does not parse: {command}")
