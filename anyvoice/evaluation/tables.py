"""Markdown tables for benchmark summaries, and the generated sections of the benchmark document."""
from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Sequence


def fmt(value: object, digits: int = 2) -> str:
    """A cell: numbers rounded, NaN and None as a dash."""
    if value is None or isinstance(value, float) and not math.isfinite(value):
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]], digits: int = 2) -> str:
    """A markdown table; float cells get `digits` decimals."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(c, digits) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_doc_section(path: str | os.PathLike, name: str, text: str) -> Path:
    """Put `text` between the markers `<!-- NAME: begin -->` and `<!-- NAME: end -->` of the markdown file at
    `path` (a benchmark writing its latest run into docs/benchmarks.md); the rest of the file is left as it is.
    The markers must be there already, so a run never adds a section nobody placed."""
    from anyvoice.errors import InputError
    from anyvoice.files import atomic_path

    path = Path(path)
    doc = path.read_text(encoding="utf-8")
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(doc):
        raise InputError(f"{path} has no section {begin} ... {end}; place the markers where the run should go")
    with atomic_path(path) as tmp:
        tmp.write_text(pattern.sub(lambda _: f"{begin}\n{text.strip()}\n{end}", doc), encoding="utf-8")
    return path
