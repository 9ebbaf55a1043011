"""`anyvoice batch --ray`: the runner `run_batch` (tasks/batch.py) hands the jobs to, which runs them on a Ray
cluster's workers (tasks/ray_cluster.py), one job at a time each, keeping their models loaded from job to job.

The driver hands each idle worker the next job and records every result as it comes, in the same state file as a
local run, so a rerun with or without Ray skips what is done. A lost worker's job runs again on another worker,
and since every output is written atomically (and the temporary file of a worker killed while writing is removed),
no half file is left behind.

Files travel one of two ways. With `transfer="paths"` the workers read inputs and write outputs at the paths the
job list gives, which every node must see (shared storage, or a one-machine cluster). With `transfer="bytes"` the
driver reads the inputs and sends them along, and writes each output it gets back: nothing needs to be shared.
With paths on a cluster of several nodes, every node is first asked whether it sees the files this machine sees,
so that a node without the shared storage is named before any work, not found out by outputs left on its disk.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from anyvoice.errors import InputError
from anyvoice.files import atomic_path, remove_temps
from anyvoice.tasks.batch import FILE_FIELDS, Job, JobResult, attempt, failed, refuse_overwriting_inputs
from anyvoice.tasks.ray_cluster import (
    Lost,
    RayOptions,
    RayWorker,
    alive_nodes,
    check_shared,
    checked_options,
    completed,
    connect,
    marked,
)


def _pack(job: Job) -> tuple[Job, dict[str, tuple[str, bytes]]]:
    """The job with its input files' contents, for a worker that cannot see the driver's files."""
    files = {}
    for key in FILE_FIELDS:
        if job.get(key) and Path(job[key]).is_file():  # anything else (a missing file) fails on the worker
            files[key] = (Path(job[key]).name, Path(job[key]).read_bytes())
    return job, files


def _absolute(job: Job) -> Job:
    """The job with its files' paths made absolute here: a worker's folder is not this process's on a cluster
    started apart (`ray start`), so a relative path would name another file there."""
    return job | {key: str(Path(job[key]).absolute()) for key in (*FILE_FIELDS, "output") if job.get(key)}


def _seen_here(todo: list[tuple[int, Job]]) -> tuple[dict[str, str], list[Path]]:
    """What every node must see as this machine does: the input files it sees ({path: path}) and the nearest folder
    above an output folder it does not have yet ({folder: "the folder F"}); and the output folders it has, to be
    told apart from a node's own folders at the same paths by a file made in them (`marked`)."""
    seen, folders = {}, set()
    for job in (_absolute(job) for _, job in todo):
        seen.update({job[k]: job[k] for k in FILE_FIELDS if job.get(k) and Path(job[k]).exists()})
        folder = Path(job["output"]).parent
        if folder.is_dir():
            folders.add(folder)
            continue
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        seen[str(folder)] = f"the folder {folder}"
    return seen, sorted(folders)


#: what a node that does not see the batch's files is told to do
BATCH_REMEDY = ("with --ray-transfer paths every node must see the job list's files (shared storage at the same "
                "paths); run with --ray-transfer bytes to send them with the jobs instead")


class _JobWorker(RayWorker):
    """A worker that runs batch jobs, one at a time, keeping the models it loads for the next ones."""

    def run(self, number: int, job: Job, reserved: list[str]) -> JobResult:
        return attempt(number, job, reserved)

    def run_sent(self, number: int, job: Job, files: dict[str, tuple[str, bytes]]) -> tuple[JobResult, bytes]:
        """A job whose inputs came as bytes: run it in a scratch folder and send the output back."""
        scratch = Path(tempfile.mkdtemp(prefix="anyvoice-job-"))
        try:
            local = dict(job)
            for key, (name, data) in files.items():
                (scratch / key).mkdir()
                (scratch / key / name).write_bytes(data)
                local[key] = str(scratch / key / name)
            local["output"] = str(scratch / "out" / Path(job["output"]).name)
            result = attempt(number, local, [])
            if result.error is not None:
                error = result.error.replace(local["output"], job["output"]).replace(str(scratch), "<worker>")
                return JobResult(number, job["output"], error=error), b""
            return replace(result, output=job["output"]), Path(local["output"]).read_bytes()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def _clear_temps(item: tuple[int, Job], writer: str) -> None:
    """Remove the temporary file a worker (`writer`) killed while writing the job's output left beside it (in
    shared storage; with bytes, the driver writes)."""
    output = Path(item[1]["output"]).absolute()
    remove_temps(output, suffix=output.suffix, writer=writer)


class RayRunner:
    """Runs batch jobs on a Ray cluster (a `Runner` for `run_batch`)."""

    def __init__(self, options: RayOptions = RayOptions()):
        self.options = checked_options(options)

    def __call__(self, todo: list[tuple[int, Job]], reserved: list[str]) -> Iterator[JobResult]:
        sent = self.options.transfer == "bytes"
        if sent:  # the driver's files are the ones that must not be overwritten
            runnable = []
            for number, job in todo:
                try:
                    refuse_overwriting_inputs(job, reserved)
                    runnable.append((number, job))
                except InputError as exc:
                    yield failed(number, job, exc)
            todo = runnable
        if not todo:
            return
        ray, started = connect(self.options)
        try:
            if not sent:
                seen, folders = _seen_here(todo)
                with marked(folders) as marks:
                    check_shared(ray, seen | marks, BATCH_REMEDY)
            several = len(alive_nodes(ray)) > 1
            here = [str(Path(path).absolute()) for path in reserved]

            def call(worker, item):
                number, job = item
                if sent:
                    return worker.run_sent.remote(number, *_pack(job))
                return worker.run.remote(number, _absolute(job), here)

            for index, answer, node in completed(ray, todo, call, self.options, _JobWorker,
                                                 on_lost=None if sent else _clear_temps):
                yield self._result(todo[index], answer, sent, node if several else "")
        finally:
            if started:
                ray.shutdown()

    @staticmethod
    def _result(item: tuple[int, Job], answer, sent: bool, node: str) -> JobResult:
        """The job's result, its output written here if it came as bytes; an error names the node where the cluster
        has several."""
        number, job = item
        if isinstance(answer, Lost):
            return failed(number, job, answer)
        result, data = answer if sent else (answer, b"")
        result = replace(result, output=job["output"], node=node)  # the output as the list gives it: the state file
        if result.error is not None and node:
            result = replace(result, error=f"{result.error} (on the Ray node at {node})")
        if sent and result.error is None:
            with atomic_path(job["output"], suffix=Path(job["output"]).suffix) as tmp:
                tmp.write_bytes(data)
        return result
