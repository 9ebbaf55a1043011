"""Work on a Ray cluster: the batch runner `anyvoice batch --ray` hands to `run_batch` (tasks/batch.py), and
`ray_map` for per-item work such as training features.

One actor per worker core keeps its models loaded from job to job and runs one job at a time. The driver hands
each idle worker the next job and records every result as it comes, in the same state file as a local run, so a
rerun with or without Ray skips what is done. A worker that dies takes only its current job with it: that job
runs again on a fresh worker (up to MAX_RETRIES times), and since every output is written atomically, no half
file is left behind. Jobs go only to workers that have started: a worker lost with its node has a replacement that
may never find a free core, and the jobs go on on the workers left.

Files travel one of two ways. With `transfer="paths"` the workers read inputs and write outputs at the paths the
job list gives, which every node must see (shared storage, or a one-machine cluster). With `transfer="bytes"` the
driver reads the inputs and sends them along, and writes each output it gets back: nothing needs to be shared.
With paths on a cluster of several nodes, every node is first asked whether it sees the files this machine sees,
so that a node without the shared storage is named before any work, not found out by outputs left on its disk.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from anyvoice.errors import InputError
from anyvoice.progress import Progress
from anyvoice.tasks.batch import FILE_FIELDS, Job, JobResult, attempt, failed, refuse_overwriting_inputs

T, R = TypeVar("T"), TypeVar("R")

#: times a job runs again after the worker running it was lost
MAX_RETRIES = 2
#: times a ray:// client asks the head again when the server the head starts for it dies at birth
CLIENT_TRIES = 3
#: seconds the jobs left wait for a worker to start when no worker is running (its node lost, the cluster full)
START_WAIT_S = 300.0
TRANSFERS = ("paths", "bytes")


@dataclass(frozen=True)
class RayOptions:
    """Where and how batch jobs run on Ray."""

    address: str | None = None  # None: a local cluster of this machine; "auto" or "ray://HOST:10001": an existing one
    workers: int | None = None  # actors, one core each; None: every core of the cluster
    transfer: str = "paths"  # "paths": shared storage; "bytes": inputs and outputs sent with the jobs


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


def _seen_here(todo: list[tuple[int, Job]]) -> list[str]:
    """The job list's input files this machine sees, and for each output the nearest folder above it that it sees."""
    seen = set()
    for _, job in todo:
        seen.update(str(Path(job[key]).absolute()) for key in FILE_FIELDS if job.get(key) and Path(job[key]).exists())
        folder = Path(job["output"]).absolute().parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        seen.add(str(folder))
    return sorted(seen)


def _unseen(paths: list[str]) -> list[str]:
    """Those of `paths` that do not exist here (run on each node)."""
    return [p for p in paths if not Path(p).exists()]


#: what a node that does not see the batch's files is told to do
BATCH_REMEDY = ("with --ray-transfer paths every node must see the job list's files (shared storage at the same "
                "paths); run with --ray-transfer bytes to send them with the jobs instead")


def _check_shared(ray, paths: list[str], remedy: str, name: str = "") -> None:
    """InputError naming a node of the cluster that does not see one of `paths` (or what `name` says they are), which
    this machine sees (no shared storage), and saying `remedy`; asked before any work, and nothing to ask on a
    cluster of one node."""
    nodes = [n for n in ray.nodes() if n["Alive"]]
    if len(nodes) < 2:
        return
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    probe = ray.remote(num_cpus=0)(_unseen)
    asked = [probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote(paths)
             for n in nodes]
    for n, unseen in zip(nodes, ray.get(asked)):
        if unseen:
            more = f" (and {len(unseen) - 1} more)" if len(unseen) > 1 else ""
            raise InputError(f"the Ray node at {n['NodeManagerAddress']} does not see {name or unseen[0] + more}, "
                             f"which this machine sees: {remedy}")


def _check_folder_shared(ray, folder: Path) -> None:
    """`_check_shared` for a folder, by a file of this run's own made in it here: a node's own folder at the same
    path is not the shared one."""
    import uuid

    mark = folder.absolute() / f".anyvoice-node-check-{uuid.uuid4().hex}"
    mark.touch()
    try:
        _check_shared(ray, [str(mark)], "every node must see that folder at that path (storage they all mount, "
                      "such as NFS); work there, or on one machine without --ray",
                      f"the folder {folder.absolute()} (a file made there now is not there on that node)")
    finally:
        mark.unlink(missing_ok=True)


class _Worker:
    """One Ray actor: runs jobs one at a time, keeping the models it loads for the next ones."""

    def __init__(self):
        import torch

        torch.set_num_threads(1)  # one core each (the actor's num_cpus): workers must not crowd each other

    def ready(self) -> str:
        """The address of this worker's node, once the worker has started."""
        import ray

        return ray.util.get_node_ip_address()

    def run(self, number: int, job: Job, reserved: list[str]) -> JobResult:
        return attempt(number, job, reserved)

    def apply(self, fn: Callable, item):
        return fn(item)

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


def _unreachable(address: str | None, exc: Exception) -> InputError:
    return InputError(f"cannot reach the Ray cluster at {address!r} ({exc}); start one with `ray start --head` "
                      "and give its address, or leave the address out to run on this machine")


def _refused(address: str, exc: Exception) -> InputError:
    return InputError(f"the Ray cluster at {address!r} answers but did not take this client ({exc}). A cluster "
                      "whose head has a token asks for it: run with RAY_AUTH_MODE=token and the head's "
                      "token here (copy its ~/.ray/auth_token, or set RAY_AUTH_TOKEN), as every node that joins it "
                      "must; the Ray version must also be the same here as there")


def _client_server_lost(address: str, exc: Exception) -> InputError:
    return InputError(f"the Ray cluster at {address!r} answers, but the server its head starts for each ray:// "
                      f"client died {CLIENT_TRIES} times in a row ({exc}). Ray's head loses that server now and then "
                      "while starting it: run again; if it keeps failing, its reason is in ray_client_server_*.err "
                      "in the head's session logs (/tmp/ray/session_latest/logs by default)")


def _client_init(ray, address: str) -> None:
    """`ray.init` for an existing cluster, asking again when the head lost the client server it started for a ray://
    client (an intermittent fault of Ray's client proxy, which forks that server from a process busy with gRPC)."""
    for tries_left in reversed(range(CLIENT_TRIES)):
        try:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
            return
        except ConnectionAbortedError as exc:  # a client without the head's token gets a plain ConnectionError
            if "Initialization failure from server" not in str(exc):
                raise
            if not tries_left:
                raise _client_server_lost(address, exc) from None


def _reachable(address: str, timeout_s: float = 3.0) -> None:
    """InputError at once when HOST:PORT (or ray://HOST:PORT) does not answer: Ray itself waits minutes."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout_s):
            return
    except (OSError, ValueError) as exc:
        raise _unreachable(address, exc) from None


def _connect(options: RayOptions):
    import ray

    if ray.is_initialized():
        return ray, False
    if options.address not in (None, "auto"):
        _reachable(options.address)
    try:
        if options.address is None:  # "local": a new cluster, even where an old one left its address behind
            ray.init(address="local", num_cpus=options.workers, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        else:
            _client_init(ray, options.address)
    except InputError:
        raise
    except (ConnectionError, RuntimeError, ValueError) as exc:
        if options.address in (None, "auto"):
            raise _unreachable(options.address, exc) from None
        raise _refused(options.address, exc) from None  # its port answered: the cluster is there
    return ray, True


class Lost(Exception):
    """An item whose worker was lost more than MAX_RETRIES times."""


class _Workers:
    """The workers of one run: each started in the background and handed work only once it has started, since a
    replacement for a worker lost with its node may never find a free core."""

    def __init__(self, ray, count: int):
        self.ray = ray
        self.actor = ray.remote(num_cpus=1)(_Worker)
        self.starting: dict = {}  # ready ref -> worker not yet started
        self.idle: list = []
        self.node: dict = {}  # worker -> its node's address
        self.why_none = "no worker could start"
        for _ in range(count):
            self.start()

    def start(self) -> None:
        worker = self.actor.remote()
        self.starting[worker.ready.remote()] = worker

    def started(self, ref) -> None:
        """A worker's start ended: it is idle now, or it died starting (a node without anyvoice, say)."""
        worker = self.starting.pop(ref)
        try:
            self.node[worker] = self.ray.get(ref)
            self.idle.append(worker)
        except self.ray.exceptions.RayActorError as exc:
            self.why_none = f"a worker died starting: {str(exc).splitlines()[0]}"

    def none_ready(self) -> str:
        """Why the jobs left cannot run, when nothing runs and no worker started in time."""
        if self.starting:
            return f"no worker started within {START_WAIT_S:.0f} s (the cluster has no free core: a node lost?)"
        return f"no worker is left ({self.why_none})"

    def close(self) -> None:
        for worker in self.starting.values():  # replacements still waiting for a core
            self.ray.kill(worker)


def _completed(ray, items: list, call: Callable, workers: int | None) -> Iterator[tuple[int, object, str]]:
    """(index, answer, node address) for each of `items` as it ends, in any order: each handed to an idle, started
    worker as `call(worker, item)` (which returns an object ref). An item whose worker dies goes back in line, and a
    fresh worker is started in its place; after MAX_RETRIES, or when no worker runs and none starts within
    START_WAIT_S, its answer is a `Lost`."""
    pool = _Workers(ray, min(workers or int(ray.cluster_resources().get("CPU", 1)), len(items)))
    waiting = list(reversed(range(len(items))))  # popped from the end: the list's order
    tries: dict[int, int] = {}
    running: dict = {}  # object ref -> (worker, index)
    try:
        while waiting or running:
            while pool.idle and waiting:
                index, worker = waiting.pop(), pool.idle.pop()
                running[call(worker, items[index])] = (worker, index)
            pending = list(running) + list(pool.starting)
            ready = ray.wait(pending, num_returns=1, timeout=None if running else START_WAIT_S)[0] if pending else []
            if not ready:
                yield from ((index, Lost(pool.none_ready()), "") for index in reversed(waiting))
                return
            if ready[0] in pool.starting:
                pool.started(ready[0])
                continue
            worker, index = running.pop(ready[0])
            try:
                answer = ray.get(ready[0])
            except ray.exceptions.RayActorError:  # the worker died (killed, out of memory, node lost)
                tries[index] = tries.get(index, 0) + 1
                pool.start()
                if tries[index] > MAX_RETRIES:
                    yield index, Lost(f"the worker running it was lost {tries[index]} times; see the Ray logs"), ""
                else:
                    waiting.append(index)
                continue
            pool.idle.append(worker)
            yield index, answer, pool.node[worker]
    finally:
        pool.close()


def _checked(options: RayOptions) -> RayOptions:
    if options.transfer not in TRANSFERS:
        raise InputError(f"unknown transfer {options.transfer!r}; use one of {', '.join(TRANSFERS)}")
    if options.workers is not None and options.workers < 1:
        raise InputError(f"{options.workers} Ray workers; give at least 1")
    return options


class RayRunner:
    """Runs batch jobs on a Ray cluster (a `Runner` for `run_batch`)."""

    def __init__(self, options: RayOptions = RayOptions()):
        self.options = _checked(options)

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
        ray, started = _connect(self.options)
        try:
            if not sent:
                _check_shared(ray, _seen_here(todo), BATCH_REMEDY)
            several = sum(n["Alive"] for n in ray.nodes()) > 1

            here = [str(Path(path).absolute()) for path in reserved]

            def call(worker, item):
                number, job = item
                if sent:
                    return worker.run_sent.remote(number, *_pack(job))
                return worker.run.remote(number, _absolute(job), here)

            for index, answer, node in _completed(ray, todo, call, self.options.workers):
                yield self._result(todo[index], answer, sent, node if several else "")
        finally:
            if started:
                ray.shutdown()

    @staticmethod
    def _result(item: tuple[int, Job], answer, sent: bool, node: str) -> JobResult:
        """The job's result, its output written here if it came as bytes; an error names the node where the cluster
        has several."""
        from anyvoice.files import atomic_path

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


def ray_map(fn: Callable[[T], R], items: list[T], options: RayOptions = RayOptions(),
            progress: Progress | None = None, shared: Path | None = None) -> list[R]:
    """[fn(item) for item in items], worked out on Ray workers that keep what `fn` loads (models) from item to
    item; `fn` must be importable on the workers (a module's function). `shared`: a folder the work reads and writes,
    which every node must see (an InputError names a node that does not, before any work). A lost worker's item
    runs again; an item lost MAX_RETRIES times, or an error in `fn`, raises."""
    if not items:
        return []
    ray, started = _connect(_checked(options))
    try:
        if shared is not None:
            _check_folder_shared(ray, Path(shared))
        out: list = [None] * len(items)
        for done, (index, answer, _) in enumerate(_completed(ray, items, lambda w, item: w.apply.remote(fn, item),
                                                             options.workers), 1):
            if isinstance(answer, Lost):
                raise RuntimeError(f"item {index}: {answer}")
            out[index] = answer
            if progress:
                progress(done, len(items))
        return out
    finally:
        if started:
            ray.shutdown()
