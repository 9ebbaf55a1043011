"""Face photos as people send them: the same photo as JPEG at several qualities and widths.

    .venv/bin/python bench/face_bench.py [--widths 128,160,256,512,1024] [--qualities 50,75,95]

For each photo (scikit-image's astronaut, a woman; the PNG at full size is the reference reading) prints the
apparent gender (probability of female), its confidence and the age read at every width and JPEG quality (and
as PNG), and the share of readings at width >= 160 and quality >= 50 that agree with the reference.
"""
from __future__ import annotations

import argparse
import io

import numpy as np
from PIL import Image

from anyvoice.errors import InputError
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.face import encode_face


def reading(rgb: np.ndarray, width: int, quality: int | None) -> tuple[float, float, float] | None:
    """(female, confidence, age) of the photo resized to `width` and saved as JPEG at `quality` (None: PNG)."""
    im = Image.fromarray(rgb)
    im = im.resize((width, round(width * im.height / im.width)), Image.LANCZOS)
    buf = io.BytesIO()
    if quality:
        im.save(buf, "JPEG", quality=quality)
    else:
        im.save(buf, "PNG")
    try:
        f = encode_face(np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")))
    except InputError:
        return None
    return f.female, f.gender_confidence, f.age


def main() -> None:
    import skimage.data

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--widths", default="128,160,256,512,1024")
    p.add_argument("--qualities", default="50,75,95")
    args = p.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    qualities: list[int | None] = [int(q) for q in args.qualities.split(",")] + [None]
    photos = {"astronaut (woman)": skimage.data.astronaut()}
    for name, rgb in photos.items():
        reference = reading(rgb, rgb.shape[1], None)
        female = reference is not None and reference[0] > 0.5
        rows, agree, counted = [], 0, 0
        for width in widths:
            cells = []
            for q in qualities:
                r = reading(rgb, width, q)
                cells.append("no face" if r is None else f"{r[0]:.2f} ({r[1]:.2f}, {r[2]:.0f} y)")
                if width >= 160 and (q is None or q >= 50):
                    counted += 1
                    agree += r is not None and (r[0] > 0.5) == female
            rows.append([width, *cells])
        print(f"\n### {name}: P(female) (confidence, age) by width and format\n")
        print(markdown_table(["width px", *[f"JPEG {q}" if q else "PNG" for q in qualities]], rows))
        print(f"\nagree with the full-size PNG at width >= 160: {agree}/{counted} ({100 * agree / counted:.0f} %)")


if __name__ == "__main__":
    main()
