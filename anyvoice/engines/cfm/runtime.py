"""The runtimes the decoder's velocity network can run in while a mel is drawn: torch itself, or ONNX Runtime on a
graph exported from the same network (a user's own checkpoint the same way). The network's matrices are small, so on
a CPU torch spends much of each step on per-operator overhead that ONNX Runtime's fused graph does not have; the
results agree to float rounding (tests/test_cfm.py). Exporting takes about as long as a few conversions, so the
graph is kept in the cache folder (`anyvoice.cache.cache_dir`) under a name made from the weights and the exporter,
and later processes open it directly; where that folder cannot be written, each process exports in memory.
"""
from __future__ import annotations

import hashlib
import io
import threading
import warnings
from pathlib import Path
from typing import Callable

import torch

from anyvoice.cache import cache_dir
from anyvoice.engines.cfm.model import CfmDecoder
from anyvoice.files import atomic_path
from anyvoice.models.onnx_session import session_options

#: the ONNX operator set the graph is exported with
OPSET = 17

#: the velocity's arguments, in CfmDecoder.velocity's order
INPUTS = ("x", "t", "cond", "mask", "g_speaker", "memory", "memory_pad")
#: per input, the axes whose length varies from call to call (batch, frames, reference frames)
_DYNAMIC = {"x": {0: "batch", 2: "frames"}, "t": {0: "batch"}, "cond": {0: "batch", 2: "frames"},
            "mask": {0: "batch", 2: "frames"}, "g_speaker": {0: "batch"},
            "memory": {0: "batch", 1: "memory"}, "memory_pad": {0: "batch", 1: "memory"}}

Velocity = Callable[..., torch.Tensor]


class _VelocityOnly(torch.nn.Module):
    """The decoder with `velocity` as its forward (what the exporter traces)."""

    def __init__(self, net: CfmDecoder):
        super().__init__()
        self.net = net

    def forward(self, *args: torch.Tensor) -> torch.Tensor:
        return self.net.velocity(*args)


def _example_inputs(net: CfmDecoder, frames: int = 16, memory: int = 4) -> tuple[torch.Tensor, ...]:
    d, b = net.cfg.hidden, 1
    return (torch.zeros(b, net.cfg.n_mels, frames), torch.full((b,), 0.5), torch.zeros(b, d, frames),
            torch.ones(b, 1, frames), torch.zeros(b, d), torch.zeros(b, memory, d),
            torch.zeros(b, memory, dtype=torch.bool))


def graph_name(net: CfmDecoder) -> str:
    """A file name that changes with the network's weights and configuration and with the exporter."""
    digest = hashlib.sha256(f"{net.cfg}|{torch.__version__}|{OPSET}".encode())
    for name, tensor in net.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return f"cfm-velocity-{digest.hexdigest()[:20]}.onnx"


def export_graph(net: CfmDecoder) -> bytes:
    """`net`'s velocity function (float32, in eval mode, as loaded) as an ONNX graph."""
    graph = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing, not about this network
        torch.onnx.export(_VelocityOnly(net), _example_inputs(net), graph, input_names=list(INPUTS),
                          output_names=["velocity"], dynamic_axes=_DYNAMIC, opset_version=OPSET, dynamo=False)
    return graph.getvalue()


class OnnxVelocity:
    """`CfmDecoder.velocity` of one network as an ONNX Runtime session: called with the same torch tensors, it
    gives the same velocity as a float32 torch tensor."""

    def __init__(self, net: CfmDecoder, threads: int | None = None, cache: Path | None = None):
        """A session on `threads` (None: as many as torch uses) from `net`'s graph in `cache` (None:
        cache_dir()), exported and kept there first when it is not there or does not open (in memory only when
        the cache is off)."""
        import onnxruntime as ort

        options = session_options(threads or torch.get_num_threads())
        folder = cache or cache_dir()
        path = None if folder is None else folder / graph_name(net)
        if path is not None and path.is_file():
            try:
                self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                return
            except Exception:  # noqa: BLE001  (a spoilt file, in ONNX Runtime's own error types): made again
                pass
        graph = export_graph(net)
        try:
            if path is not None:
                with atomic_path(path, suffix=".onnx") as tmp:
                    tmp.write_bytes(graph)
        except OSError:
            pass  # a read-only home: this process keeps the graph in memory only
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def __call__(self, *args: torch.Tensor) -> torch.Tensor:
        feed = {name: arg.detach().cpu().numpy() for name, arg in zip(INPUTS, args)}
        return torch.from_numpy(self.session.run(None, feed)[0])


_SESSIONS: dict[int, tuple[CfmDecoder, OnnxVelocity]] = {}
_LOCK = threading.Lock()


def velocity_in(runtime: str, net: CfmDecoder) -> Velocity:
    """`net`'s velocity function in `runtime` ("onnx" or "torch"); an ONNX session is made once per network."""
    if runtime == "torch":
        return net.velocity
    if runtime != "onnx":
        raise ValueError(f"runtime must be onnx or torch, got {runtime!r}")
    with _LOCK:
        if id(net) not in _SESSIONS:  # the network is kept with its session, so its id is never reused
            _SESSIONS[id(net)] = (net, OnnxVelocity(net))
        return _SESSIONS[id(net)][1]
