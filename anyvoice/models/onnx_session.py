"""How anyvoice opens ONNX Runtime sessions on a CPU."""
from __future__ import annotations

from typing import Any


def session_options(threads: int) -> Any:
    """Options of a CPU session on `threads` threads of its own. Its threads stop spinning when a run ends: the
    models run one after another and beside Praat and torch (the base voice, then the engine), and a pool still
    spinning for its next run takes the cores from whatever runs next (the cfm decoder right after Piper ran at
    half its speed). Within a run they spin as usual, so a model run alone loses nothing."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.force_spinning_stop", "1")
    return options
