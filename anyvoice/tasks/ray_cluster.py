"""Work on a Ray cluster: joining one (a cluster of this machine, one started apart, or a ray:// client), a pool
of workers that keep their models from one piece of work to the next, per-item work (`ray_map`, used for corpus
building and training features), and asking the nodes whether they share storage. The batch runner
(tasks/batch_ray.py) runs its jobs on the same pool.

One actor per worker core. Work goes only to workers that have started: a worker lost with its node has a
replacement that may never find a free core, and the work goes on on the workers left. A worker that dies takes
only its current piece of work with it, which runs again on another worker (up to MAX_RETRIES times).
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from anyvoice.errors import InputError
from anyvoice.files import remove_writer_temps, writer_tag
from anyvoice.progress import Progress

T, R = TypeVar("T"), TypeVar("R")

#: times a piece of work runs again after the worker running it was lost
MAX_RETRIES = 2
#: times a ray:// client asks the head again when the server the head starts for it dies at birth
CLIENT_TRIES = 3
#: seconds the work left waits for a worker to start when no worker is running (its node lost, the cluster full)
START_WAIT_S = 300.0
TRANSFERS = ("paths", "bytes")


@dataclass(frozen=True)
class RayOptions:
    """Where and how work runs on Ray."""

    address: str | None = None  # None: a local cluster of this machine; "auto" or "ray://HOST:10001": an existing one
    workers: int | None = None  # actors; None: as many as the cluster's cores allow
    cores: int = 1  # cores per worker: its torch and model threads (fewer workers hold fewer copies of the models)
    transfer: str = "paths"  # batch jobs: "paths", shared storage; "bytes", inputs and outputs sent with the jobs


def _unseen(paths: list[str]) -> list[str]:
    """Those of `paths` that do not exist here (run on each node)."""
    return [p for p in paths if not Path(p).exists()]


def alive_nodes(ray) -> list[dict]:
    """The nodes of the cluster that are up (Ray's node records)."""
    return [n for n in ray.nodes() if n["Alive"]]


def check_shared(ray, paths: dict[str, str], remedy: str) -> None:
    """InputError naming a node of the cluster that does not see one of `paths` (a path -> how to name it), which
    this machine sees (no shared storage), and saying `remedy`; asked before any work, and nothing to ask on a
    cluster of one node."""
    nodes = alive_nodes(ray)
    if len(nodes) < 2 or not paths:
        return
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    probe = ray.remote(num_cpus=0)(_unseen)
    asked = [probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote(
        list(paths)) for n in nodes]
    for n, unseen in zip(nodes, ray.get(asked)):
        if unseen:
            more = f" (and {len(unseen) - 1} more)" if len(unseen) > 1 else ""
            raise InputError(f"the Ray node at {n['NodeManagerAddress']} does not see {paths[unseen[0]]}{more}, "
                             f"which this machine sees: {remedy}")


@contextmanager
def marked(folders: Iterable[Path]) -> Iterator[dict[str, str]]:
    """A file of this run's own made in each of `folders`, removed after: {its path: "the folder F"}, for
    `check_shared`, since a node's own folder at the same path does not have it. A folder not writable here is left
    out (work writing there fails by itself)."""
    token = uuid.uuid4().hex
    marks: dict[str, str] = {}
    try:
        for folder in folders:
            mark = Path(folder).absolute() / f".anyvoice-node-check-{token}"
            try:
                mark.touch()
            except OSError:
                continue
            marks[str(mark)] = f"the folder {mark.parent}"
        yield marks
    finally:
        for mark in marks:
            Path(mark).unlink(missing_ok=True)


#: what a node that does not see a folder of the work is told to do
FOLDER_REMEDY = ("every node must see that folder at that path (storage they all mount, such as NFS); work there, "
                 "or on one machine without --ray")


class RayWorker:
    """One Ray actor of `cores` cores: keeps what it loads (models) from one piece of work to the next."""

    def __init__(self, cores: int = 1):
        import torch

        torch.set_num_threads(cores)  # the actor's num_cpus: workers must not crowd each other

    def ready(self) -> tuple[str, str]:
        """The address of this worker's node and its mark on the temporary files it writes (`files.writer_tag`),
        once the worker has started."""
        import ray

        return ray.util.get_node_ip_address(), writer_tag()

    def apply(self, fn: Callable, item):
        return fn(item)


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


def connect(options: RayOptions):
    import ray

    if ray.is_initialized():
        return ray, False
    if options.address not in (None, "auto"):
        _reachable(options.address)
    try:
        if options.address is None:  # "local": a new cluster, even where an old one left its address behind
            cpus = options.workers * options.cores if options.workers else None  # None: this machine's cores
            ray.init(address="local", num_cpus=cpus, include_dashboard=False, log_to_driver=False,
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

    def __init__(self, ray, count: int, worker_class: type, cores: int):
        self.ray = ray
        self.cores = cores
        self.actor = ray.remote(num_cpus=cores)(worker_class)
        self.starting: dict = {}  # ready ref -> worker not yet started
        self.idle: list = []
        self.node: dict = {}  # worker -> its node's address
        self.writer: dict = {}  # worker -> its mark on the temporary files it writes
        self.why_none = "no worker could start"
        for _ in range(count):
            self.start()

    def start(self) -> None:
        worker = self.actor.remote(self.cores)
        self.starting[worker.ready.remote()] = worker

    def started(self, ref) -> None:
        """A worker's start ended: it is idle now, or it died starting (a node without anyvoice, say)."""
        worker = self.starting.pop(ref)
        try:
            self.node[worker], self.writer[worker] = self.ray.get(ref)
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


def completed(ray, items: list, call: Callable, options: RayOptions, worker_class: type = RayWorker,
              on_lost: Callable[[object, str], None] | None = None) -> Iterator[tuple[int, object, str]]:
    """(index, answer, node address) for each of `items` as it ends, in any order: each handed to an idle, started
    worker (a `worker_class` actor) as `call(worker, item)`, which returns an object ref. An item whose worker dies
    goes back in line, and a fresh worker is started in its place; after MAX_RETRIES, or when no worker runs and
    none starts within START_WAIT_S, its answer is a `Lost`. `on_lost(item, writer)` is called first, to clear what
    the dead worker (`writer`: its `files.writer_tag`) left half done."""
    largest = max((n["Resources"].get("CPU", 0) for n in alive_nodes(ray)), default=0)
    if options.cores > largest:
        raise InputError(f"a Ray worker of {options.cores} cores fits on no node of this cluster (the largest has "
                         f"{largest:.0f}); give fewer cores per worker")
    count = options.workers or max(1, int(ray.cluster_resources().get("CPU", 1)) // options.cores)
    pool = _Workers(ray, min(count, len(items)), worker_class, options.cores)
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
                if on_lost:
                    on_lost(items[index], pool.writer[worker])
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


def checked_options(options: RayOptions) -> RayOptions:
    if options.transfer not in TRANSFERS:
        raise InputError(f"unknown transfer {options.transfer!r}; use one of {', '.join(TRANSFERS)}")
    if options.workers is not None and options.workers < 1:
        raise InputError(f"{options.workers} Ray workers; give at least 1")
    if options.cores < 1:
        raise InputError(f"{options.cores} cores per Ray worker; give at least 1")
    return options


def ray_map(fn: Callable[[T], R], items: list[T], options: RayOptions = RayOptions(),
            progress: Progress | None = None, shared: Path | None = None) -> list[R]:
    """[fn(item) for item in items], worked out on Ray workers that keep what `fn` loads (models) from item to
    item; `fn` must be importable on the workers (a module's function). `shared`: a folder the work reads and writes,
    which every node must see (an InputError names a node that does not, before any work); a worker lost while
    writing there leaves no temporary file. A lost worker's item runs again; an item lost MAX_RETRIES times, or an
    error in `fn`, raises."""
    if not items:
        return []
    ray, started = connect(checked_options(options))
    try:
        if shared is not None:
            with marked([Path(shared)]) as marks:
                check_shared(ray, marks, FOLDER_REMEDY)
        out: list = [None] * len(items)
        clear = (lambda _, writer: remove_writer_temps(shared, writer)) if shared is not None else None
        for done, (index, answer, _) in enumerate(completed(ray, items, lambda w, item: w.apply.remote(fn, item),
                                                             options, on_lost=clear), 1):
            if isinstance(answer, Lost):
                raise RuntimeError(f"item {index}: {answer}")
            out[index] = answer
            if progress:
                progress(done, len(items))
        return out
    finally:
        if started:
            ray.shutdown()
