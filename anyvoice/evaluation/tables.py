"""Markdown tables for benchmark summaries."""
from __future__ import annotations

import math
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
