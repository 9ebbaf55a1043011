"""Pieces the text front ends build their rules from: an alternation of written words, rules applied in turn, and
the written forms Japanese and Chinese share (thousands grouped by commas, a money sign before its amount). Pure.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

#: (pattern, its replacement), as re.sub takes them
Rule = tuple[re.Pattern, "str | Callable[[re.Match], str]"]


def any_of(words: Iterable[str]) -> str:
    """A pattern matching any of `words` as written, the longest first ("km²" is tried before "km"); one that never
    matches when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def rewritten(text: str, rules: Iterable[Rule]) -> str:
    """`text` with each rule applied in turn."""
    for pattern, said in rules:
        text = pattern.sub(said, text)
    return text


#: thousands grouped by commas ("3,000") joined into one number, which the Japanese and Chinese readers say
#: ("3,000円" was read "san, zero en", "3,000元" "三,零")
COMMA_THOUSANDS: Rule = (re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d)"), lambda m: m.group(0).replace(",", ""))


def sign_after_amount(names: dict[str, str]) -> Rule:
    """A rule writing a money sign before its amount ("¥1500") as the amount and then the sign's word (`names`:
    sign -> word, "¥" -> "円"), as Japanese and Chinese say it."""
    return (re.compile(f"(?P<sign>{any_of(names)})\\s?(?P<amount>\\d+(?:\\.\\d+)?)"),
            lambda m: m["amount"] + names[m["sign"]])
