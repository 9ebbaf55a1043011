"""Roman numerals as they are written in running text: centuries ("XIXe siècle", "siglo XIX") and the numbers of
kings and popes ("Carlos V", "Giovanni XXIII"). Only I, V and X are taken, up to XXXIX: L, C, D and M begin too many
words and initialisms ("CD", "MC") to be read as numbers in text. Pure: text in, number out.
"""
from __future__ import annotations

import re

_VALUES = {"I": 1, "V": 5, "X": 10}
#: a numeral as it is written (no "IIII", no "VV"), 1-39
ROMAN = r"X{0,3}(?:IX|IV|V?I{0,3})"
_WELL_FORMED = re.compile(f"^{ROMAN}$")


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral of I, V and X ("XIX" -> 19), or None for what is not one ("IIV", "")."""
    if not numeral or not _WELL_FORMED.match(numeral):
        return None
    values = [_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
