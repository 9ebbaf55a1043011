"""`anyvoice batch --ray ADDRESS` on a cluster of two Ray nodes (two raylets on this machine, one core each), the
command run as a user runs it: a node lost mid-run takes no job with it, an error names the node it happened on,
and relative paths name the files where the command runs."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from anyvoice.audio.io import load_audio

pytestmark = pytest.mark.slow  # two Ray nodes

SENTENCES = ["The kettle is on.", "Dinner is at seven.", "Please close the window.", "The guests arrive at eight.",
             "Bring an umbrella today.", "The train leaves at noon."]


@pytest.fixture(scope="module")
def two_nodes():
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    yield cluster
    cluster.shutdown()


def _second_node(cluster):
    """The cluster's node besides the head, added again if an earlier test took it away."""
    others = [n for n in cluster.list_all_nodes() if n is not cluster.head_node]
    if not others:
        others = [cluster.add_node(num_cpus=1)]
        cluster.wait_for_nodes()
    return others[0]


def _batch(cluster, jobs: Path, cwd: Path) -> subprocess.Popen:
    """`anyvoice batch JOBS --ray ADDRESS` in its own process: a driver that joins the cluster as a user's does
    (with this process's environment, so with the token the cluster's nodes were started with, if any)."""
    return subprocess.Popen([sys.executable, "-m", "anyvoice", "batch", str(jobs), "--ray", cluster.address],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ended(run: subprocess.Popen, seconds: float = 120) -> tuple[int, str]:
    """Its exit status and what it said; a run that does not end fails the test instead of hanging it (a job handed
    to a lost node's replacement, which never finds a core, would wait for ever)."""
    try:
        _, err = run.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail(f"the batch did not end within {seconds:.0f} s: {run.communicate()[1][-2000:]}")
    return run.returncode, err


def test_a_node_lost_mid_run_loses_no_job_and_the_rest_run_on_the_node_left(two_nodes, tmp_path):
    second = _second_node(two_nodes)
    out = tmp_path / "out"
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("task,output,text\n" + "".join(f"tts,{out}/s{i}.wav,{t}\n" for i, t in enumerate(SENTENCES)))
    run = _batch(two_nodes, jobs, tmp_path)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.glob("*.wav"))) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, f"the batch ended before a node could be taken away: {run.communicate()[1][-3000:]}"
    two_nodes.remove_node(second, allow_graceful=False)  # a job done, one running on each node
    code, err = _ended(run)
    assert code == 0 and "6 jobs: 6 done" in err, err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"s{i}.wav" for i in range(len(SENTENCES)))  # no temp
    assert all(load_audio(out / f"s{i}.wav")[0].size > 0 for i in range(len(SENTENCES)))


def test_relative_paths_name_the_files_where_the_command_runs_and_an_error_names_its_node(two_nodes, tmp_path):
    _second_node(two_nodes)
    (tmp_path / "jobs.csv").write_text("task,output,text,input,voice\ntts,out/a.wav,Hello there.,,\n"
                                       "tts,out/b.wav,Good night.,,\nconvert,out/c.wav,,missing.wav,v.wav\n")
    code, err = _ended(_batch(two_nodes, Path("jobs.csv"), tmp_path))  # the workers started in another folder
    assert code == 1 and re.search(r"3 jobs: 2 done \(.*on [0-9.]+\)", err), err  # and where they were done
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.wav", "b.wav"]
    nodes = {n.node_ip_address for n in two_nodes.list_all_nodes()}
    assert "no such audio file" in err and any(f"(on the Ray node at {address})" in err for address in nodes), err
    code, err = _ended(_batch(two_nodes, Path("jobs.csv"), tmp_path))
    assert code == 1 and "2 already done before, 1 failed" in err, err  # the state file names them as the list does
